"""The one home of the ``# l10n-mt:`` provenance comment: format, parse, and what it says of an entry.

Every automatic msgstr (machine translation, a copied unit without letters, a translation
memory reuse) carries exactly one translator comment of this grammar::

    l10n-mt: <engine> <model>@<revision> sha1:<8 hex>( <key>:<value>)*[; <note>]*

- ``engine``: who made the text: an engine name (``marian``, ``ct2``), ``copy`` (a unit without
  letters, ``copy babel@<version>``) or ``tm-reviewed`` / ``tm-machine`` (a memory reuse, whose
  ``<model>`` is the origin ``<catalog>:<line>`` and which has no ``@<revision>``).
- ``sha1``: the first 8 hex digits of the SHA-1 of the msgstr as written (``short_hash``), so
  an edit by a translator shows: the hash no longer matches.
- ``<key>:<value>`` fields: optional facts (``key`` is lower-case letters, digits and ``-``;
  ``value`` has no whitespace or ``;``). Older lines have none; they never make an entry unclean.
  The keys written today (``FIELD_*``):

  - ``src:<8 hex>``: ``short_hash`` of the msgid the text translates, so a machine translation
    made for an older source (the entry has a ``#| msgid``) is told from one made for the
    current source (``l10n.translate.fill``'s freshness rule);
  - ``case:upper``: the source was all capitals; the engine saw it sentence-cased and the
    output was put back into capitals;
  - ``gloss:<n>``: ``n`` glossary terms of the source were masked around the engine and put
    back (do-not-translate terms as written, fixed translations injected: ``l10n.translate.protect``);
  - ``retry:<fault>``: the first output failed (``loop``, ``length``, ``lost-token``) and this
    is the output of the retry decoding (``l10n.mt.RetryOptions``).
  - ``conf``: the engine's confidence in its output, 2 decimals (``conf:0.83``): exp of the
    mean token log-probability of the output under the model (``l10n.mt``, ``Engine.score``).
    The model's own certainty, not a quality estimate. Write it with ``confidence_field``,
    read it with ``Provenance.confidence``.
- notes after ``; ``: what went wrong (``empty output``, ``lost <1>``,
  ``check number-mismatch: number '13,000' missing in translation``). A note is one line
  without ``;`` (``format_provenance`` writes a ``;`` inside a note as ``,``).

A second, separate translator comment, ``l10n-mt-suggestion: <text>`` (``format_suggestion``),
carries a machine translation of a changed source beside a reviewed translation; it is not a
provenance line and the human msgstr keeps none.

Lines starting ``l10n-mt:`` written by older versions without fields still parse.

Continuation lines: some PO writers (polib, and tools built on it) wrap translator comments at
78 columns, which puts the end of a long line on the next comment line. A comment line right
after an ``l10n-mt:`` line is read as its continuation (``joined_lines``; ``provenance_lines``
and ``without_provenance`` treat both as one) when it holds only ``key:value`` fields and/or
``; notes``, or when the line before it was broken there by a 78-column wrapper (the line had
no room for the next word) and the joined text parses under the grammar. l10n writes a
provenance line longer than 78 columns (``# `` included) in that form itself
(``wrapped_lines``, at spaces), so no line it writes is longer and polib leaves it as it is.
``l10n.catalog.pofile`` marks an entry machine output by this comment (``is_machine``),
``l10n.translate.fill`` writes it and redoes untouched output, ``l10n.translate.tm`` reuses only
clean machine output (``is_clean``).
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Sequence
from typing import Protocol

from l10n.model import CONFIDENCE_KEY, MT_COMMENT_PREFIX, NOT_MODEL_ENGINES, Entry, Provenance

FIELD_SOURCE = "src"
"""Field key: ``short_hash`` of the msgid the machine text translates."""
FIELD_CASE = "case"
"""Field key: ``upper`` when an all-caps source was sent sentence-cased and the output upper-cased."""
FIELD_GLOSSARY = "gloss"
"""Field key: how many glossary terms were masked and put back (kept or injected) in this text."""
FIELD_RETRY = "retry"
"""Field key: the fault of the first output when this text comes from the retry decoding."""
SUGGESTION_PREFIX = "l10n-mt-suggestion:"
"""Start of the translator comment holding a machine suggestion beside a reviewed translation."""

_FIELD = r"[a-z][a-z0-9-]*:[^\s;]+"
_LINE = re.compile(
    re.escape(MT_COMMENT_PREFIX)
    + r"\s*(?P<engine>\S+)\s+(?P<source>\S+)\s+sha1:(?P<sha1>[0-9a-f]{8})"
    + rf"(?P<fields>(?:\s+{_FIELD})*)\s*(?:;\s*(?P<notes>.*?))?\s*$"
)


class HasComment(Protocol):
    """Anything with a translator comment: ``l10n.model.Entry``, a polib entry."""

    @property
    def tcomment(self) -> str | None:
        """The translator comment lines, joined by ``\\n``."""
        ...


def confidence_field(confidence: float) -> tuple[str, str]:
    """Return the ``("conf", "0.83")`` field for a confidence in [0, 1], rounded to 2 decimals.

    Raises:
        ValueError: ``confidence`` is not a number in [0, 1] (``nan`` included).

    >>> confidence_field(0.8349)
    ('conf', '0.83')
    """
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"confidence {confidence!r} is not in [0, 1]")
    return (CONFIDENCE_KEY, f"{confidence:.2f}")


def short_hash(text: str) -> str:
    """Return the first 8 hex digits of the SHA-1 of ``text`` (UTF-8), as in provenance comments."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def format_provenance(
    engine: str,
    model: str,
    revision: str,
    msgstr: str,
    *,
    fields: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
) -> str:
    """Return the provenance comment line (without ``# ``) for the automatic ``msgstr``.

    Args:
        engine: engine name (no whitespace).
        model: model id, or a memory reuse's ``<catalog>:<line>``.
        revision: model revision; ``""`` writes the model without ``@``.
        msgstr: the text the comment vouches for (hashed with ``short_hash``).
        fields: ``(key, value)`` pairs (grammar in the module docstring).
        notes: what went wrong; whitespace inside a note (newlines included) is collapsed to
            single spaces and ``;`` written as ``,``, so each note stays one note when parsed.

    Raises:
        ValueError: a field that does not fit the grammar.

    >>> format_provenance("marian", "Helsinki-NLP/opus-mt-en-vi", "abc123", "Xin chào")
    'l10n-mt: marian Helsinki-NLP/opus-mt-en-vi@abc123 sha1:a5ddbad8'
    """
    line = (
        f"{MT_COMMENT_PREFIX} {engine} {model}{'@' + revision if revision else ''} sha1:{short_hash(msgstr)}"
    )
    for key, value in fields:
        if not re.fullmatch(_FIELD, f"{key}:{value}"):
            raise ValueError(f"bad provenance field {key!r}:{value!r}")
        line += f" {key}:{value}"
    if notes:
        line += "; " + "; ".join(" ".join(note.replace(";", ",").split()) for note in notes)
    return line


