"""Project configuration: ``[tool.l10n]`` in pyproject.toml, or an ``l10n.toml`` beside it.

Precedence: defaults < file < command-line flags (flags are applied by the caller with
``dataclasses.replace``); which file, and its TOML: ``l10n.config_file``. Unknown keys and bad
values are ``ConfigError`` naming the file, the line of the key (when it can be found) and the
key. Reference (all keys optional)::

    [tool.l10n]                       # in l10n.toml the same keys stand at the top level
    source_language = "en"            # BCP 47 tag of the articles
    languages = ["vi", "fr"]          # BCP 47 target tags, in build order
    source_dir = "source"             # articles: <slug>.txt, .md or .html
    locales_dir = "locales"           # <slug>.pot and <ll_CC>/LC_MESSAGES/<slug>.po|.mo
    build_dir = "build"               # <lang>/<slug>.{txt,md,html} and index.html
    models_dir = "models"             # downloaded or converted models
    unit = "sentence"                 # or "paragraph": one unit per block
    wrap = false                      # true: hard-wrapped text, blank lines separate blocks
    front_matter_keys = ["title"]     # Markdown front matter keys whose value is translated
    glossary = "glossary.csv"         # termbase (see l10n.glossary); "" for none; or the table:

    [tool.l10n.glossary]              # see l10n.config_sections.GlossaryOptions
    file = "glossary.csv"
    inject = true                     # false: no language gets fixed forms injected
    model_decides = ["de", "ru"]      # languages whose terms are left to the model (inflection)

    [tool.l10n.review]                # `l10n review`: see l10n.config_sections.ReviewOptions
    max_text = 100000                 # most characters of an approved msgstr

    [tool.l10n.adapt]                 # `l10n models adapt`: see l10n.config_sections.AdaptOptions
    min_pairs = 200
    engine = "auto"                   # auto | transformers | ctranslate2
    executor = "local"                # local | ray (l10n.translate.executor)
    project_id = "l10n-demo"          # Project-Id-Version of the templates
    base_url = "https://example.org/" # canonical and hreflang links of HTML builds

    [tool.l10n.models]                # per-language model: hub id or local directory
    vi = "Helsinki-NLP/opus-mt-en-vi"
    fr = { id = "Helsinki-NLP/opus-mt-en-fr", revision = "main" }

    [tool.l10n.decoding]              # see l10n.options.DecodingOptions
    beam_size = 4
    no_repeat_ngram_size = 0          # 0 (off) or 3..64
    repetition_penalty = 1.0          # 1.0 is off; 1.0..5.0
    device = "auto"                   # auto | cpu | cuda (auto: CUDA when the engine finds a GPU)

    [tool.l10n.decoding.retry]        # see l10n.options.RetryOptions: a failed output decoded again
    beam_size = 0                     # 0 swaps: 1 after a beam search, 4 after greedy
    no_repeat_ngram_size = 4
    repetition_penalty = 1.2

    [tool.l10n.publish]               # see l10n.publish.pages.PublishPolicy
    include_machine = true
    min_complete = 0

    [tool.l10n.ray]                   # see l10n.options.RayOptions
    address = ""                      # "" lets Ray resolve it (RAY_ADDRESS, `ray start`, local)
    actors = 0                        # 0: as many as the cluster's CPUs hold
    cpus_per_actor = 2

Numbers must be finite and within ``RANGES`` (``decoding.threads`` at most ``MAX_THREADS``);
strings must not hold control characters (``control_char``); ``base_url`` is http(s) or "".
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from l10n.config_file import find_config, line_of
from l10n.config_sections import (
    AdaptOptions,
    GlossaryOptions,
    ReviewOptions,
    adapt_options,
    checked_tag,
    control_char,
    did_you_mean,
    glossary_options,
    notices,
    review_options,
)
from l10n.errors import ConfigError
from l10n.isa import CPU_ISAS
from l10n.options import DEVICES, ENGINES, EXECUTORS, DecodingOptions, RayOptions


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
        untranslated_pages: a page that shows no translated text at all (every unit in the
            source language) is published too; off by default: it is not written nor linked.
    """

    include_machine: bool = True
    include_fuzzy: bool = False
    min_complete: float = 0.0
    count_machine: bool = True
    untranslated_pages: bool = False


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
    glossary_options: GlossaryOptions = field(default_factory=GlossaryOptions)
    adapt: AdaptOptions = field(default_factory=AdaptOptions)
    engine: str = "auto"
    executor: str = "local"
    project_id: str = "l10n"
    base_url: str = ""
    models: dict[str, ModelSpec] = field(default_factory=dict)
    decoding: DecodingOptions = field(default_factory=DecodingOptions)
    publish: Publish = field(default_factory=Publish)
    ray: RayOptions = field(default_factory=RayOptions)
    review: ReviewOptions = field(default_factory=ReviewOptions)
    notices: dict[str, dict[str, str]] = field(default_factory=dict)

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
    "glossary": (str, dict),
    "engine": str,
    "executor": str,
    "project_id": str,
    "base_url": str,
    "models": dict,
    "decoding": dict,
    "publish": dict,
    "ray": dict,
    "notices": dict,
    "adapt": dict,
    "review": dict,
}


