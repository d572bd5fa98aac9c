"""Where an engine runs: the ``device`` setting (``auto``, ``cpu``, ``cuda``) made concrete.

- ``gpu_count``: the usable CUDA devices the engine's own library reports
  (``ctranslate2.get_cuda_device_count()``, ``torch.cuda.device_count()`` when
  ``torch.cuda.is_available()``); 0 when the library is missing or has no CUDA build;
- ``resolve_device``: ``auto`` is CUDA when that count is at least 1, else the CPU; ``cuda``
  without a GPU is a one-line ``UsageError``;
- ``ct2_compute_type``: the CTranslate2 ``compute_type`` for converted weights on a device
  (int8 weights run as ``int8_float16`` on a GPU, float weights as ``float16``; the CPU keeps
  the weights' own type, ``"default"``), as CTranslate2 documents its quantization
  (https://opennmt.net/CTranslate2/quantization.html).

Importing this module imports no model library; each function imports its library when called.
"""

from __future__ import annotations

from l10n.errors import UsageError
from l10n.options import DEVICES


def gpu_count(engine: str) -> int:
    """Return the CUDA devices ``engine``'s library can use (0: none, or no CUDA build).

    Args:
        engine: ``"ctranslate2"`` or ``"transformers"`` (torch).
    """
    try:
        if engine == "ctranslate2":
            import ctranslate2

            return int(ctranslate2.get_cuda_device_count())
        import torch

        return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0
    except (ImportError, RuntimeError):  # no library, or a CUDA runtime that cannot start
        return 0


def resolve_device(requested: str, engine: str) -> str:
    """Return ``"cuda"`` or ``"cpu"`` for the ``device`` setting ``requested`` and ``engine``.

    Args:
        requested: one of ``l10n.options.DEVICES``.
        engine: ``"ctranslate2"`` or ``"transformers"``: whose library is asked (``gpu_count``).

    Raises:
        UsageError: an unknown device, or ``cuda`` where the library reports no usable GPU.
    """
    if requested not in DEVICES:
        raise UsageError(f"unknown device '{requested}' (choose one of: {', '.join(DEVICES)})")
    if requested == "cpu":
        return "cpu"
    found = gpu_count(engine)
    if requested == "cuda" and found < 1:
        library = "ctranslate2" if engine == "ctranslate2" else "torch"
        raise UsageError(
            f"device cuda: {library} reports no usable CUDA GPU on this machine (use --device cpu)"
        )
    return "cuda" if found >= 1 else "cpu"


def ct2_compute_type(device: str, quantization: str) -> str:
    """Return CTranslate2's ``compute_type`` for weights converted as ``quantization`` on ``device``.

    On the CPU the weights' own type (``"default"``); on a GPU ``int8_float16`` for int8 weights
    and ``float16`` otherwise (float16 is what GPUs compute fastest; int16 has no GPU kernel).
    """
    if device != "cuda":
        return "default"
    return "int8_float16" if quantization.startswith("int8") else "float16"


__all__ = ["ct2_compute_type", "gpu_count", "resolve_device"]
