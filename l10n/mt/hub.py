"""Download models from the Hugging Face Hub into ``models/<org>--<name>/`` (``l10n models pull``).

Only the files a MarianMT model needs are fetched: the weights (``model.safetensors`` when the
repository has it, else ``pytorch_model.bin``), ``config.json``, ``generation_config.json`` and the
tokenizer files (``source.spm``, ``target.spm``, ``vocab.json``, ``tokenizer_config.json``,
``special_tokens_map.json``). No repository code is ever run (models load with the
``MarianMTModel`` class, never ``trust_remote_code``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ModelError, ModelUnavailableError
from l10n.mt.registry import METADATA_FILE, ModelRef, model_dir_name

CONFIG_FILES = (
    "config.json",
    "generation_config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
"""Files fetched besides the weights (those a repository lacks are skipped)."""

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
"""Weight files in order of preference; only the first one the repository has is fetched."""


@dataclass(frozen=True)
class PullPlan:
    """What ``pull`` will download.

    Attributes:
        model_id: hub id.
        revision: the commit hash the download is pinned to.
        files: (file name, size in bytes) pairs; size 0 when the hub did not say.
    """

    model_id: str
    revision: str
    files: tuple[tuple[str, int], ...]

    @property
    def total_bytes(self) -> int:
        """Sum of the file sizes in bytes."""
        return sum(size for _, size in self.files)


def plan_pull(model_id: str, revision: str | None = None) -> PullPlan:
    """Ask the hub which files ``pull`` needs and how big they are (one metadata request).

    Raises:
        ModelUnavailableError: offline, or the hub cannot be reached.
        ModelError: the repository or revision does not exist, or has no usable weights.
    """
    try:
        from huggingface_hub import HfApi  # ~0.5 s with its HTTP stack: only on a download
        from huggingface_hub.errors import (
            OfflineModeIsEnabled,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )
    except ImportError as exc:  # pragma: no cover - huggingface_hub is a dependency
        raise ModelUnavailableError(
            f"cannot download {model_id}: huggingface_hub is not installed", reason="not-installed"
        ) from exc
    try:
        info = HfApi().model_info(model_id, revision=revision, files_metadata=True)
    except OfflineModeIsEnabled as exc:
        raise ModelUnavailableError(
            f"cannot download {model_id}: offline (HF_HUB_OFFLINE is set); copy the model folder into "
            f"models/{model_dir_name(model_id)}, or name a local folder in [tool.l10n.models]",
            reason="offline",
        ) from exc
    except (RepositoryNotFoundError, RevisionNotFoundError) as exc:
        raise ModelError(
            f"no model {model_id}{'@' + revision if revision else ''} on the Hugging Face Hub"
        ) from exc
    except Exception as exc:  # network errors come in many types (requests/httpx/OSError)
        raise ModelUnavailableError(
            f"cannot reach the Hugging Face Hub to download {model_id} ({type(exc).__name__}); "
            "retry when online, or name a local folder in [tool.l10n.models]",
            reason="no-network",
            cause=type(exc).__name__,
        ) from exc
    sizes = {s.rfilename: int(s.size or 0) for s in (info.siblings or [])}
    weights = next((w for w in WEIGHT_FILES if w in sizes), None)
    if weights is None:
        raise ModelError(
            f"{model_id} has no model.safetensors or pytorch_model.bin (not a MarianMT repository?)"
        )
    names = [weights, *(name for name in CONFIG_FILES if name in sizes)]
    return PullPlan(
        model_id=model_id,
        revision=str(info.sha or revision or "main"),
        files=tuple((n, sizes[n]) for n in names),
    )


def pull(
    model_id: str,
    models_dir: Path,
    revision: str | None = None,
    *,
    plan: PullPlan | None = None,
    tqdm_class: type | None = None,
) -> ModelRef:
    """Download ``model_id`` into ``models_dir/<org>--<name>/`` and record where it came from.

    Args:
        model_id: hub id, e.g. ``"Helsinki-NLP/opus-mt-en-vi"``.
        models_dir: the project's ``models/`` folder (created if missing).
        revision: branch, tag or commit; None for the default branch.
        plan: the result of ``plan_pull`` if the caller already asked (to show the size first).
        tqdm_class: a tqdm-compatible class for byte progress (the CLI passes one); None for none.

    Returns:
        The ``ModelRef`` of the downloaded folder, pinned to the commit hash.

    Raises:
        ModelUnavailableError: offline or the download failed.
        ModelError: see ``plan_pull``.
    """
    plan = plan or plan_pull(model_id, revision)
    target = models_dir / model_dir_name(model_id)
    try:
        from huggingface_hub import snapshot_download

        snapshot_download(
            model_id,
            revision=plan.revision,
            local_dir=target,
            allow_patterns=[name for name, _ in plan.files],
            tqdm_class=tqdm_class,
        )
    except Exception as exc:  # network and disk errors come in many types
        raise ModelUnavailableError(
            f"download of {model_id} failed: {exc}".splitlines()[0], reason="no-network"
        ) from exc
    meta = {"model_id": model_id, "revision": plan.revision, "files": [name for name, _ in plan.files]}
    (target / METADATA_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return ModelRef(model_id=model_id, path=target, revision=plan.revision, hub=True)


def is_present(ref: ModelRef) -> bool:
    """Return True when ``ref.path`` holds a loadable model: config, weights and tokenizer files."""
    path = ref.path
    has_weights = any((path / name).is_file() for name in WEIGHT_FILES)
    has_tokenizer = all((path / name).is_file() for name in ("source.spm", "target.spm", "vocab.json"))
    return (path / "config.json").is_file() and has_weights and has_tokenizer