ErrorAt = Callable[[str, str], ConfigError]
"""Makes the error for a key: ``err("unit", "expected ...")`` names the file, the key's line and the key."""


def load_config(root: Path) -> Config:
    """Read and validate the configuration of the project at ``root``.

    Keys are checked in a fixed order (types of every key, then languages, folders, text
    settings, run settings, sub-tables), so a file with several faults always reports the same one.

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
        return ConfigError(f"{key}: {msg}", path=file.name, line=line_of(text, key.split(".")[-1]))

    values = _typed_values(table, err)
    cfg: dict[str, Any] = {"root": root, "file": file}
    cfg |= _languages(values, err)
    cfg |= _folders(root, values, err)
    cfg |= _text_settings(root, values, err)
    cfg |= _run_settings(values, err)
    cfg |= _tables(values, err)
    return Config(**cfg)


def _typed_values(table: dict[str, Any], err: ErrorAt) -> dict[str, Any]:
    """The l10n table with every key known (``_SCALARS``), of its type, and free of control characters."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _SCALARS:
            hint = (
                " (in l10n.toml the keys stand at the top level)"
                if key == "tool"
                else did_you_mean(key, _SCALARS)
            )
            raise err(key, f"unknown key{hint} (known: {', '.join(sorted(_SCALARS))})")
        want = _SCALARS[key]
        if not isinstance(value, want) or (want is str and isinstance(value, bool)):
            raise err(key, f"expected {getattr(want, '__name__', want)}, got {type(value).__name__}")
        for item in value if isinstance(value, list) else [value]:
            bad = control_char(item) if isinstance(item, str) else None
            if bad:
                raise err(key, f"contains the control character {bad}")
        values[key] = value
    return values


def _languages(values: dict[str, Any], err: ErrorAt) -> dict[str, Any]:
    """``source_language`` and ``languages`` as canonical tags; the source is never a target."""
    cfg: dict[str, Any] = {}
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
    return cfg


def _folders(root: Path, values: dict[str, Any], err: ErrorAt) -> dict[str, Path]:
    """The four folders, absolute: each inside the root, none overlapping another."""
    folders: dict[str, Path] = {}
    for key in ("source_dir", "locales_dir", "build_dir", "models_dir"):
        folder = (root / values.get(key, getattr(Config, key))).resolve()
        if folder == root or root.is_relative_to(folder):
            raise err(key, "must name a folder of its own, not the project root or above it")
        for other, path in folders.items():
            if folder == path or folder.is_relative_to(path) or path.is_relative_to(folder):
                blamed, named = (key, other) if key in values else (other, key)
                raise err(blamed, f"overlaps {named}: each folder needs its own place")
        folders[key] = folder
    return folders


