"""How big a Ray pool is, and on which device its actors run (no Ray import: plain arithmetic).

``pool_size`` fits the pool to the cluster's CPUs, and to its GPUs for a CUDA pool;
``pool_device`` resolves ``decoding.device`` from the cluster's resources. Both are used by
``l10n.translate.executor.ray`` and re-exported there.
"""

from __future__ import annotations

from l10n.errors import UsageError
from l10n.options import RayOptions


def pool_size(
    options: RayOptions, cluster_cpus: float, batches: int, cluster_gpus: float = 0
) -> tuple[int, int]:
    """Return ``(actors, cpus_per_actor)`` for a pool on a cluster of ``cluster_cpus`` CPUs.

    CPUs per actor are capped to the cluster's; actors to what the cluster holds at once (so
    no actor waits forever): its CPUs, and its GPUs when ``cluster_gpus`` > 0 (a CUDA pool,
    one GPU per actor); to ``options.actors`` when set, and to ``batches`` when known
    (> 0: no model is loaded for nothing). At least one actor.
    """
    cpus = max(1, min(options.cpus_per_actor, int(cluster_cpus)))
    fits = max(1, int(cluster_cpus) // cpus)
    if cluster_gpus > 0:
        fits = max(1, min(fits, int(cluster_gpus)))
    wanted = min(options.actors or fits, fits)
    return max(1, min(wanted, batches) if batches else wanted), cpus


def pool_device(requested: str, cluster_gpus: float) -> str:
    """Return the device of a pool's actors: ``"cuda"`` or ``"cpu"`` (``decoding.device``).

    The cluster's resources decide, not the driver's (the GPUs may be on other nodes):
    ``auto`` is CUDA when the cluster has at least one GPU; ``cuda`` needs one.

    Raises:
        UsageError: ``cuda`` on a cluster without GPUs.
    """
    if requested == "cuda" and cluster_gpus < 1:
        raise UsageError(
            "device cuda: the Ray cluster has no GPU (start nodes with --num-gpus, or use --device cpu)"
        )
    return "cuda" if requested != "cpu" and cluster_gpus >= 1 else "cpu"


__all__ = ["pool_device", "pool_size"]
