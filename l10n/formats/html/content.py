"""Which elements a text run holds, after the HTML standard's content model.

A text run (what gets cut into sentences) is phrasing content: the standard's list in
"Phrasing content" (HTML Living Standard, 3.2.5.2.5), plus the obsolete inline elements browsers
still render inline (``acronym big blink font nobr strike tt``, section 16) and autonomous custom
elements (a name with ``-``). Everything else is flow content and bounds a run.

Inside a run, an element is either *paired* (its start and end tags become ``<1>…</1>`` and its
text is part of the sentence) or *solo* (one ``<1/>`` standing for the whole element, kept as
written: embedded content such as ``img``/``svg``/``video``, code, form controls, scripts).
"""

from __future__ import annotations

__all__ = ["PAIRED", "PHRASING", "RAW", "SKIPPED", "SOLO", "VOID", "is_phrasing"]

VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen".split()  # noqa: SIM905
)
"""Void elements: no end tag."""

RAW = frozenset({"script", "style"})
"""Raw text elements: content written as is."""

SKIPPED = frozenset(
    "script style pre code kbd samp template svg math textarea iframe noscript".split()  # noqa: SIM905
)
"""Elements kept as written (never translated), with everything inside them."""

PAIRED = frozenset(
    "a abbr acronym b bdi bdo big blink button cite data del dfn em font i ins label mark nobr q s "  # noqa: SIM905
    "small span strike strong sub sup time tt u var".split()
)
"""Phrasing elements whose text belongs to the sentence around them."""

SOLO = frozenset(
    "area audio br canvas code datalist embed iframe img input kbd link map math meta meter noscript "  # noqa: SIM905
    "object output picture progress ruby samp script select slot style svg template textarea "
    "video wbr".split()
)
"""Phrasing elements that stand in a sentence as one placeholder, kept as written."""

PHRASING = PAIRED | SOLO


def is_phrasing(name: str) -> bool:
    """True for an element name that is phrasing content (``PHRASING`` or a custom element)."""
    return name in PHRASING or "-" in name
