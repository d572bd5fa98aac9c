"""Text helpers of the review page: placeholder chips, highlighted values, a word diff.

Everything returned as HTML is escaped here (``markupsafe``), piece by piece, so catalog text
can never inject markup: only the chip and ``<mark>`` elements made here are HTML.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from l10n.inline import PLACEHOLDER, normalize_placeholder
from l10n.model import Issue

_QUOTED = re.compile(r"'([^']+)'")
_WORDS = re.compile(r"\s+|\S+")


def flagged_values(issues: Iterable[Issue]) -> list[str]:
    """The values the issues name: the quoted parts of their messages and placeholder tokens.

    ``number '13,000' missing in translation`` gives ``13,000``; ``'NATO' should be 'OTAN' ...``
    gives both terms; ``placeholder <1> missing`` gives ``<1>``. Longest first, each once.
    """
    found: list[str] = []
    for issue in issues:
        found += _QUOTED.findall(issue.message)
        found += [normalize_placeholder(t) for t in PLACEHOLDER.findall(issue.message)]
    return sorted(dict.fromkeys(v for v in found if v.strip()), key=len, reverse=True)


def chip(token: str, *, flagged: bool = False) -> Markup:
    """A placeholder token as a chip that an editor deletes whole (``contenteditable=false``);
    ``flagged``: a check names it (class ``ph flagged``)."""
    return Markup('<span class="{1}" contenteditable="false" data-token="{0}">{0}</span>').format(
        token, "ph flagged" if flagged else "ph"
    )


def _marked(text: str, marks: Sequence[str]) -> list[Markup]:
    """``text`` as escaped pieces, each of ``marks`` in ``<mark>`` (pieces: joined once by the caller)."""
    if not marks or not text:
        return [escape(text)]
    pattern = re.compile("|".join(re.escape(m) for m in marks))
    out, at = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[at : match.start()]), Markup("<mark>{}</mark>").format(match.group())]
        at = match.end()
    out.append(escape(text[at:]))
    return out


def rich_text(text: str, marks: Sequence[str] = ()) -> Markup:
    """``text`` as HTML: placeholder tokens as chips, each of ``marks`` in ``<mark>``, the rest escaped.

    A placeholder token named in ``marks`` gets the chip class ``ph flagged`` instead of a mark.
    Linear in the length of ``text``: the pieces are joined once.
    """
    words = [m for m in marks if not PLACEHOLDER.fullmatch(m)]
    out: list[Markup] = []
    at = 0
    for match in PLACEHOLDER.finditer(text):
        out += _marked(text[at : match.start()], words)
        token = normalize_placeholder(match.group())
        out.append(chip(token, flagged=token in marks))
        at = match.end()
    out += _marked(text[at:], words)
    return Markup("").join(out)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level difference from ``old`` to ``new`` (``difflib``), as ``(op, text)`` runs.

    ``op`` is ``"equal"``, ``"delete"`` (only in ``old``) or ``"insert"`` (only in ``new``); a
    replaced run gives a delete then an insert. Whitespace runs count as words, so joining the
    equal and delete texts gives ``old`` and joining the equal and insert texts gives ``new``.
    """
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            runs.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("insert", "".join(b[j1:j2])))
    return runs


def diff_html(old: str, new: str) -> Markup:
    """``word_diff`` as HTML: ``<del>`` for words only in ``old``, ``<ins>`` for words only in ``new``."""
    tags = {"delete": "del", "insert": "ins"}
    out = [
        escape(text) if op == "equal" else Markup("<{0}>{1}</{0}>").format(Markup(tags[op]), text)
        for op, text in word_diff(old, new)
    ]
    return Markup("").join(out)


__all__ = ["chip", "diff_html", "flagged_values", "rich_text", "word_diff"]
