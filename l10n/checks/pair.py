"""What every pair check sees: the ``Pair`` value, and the text helpers the checks share.

``masked`` blanks out placeholders, URLs and e-mail addresses (offsets stay valid) so that a
check of numbers, letters or quotes does not look inside them. Part of ``l10n.checks.registry``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.glossary import Glossary, TermRule
from l10n.model import Issue, Severity

PLACEHOLDER = re.compile(r"</?\d+\s*/?>")
"""Markup stand-in tokens written by segmentation: ``<1>``, ``</1>``, ``<2/>``."""

_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”«»「」]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Pair:
    """What a pair check sees: one msgid/msgstr pair and where it is.

    Attributes:
        source: the msgid (NFC).
        target: the msgstr (NFC), never empty.
        lang: BCP 47 tag of the target (``"vi"``).
        src_lang: BCP 47 tag of the source (``"en"``).
        glossary: the termbase, or None.
        path: catalog path for the issues.
        line: line of the msgid, 0 if unknown.
    """

    source: str
    target: str
    lang: str
    src_lang: str = "en"
    glossary: Glossary | None = None
    path: str = ""
    line: int = 0

    def issue(self, severity: Severity, code: str, message: str) -> Issue:
        """Return an ``Issue`` located at this pair."""
        return Issue(self.path, self.line, severity, code, message)

    def rules(self) -> list[TermRule]:
        """Glossary rules for the target language (empty without a glossary)."""
        return self.glossary.rules_for(self.lang) if self.glossary else []


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace each span of ``text`` with spaces of the same length (offsets stay valid)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def links(text: str) -> list[tuple[str, tuple[int, int]]]:
    """URLs and e-mail addresses in ``text`` with spans; trailing sentence punctuation is not in a URL."""
    found = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?)]}'’")
        found.append((url, (m.start(), m.start() + len(url))))
    taken = [span for _, span in found]
    for m in _EMAIL.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.group(), m.span()))
    return found


def masked(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with placeholders, URLs, e-mails and the literal strings ``extra`` blanked out."""
    spans = [m.span() for m in PLACEHOLDER.finditer(text)] + [span for _, span in links(text)]
    for term in extra:
        spans += [m.span() for m in re.finditer(re.escape(term), text)] if term else []
    return _blank(text, spans)
