"""Conformance: the 90 real article bodies of ``../shared/corpus/html/readability/`` (Mozilla
Readability's test pages) extract, build and keep what they must (issue 20).

Per page: extract succeeds (no refusal); the identity build's visible text equals the source's
(whitespace collapsed; elements l10n adds carry ``data-l10n`` and are left out); a
pseudo-translation (every word wrapped, placeholders kept, reviewed) builds, keeps every absolute
``href``/``src``/``srcset`` byte-identical and every relative one resolving to the same target,
offers every word of the text and of ``alt``/``title`` attributes, and parses with html5lib to the
source's element structure; every page is ``<!DOCTYPE html>`` with ``<meta charset="utf-8">``.
The corpus is found at ``../shared/corpus`` beside the repository (or ``$L10N_CORPUS``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import html5lib
import pytest

from conformance.conftest import CORPUS
from l10n.formats.html import segment_html
from l10n.inline import PLACEHOLDER
from l10n.model import Document, Entry
from l10n.publish.pages import PublishPolicy, build_html

PAGES = sorted((CORPUS / "html" / "readability").glob("*.html"))
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "svg", "math"})
_SKIPPED = _HIDDEN | {"pre", "code", "kbd", "samp", "textarea", "iframe"}
_WORD = re.compile(r"[^\W\d_]\w*")
_LETTER = re.compile(r"[^\W\d_]")
SOURCE_URL = "https://site.example/source/page.html"
PAGE_URL = "https://site.example/build/fr/page.html"


def _tree(text: str):
    return html5lib.parse(text, treebuilder="lxml", namespaceHTMLElements=False).getroot()


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _visible(root, skip: frozenset[str]) -> list[str]:
    """Text of the tree outside ``skip`` elements and elements l10n added, as a list of pieces."""
    out: list[str] = []

    def walk(el) -> None:
        name = _local(el.tag)
        if name in skip or el.get("data-l10n") is not None:
            return
        out.append(el.text or "" if name else "")
        for child in el:
            walk(child)
            out.append(child.tail or "")

    walk(root)
    return out


def _collapse(pieces: list[str]) -> str:
    return " ".join("".join(pieces).replace("\xa0", " ").split())


def _structure(root) -> list[str]:
    """The element names of ``body`` in document order, leaving out what l10n added (an element
    marked ``data-l10n`` and everything inside it: the switcher's list, a notice's text)."""
    body = root.find("body")
    return [_local(el.tag) for el in body.iter() if _local(el.tag) and not _added(el)]


def _added(el) -> bool:
    """Whether l10n added ``el`` to the page: it, or an element around it, is marked ``data-l10n``."""
    return el.get("data-l10n") is not None or any(a.get("data-l10n") is not None for a in el.iterancestors())


def _urls(root) -> list[str]:
    return [  # the switcher's links are l10n's, not the article's
        el.get(a)
        for el in root.iter()
        if isinstance(el.tag, str) and not _added(el)
        for a in ("href", "src", "srcset")
        if el.get(a)
    ]


def _pseudo(text: str) -> str:
    """Every word wrapped in ⟦⟧, placeholder tokens kept."""
    parts = re.split(f"({PLACEHOLDER.pattern})", text)
    return "".join(p if PLACEHOLDER.fullmatch(p) else _WORD.sub(lambda m: f"⟦{m.group()}⟧", p) for p in parts)


def _page(path: Path) -> tuple[str, Document]:
    text = path.read_text(encoding="utf-8")
    doc, _ = segment_html(text, path=f"source/{path.name}", slug=path.stem)
    return text, doc


def _build(doc: Document, lang: str, entries: dict) -> str:  # type: ignore[type-arg]
    return build_html(doc, entries, lang, PublishPolicy(), alternates=[], base_url="")


def _same_target(source: str, built: str) -> bool:
    if source == built:
        return True
    if any(c in source for c in " ,"):  # srcset: compare candidate by candidate
        return [urljoin(SOURCE_URL, u) for u in source.replace(",", " ").split() if "/" in u or "." in u] == [
            urljoin(PAGE_URL, u) for u in built.replace(",", " ").split() if "/" in u or "." in u
        ]
    return urljoin(SOURCE_URL, source) == urljoin(PAGE_URL, built)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_identity_build_keeps_visible_text(path: Path) -> None:
    text, doc = _page(path)
    page = _build(doc, "en", {})
    assert page.startswith("<!DOCTYPE html>\n")
    root = _tree(page)
    assert root.find("head")[0].attrib == {"charset": "utf-8"}
    assert _collapse(_visible(root, _HIDDEN)) == _collapse(_visible(_tree(text), _HIDDEN))


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_pseudo_translation_offers_every_word_and_keeps_structure(path: Path) -> None:
    text, doc = _page(path)
    source = _tree(text)
    offered = {w for s in doc.segments for w in _WORD.findall(PLACEHOLDER.sub(" ", s.text))}
    words = {w for piece in _visible(source, _SKIPPED) for w in _WORD.findall(piece)}  # node by node
    for el in source.iter():
        if isinstance(el.tag, str) and not any(_local(a.tag) in _SKIPPED for a in el.iterancestors()):
            for name in ("alt", "title"):
                words.update(_WORD.findall(el.get(name) or ""))
    unoffered = sorted(words - offered)
    entries = {(s.context, s.text): Entry(msgid=s.text, msgstr=_pseudo(s.text)) for s in doc.segments}
    page = _build(doc, "fr", entries)
    assert page.startswith("<!DOCTYPE html>\n")
    built = _tree(page)
    assert built.find("head")[0].attrib == {"charset": "utf-8"}
    assert _structure(built) == _structure(source)
    pairs = list(zip(_urls(source), _urls(built), strict=True))
    assert [(a, b) for a, b in pairs if not _same_target(a, b)] == []
    assert unoffered == []


def test_counts(capsys: pytest.CaptureFixture[str]) -> None:
    units = alts = offered = 0
    for path in PAGES:
        text, doc = _page(path)
        units += len(doc.segments)
        found = [
            el.get("alt")
            for el in _tree(text).iter()
            if isinstance(el.tag, str) and _LETTER.search(el.get("alt") or "")
        ]
        texts = {s.text for s in doc.segments if s.role == "alt"}
        alts += len(found)
        offered += sum(" ".join(a.split()) in texts for a in found)
    with capsys.disabled():
        print(f"\nreadability corpus: {len(PAGES)} pages, {units} units, alt texts offered {offered}/{alts}")
    assert offered == alts