def parse_provenance(comment: str) -> Provenance | None:
    """Parse one comment line (without ``# ``); None when it is not a well-formed ``l10n-mt:`` line."""
    match = _LINE.match(comment.strip())
    if match is None:
        return None
    model, at, revision = match["source"].rpartition("@")
    if not at:
        model, revision = match["source"], ""
    fields = tuple((key, value) for key, _, value in (f.partition(":") for f in match["fields"].split()))
    notes = () if match["notes"] is None else tuple(n.strip() for n in match["notes"].split(";"))
    return Provenance(match["engine"], model, revision, match["sha1"], fields, notes)


def format_suggestion(text: str) -> str:
    """Return the suggestion comment line (without ``# ``): ``l10n-mt-suggestion: <text>``.

    Line breaks and runs of whitespace in ``text`` become single spaces (a comment is one line).
    """
    return f"{SUGGESTION_PREFIX} {' '.join(text.split())}"


def is_suggestion_line(line: str) -> bool:
    """True when the comment line starts with ``l10n-mt-suggestion:``."""
    return line.strip().startswith(SUGGESTION_PREFIX)


def suggestion_of(entry: HasComment) -> str | None:
    """The text of ``entry``'s first ``l10n-mt-suggestion:`` line, or None without one."""
    for line in (entry.tcomment or "").split("\n"):
        if is_suggestion_line(line):
            return line.strip()[len(SUGGESTION_PREFIX) :].strip()
    return None


