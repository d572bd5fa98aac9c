"""Project configuration: ``[tool.l10n]`` in pyproject.toml, or an ``l10n.toml`` beside it.

Precedence: defaults < file < command-line flags (flags are applied by the caller with
``dataclasses.replace``). Unknown keys and bad values are ``ConfigError`` naming the file,
the line of the key (when it can be found) and the key. Reference (all keys optional)::

    [tool.l10n]                       # in l10n.toml the same keys stand at the top level
    source_language = "en"            # BCP 47 tag of the articles
    languages = ["vi", "fr"]          # BCP 47 target tags, in build order
    source_dir = "source"             # articles: <slug>.txt (and .md)
    locales_dir = "locales"           # <slug>.pot and <ll_CC>/LC_MESSAGES/<slug>.po|.mo
    build_dir = "build"               # <lang>/<slug>.{txt,md,html} and index.html
    models_dir = "models"             # downloaded or converted models
    unit = "sentence"                 # or "paragraph": one unit per block
    wrap = false                      # true: hard-wrapped text, blank lines separate blocks
    front_matter_keys = ["title"]     # Markdown front matter keys whose value is translated
    glossary = "glossary.csv"         # termbase (see l10n.glossary); "" for none
    engine = "auto"                   # auto | transformers | ctranslate2
    project_id = "l10n-demo"          # Project-Id-Version of the templates
    base_url = "https://example.org/" # canonical and hreflang links of HTML builds

    [tool.l10n.models]                # per-language model: hub id or local directory
    vi = "Helsinki-NLP/opus-mt-en-vi"
    fr = { id = "Helsinki-NLP/opus-mt-en-fr", revision = "main" }

    [tool.l10n.decoding]              # see l10n.mt.DecodingOptions
    beam_size = 4

    [tool.l10n.publish]               # see l10n.publish.pages.PublishPolicy
    include_machine = true
    min_complete = 0
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError
from l10n.locale import validate_tag
from l10n.mt import DecodingOptions

CONFIG_FILES = ("pyproject.toml", "l10n.toml")


@dataclass(frozen=True)
class ModelSpec:
    """A per-language model override: hub id (``org/name``) or local directory, optional revision."""

    id: str
    revision: str | None = None


@dataclass(frozen=True)
class Publish:
    """Publishing policy defaults for ``build`` and ``compile`` (flags override).

    Attributes:
        include_machine: unreviewed machine translation appears in builds, marked as such.
        include_fuzzy: entries fuzzy after a source change appear (else English fallback).
        min_complete: percent (0-100) of source words that must be translated for a build.
        count_machine: machine translation counts toward ``min_complete``.
    """

    include_machine: bool = True
    include_fuzzy: bool = False
    min_complete: float = 0.0
    count_machine: bool = True


@dataclass(frozen=True)
class Config:
    """The whole project configuration; paths are absolute (resolved against ``root``)."""

    root: Path
    file: Path | None = None
    source_language: str = "en"
    languages: tuple[str, ...] = ("vi",)
    source_dir: Path = Path("source")
    locales_dir: Path = Path("locales")
    build_dir: Path = Path("build")
    models_dir: Path = Path("models")
    unit: str = "sentence"
    wrap: bool = False
    front_matter_keys: tuple[str, ...] = ("title",)
    glossary: Path | None = None
    engine: str = "auto"
    project_id: str = "l10n"
    base_url: str = ""
    models: dict[str, ModelSpec] = field(default_factory=dict)
    decoding: DecodingOptions = field(default_factory=DecodingOptions)
    publish: Publish = field(default_factory=Publish)

    def rel(self, path: Path) -> str:
        """Return ``path`` relative to the project root, with forward slashes (messages, references)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


