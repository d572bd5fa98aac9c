"""Config sections read apart from the core keys: ``[glossary]`` (``GlossaryOptions``), ``[adapt]``
(``AdaptOptions``), ``[review]`` (``ReviewOptions``), ``[notices.<lang>]`` (``notices``), the
one-line-string rule (``control_char``), and the "did you mean" of a near-miss key or language
tag (``did_you_mean``, ``checked_tag``).

``l10n.config`` reads the file; this module holds the values and checks their tables (each
fault a ``ConfigError`` made by the caller's ``err``, naming the file, the key's line and the key).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from l10n.errors import ConfigError
from l10n.locale import region_language, validate_tag

ErrorAt = Callable[[str, str], ConfigError]
"""Makes the error for a key (``l10n.config.ErrorAt``)."""


def control_char(text: str) -> str | None:
    """Return the first control or line-separator character of ``text`` (escaped, e.g. ``\\n``), or None.

    Such characters break one-line messages, PO headers and comments, and file references;
    config strings and article names carrying one are refused.
    """
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            return repr(ch)[1:-1]
    return None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'models'?)`` when ``word`` is close to one of ``known`` (difflib ratio
    0.6+), else ""."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def tag_hint(tag: str) -> str:
    """`` (did you mean 'vi'?)`` for a language tag CLDR does not know, or "" when nothing is close.

    Tried in order: the tag with ``_`` read as ``-`` (``vi_VN`` -> ``vi-VN``); a region code read
    as the language CLDR's likely subtags give it (``vn`` -> ``vi``, ``jp`` -> ``ja``); a
    language's English CLDR name (``Vietnamese`` -> ``vi``); difflib's closest CLDR language code
    (ratio 0.75+: ``fre`` -> ``fr``). The suggestion is always a tag ``validate_tag`` accepts.
    """
    from babel import Locale  # CLDR's tables, read only when a tag is wrong
    from babel.localedata import locale_identifiers

    names = {name.lower(): code for code, name in Locale("en").languages.items()}
    codes = [x for x in locale_identifiers() if "_" not in x]
    close = difflib.get_close_matches(tag.lower(), codes, n=1, cutoff=0.75)
    for guess in (tag.replace("_", "-"), region_language(tag), names.get(tag.lower(), ""), *close):
        if guess and guess != tag:
            try:
                return f" (did you mean '{validate_tag(guess)}'?)"
            except ConfigError:
                continue
    return ""


def checked_tag(tag: str) -> str:
    """``tag`` in canonical BCP 47 form (``l10n.locale.validate_tag``).

    Raises:
        ConfigError: CLDR does not know the tag; the message ends with ``tag_hint``'s suggestion.
    """
    try:
        return validate_tag(tag)
    except ConfigError as exc:
        raise ConfigError(f"{exc.message}{tag_hint(tag)}") from None


@dataclass(frozen=True)
class GlossaryOptions:
    """How the glossary is applied during translation (``l10n.translate.protect``).

    Do-not-translate terms are always masked and kept. Fixed translations are injected (the
    source term masked, its target form put in) unless ``inject`` is false or the language is
    in ``model_decides``: languages that inflect nouns (de, ru, ...) need the form the sentence
    asks for, which a fixed form would get wrong; there the term is left to the model and
    checked afterwards (``glossary-term``).

    Attributes:
        inject: inject fixed translations at all.
        model_decides: canonical BCP 47 tags that never get them injected.
    """

    inject: bool = True
    model_decides: tuple[str, ...] = ()

    def injects(self, lang: str) -> bool:
        """True when fixed translations are injected into ``lang`` output."""
        return self.inject and lang not in self.model_decides


def glossary_options(table: dict[str, Any], err: ErrorAt, tag: Callable[[str], str]) -> GlossaryOptions:
    """Check the ``[glossary]`` table: ``file`` (str), ``inject`` (bool), ``model_decides`` (tags).

    ``tag`` canonicalises a BCP 47 tag (``checked_tag``); ``file`` is read by the caller.

    Raises:
        ConfigError: an unknown key, a wrong type, a control character, a bad tag.
    """
    known: dict[str, type] = {"file": str, "inject": bool, "model_decides": list}
    for key, value in table.items():
        if key not in known:
            raise err(f"glossary.{key}", f"unknown key{did_you_mean(key, known)} (known: {', '.join(known)})")
        if not isinstance(value, known[key]) or (known[key] is str and isinstance(value, bool)):
            raise err(f"glossary.{key}", f"expected {known[key].__name__}, got {type(value).__name__}")
        texts = value if isinstance(value, list) else [value]
        if any(
            isinstance(t, str) and any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in t)
            for t in texts
        ):
            raise err(f"glossary.{key}", "contains a control character")
    tags = table.get("model_decides", [])
    if not all(isinstance(t, str) for t in tags):
        raise err("glossary.model_decides", "expected a list of language tags")
    try:
        return GlossaryOptions(table.get("inject", True), tuple(tag(t) for t in tags))
    except ConfigError as exc:
        raise err("glossary.model_decides", exc.message) from None


@dataclass(frozen=True)
class AdaptOptions:
    """Settings of ``l10n models adapt`` (``l10n.adapt``); bounds in ``ADAPT_RANGES``.

    Attributes:
        min_pairs: fewest reviewed pairs (after dedup) to adapt at all.
        held_out_share: share of pairs held out (by msgid hash), never trained on.
        min_held_out: fewest held-out pairs.
        margin: chrF2 points the adapted model must gain on the held-out set.
        learning_rate: AdamW learning rate.
        max_steps: optimizer steps at most.
        batch_size: pairs per step.
        eval_every: steps between held-out loss evaluations.
        patience: evaluations without improvement before training stops early.
        seed: seeds torch and the shuffling.
    """

    min_pairs: int = 200
    held_out_share: float = 0.1
    min_held_out: int = 50
    margin: float = 1.0
    learning_rate: float = 2e-5
    max_steps: int = 1000
    batch_size: int = 16
    eval_every: int = 50
    patience: int = 3
    seed: int = 1


ADAPT_RANGES: dict[str, tuple[float, float]] = {
    "min_pairs": (2, 10_000_000),
    "held_out_share": (0.01, 0.5),
    "min_held_out": (1, 1_000_000),
    "margin": (0.0, 100.0),
    "learning_rate": (1e-8, 1e-1),
    "max_steps": (1, 10_000_000),
    "batch_size": (1, 4096),
    "eval_every": (1, 10_000_000),
    "patience": (1, 10_000),
    "seed": (0, 2**31 - 1),
}
"""Inclusive bounds of every ``[adapt]`` number."""


def adapt_options(table: dict[str, Any], err: ErrorAt) -> AdaptOptions:
    """Check the ``[adapt]`` table (keys of ``AdaptOptions``, numbers within ``ADAPT_RANGES``).

    Raises:
        ConfigError: an unknown key, a wrong type, a number out of bounds.
    """
    defaults = AdaptOptions()
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in ADAPT_RANGES:
            hint = did_you_mean(key, ADAPT_RANGES)
            raise err(f"adapt.{key}", f"unknown key{hint} (known: {', '.join(ADAPT_RANGES)})")
        want = type(getattr(defaults, key))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not want:
            raise err(f"adapt.{key}", f"expected {want.__name__}, got {type(value).__name__}")
        low, high = ADAPT_RANGES[key]
        if not (math.isfinite(value) and low <= value <= high):
            raise err(f"adapt.{key}", f"expected a number from {low:g} to {high:g}, got {value!r}")
        out[key] = value
    return dataclasses.replace(defaults, **out)


@dataclass(frozen=True)
class ReviewOptions:
    """Settings of ``l10n review`` (``l10n.review.server``); bounds in ``REVIEW_RANGES``.

    Attributes:
        max_text: the most characters (code points) an approved msgstr may hold; a longer one
            is answered 400 and nothing is written (issue 19: no input without a bound).
    """

    max_text: int = 100_000


REVIEW_RANGES: dict[str, tuple[int, int]] = {"max_text": (1, 1_000_000)}
"""Inclusive bounds of every ``[review]`` number (a request body is at most 1 MB anyway)."""


def review_options(table: dict[str, Any], err: ErrorAt) -> ReviewOptions:
    """Check the ``[review]`` table (keys of ``ReviewOptions``, integers within ``REVIEW_RANGES``).

    Raises:
        ConfigError: an unknown key, a wrong type (a bool or float is not an integer), a number
            out of bounds.
    """
    out: dict[str, int] = {}
    for key, value in table.items():
        if key not in REVIEW_RANGES:
            hint = did_you_mean(key, REVIEW_RANGES)
            raise err(f"review.{key}", f"unknown key{hint} (known: {', '.join(REVIEW_RANGES)})")
        if type(value) is not int:
            raise err(f"review.{key}", f"expected int, got {type(value).__name__}")
        low, high = REVIEW_RANGES[key]
        if not low <= value <= high:
            raise err(f"review.{key}", f"expected a number from {low:g} to {high:g}, got {value!r}")
        out[key] = value
    return ReviewOptions(**out)


NOTICE_KINDS = ("unreviewed", "fallback")
"""The keys of a ``[notices.<lang>]`` table: the wording of the unreviewed-machine-translation
notice and of the notice on a page partly shown in the source language."""


def notices(table: dict[str, Any], err: ErrorAt, tag_of: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """``[notices.<lang>]``: per language tag (validated), ``unreviewed`` and/or ``fallback`` as
    one-line strings (``l10n.publish.site.notice`` uses them before l10n's own wording).

    ``tag_of`` validates a language tag (``l10n.config``'s check, raising its ``ConfigError``)."""
    out: dict[str, dict[str, str]] = {}
    for lang, texts in table.items():
        tag = tag_of(lang)
        if not isinstance(texts, dict):
            raise err(f"notices.{lang}", f"expected a table, got {type(texts).__name__}")
        for key, text in texts.items():
            if key not in NOTICE_KINDS:
                hint = did_you_mean(key, NOTICE_KINDS)
                raise err(
                    f"notices.{lang}.{key}", f"unknown key{hint} (expected {' or '.join(NOTICE_KINDS)})"
                )
            if not isinstance(text, str) or not text.strip():
                raise err(f"notices.{lang}.{key}", "expected a non-empty string")
            if control_char(text):
                raise err(f"notices.{lang}.{key}", f"contains the control character {control_char(text)}")
        out[tag] = dict(texts)
    return out