def is_provenance_line(line: str) -> bool:
    """True when the comment line starts with ``l10n-mt:`` (well-formed or not)."""
    return line.strip().startswith(MT_COMMENT_PREFIX)


_CONTINUATION = re.compile(rf"(?:{_FIELD})(?:\s+{_FIELD})*\s*(?:;.*)?|;.*")

WRAP_COLUMNS = 78
"""The widest provenance comment line written, ``# `` included: polib (and editors built on it)
wrap longer comment lines at 78 columns, so a line that fits is never re-wrapped by them."""


def _wrap_joiner(previous: str, text: str) -> str | None:
    """How a comment line ``text`` continues ``previous`` if a 78-column wrapper (Python's
    ``textwrap``, as polib uses it) broke one line there: ``" "`` (at a space), ``""`` (after a
    hyphen), or None when ``previous`` had room for the first word of ``text`` (no wrap there)."""
    width = len(previous.rstrip()) + 2  # "# " + text
    if width > WRAP_COLUMNS or not text.strip() or text[:1].isspace():
        return None
    if previous.endswith("-"):
        chunk = re.match(r"[^\s-]*-?", text)
        return "" if chunk is not None and width + len(chunk.group()) > WRAP_COLUMNS else None
    return " " if width + 1 + len(text.split()[0]) > WRAP_COLUMNS else None


def _continues(group: str, last: str, text: str) -> str | None:
    """``group`` (a provenance line so far, whose last physical line is ``last``) with comment
    line ``text`` joined when ``text`` is its continuation, else None.

    A continuation is a line of only ``key:value`` fields and/or ``; notes``, or a line where a
    78-column wrapper broke the line (``_wrap_joiner``): while ``group`` does not parse yet (cut
    before its ``sha1:``), or when the joined text parses as provenance.
    """
    if _CONTINUATION.fullmatch(text.strip()):
        return group + ("" if text.strip().startswith(";") else " ") + text.strip()
    joiner = _wrap_joiner(last, text)
    if joiner is None:
        return None
    joined = group + joiner + text.strip()
    incomplete = parse_provenance(group) is None
    return joined if incomplete or parse_provenance(joined) is not None else None


def _grouped(lines: Sequence[str]) -> list[tuple[bool, str]]:
    """``(is provenance, text)`` per logical comment line: wrapped continuations joined."""
    out: list[tuple[bool, str]] = []
    last = ""
    for line in lines:
        joined = _continues(out[-1][1], last, line) if out and out[-1][0] else None
        if joined is not None:
            out[-1] = (True, joined)
        else:
            text = line.strip()
            out.append((is_provenance_line(text), text if is_provenance_line(text) else line))
        last = line
    return out


def joined_lines(lines: Sequence[str]) -> list[str]:
    """Translator comment ``lines`` with each wrapped provenance line joined back into one.

    ``l10n.catalog.pofile`` reads every catalog so; other lines are kept as they are.
    """
    return [text for _machine, text in _grouped(lines)]


