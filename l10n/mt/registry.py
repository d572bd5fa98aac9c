"""Which model translates English into a language, and where its files are.

Default models (each id checked against the Hugging Face Hub listing, see the notes):

======== ================================== ==========================================
tag      model                              target-language token(s) in its vocabulary
======== ================================== ==========================================
vi       Helsinki-NLP/opus-mt-en-vi         >>vie<< (model card: a token is required)
fr       Helsinki-NLP/opus-mt-en-fr         none
de       Helsinki-NLP/opus-mt-en-de         none
es       Helsinki-NLP/opus-mt-en-es         none
ru       Helsinki-NLP/opus-mt-en-ru         none
zh-Hans  Helsinki-NLP/opus-mt-en-zh         >>cmn_Hans<< (one model, many Chinese targets)
zh-TW    Helsinki-NLP/opus-mt-en-zh         >>cmn_Hant<< (so are zh-Hant, zh-HK, zh-MO)
ja       Helsinki-NLP/opus-tatoeba-en-ja    >>jpn<< if the vocabulary lists codes
======== ================================== ==========================================

There is no ``opus-mt-en-ja``; ``opus-mt-en-jap`` exists but ``jap`` is not Japanese
(it is a Bible-corpus model for another language), so Japanese uses the Tatoeba
Challenge model ``opus-tatoeba-en-ja`` (weights only as ``pytorch_model.bin``).
Any other tag defaults to ``Helsinki-NLP/opus-mt-en-<language subtag>``, which may not exist;
a per-language override in ``[tool.l10n.models]`` or ``--model`` fixes that.

Target tokens go by script: a tag is first completed with CLDR likely subtags
(``l10n.locale.likely_subtags``: ``zh-TW`` -> ``zh-Hant-TW``, ``zh-SG`` -> ``zh-Hans-SG``), so
Traditional Chinese (``zh-TW``, ``zh-Hant``, ``zh-HK``, ``zh-MO``) asks for ``>>cmn_Hant<<``
and never falls back to a Simplified token. Hong Kong and Macau get ``cmn_Hant``, not
Cantonese ``yue_Hant``: their newspapers print written Standard Chinese in Traditional script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ModelUnavailableError
from l10n.locale import likely_subtags

DEFAULT_MODELS: dict[str, str] = {
    "vi": "Helsinki-NLP/opus-mt-en-vi",
    "fr": "Helsinki-NLP/opus-mt-en-fr",
    "de": "Helsinki-NLP/opus-mt-en-de",
    "es": "Helsinki-NLP/opus-mt-en-es",
    "ru": "Helsinki-NLP/opus-mt-en-ru",
    "zh-Hans": "Helsinki-NLP/opus-mt-en-zh",
    "zh": "Helsinki-NLP/opus-mt-en-zh",
    "ja": "Helsinki-NLP/opus-tatoeba-en-ja",
}
"""BCP 47 tag -> default hub id."""

TARGET_CODES: dict[str, tuple[str, ...]] = {
    "vi": ("vie",),
    "fr": ("fra",),
    "de": ("deu",),
    "es": ("spa",),
    "ru": ("rus",),
    "zh-Hans": ("cmn_Hans", "zho_Hans"),
    "zh-Hant": ("cmn_Hant", "zho_Hant"),
    "zh": ("cmn_Hans", "zho_Hans", "cmn", "zho"),
    "ja": ("jpn", "jpn_Jpan"),
    "pt": ("por",),
    "it": ("ita",),
    "ko": ("kor",),
    "uk": ("ukr",),
    "ar": ("ara",),
    "sr": ("srp_Cyrl", "srp"),
    "sr-Latn": ("srp_Latn",),
}
"""BCP 47 tag -> the model target-token codes (``>>code<<``) that mean it, best first.

