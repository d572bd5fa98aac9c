"""What every pair check sees: the ``Pair`` value, and the text helpers the checks share.

``masked`` blanks out every protected kind (markup placeholders, URLs, e-mail addresses, code
placeholders such as ``%(count)d`` or ``{folder}``; offsets stay valid) so that a check of
numbers, letters or quotes does not look inside them; the spans are ``l10n.inline.protected_spans``
(what ``l10n.translate.protect`` masks around the engine). Part of
``l10n.checks.registry``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.glossary import Glossary, TermRule
from l10n.inline import PLACEHOLDER, protected_spans
from l10n.model import Issue, Severity

__all__ = ["PLACEHOLDER", "Pair", "masked"]


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
        saved: the msgstr as saved when it is not NFC (``target`` is its NFC form), else None.
    """

    source: str
    target: str
    lang: str
    src_lang: str = "en"
    glossary: Glossary | None = None
    path: str = ""
    line: int = 0
    saved: str | None = None

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


def masked(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with its protected spans (``l10n.inline.protected_spans``) and ``extra`` strings blanked."""
    spans = protected_spans(text)
    for term in extra:
        spans += [m.span() for m in re.finditer(re.escape(term), text)] if term else []
    return _blank(text, spans)