def wrapped_lines(line: str) -> list[str]:
    """A translator comment line as written: a provenance line longer than ``WRAP_COLUMNS``
    (with ``# ``) broken at spaces into lines that fit, which ``joined_lines`` (and every
    function here) reads back as the one line; any other line, or one that cannot be broken
    so (a word too long, runs of spaces), as it is.

    >>> wrapped_lines("l10n-mt: marian m@r sha1:0123abcd; " + "x" * 40 + " " + "y" * 30)[1]
    'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'
    """
    if len(line) + 2 <= WRAP_COLUMNS or not is_provenance_line(line):
        return [line]
    parts = textwrap.wrap(line, WRAP_COLUMNS - 2, break_long_words=False, break_on_hyphens=False)
    if " ".join(parts) != line or any(len(p) + 2 > WRAP_COLUMNS for p in parts):
        return [line]
    return parts if joined_lines(parts) == [line] else [line]


def without_provenance(lines: Sequence[str]) -> list[str]:
    """The translator comment ``lines`` without ``l10n-mt:`` lines and their wrapped continuations."""
    return [text for machine, text in _grouped(lines) if not machine]


def provenance_lines(entry: HasComment) -> list[str]:
    """The ``l10n-mt:`` lines of ``entry``'s translator comment, stripped, in order.

    A line wrapped by a PO writer comes back whole (module docstring).
    """
    return [text for machine, text in _grouped((entry.tcomment or "").split("\n")) if machine]


def provenance_of(entry: HasComment) -> Provenance | None:
    """The first well-formed provenance line of ``entry``, parsed; None without one."""
    for line in provenance_lines(entry):
        if (parsed := parse_provenance(line)) is not None:
            return parsed
    return None


def is_machine(entry: HasComment) -> bool:
    """True when ``entry``'s translator comment has a ``l10n-mt:`` line (automatic text).

    Any such line counts, even one this version cannot parse: it was written by l10n.
    """
    return bool(provenance_lines(entry))


def make_entry(
    msgid: str,
    msgstr: str,
    *,
    msgctxt: str | None = None,
    fuzzy: bool = False,
    obsolete: bool = False,
    previous_msgid: str | None = None,
    line: int = 0,
    flags: tuple[str, ...] = (),
    tcomment: str = "",
) -> Entry:
    """Return an ``l10n.model.Entry`` whose provenance facts are read from ``tcomment`` once.

    ``machine`` is ``is_machine``; ``provenance`` is ``provenance_of``; ``fresh`` is True when
    that provenance's ``src:`` field (``FIELD_SOURCE``) is ``short_hash(msgid)``. The other
    arguments are the ``Entry`` fields of the same name.
    """
    lines = [text for is_line, text in _grouped(tcomment.split("\n")) if is_line]
    found = next((p for text in lines if (p := parse_provenance(text)) is not None), None)
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=msgctxt,
        fuzzy=fuzzy,
        obsolete=obsolete,
        machine=bool(lines),
        previous_msgid=previous_msgid,
        line=line,
        flags=flags,
        tcomment=tcomment,
        provenance=found,
        fresh=found is not None and found.field(FIELD_SOURCE) == short_hash(msgid),
    )


def is_clean(entry: HasComment) -> bool:
    """True when ``entry`` has provenance and every ``l10n-mt:`` line parses without notes.

    A note means something was flagged (lost mask, loop, failed check, empty output);
    ``key:value`` fields are facts, not flags, and never make an entry unclean.
    """
    lines = provenance_lines(entry)
    return bool(lines) and all((p := parse_provenance(ln)) is not None and not p.notes for ln in lines)


__all__ = [
    "CONFIDENCE_KEY",
    "FIELD_CASE",
    "FIELD_GLOSSARY",
    "FIELD_RETRY",
    "FIELD_SOURCE",
    "NOT_MODEL_ENGINES",
    "SUGGESTION_PREFIX",
    "WRAP_COLUMNS",
    "HasComment",
    "Provenance",
    "confidence_field",
    "format_provenance",
    "format_suggestion",
    "is_clean",
    "is_machine",
    "is_provenance_line",
    "is_suggestion_line",
    "joined_lines",
    "make_entry",
    "parse_provenance",
    "provenance_lines",
    "provenance_of",
    "short_hash",
    "suggestion_of",
    "without_provenance",
    "wrapped_lines",
]
