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
    """The CSS rules for the notice and the marked units, one per line (no final newline).

    Args:
        source_lang: ``lang`` of the fallback spans (escaped here).
        scope: selector prefix of the fallback rule (``"article "`` on the article template's
            pages); the HTML article's own page uses ``""`` and excludes ``<html>`` instead.
    """
    fallback = f'{scope}[lang="{escape(source_lang)}"]:not(.notice)' + ("" if scope else ":not(html)")
    return (
        ".notice { border: 1px solid #c90; background: #fff6d5; padding: .5em 1em; }\n"
        ".mt, .fuzzy { background: #fff6d5; }\n"
        f"{fallback} {{ color: #555; border-bottom: 1px dotted #aaa; }}"
    )
