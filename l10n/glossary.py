"""A CSV termbase: names that must not be translated and terms with a fixed translation.

File format (UTF-8, a BOM is allowed, standard CSV quoting)::

    en,dnt,vi,fr,zh-Hans,note
    NATO,yes,,OTAN,北约,"kept as is, except where the language has its own acronym"
    Russia-NATO Council,,Hội đồng Nga-NATO,Conseil OTAN-Russie,,
    # a line whose first cell starts with '#' is a comment; blank lines are skipped

* The first column holds the source term; its header is the source language tag (``en``).
* ``dnt`` (optional column): ``yes`` = do not translate: the source term must appear exactly as
  written in every target language, unless that language's column gives its own form; ``no`` or
  empty = a normal term.
* ``note`` (optional column): free text for people, ignored by checks.
* Every other column is a BCP 47 language tag (validated against CLDR via Babel). A non-empty
  cell is the fixed translation of the term in that language; an empty cell is no rule for it
  (or, on a ``dnt`` row, "keep the source term"). A base-language column (``zh``) also
  applies to that language's script or region variants (``zh-Hans``) that have no column.

Matching (``TermRule.in_source`` / ``in_target``) is on whole words: a term's edge letter must not
touch another letter or digit (CJK edges need no boundary, as those scripts have no spaces).
Terms containing an upper-case letter (names, acronyms: ``NATO``) match case-sensitively, so
``NATO`` never matches ``nato`` or ``Senato``; all-lower-case terms match regardless of case
(a sentence-initial capital still matches).

Errors: ``Glossary.load`` raises ``InputError`` naming ``file:line`` for an unreadable file, a
bad header, a row of the wrong width, an empty term, a bad ``dnt`` value, a duplicate term, or a
row that gives no rule at all.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from l10n.errors import ConfigError, InputError
from l10n.inline import CJK_RANGES, HANGUL_RANGES, is_cjk
from l10n.locale import validate_tag

_DNT_VALUES = {"yes": True, "no": False, "": False}
_RESERVED = {"dnt", "note"}


_CJK = CJK_RANGES + HANGUL_RANGES  # neighbours that need no word boundary
_NOT_WORD_NEIGHBOUR_BEFORE = rf"(?<![^\W{_CJK}])"
_NOT_WORD_NEIGHBOUR_AFTER = rf"(?![^\W{_CJK}])"


@lru_cache(maxsize=1024)
def _term_regex(term: str) -> re.Pattern[str]:
    """Compile a whole-word pattern for ``term`` (case rule: see the module docstring).

    A term edge that is a letter or digit must not touch another letter or digit, except
    CJK characters, which are written without spaces (``NATOは`` contains ``NATO``).
    """
    head = _NOT_WORD_NEIGHBOUR_BEFORE if term[0].isalnum() and not is_cjk(term[0]) else ""
    tail = _NOT_WORD_NEIGHBOUR_AFTER if term[-1].isalnum() and not is_cjk(term[-1]) else ""
    flags = 0 if any(ch.isupper() for ch in term) else re.IGNORECASE
    return re.compile(head + re.escape(term) + tail, flags)


@dataclass(frozen=True)
class TermRule:
    """One glossary rule for one target language.

    Attributes:
        term: the source term (``"NATO"``).
        expected: what the translation must contain (the term itself for a dnt rule).
        dnt: True when the rule is "do not translate" (``expected == term``).
        lang: the target language tag the rule is for.
        note: the row's note.
        line: 1-based line of the row in the glossary file.
    """

    term: str
    expected: str
    dnt: bool
    lang: str
    note: str = ""
    line: int = 0

    def in_source(self, text: str) -> bool:
        """True if ``text`` contains the source term as a whole word."""
        return _term_regex(self.term).search(unicodedata.normalize("NFC", text)) is not None

    def in_target(self, text: str) -> bool:
        """True if ``text`` contains the expected target form as a whole word."""
        return _term_regex(self.expected).search(unicodedata.normalize("NFC", text)) is not None


def term_spans(
    text: str, rules: Sequence[TermRule], taken: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, TermRule]]:
    """Where the source terms of ``rules`` occur in ``text``, for masking (``l10n.translate.protect``).

    Args:
        text: a msgid (searched as written; a text not in NFC matches only NFC-equal terms).
        rules: the language's rules (``Glossary.rules_for``).
        taken: ``(start, end)`` character spans already claimed (placeholders, URLs).

    Returns:
        ``(start, end, rule)`` in text order, never overlapping each other or ``taken``; where
        terms overlap the longer term wins (``Russia-NATO Council`` over ``NATO``), then the
        earlier row.
    """
    claimed = list(taken)
    found: list[tuple[int, int, TermRule]] = []
    for rule in sorted(rules, key=lambda r: -len(r.term)):
        for match in _term_regex(rule.term).finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e in claimed):
                claimed.append((start, end))
                found.append((start, end, rule))
    return sorted(found, key=lambda item: item[0])


@dataclass(frozen=True)
class GlossaryRow:
    """One data row of the glossary file.

    Attributes:
        term: source term.
        dnt: the ``dnt`` column is ``yes``.
        translations: ``(tag, text)`` pairs for the non-empty language cells.
        note: the ``note`` cell.
        line: 1-based line of the row.
    """

    term: str
    dnt: bool
    translations: tuple[tuple[str, str], ...]
    note: str
    line: int


@dataclass(frozen=True)
class Glossary:
    """A loaded termbase.

    Attributes:
        path: the file it was read from (``""`` when built in memory).
        source_lang: the first column's header (``"en"``).
        languages: target tags that have a column, in file order.
        rows: the data rows in file order.
    """

    path: str
    source_lang: str
    languages: tuple[str, ...]
    rows: tuple[GlossaryRow, ...]

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """Read a glossary CSV (format in the module docstring).

        Raises:
            InputError: the file is missing, not UTF-8 or malformed; the message names
                ``file:line``.
        """
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise InputError("glossary file not found", path=path) from exc
        except UnicodeDecodeError as exc:
            raise InputError("glossary is not UTF-8 text", path=path) from exc
        except OSError as exc:
            raise InputError(f"cannot read glossary: {exc.strerror}", path=path) from exc
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, path: str = "") -> Glossary:
        """Parse glossary CSV text; ``path`` is only used in error messages.

        Raises:
            InputError: as ``load``.
        """
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header: list[str] | None = None
        rows: list[GlossaryRow] = []
        seen: dict[str, int] = {}
        last = 0
        try:
            for cells in reader:
                line, last = last + 1, reader.line_num
                if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                    continue
                if header is None:
                    header = cls._check_header([c.strip() for c in cells], path, line)
                    continue
                row = cls._row(header, cells, path, line)
                if row.term in seen:
                    raise InputError(
                        f"duplicate term '{row.term}' (first on line {seen[row.term]})", path=path, line=line
                    )
                seen[row.term] = line
                rows.append(row)
        except csv.Error as exc:
            raise InputError(f"bad CSV: {exc}", path=path, line=reader.line_num) from exc
        if header is None:
            raise InputError("glossary is empty (no header row)", path=path)
        langs = tuple(h for h in header[1:] if h not in _RESERVED)
        return cls(path, header[0], langs, tuple(rows))

    @staticmethod
    def _check_header(header: list[str], path: str, line: int) -> list[str]:
        """Validate the header row; return it."""
        if len(set(header)) != len(header):
            raise InputError("header repeats a column name", path=path, line=line)
        for tag in [header[0]] + [h for h in header[1:] if h not in _RESERVED]:
            try:
                validate_tag(tag)
            except ConfigError as exc:
                raise InputError(f"header: {exc.message}", path=path, line=line) from exc
        return header

    @staticmethod
    def _row(header: list[str], cells: list[str], path: str, line: int) -> GlossaryRow:
        """Validate one data row."""
        if len(cells) != len(header):
            raise InputError(f"row has {len(cells)} fields, header has {len(header)}", path=path, line=line)
        values = dict(zip(header, (c.strip() for c in cells), strict=True))
        term = unicodedata.normalize("NFC", values[header[0]])
        if not term:
            raise InputError("empty source term", path=path, line=line)
        dnt_cell = values.get("dnt", "").lower()
        if dnt_cell not in _DNT_VALUES:
            raise InputError(f"dnt must be 'yes', 'no' or empty, not '{values['dnt']}'", path=path, line=line)
        translations = tuple(
            (h, unicodedata.normalize("NFC", values[h]))
            for h in header[1:]
            if h not in _RESERVED and values[h]
        )
        if not _DNT_VALUES[dnt_cell] and not translations:
            raise InputError(f"term '{term}' gives no rule (not dnt, no translation)", path=path, line=line)
        return GlossaryRow(term, _DNT_VALUES[dnt_cell], translations, values.get("note", ""), line)

    def rules_for(self, tag: str) -> list[TermRule]:
        """Return the rules that apply to target language ``tag``, in file order.

        A row's cell for ``tag`` (or, failing that, for its base language: ``zh`` for
        ``zh-Hans``) gives a fixed-translation rule (``dnt=False``); otherwise a dnt row gives
        a keep-as-is rule (``dnt=True``); otherwise the row has no rule for ``tag``.
        """
        base = tag.split("-")[0]
        rules: list[TermRule] = []
        for row in self.rows:
            cells = dict(row.translations)
            text = cells.get(tag) or cells.get(base)
            if text:
                rules.append(TermRule(row.term, text, text == row.term, tag, row.note, row.line))
            elif row.dnt:
                rules.append(TermRule(row.term, row.term, True, tag, row.note, row.line))
        return rules

    def masked_for(self, tag: str, *, inject: bool = True) -> list[TermRule]:
        """The rules masked around the engine for ``tag`` (``l10n.translate.protect.mask``).

        Do-not-translate rules always; fixed-translation rules only with ``inject`` (the
        config's ``GlossaryOptions.injects``), else those terms are left to the model.
        """
        return [rule for rule in self.rules_for(tag) if rule.dnt or inject]
