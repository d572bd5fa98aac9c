"""How a page marks its units: the machine/fuzzy/fallback spans and the stylesheet that shows them.

The one home of both, for every article format (``l10n.publish.plaintext``, ``markdown_html``,
``html_article``): a shown machine unit is ``<span class="mt">``, a shown fuzzy unit
``<span class="fuzzy">``, an English fallback unit ``<span lang="en">`` (with ``dir`` when its
direction differs from the page's; no span on the original's own page). Attribute values are
HTML-escaped (``markupsafe.escape``). No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

__all__ = ["Marks", "mark_style"]


@dataclass(frozen=True)
class Marks:
    """How units are marked in HTML (see ``l10n.publish.pages.build_html``).

    Attributes:
        fallback_lang: ``lang`` of the ``<span>`` around English fallback units; None on the
            original's own page (no span).
        joiner: what stands between a translated unit and the next unit of its block.
        fallback_dir: ``dir`` of that ``<span>`` when it differs from the page's, else None.
    """

    fallback_lang: str | None
    joiner: str
    fallback_dir: str | None = None

    def span(self, kind: str, inner: str) -> str:
        """``inner`` (HTML, escaped already) in the span of a unit of choice ``kind``, or as is."""
        if kind == "fallback" and self.fallback_lang:
            direction = f' dir="{escape(self.fallback_dir)}"' if self.fallback_dir else ""
            return f'<span lang="{escape(self.fallback_lang)}"{direction}>{inner}</span>'
        if kind in ("machine", "fuzzy"):
            return f'<span class="{"mt" if kind == "machine" else "fuzzy"}">{inner}</span>'
        return inner


def mark_style(source_lang: str, scope: str = "") -> str:
    """The CSS rules that show the marked units, one per line (no final newline).

    A block (paragraph, heading, list item, cell, quote, caption) that shows machine or fuzzy
    text gets a bar on its inline-start side (``border-inline-start``: a shape, not only a
    colour; solid for machine, dashed for fuzzy), the marked text itself stays as readable as
    the rest; the unreviewed notice at the top of the page (``data-notice="unreviewed"``) says
    what the bar means and carries the same bar. Fallback text (``span[lang=<source_lang>]``) is
    set in the muted text colour without decoration, so it never looks like a link. Colours
    are the page's custom properties (``--mt``, ``--muted``, ``page.css.j2``), light defaults.

    Args:
        source_lang: ``lang`` of the fallback spans (escaped here).
        scope: selector prefix (``"article "`` on the article template's pages, ``""`` on an HTML
            article's own page).
    """
    blocks = ":is(p, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, figcaption, dd)"
    rules = [
        f"{scope}{blocks}:has(.{cls}) "
        f"{{ border-inline-start: .25em {line} var(--mt, #a15c00); padding-inline-start: .6em; }}"
        for cls, line in (("mt", "solid"), ("fuzzy", "dashed"))
    ]
    rules.append('.notice[data-notice="unreviewed"] { border-inline-start: .25em solid var(--mt, #a15c00); }')
    rules.append(f'{scope}span[lang="{escape(source_lang)}"] {{ color: var(--muted, #555); }}')
    return "\n".join(rules)
