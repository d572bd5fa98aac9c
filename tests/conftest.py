"""Shared fixtures. The test suite never touches the network.

The environment is set at import time, before any test module imports
huggingface_hub or transformers (both read these variables when imported).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
# A private, empty Hugging Face cache: a model the developer downloaded must not make a test pass.
os.environ["HF_HOME"] = os.path.join(tempfile.gettempdir(), f"l10n-tests-hf-home-{os.getpid()}")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

sys.path.insert(0, str(Path(__file__).parent))

from tinymodel import build_tiny_model

from l10n.mt import DecodingOptions, Output

TARGET_TOKENS = (">>vie<<", ">>cmn_Hans<<")
"""Target-language tokens of the multilingual tiny model."""


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny MarianMT model directory without target-language tokens (built once per session)."""
    return build_tiny_model(tmp_path_factory.mktemp("models") / "tiny-model")


@pytest.fixture(scope="session")
def tiny_multi_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny MarianMT model whose vocabulary lists ``>>vie<<`` and ``>>cmn_Hans<<``."""
    return build_tiny_model(tmp_path_factory.mktemp("models") / "tiny-multi", TARGET_TOKENS)


class FakeEngine:
    """A test double of ``l10n.mt.DecodingEngine``: output the test controls, and a record of every call.

    Args:
        fn: maps one input text to its "translation" (default: ``"[vi] " + text``).
        retry: maps an input text to its output when called with other options (the retry);
            None: ``fn`` again.
        at_bound: inputs whose output is reported as stopped at its length bound (first pass only).
        model_id, revision: what the provenance comment names (``name`` is ``"fake"``).
        confidence: what ``score`` returns for every pair (default ``nan``: no ``conf:`` written).
        options: the engine's decoding options (their ``retry`` part decides whether fill retries).

    Attributes:
        calls: the texts of each call, in order.
        call_options: the options of each call (None: the engine's own).
        scored: the ``(sources, outputs)`` of each ``score`` call, in order.
    """

    name = "fake"

    def __init__(
        self,
        fn: Callable[[str], str] = lambda s: f"[vi] {s}",
        *,
        retry: Callable[[str], str] | None = None,
        at_bound: Collection[str] = (),
        model_id: str = "fake/model",
        revision: str = "rev1",
        confidence: float = float("nan"),
        options: DecodingOptions | None = None,
    ) -> None:
        self.fn = fn
        self.retry = retry
        self.at_bound = set(at_bound)
        self.model_id = model_id
        self.revision = revision
        self.options = options or DecodingOptions()
        self.calls: list[list[str]] = []
        self.call_options: list[DecodingOptions | None] = []
        self.confidence = confidence
        self.scored: list[tuple[list[str], list[str]]] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Return ``fn`` of each text, same length and order, and record the call."""
        return [out.text for out in self.translate_outputs(texts)]

    def translate_outputs(self, texts: Sequence[str], options: DecodingOptions | None = None) -> list[Output]:
        """``translate`` with options: ``retry`` (if given) when ``options`` is not None."""
        self.calls.append(list(texts))
        self.call_options.append(options)
        fn = self.retry if options is not None and self.retry is not None else self.fn
        return [Output(fn(t), options is None and t in self.at_bound) for t in texts]

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """Return ``confidence`` for every pair, and record the call."""
        self.scored.append((list(sources), list(outputs)))
        return [self.confidence] * len(sources)


def require_gettext() -> None:
    """Fail (never skip) when GNU gettext, the oracle for the files we write, is missing.

    Called at the top of the test modules that run msgfmt, msgmerge, msgcat, msgunfmt or msgattrib;
    ``.ci/run`` installs it, so in CI this never fires.
    """
    import shutil

    missing = [
        t for t in ("msgfmt", "msgmerge", "msgcat", "msgunfmt", "msgattrib") if shutil.which(t) is None
    ]
    if missing:
        pytest.fail(
            f"GNU gettext is not installed ({', '.join(missing)} missing): run `apt-get install gettext`",
            pytrace=False,
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the private Hugging Face home, should anything have created it."""
    import shutil

    shutil.rmtree(os.environ["HF_HOME"], ignore_errors=True)
