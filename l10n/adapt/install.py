"""Install an adapted model: save it atomically under ``models/``, describe it, point the config at it.

- The model, its tokenizer files and ``generation_config`` are written with ``save_pretrained``
  into a temporary folder ``models/.adapt-<lang>-*`` (``stage``); only ``install`` renames it to
  its final name, so a run killed mid-way leaves no half-written model (``discard`` removes the
  temporary folder; a leftover one is never used, as no config names it).
- The folder holds a model card (``README.md``) and ``adapt.json``, the machine-readable record
  (base model and revision, data counts, steps, seed, held-out chrF2/TER before and after, date).
- With ``engine = "ctranslate2"`` or ``"auto"`` (and ctranslate2 installed) the model is
  converted too (``l10n.mt.factory.convert_model``).
- The config's ``models.<lang>`` is set to the folder with tomlkit, which keeps the file's
  comments and order (``l10n.toml`` at the top level, ``pyproject.toml`` under ``[tool.l10n]``);
  the change is one line, returned for the CLI to print with how to undo it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from l10n.config import Config, ModelSpec
from l10n.errors import ConfigError, WriteError
from l10n.project import write_atomic

RECORD = "adapt.json"
"""The machine-readable record in an adapted model's folder."""


@dataclass(frozen=True)
class Record:
    """What ``adapt.json`` holds (see the module docstring); scores are held-out corpus scores."""

    lang: str
    base_model: str
    base_revision: str
    pairs: int
    train_pairs: int
    held_out_pairs: int
    post_edits: int
    unrenderable: int
    steps: int
    best_step: int
    seed: int
    learning_rate: float
    chrf_before: float
    chrf_after: float
    ter_before: float
    ter_after: float
    p_value: float
    date: str


def adapted_from(folder: Path | None) -> str | None:
    """``"<base model>@<revision>"`` when ``folder`` holds an adapted model (``adapt.json``), else None."""
    if folder is None:
        return None
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return f"{record['base_model']}@{record['base_revision']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None


def now() -> str:
    """The current UTC time, ISO 8601 to the second (``2026-12-07T08:00:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stage(cfg: Config, lang: str, model: Any, tokenizer: Any) -> Path:
    """Save ``model`` and ``tokenizer`` into a new temporary folder under ``cfg.models_dir``.

    Raises:
        WriteError: the folder cannot be written.
    """
    try:
        cfg.models_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".adapt-{lang}-", dir=cfg.models_dir))
        model.generation_config.max_length = 512  # the engine clears it when loading; keep the file valid
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
    except OSError as exc:
        raise WriteError(
            f"cannot save the adapted model: {exc.strerror}", path=cfg.rel(cfg.models_dir)
        ) from exc
    return tmp


def discard(folder: Path) -> None:
    """Remove a staged folder (nothing installed)."""
    shutil.rmtree(folder, ignore_errors=True)


def model_card(record: Record) -> str:
    """The ``README.md`` of an adapted model folder."""
    return (
        f"# {record.base_model}, adapted to reviewed translations ({record.lang})\n\n"
        f"Fine-tuned by `l10n models adapt --lang {record.lang}` on {record.date} from "
        f"`{record.base_model}` (revision `{record.base_revision}`) on {record.train_pairs} reviewed "
        f"pairs; {record.held_out_pairs} held-out pairs were never trained on.\n\n"
        f"| held-out | base | adapted |\n|---|---|---|\n"
        f"| chrF2 | {record.chrf_before:.1f} | {record.chrf_after:.1f} |\n"
        f"| TER | {record.ter_before:.1f} | {record.ter_after:.1f} |\n\n"
        f"Steps {record.steps} (best {record.best_step}), seed {record.seed}, learning rate "
        f"{record.learning_rate:g}, paired bootstrap p = {record.p_value:.3f}.\n\n"
        f"Machine-readable record: `{RECORD}`.\n"
    )


def install(cfg: Config, staged: Path, record: Record) -> Path:
    """Write the card and record into ``staged`` and rename it to its final folder; return it.

    The name is ``<base folder name>-adapted-<lang>-<YYYYmmddHHMMSS>``.

    Raises:
        WriteError: the files or the rename fail (the staged folder is then removed).
    """
    stamp = record.date.replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
    base = record.base_model.replace("/", "--").split("-adapted-")[0]
    final = cfg.models_dir / f"{base}-adapted-{record.lang}-{stamp}"
    try:
        (staged / "README.md").write_text(model_card(record), encoding="utf-8")
        (staged / RECORD).write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
        staged.rename(final)
    except OSError as exc:
        discard(staged)
        raise WriteError(f"cannot install the adapted model: {exc.strerror}", path=cfg.rel(final)) from exc
    return final


def with_model(cfg: Config, lang: str, folder: Path) -> Config:
    """``cfg`` with ``folder`` as the model of ``lang`` (what the edited config will say)."""
    return replace(cfg, models={**cfg.models, lang: ModelSpec(str(folder))})


def set_model(cfg: Config, lang: str, folder: Path) -> str:
    """Set ``models.<lang>`` in the config file to ``folder`` (relative to the root); return the change.

    Returns:
        One line: ``<file>: models.<lang> = "<new>" (was "<old>" | was unset)``.

    Raises:
        ConfigError: the project has no config file to edit.
        WriteError: the file cannot be written.
    """
    import tomlkit

    if cfg.file is None:
        raise ConfigError("no l10n.toml or pyproject.toml to record the adapted model in")
    doc = tomlkit.parse(cfg.file.read_text(encoding="utf-8"))
    table: Any = doc
    if cfg.file.name == "pyproject.toml":
        table = doc.setdefault("tool", tomlkit.table()).setdefault("l10n", tomlkit.table())
    models = table.setdefault("models", tomlkit.table())
    old = models.get(lang)
    was = (
        f"was {json.dumps(old.unwrap() if hasattr(old, 'unwrap') else old)}"
        if old is not None
        else "was unset"
    )
    new = cfg.rel(folder)
    models[lang] = new
    write_atomic(cfg.file, tomlkit.dumps(doc), display=cfg.rel(cfg.file))
    return f"{cfg.rel(cfg.file)}: models.{lang} = {json.dumps(new)} ({was})"
