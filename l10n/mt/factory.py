"""Pick, fetch and construct the engine for a language from the project configuration.

Precedence for the model of a language: ``--model`` > ``[tool.l10n.models]`` > the registry
default (``l10n.mt.registry``). A hub model missing from ``models/`` is downloaded on first use
unless ``HF_HUB_OFFLINE=1``; when that fails, ``ModelUnavailableError`` says how to get it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import ModelUnavailableError
from l10n.mt import Engine, hub
from l10n.mt.registry import ModelRef, default_model_id, resolve_model


def _spec(cfg: Config, lang: str, model: str | None) -> tuple[str | None, str | None]:
    if model:
        return model, None
    spec = cfg.models.get(lang)
    return (spec.id, spec.revision) if spec else (None, None)


def offline() -> bool:
    """True when the Hugging Face offline switch (``HF_HUB_OFFLINE``) is set to a true value."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def locate(cfg: Config, lang: str, model: str | None = None, *, download: bool = True) -> ModelRef:
    """Return the model on disk for ``lang``, downloading a hub model on first use when allowed.

    Args:
        cfg: project configuration.
        lang: BCP 47 target tag.
        model: ``--model`` override (hub id or local directory).
        download: try the hub when the model is missing (skipped when ``offline()``).

    Raises:
        ModelUnavailableError: not on disk and not downloadable; the message names the model
            and how to get it.
    """
    override, revision = _spec(cfg, lang, model)
    try:
        return resolve_model(lang, override, cfg.models_dir, revision=revision)
    except ModelUnavailableError as missing:
        if not download or offline():
            raise
        ref = resolve_model(lang, override, cfg.models_dir, revision=revision, must_exist=False)
        if not ref.hub:
            raise
        try:
            return hub.pull(ref.model_id, cfg.models_dir, revision)
        except ModelUnavailableError:
            raise missing from None


def make_engine(cfg: Config, lang: str, *, model: str | None = None, engine: str | None = None) -> Engine:
    """Construct the translation engine for ``lang`` (the model itself loads lazily, on first use).

    Args:
        cfg: project configuration (decoding options, models folder, engine choice).
        lang: BCP 47 target tag.
        model: ``--model`` override.
        engine: ``auto``, ``transformers`` or ``ctranslate2``; None takes ``cfg.engine``.

    Raises:
        ModelUnavailableError: the model is not available (see ``locate``).
        ModelError: the chosen engine cannot be used.
    """
    ref = locate(cfg, lang, model)
    from l10n.mt.marian import MarianEngine

    return MarianEngine(ref, lang, cfg.decoding)


@dataclass(frozen=True)
class ModelRow:
    """One line of ``l10n models list``."""

    lang: str
    model_id: str
    revision: str | None
    present: bool
    path: Path | None


def describe(cfg: Config, lang: str) -> ModelRow:
    """Return which model ``lang`` uses and whether it is on disk (never downloads)."""
    override, revision = _spec(cfg, lang, None)
    try:
        ref = resolve_model(lang, override, cfg.models_dir, revision=revision)
        return ModelRow(lang, ref.model_id, ref.revision, hub.is_present(ref), ref.path)
    except ModelUnavailableError:
        return ModelRow(lang, override or default_model_id(lang), revision, False, None)


def pull(cfg: Config, lang: str, *, log: Callable[[str], None] = lambda _m: None) -> Path:
    """Download the hub model of ``lang`` into ``models/`` (size announced through ``log`` first).

    Raises:
        ModelUnavailableError: offline, or the download failed.
        ModelError: the model id is a local directory or not a MarianMT repository.
    """
    override, revision = _spec(cfg, lang, None)
    ref = resolve_model(lang, override, cfg.models_dir, revision=revision, must_exist=False)
    if not ref.hub:
        return ref.path
    if hub.is_present(ref):
        log(f"{lang}: {ref.model_id} already in {cfg.rel(ref.path)}")
        return ref.path
    plan = hub.plan_pull(ref.model_id, revision)
    log(f"{lang}: downloading {ref.model_id}@{plan.revision[:12]}, {plan.total_bytes / 1e6:.0f} MB")
    from tqdm.auto import tqdm

    return hub.pull(ref.model_id, cfg.models_dir, revision, plan=plan, tqdm_class=tqdm).path
