"""Pick, fetch and construct the engine for a language from the project configuration.

Precedence for the model of a language: ``--model`` > ``[tool.l10n.models]`` > the registry
default (``l10n.mt.registry``). A hub model missing from ``models/`` is downloaded on first use
unless ``HF_HUB_OFFLINE=1``; when that fails, ``ModelUnavailableError`` says how to get it.

Engine choice (``engine`` in the config, ``--engine`` on the command line):

- ``transformers``: ``l10n.mt.marian.MarianEngine`` (name ``"marian"``) on the model folder.
- ``ctranslate2``: ``l10n.mt.ct2.CT2Engine`` (name ``"ctranslate2"``) on the converted folder
  ``models/<org>--<name>-ct2-<quantization>/`` (``l10n models convert`` writes it); missing is a
  ``ModelUnavailableError`` that names the command. ``--model`` may also name a converted folder.
- ``auto`` (default): the converted model when one is there, its source revision matches the
  model folder's (when that is on disk) and ctranslate2 is installed; else transformers.

Converted folders are looked for in the order of ``l10n.mt.QUANTIZATIONS`` (fastest first).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import ModelUnavailableError, UsageError
from l10n.mt import ENGINES, QUANTIZATIONS, Engine, check_quantization, hub
from l10n.mt.ct2 import CT2_METADATA, CT2Engine, convert, converted_dir_name, is_converted
from l10n.mt.marian import MarianEngine
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
    except ModelUnavailableError:
        ref = resolve_model(lang, override, cfg.models_dir, revision=revision, must_exist=False)
        if not ref.hub:
            raise
        where = cfg.rel(ref.path)
        how = f"with a network, run `l10n models pull --lang {lang}`; or pass --model /path/to/local/dir"
        if not download or offline():
            why = "offline (HF_HUB_OFFLINE is set)" if offline() else "not downloaded"
            raise ModelUnavailableError(
                f"model {ref.model_id} is not in {where}, {why}: {how}",
                reason="offline" if offline() else "missing",
            ) from None
        try:
            return hub.pull(ref.model_id, cfg.models_dir, revision)
        except ModelUnavailableError as failed:
            why = (failed.cause if failed.reason == "no-network" else None) or "download failed"
            raise ModelUnavailableError(
                f"model {ref.model_id} is not in {where} and cannot be downloaded (no network: {why}); {how}",
                reason="no-network",
                cause=failed.cause,
            ) from None


@dataclass(frozen=True)
class EngineChoice:
    """The engine ``choose_engine`` picked for a language, with its model on disk.

    Attributes:
        converted: the CTranslate2 folder (``CT2Engine``), or None for transformers.
        ref: the model folder (``MarianEngine``); None when ``converted`` is set.
    """

    converted: Path | None = None
    ref: ModelRef | None = None

    @property
    def name(self) -> str:
        """``"ctranslate2"`` or ``"marian"``: the engine name its provenance will carry."""
        return "ctranslate2" if self.converted is not None else "marian"


def choose_engine(
    cfg: Config, lang: str, *, model: str | None = None, engine: str | None = None
) -> EngineChoice:
    """Pick the engine for ``lang`` (the module docstring's rules); the one home of that choice.

    ``make_engine`` builds what this returns; the ``ray`` executor calls it in the driver so a
    missing model is one error before any actor starts. Downloads a hub model into
    ``models_dir`` when transformers is chosen and downloads are allowed (``locate``).

    Args:
        cfg: project configuration (models folder, engine choice).
        lang: BCP 47 target tag.
        model: ``--model`` override (hub id, model folder or converted folder).
        engine: ``auto``, ``transformers`` or ``ctranslate2``; None takes ``cfg.engine``.

    Raises:
        UsageError: unknown ``engine``.
        ModelUnavailableError: the model (or, for ``ctranslate2``, its converted folder) is not
            available; the message says how to get it.
    """
    choice = engine or cfg.engine
    if choice not in ENGINES:
        raise UsageError(f"engine '{choice}': expected {', '.join(ENGINES)}")
    if choice != "transformers":
        converted = find_converted(cfg, lang, model)
        if converted is not None and (choice == "ctranslate2" or _ct2_installed()):
            return EngineChoice(converted=converted)
        if choice == "ctranslate2":
            override, revision = _spec(cfg, lang, model)
            ref = resolve_model(lang, override, cfg.models_dir, revision=revision, must_exist=False)
            where = cfg.models_dir / _converted_name(ref, QUANTIZATIONS[0])
            flag = f" --model {model}" if model else ""
            raise ModelUnavailableError(
                f"no CTranslate2 model for '{lang}' in {cfg.rel(where)}: run "
                f"`l10n models convert --lang {lang}{flag}` or use --engine transformers",
                reason="not-converted",
            )
    return EngineChoice(ref=locate(cfg, lang, model))


def make_engine(cfg: Config, lang: str, *, model: str | None = None, engine: str | None = None) -> Engine:
    """Construct the translation engine for ``lang`` (called only when some entry needs the model).

    Args:
        cfg: project configuration (decoding options, models folder, engine choice).
        lang: BCP 47 target tag.
        model: ``--model`` override (hub id, model folder or converted folder).
        engine: ``auto``, ``transformers`` or ``ctranslate2``; None takes ``cfg.engine``.

    Returns:
        A ``MarianEngine`` (``name == "marian"``) or a ``CT2Engine`` (``name == "ctranslate2"``),
        as ``choose_engine`` picks.

    Raises:
        UsageError: unknown ``engine``.
        ModelUnavailableError: the model is not available (``choose_engine``).
        ModelError: the chosen engine cannot be used.
    """
    chosen = choose_engine(cfg, lang, model=model, engine=engine)
    if chosen.converted is not None:
        return CT2Engine(chosen.converted, lang, cfg.decoding)
    assert chosen.ref is not None  # one of the two is always set
    return MarianEngine(chosen.ref, lang, cfg.decoding)


def _ct2_installed() -> bool:
    return importlib.util.find_spec("ctranslate2") is not None


def find_converted(cfg: Config, lang: str, model: str | None = None) -> Path | None:
    """Return the converted (CTranslate2) model folder for ``lang``, or None. Never downloads.

    A ``--model`` that names a converted folder is taken as it is. Otherwise the folders
    ``models/<org>--<name>-ct2-<q>/`` are tried for ``q`` in ``l10n.mt.QUANTIZATIONS``; one
    converted from another revision than the model folder on disk is stale and skipped.
    """
    if model and Path(model).expanduser().is_dir() and is_converted(Path(model).expanduser()):
        return Path(model).expanduser().resolve()
    override, revision = _spec(cfg, lang, model)
    try:
        ref = resolve_model(lang, override, cfg.models_dir, revision=revision, must_exist=False)
    except ModelUnavailableError:
        return None
    source_revision = ref.revision if hub.is_present(ref) else None
    for quantization in QUANTIZATIONS:
        folder = cfg.models_dir / _converted_name(ref, quantization)
        if not is_converted(folder):
            continue
        meta = _read_json(folder / CT2_METADATA)
        if not ref.hub and meta.get("source") not in (None, str(ref.path)):
            continue  # converted from another folder of the same name
        if source_revision is None or meta.get("revision") in (None, source_revision):
            return folder
    return None


def _converted_name(ref: ModelRef, quantization: str) -> str:
    """Folder name of a converted model: from the hub id, or for a local folder from its name
    plus a short hash of its absolute path (two folders called ``model`` must not collide)."""
    if ref.hub:
        return converted_dir_name(ref.model_id, quantization)
    digest = hashlib.sha1(str(ref.path.resolve()).encode("utf-8")).hexdigest()[:8]
    return converted_dir_name(f"{ref.path.name}-{digest}", quantization)


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def convert_model(
    cfg: Config,
    lang: str,
    quantization: str = "int8",
    *,
    model: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> Path:
    """Convert the model of ``lang`` for CTranslate2 (``l10n models convert``).

    Finds the model as ``make_engine`` does (downloading it first when allowed) and writes
    ``models/<org>--<name>-ct2-<quantization>/`` atomically (an existing one is replaced).

    Args:
        cfg: project configuration.
        lang: BCP 47 target tag.
        quantization: one of ``l10n.mt.QUANTIZATIONS`` (default ``int8``).
        model: ``--model`` override (hub id or model folder).
        log: receives one line before the conversion starts (the CLI prints it).

    Returns:
        The converted folder.

    Raises:
        UsageError: unknown quantization.
        ModelUnavailableError: the model is not available, or ctranslate2 is not installed.
        ModelError: the conversion failed.
        WriteError: the folder cannot be written.
    """
    check_quantization(quantization)
    ref = locate(cfg, lang, model)
    out = cfg.models_dir / _converted_name(ref, quantization)
    log(f"{lang}: converting {ref.model_id} ({quantization}) into {cfg.rel(out)}")
    return convert(ref.path, out, quantization)


@dataclass(frozen=True)
class ModelRow:
    """One line of ``l10n models list``; ``converted`` is the CTranslate2 folder ``auto`` would use."""

    lang: str
    model_id: str
    revision: str | None
    present: bool
    path: Path | None
    converted: Path | None = None


def describe(cfg: Config, lang: str) -> ModelRow:
    """Return which model ``lang`` uses and whether it is on disk (never downloads)."""
    override, revision = _spec(cfg, lang, None)
    converted = find_converted(cfg, lang)
    try:
        ref = resolve_model(lang, override, cfg.models_dir, revision=revision)
        return ModelRow(lang, ref.model_id, ref.revision, hub.is_present(ref), ref.path, converted)
    except ModelUnavailableError:
        return ModelRow(lang, override or default_model_id(lang), revision, False, None, converted)


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
    from tqdm.auto import tqdm  # ~50 ms (it probes for Jupyter): only a download needs it

    return hub.pull(ref.model_id, cfg.models_dir, revision, plan=plan, tqdm_class=tqdm).path
