"""Markdown nested deeper than markdown-it's limit: every word stays, in the template and the builds."""

from __future__ import annotations

import inspect
import re
import sys

import html5lib
import pytest

from l10n.formats.markdown.extract import segment_markdown
from l10n.formats.markdown.parser import MAX_NESTING
from l10n.model import Entry
from l10n.publish.pages import build_html, build_markdown, build_text


def nested_list(n: int) -> str:
    return "".join("  " * i + f"- item{i} word{i}\n" for i in range(n))


CASES = {
    "list-10": (nested_list(10), None),  # lost its innermost item at markdown-it's default limit
    "list-60": (nested_list(60), 50),  # 120 levels: beyond MAX_NESTING
    "quotes-20": (">" * 20 + " Deep quoted sentence.\n\nAfter the quote.\n", None),
    "quotes-5000": (">" * 5000 + " Very deep sentence.\n\nAfter the quote.\n", 1),
    "quotes-spaced-5000": ("> " * 5000 + "Spaced deep text.\n", 1),
    "list-in-quotes": ("".join(">" * i + f" - quoted item{i}\n" for i in range(1, 30)), None),
    "quotes-in-list": ("".join("  " * i + f"- > listed quote{i}\n" for i in range(80)), 50),
    "deep-then-shallow": ("Intro line.\n\n" + ">" * 150 + " Lost words here.\n>\n> Back at one.\n", 3),
}


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+\d*", text))


@pytest.mark.parametrize("name", CASES)
def test_every_word_reaches_the_template(name: str) -> None:
    text, deep_line = CASES[name]
    doc, issues = segment_markdown(text, path="source/d.md", slug="d")
    assert words(text) <= words(" ".join(s.text for s in doc.segments))
    assert doc.render(lambda s: s.source) == text
    too_deep = [(i.line, i.code) for i in issues if i.code == "markdown-too-deep"]
    assert too_deep == ([] if deep_line is None else [(deep_line, "markdown-too-deep")])
    assert str(issues[0]).startswith(f"source/d.md:{deep_line}: warning:") if issues else deep_line is None


@pytest.mark.parametrize("name", CASES)
def test_every_word_reaches_the_builds(name: str) -> None:
    text, _ = CASES[name]
    doc, _ = segment_markdown(text, path="source/d.md", slug="d")
    identity = {(s.context, s.text): Entry(s.text, s.text) for s in doc.segments}
    page = build_html(doc, identity, "vi", alternates=[], base_url="")
    html5lib.HTMLParser(strict=True).parse(page)
    article = html5lib.parse(page, namespaceHTMLElements=False).find("body/main/article")
    assert words(text) <= words("".join(article.itertext()))
    assert build_markdown(doc, identity, "vi") == text  # msgstr == msgid gives the source back
    assert words(text) <= words(build_text(doc, identity, "vi"))


def test_ten_level_list_keeps_its_innermost_item() -> None:
    doc, issues = segment_markdown(nested_list(10), path="source/d.md", slug="d")
    assert issues == []
    assert [(s.text, s.role, s.line) for s in doc.segments[-2:]] == [
        ("item8 word8", "list-item", 9),
        ("item9 word9", "list-item", 10),
    ]


def test_deep_container_is_one_unit_with_its_markup() -> None:
    doc, _ = segment_markdown(nested_list(60), path="source/d.md", slug="d")
    deep = doc.segments[-1]
    assert MAX_NESTING == 100 and deep.line == 50 and deep.role == "list-item"
    assert deep.text.startswith("item49 word49 - item50 word50") and deep.text.endswith("- item59 word59")


def test_recursion_error_keeps_the_article_as_one_unit() -> None:
    text = nested_list(45) + "\nTail paragraph.\n"
    limit = sys.getrecursionlimit()
    # markdown-it recurses per level: a low limit stands in for thousands of levels without one.
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        doc, issues = segment_markdown(text, path="source/r.md", slug="r")
        identity = {(s.context, s.text): Entry(s.text, s.text) for s in doc.segments}
        page = build_html(doc, identity, "vi", alternates=[], base_url="")
    finally:
        sys.setrecursionlimit(limit)
    assert [(i.line, i.code) for i in issues] == [(1, "markdown-too-deep")]
    assert len(doc.segments) == 1 and doc.segments[0].source == text.strip()
    article = html5lib.parse(page, namespaceHTMLElements=False).find("body/main/article")
    assert words(text) <= words("".join(article.itertext()))