def _text_settings(root: Path, values: dict[str, Any], err: ErrorAt) -> dict[str, Any]:
    """How articles are cut and read: ``unit``, ``wrap``, ``front_matter_keys``, ``glossary``.

    ``glossary`` defaults to ``glossary.csv`` when the root has one; it is always set (None: none).
    """
    cfg: dict[str, Any] = {}
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
    if isinstance(glossary, dict):
        cfg["glossary_options"] = glossary_options(glossary, err, checked_tag)
        glossary = glossary.get("file", "glossary.csv" if (root / "glossary.csv").is_file() else "")
    if glossary and not (root / glossary).is_file():
        raise err("glossary", f"file '{glossary}' not found (use \"\" for no glossary)")
    cfg["glossary"] = root / glossary if glossary else None
    return cfg


def _run_settings(values: dict[str, Any], err: ErrorAt) -> dict[str, Any]:
    """``engine``, ``executor`` (``l10n.options`` choices), ``project_id`` and ``base_url``."""
    cfg: dict[str, Any] = {}
    if "engine" in values:
        if values["engine"] not in ENGINES:
            raise err("engine", f"expected one of {', '.join(ENGINES)}, got '{values['engine']}'")
        cfg["engine"] = values["engine"]
    if "executor" in values:
        if values["executor"] not in EXECUTORS:
            raise err("executor", f"expected one of {', '.join(EXECUTORS)}, got '{values['executor']}'")
        cfg["executor"] = values["executor"]
    if "project_id" in values:
        if not values["project_id"].strip():
            raise err("project_id", "must not be empty (it is the templates' Project-Id-Version)")
        cfg["project_id"] = values["project_id"]
    if "base_url" in values:
        cfg["base_url"] = _base_url(values["base_url"], err)
    return cfg


def _tables(values: dict[str, Any], err: ErrorAt) -> dict[str, Any]:
    """The sub-tables: ``models``, ``decoding``, ``publish``, ``adapt``, ``review``, ``ray``, ``notices``."""
    cfg: dict[str, Any] = {}
    if "models" in values:
        cfg["models"] = {
            _tag(k, err, f"models.{k}"): _model_spec(k, v, err) for k, v in values["models"].items()
        }
    if "decoding" in values:
        cfg["decoding"] = _sub(DecodingOptions, values["decoding"], "decoding", err)
        if cfg["decoding"].device not in DEVICES:
            raise err(
                "decoding.device", f"expected one of {', '.join(DEVICES)}, got {cfg['decoding'].device!r}"
            )
    if "publish" in values:
        cfg["publish"] = _sub(Publish, values["publish"], "publish", err)
    if "adapt" in values:
        cfg["adapt"] = adapt_options(values["adapt"], err)
    if "review" in values:
        cfg["review"] = review_options(values["review"], err)
    if "ray" in values:
        cfg["ray"] = _sub(RayOptions, values["ray"], "ray", err)
        if control_char(cfg["ray"].address):
            raise err("ray.address", f"contains the control character {control_char(cfg['ray'].address)}")
    if "notices" in values:
        cfg["notices"] = notices(values["notices"], err, lambda tag: _tag(tag, err, f"notices.{tag}"))
    return cfg


def _tag(value: str, err: ErrorAt, key: str) -> str:
    try:
        return checked_tag(value)
    except ConfigError as exc:
        raise err(key, exc.message) from None


URL_SCHEMES = ("http", "https")
"""Schemes ``base_url`` may use; an empty ``base_url`` gives relative links."""


def _base_url(value: str, err: ErrorAt) -> str:
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        raise err("base_url", 'expected an http:// or https:// URL with a host, or "" for relative links')
    bad = next((ch for ch in value if ch.isspace() or ch in "\"'<>\\`"), None)
    if bad is not None:
        raise err("base_url", f"must not contain {bad!r} (percent-encode it)")
    return value