Multilingual-target opus-mt models name targets with ISO 639-3 codes plus an optional
ISO 15924 script; older ones with the 2-letter code. Keys are a language (``zh``) or a
language and script (``zh-Hant``); ``target_token_candidates`` looks up the tag, then its
language and likely script, then derives script forms of the language's codes, and adds the
tag itself and its language subtag as further fall-backs.
"""

METADATA_FILE = "l10n-model.json"
"""File ``l10n models pull`` writes into a model folder: ``{"model_id", "revision", "files"}``."""


@dataclass(frozen=True)
class ModelRef:
    """Where a model comes from and where its files are (or would be).

    Attributes:
        model_id: hub id (``"Helsinki-NLP/opus-mt-en-vi"``) or, for a local directory of
            unknown origin, the directory's name.
        path: the directory that holds (or would hold) ``config.json`` and the weights.
        revision: commit hash recorded at download, the requested revision, or ``"local"``.
        hub: True when ``model_id`` is a hub id that ``pull`` can download.
    """

    model_id: str
    path: Path
    revision: str
    hub: bool


def default_model_id(tag: str) -> str:
    """Return the default hub id for English -> ``tag`` (see the module table)."""
    if tag in DEFAULT_MODELS:
        return DEFAULT_MODELS[tag]
    return f"Helsinki-NLP/opus-mt-en-{tag.split('-')[0].lower()}"


def target_token_candidates(tag: str) -> tuple[str, ...]:
    """Return the ``>>xxx<<`` tokens that may stand for ``tag`` in a model vocabulary, best first.

    In order: ``TARGET_CODES`` of the tag as written; of its language and script, the script
    from CLDR likely subtags when the tag has none (``l10n.locale.likely_subtags``, via Babel:
    ``zh-TW`` -> ``zh-Hant``); of the language alone, if that script is the language's usual
    one (``pt-BR`` -> ``por``); the language's codes (a 3-letter language subtag is its own code)
    written with that script (``cmn_Hant``), then without a script (``cmn``); the tag with
    ``_`` (``pt_BR``); the language subtag. A code of the language in another script
    (``cmn_Hans`` for ``zh-TW``) is never a candidate.

    >>> target_token_candidates("zh-Hans")[:2]
    ('>>cmn_Hans<<', '>>zho_Hans<<')
    >>> target_token_candidates("zh-TW")
    ('>>cmn_Hant<<', '>>zho_Hant<<', '>>cmn<<', '>>zho<<', '>>zh_TW<<', '>>zh<<')
    """
    language, script, _region = likely_subtags(tag)
    base = TARGET_CODES.get(language, (language,) if len(language) == 3 else ())
    plain = list(dict.fromkeys(code.partition("_")[0] for code in base))
    codes = [*TARGET_CODES.get(tag, ()), *TARGET_CODES.get(f"{language}-{script}", ())]
    if script == likely_subtags(language)[1]:  # the language's usual script: its own entry next
        codes += TARGET_CODES.get(language, ())
    codes += [f"{code}_{script}" for code in plain] if script else []
    codes += [*plain, tag.replace("-", "_"), language]
    return tuple(f">>{code}<<" for code in dict.fromkeys(codes) if _fits(code, script))


def _fits(code: str, script: str) -> bool:
    """False for a ``xxx_Scrp`` code written in another script than ``script``."""
    _, _, suffix = code.partition("_")
    return not (script and len(suffix) == 4 and suffix.istitle() and suffix != script)


def model_dir_name(model_id: str) -> str:
    """Return the folder name of a hub id under ``models/``: ``"org/name"`` -> ``"org--name"``."""
    return model_id.replace("/", "--")


def _looks_like_hub_id(value: str) -> bool:
    parts = value.split("/")
    return len(parts) == 2 and all(parts) and not value.startswith((".", "~")) and "\\" not in value


def read_metadata(path: Path) -> dict[str, object]:
    """Return the ``l10n-model.json`` written by ``pull`` in ``path``, or ``{}`` if absent or unreadable."""
    try:
        data = json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _local_ref(path: Path) -> ModelRef:
    meta = read_metadata(path)
    model_id = str(meta.get("model_id") or path.name)
    revision = str(meta.get("revision") or "local")
    return ModelRef(model_id=model_id, path=path, revision=revision, hub=bool(meta.get("model_id")))


def resolve_model(
    tag: str,
    override: str | None,
    models_dir: Path,
    *,
    revision: str | None = None,
    must_exist: bool = True,
) -> ModelRef:
    """Decide which model translates into ``tag`` and find its files.

    Args:
        tag: BCP 47 target tag (``"vi"``, ``"zh-Hans"``).
        override: a local directory or a hub id (from ``[tool.l10n.models]`` or ``--model``);
            None uses ``default_model_id(tag)``. An existing directory wins over a hub id.
        models_dir: the project's ``models/`` folder; hub ids live in ``models_dir/<org>--<name>/``.
        revision: a requested hub revision (branch, tag or commit), recorded in the ref.
        must_exist: when True (translation), the model files must be on disk; False (``pull``)
            only names where they would go.

    Returns:
        A ``ModelRef``. A hub model found only in the Hugging Face cache (never downloaded here)
        points into that cache.

    Raises:
        ModelUnavailableError: ``must_exist`` and the model is not on disk; the one-line message
            names the model and how to get it.
    """
    if override:
        candidate = Path(override).expanduser()
        if candidate.is_dir():
            return _local_ref(candidate.resolve())
        if candidate.is_file():
            raise ModelUnavailableError(
                f"'{override}' is a file: give the model's folder (with config.json, weights, source.spm, "
                "target.spm, vocab.json)",
                reason="bad-path",
            )
        if not _looks_like_hub_id(override):
            raise ModelUnavailableError(
                f"model directory '{override}' does not exist "
                "(give a local model directory or a hub id org/name)",
                reason="bad-path",
            )
        model_id = override
    else:
        model_id = default_model_id(tag)
    local = models_dir / model_dir_name(model_id)
    if (local / "config.json").is_file():
        ref = _local_ref(local)
        return ModelRef(model_id=model_id, path=local, revision=ref.revision, hub=True)
    if must_exist:
        cached = _from_hf_cache(model_id, revision)
        if cached is not None:
            return ModelRef(model_id=model_id, path=cached, revision=cached.name, hub=True)
        raise ModelUnavailableError(missing_model_message(model_id, tag, local), reason="missing")
    return ModelRef(model_id=model_id, path=local, revision=revision or "main", hub=True)


def missing_model_message(model_id: str, tag: str, where: Path) -> str:
    """Return the one-line message for a model that is not on disk."""
    return (
        f"model {model_id} for '{tag}' is not in {where}: download it with "
        f"`l10n models pull --lang {tag}` (needs network), or pass --model /path/to/local/dir"
    )


def _from_hf_cache(model_id: str, revision: str | None) -> Path | None:
    """Return the snapshot folder of ``model_id`` in the Hugging Face cache, if a usable one is there.

    Never touches the network (``local_files_only``).
    """
    try:
        from huggingface_hub import snapshot_download  # ~0.5 s with its HTTP stack: only on a miss
        from huggingface_hub.errors import LocalEntryNotFoundError
    except ImportError:  # pragma: no cover - huggingface_hub is a dependency
        return None
    try:
        folder = Path(snapshot_download(model_id, revision=revision, local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    return folder if (folder / "config.json").is_file() else None
