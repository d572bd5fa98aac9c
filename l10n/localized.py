"""One article in one language, as a run publishes it: the facts every build and query reads.

A ``Localized`` is made once per (article, language) and run (``localize``). It holds the
``Document`` (its ``format`` says which builder applies), the language's catalog as a lookup
``(msgctxt, msgid) -> Entry``, the bound ``PublishPolicy``, and computes once, when first asked:

- ``decisions``: each unit's publishing choice (``l10n.publish.policy.decide``), with the
  machine fault or broken-token error that sent a translation back to English;
- for Markdown articles, ``source``: the source parsed by markdown-it (tokens and ``env``),
  and ``md_units``: the units after the re-parse safeguard (``l10n.publish.markdown.settle_units``).

Everything else is derived from those: ``choices`` (what the builds show), ``completion``,
``fallback_percent``, ``publishable``, ``withheld`` and ``broken`` warnings. The builders
(``l10n.publish.pages``) take a ``Localized``; ``status``, the review queue, ``check`` and the
review page can read the same value instead of recomputing. No I/O.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from l10n.locale import sentence_joiner
from l10n.model import Document, Entry, Issue, Segment
from l10n.publish.policy import (
    DEFAULT_POLICY,
    Choice,
    Decision,
    Entries,
    PublishPolicy,
    completion_of,
    decide,
    fallback_of,
    reaches,
    withheld_of,
)

if TYPE_CHECKING:  # l10n.publish.markdown (markdown-it, html5lib) is imported for Markdown articles only
    from l10n.publish.markdown import MdUnit, SourceParse

__all__ = ["Localized", "localize"]


class Localized:
    """One article in one language (see the module docstring); facts computed once, on first use.

    Attributes:
        doc: the article.
        entries: ``(msgctxt, msgid) -> Entry`` of the language's catalog.
        lang: BCP 47 tag of the target language.
        policy: what may be shown, as given (``localize`` binds it to ``lang``).
    """

    def __init__(self, doc: Document, entries: Entries, lang: str, policy: PublishPolicy = DEFAULT_POLICY):
        self.doc = doc
        self.entries = entries
        self.lang = lang
        self.policy = policy

    def entry(self, seg: Segment) -> Entry | None:
        """The catalog entry of ``seg`` (by msgctxt and msgid), None if absent."""
        return self.entries.get((seg.context, seg.text))

    @cached_property
    def joiner(self) -> str:
        """The sentence joiner of ``lang`` (``l10n.locale.sentence_joiner``).

        Raises:
            ConfigError: ``lang`` is not a CLDR locale.
        """
        return sentence_joiner(self.lang)

    @cached_property
    def decisions(self) -> tuple[Decision, ...]:
        """Each unit's publishing choice, made once (``l10n.publish.policy.decide``)."""
        return tuple(decide(self.doc, self.entries, self.policy))

    @cached_property
    def source(self) -> SourceParse:
        """Markdown articles: the source parsed once (parser, ``env``, tokens or None)."""
        from l10n.publish.markdown import parse_source

        return parse_source(self.doc)

    @cached_property
    def md_units(self) -> list[MdUnit]:
        """Markdown articles: the units after the re-parse safeguard, settled once."""
        from l10n.publish.markdown import settle_units

        return settle_units(self.doc, self.decisions, self.joiner, lambda: self.source)

    @property
    def choices(self) -> list[Choice]:
        """The choice per unit as the builds show it (for Markdown: after the safeguard).

        Completion and fallback count ``decisions``' choices, not these (as before the
        safeguard existed, a unit it sends back to English still counts).
        """
        if self.doc.format == "markdown":
            return [u.choice for u in self.md_units]
        return [d.choice for d in self.decisions]

    def completion(self) -> float:
        """``l10n.publish.policy.completion`` of the article in this language."""
        return completion_of(self.doc, [d.choice for d in self.decisions], self.policy)

    def fallback_percent(self) -> float:
        """``l10n.publish.policy.fallback_percent`` of the article in this language."""
        return fallback_of(self.doc, [d.choice for d in self.decisions])

    def publishable(self) -> bool:
        """``l10n.publish.policy.publishable``: ``completion`` reaches ``policy.min_complete``."""
        return self.policy.min_complete <= 0.0 or reaches(self.completion(), self.policy)

    def withheld(self) -> list[Issue]:
        """``l10n.publish.policy.withheld_units``: one ``mt-withheld`` warning per withheld unit."""
        return withheld_of(self.doc, self.decisions)

    def broken(self) -> list[Issue]:
        """``l10n.publish.pages.broken_units``: translations a build replaces by the source."""
        if self.doc.format == "markdown":
            from l10n.publish.markdown import broken_of

            return broken_of(self.doc, self.md_units, self.decisions)
        if self.doc.format == "html":  # every unit sent back to English, machine faults included
            return [
                Issue(
                    self.doc.path,
                    seg.line,
                    "warning",
                    "placeholder-broken",
                    f"{d.error}; English shown: {seg.text!r}",
                )
                for seg, d in zip(self.doc.segments, self.decisions, strict=True)
                if d.error
            ]
        return []


def localize(doc: Document, entries: Entries, lang: str, policy: PublishPolicy = DEFAULT_POLICY) -> Localized:
    """Return the ``Localized`` of ``doc`` in ``lang``, ``policy`` bound to ``lang`` unless bound already.

    Raises nothing itself; ``Localized.joiner`` raises ``ConfigError`` for a bad ``lang`` when used.
    """
    return Localized(doc, entries, lang, policy if policy.lang is not None else policy.for_language(lang))