def _model_spec(lang: str, value: Any, err: ErrorAt) -> ModelSpec:
    texts = [value] if isinstance(value, str) else list(value.values()) if isinstance(value, dict) else []
    bad = next((control_char(t) for t in texts if isinstance(t, str) and control_char(t)), None)
    if bad:
        raise err(f"models.{lang}", f"contains the control character {bad}")
    if isinstance(value, str) and value.strip():
        return ModelSpec(value)
    if isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"].strip():
        if not set(value) <= {"id", "revision"}:
            raise err(f"models.{lang}", f"unknown key (known: id, revision): {', '.join(sorted(value))}")
        rev = value.get("revision")
        if rev is not None and (not isinstance(rev, str) or not rev.strip()):
            raise err(f"models.{lang}", "revision must be a non-empty string")
        return ModelSpec(value["id"], rev)
    raise err(f"models.{lang}", 'expected "org/name", a directory, or { id = "...", revision = "..." }')


MAX_THREADS = 256
"""Largest ``decoding.threads``: a fixed cap, so one config means the same on every machine."""

RANGES: dict[str, tuple[int | float, int | float]] = {
    "decoding.beam_size": (1, 64),
    "decoding.batch_size": (1, 1024),
    "decoding.max_input_tokens": (
        8,
        8192,
    ),  # 8: the engines' own lower bound (l10n.mt.common.checked_options)
    "decoding.max_output_ratio": (0.1, 100.0),
    "decoding.threads": (0, MAX_THREADS),
    "decoding.no_repeat_ngram_size": (0, 64),  # 1 and 2 are refused too (NGRAM_SIZES_REFUSED)
    "decoding.repetition_penalty": (1.0, 5.0),
    "decoding.retry.beam_size": (0, 64),  # 0: swap
    "decoding.retry.no_repeat_ngram_size": (0, 64),
    "decoding.retry.repetition_penalty": (1.0, 5.0),
    "publish.min_complete": (0, 100),
    "ray.actors": (0, 100_000),
    "ray.cpus_per_actor": (1, MAX_THREADS),
}
"""Inclusive bounds of every numeric setting (floats must also be finite)."""

NGRAM_SIZES_REFUSED = (1, 2)
"""``no_repeat_ngram_size`` values refused: banning every repeated word or word pair blocks
ordinary text and the masks of protected spans (``l10n.translate.protect``)."""


def _sub(cls: Any, table: dict[str, Any], name: str, err: ErrorAt) -> Any:
    defaults = cls()
    out: dict[str, Any] = {}
    for key, value in table.items():
        known = [f.name for f in dataclasses.fields(cls)]
        if key not in known:
            raise err(f"{name}.{key}", f"unknown key{did_you_mean(key, known)}")
        if dataclasses.is_dataclass(getattr(defaults, key)):  # a sub-table: [tool.l10n.decoding.retry]
            if not isinstance(value, dict):
                raise err(f"{name}.{key}", f"expected a table, got {type(value).__name__}")
            out[key] = _sub(type(getattr(defaults, key)), value, f"{name}.{key}", err)
            continue
        want = type(getattr(defaults, key))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not want:
            raise err(f"{name}.{key}", f"expected {want.__name__}, got {type(value).__name__}")
        if want in (int, float):
            low, high = RANGES.get(f"{name}.{key}", (0, math.inf))
            if not (math.isfinite(value) and low <= value <= high):
                bounds = f"from {low:g} to {high:g}" if math.isfinite(high) else f"at least {low:g}"
                raise err(f"{name}.{key}", f"expected a number {bounds}, got {value!r}")
            if key == "no_repeat_ngram_size" and value in NGRAM_SIZES_REFUSED:
                raise err(f"{name}.{key}", f"expected 0 (off) or at least 3, got {value!r}")
        if key == "cpu_isa" and value not in ("", *CPU_ISAS):
            raise err(f"{name}.{key}", f'expected one of {", ".join(CPU_ISAS)} or "", got {value!r}')
        out[key] = value
    return dataclasses.replace(defaults, **out)