_SCALARS: dict[str, type | tuple[type, ...]] = {
    "source_language": str,
    "languages": list,
    "source_dir": str,
    "locales_dir": str,
    "build_dir": str,
    "models_dir": str,
    "unit": str,
    "wrap": bool,
    "front_matter_keys": list,
    "glossary": str,
    "engine": str,
    "project_id": str,
    "base_url": str,
    "models": dict,
    "decoding": dict,
    "publish": dict,
}


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line of ``key = ...`` or ``[...key]`` in TOML text (tomllib gives no positions)."""
    pat = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[[^\]]*\b{re.escape(key)}\])")
    for i, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return i
    return None


def _read(file: Path) -> tuple[dict[str, Any] | None, str]:
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"invalid TOML: {exc}", path=file, line=int(m.group(1)) if m else None) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=file) from exc
    if file.name == "pyproject.toml":
        return data.get("tool", {}).get("l10n"), text
    return data, text


def find_config(root: Path) -> tuple[Path, dict[str, Any], str]:
    """Locate and read the configuration under ``root``.

    Returns:
        (file, the l10n table, the file's text).

    Raises:
        ConfigError: no configuration, both files carry l10n configuration, or a file is not
            valid TOML.
    """
    found: list[tuple[Path, dict[str, Any], str]] = []
    for name in CONFIG_FILES:
        file = root / name
        if file.is_file():
            table, text = _read(file)
            if table is not None:
                found.append((file, table, text))
    if len(found) > 1:
        raise ConfigError(
            f"l10n configuration in both {found[0][0].name} ([tool.l10n]) and {found[1][0].name}: keep one",
            path=found[1][0],
        )
    if not found:
        raise ConfigError(
            "no l10n configuration here: run l10n from the project root (the folder with "
            "pyproject.toml [tool.l10n] or l10n.toml)",
            path=root,
        )
    return found[0]


def load_config(root: Path) -> Config:
    """Read and validate the configuration of the project at ``root``.

    Args:
        root: project root (the folder with pyproject.toml or l10n.toml).

    Returns:
        A frozen ``Config``; defaults where a key is absent.

    Raises:
        ConfigError: unknown key, wrong type, bad value (unknown language tag, bad unit or engine),
            both config files present; the message names the file, the line and the key.
    """
    root = root.resolve()
    file, table, text = find_config(root)

    def err(key: str, msg: str) -> ConfigError:
        return ConfigError(f"{key}: {msg}", path=file.name, line=_line_of(text, key.split(".")[-1]))

    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _SCALARS:
            hint = " (in l10n.toml the keys stand at the top level)" if key == "tool" else ""
            raise err(key, f"unknown key{hint} (known: {', '.join(sorted(_SCALARS))})")
        want = _SCALARS[key]
        if not isinstance(value, want) or (want is str and isinstance(value, bool)):
            raise err(key, f"expected {getattr(want, '__name__', want)}, got {type(value).__name__}")
        values[key] = value

    cfg: dict[str, Any] = {"root": root, "file": file}
    if "source_language" in values:
        cfg["source_language"] = _tag(values["source_language"], err, "source_language")
    if "languages" in values:
        langs = values["languages"]
        if not langs or not all(isinstance(x, str) for x in langs):
            raise err("languages", "expected a non-empty list of language tags")
        tags = tuple(_tag(x, err, "languages") for x in langs)
        if len(set(tags)) != len(tags):
            raise err("languages", "a language is listed twice")
        cfg["languages"] = tags
    source = cfg.get("source_language", Config.source_language)
    if source in cfg.get("languages", Config.languages):
        raise err("languages", f"the source language '{source}' cannot also be a target language")
    folders: dict[str, Path] = {}
    for key in ("source_dir", "locales_dir", "build_dir", "models_dir"):
        folder = (root / values.get(key, getattr(Config, key))).resolve()
        for other, path in folders.items():
            if folder == path or folder.is_relative_to(path) or path.is_relative_to(folder):
                raise err(
                    key if key in values else other, f"overlaps {other}: each folder needs its own place"
                )
        if folder == root:
            raise err(key, "must name a folder of its own, not the project root")
        folders[key] = folder
        cfg[key] = folder
    if "unit" in values:
        if values["unit"] not in ("sentence", "paragraph"):
            raise err("unit", f"expected 'sentence' or 'paragraph', got '{values['unit']}'")
        cfg["unit"] = values["unit"]
    if "wrap" in values:
        cfg["wrap"] = values["wrap"]
    if "front_matter_keys" in values:
        keys = values["front_matter_keys"]
        if not all(isinstance(k, str) and k for k in keys):
            raise err("front_matter_keys", "expected a list of key names")
        cfg["front_matter_keys"] = tuple(keys)
    glossary = values.get("glossary", "glossary.csv" if (root / "glossary.csv").is_file() else "")
    if glossary and not (root / glossary).is_file():
        raise err("glossary", f"file '{glossary}' not found (use \"\" for no glossary)")
    cfg["glossary"] = root / glossary if glossary else None
    if "engine" in values:
        if values["engine"] not in ("auto", "transformers", "ctranslate2"):
            raise err("engine", f"expected auto, transformers or ctranslate2, got '{values['engine']}'")
        cfg["engine"] = values["engine"]
    for key in ("project_id", "base_url"):
        if key in values:
            cfg[key] = values[key]
    if "models" in values:
        cfg["models"] = {_tag(k, err, "models"): _model_spec(k, v, err) for k, v in values["models"].items()}
    if "decoding" in values:
        cfg["decoding"] = _sub(DecodingOptions, values["decoding"], "decoding", err)
    if "publish" in values:
        publish = _sub(Publish, values["publish"], "publish", err)
        if not 0 <= publish.min_complete <= 100:
            raise err("publish.min_complete", "expected a percentage from 0 to 100")
        cfg["publish"] = publish
    return Config(**cfg)


def _tag(value: str, err: Any, key: str) -> str:
    try:
        return validate_tag(value)
    except ConfigError as exc:
        raise err(key, exc.message) from None


def _model_spec(lang: str, value: Any, err: Any) -> ModelSpec:
    if isinstance(value, str) and value:
        return ModelSpec(value)
    if isinstance(value, dict) and isinstance(value.get("id"), str) and set(value) <= {"id", "revision"}:
        rev = value.get("revision")
        if rev is not None and not isinstance(rev, str):
            raise err(f"models.{lang}", "revision must be a string")
        return ModelSpec(value["id"], rev)
    raise err(f"models.{lang}", 'expected "org/name", a directory, or { id = "...", revision = "..." }')


_MINIMUM: dict[str, int | float] = {
    "decoding.beam_size": 1,
    "decoding.batch_size": 1,
    "decoding.max_input_tokens": 8,  # the engines' own lower bound (l10n.mt.common.as_options)
    "decoding.max_output_ratio": 0.1,
}


def _sub(cls: Any, table: dict[str, Any], name: str, err: Any) -> Any:
    defaults = cls()
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in {f.name for f in dataclasses.fields(cls)}:
            raise err(f"{name}.{key}", "unknown key")
        want = type(getattr(defaults, key))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not want:
            raise err(f"{name}.{key}", f"expected {want.__name__}, got {type(value).__name__}")
        if want in (int, float) and value < 0:
            raise err(f"{name}.{key}", "must not be negative")
        low = _MINIMUM.get(f"{name}.{key}")
        if low is not None and value < low:
            raise err(f"{name}.{key}", f"must be at least {low}")
        out[key] = value
    return dataclasses.replace(defaults, **out)
