"""Pin the CPU instruction set CTranslate2 computes with, for byte-identity across machines.

CTranslate2 picks the fastest instruction set of the CPU it runs on (AVX512, AVX2, AVX, NEON,
or generic code) when the library is loaded; int8 and float results differ slightly between
them (another MKL/oneDNN kernel, another rounding), so two machines may write different
catalog lines from the same model and input. ``[tool.l10n.decoding] cpu_isa`` pins one: it
sets ``CT2_FORCE_CPU_ISA`` (https://opennmt.net/CTranslate2/environment_variables.html) in the
process that builds the engine, before ``ctranslate2`` is imported. The pin is opt-in: a pinned
instruction set the CPU lacks makes the library fail to load, and a lower one is slower.

Only the CTranslate2 engine reads it; the transformers (``marian``) engine is unaffected.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

from l10n.errors import UsageError

CPU_ISA_ENV = "CT2_FORCE_CPU_ISA"
"""The environment variable CTranslate2 reads when it is loaded."""

CPU_ISAS = ("GENERIC", "AVX", "AVX2", "AVX512", "NEON")
"""The values ``CT2_FORCE_CPU_ISA`` accepts (CTranslate2 4.x); ``""`` in the config: not pinned."""


def pin_cpu_isa(isa: str, environ: MutableMapping[str, str] | None = None) -> bool:
    """Make CTranslate2 use the instruction set ``isa`` in this process; True when it is pinned.

    Args:
        isa: one of ``CPU_ISAS``, or ``""`` to leave the library's choice (and any
            ``CT2_FORCE_CPU_ISA`` the user exported) alone.
        environ: the environment to set (default ``os.environ``, which the library reads).

    Returns:
        False for ``""``; True once ``CT2_FORCE_CPU_ISA`` holds ``isa``.

    Raises:
        UsageError: ``isa`` is not one of ``CPU_ISAS``, or ``ctranslate2`` was imported in this
            process already with another setting (the library reads the variable only on load).
    """
    if not isa:
        return False
    if isa not in CPU_ISAS:
        raise UsageError(f"decoding.cpu_isa '{isa}': expected one of {', '.join(CPU_ISAS)} or \"\"")
    env = os.environ if environ is None else environ
    if "ctranslate2" in sys.modules and env.get(CPU_ISA_ENV) != isa:
        raise UsageError(
            f"decoding.cpu_isa {isa}: ctranslate2 was loaded before the instruction set could be "
            f"pinned; set {CPU_ISA_ENV}={isa} in the environment instead"
        )
    env[CPU_ISA_ENV] = isa
    return True


__all__ = ["CPU_ISAS", "CPU_ISA_ENV", "pin_cpu_isa"]
