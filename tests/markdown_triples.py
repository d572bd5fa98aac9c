"""Golden Markdown triples: ``tests/data/markdown/<stem>.md`` + ``<stem>.<lang>.po`` ->
``<stem>.<lang>.expect.md`` and ``<stem>.<lang>.expect.html``.

``tests/test_build_markdown.py`` builds every triple and compares bytes; after a change that
alters these builds on purpose, run ``python tests/markdown_triples.py`` from the repository
root, review ``git diff tests/data/markdown`` and say in the commit message what changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.catalog import pofile
from l10n.formats.markdown.extract import segment_markdown
from l10n.publish.pages import build_html, build_markdown

DATA = Path(__file__).parent / "data" / "markdown"
FRONT_MATTER_KEYS = {"frontmatter": ("title", "summary", "subtitle", "dek", "kicker", "note")}
"""Articles segmented with more front matter keys than ``title``."""


def triples() -> list[tuple[Path, str]]:
    """Every ``(article, lang)`` with a catalog ``<stem>.<lang>.po`` next to the article."""
    out = []
    for po in sorted(DATA.glob("*.po")):
        stem, lang = po.name[: -len(".po")].split(".", 1)
        out.append((DATA / f"{stem}.md", lang))
    return out


def build(article: Path, lang: str) -> tuple[str, str]:
    """The ``.md`` and ``.html`` builds of ``article`` with its ``lang`` catalog."""
    text = article.read_text(encoding="utf-8")
    keys = FRONT_MATTER_KEYS.get(article.stem, ("title",))
    doc, _ = segment_markdown(text, path=f"source/{article.name}", slug=article.stem, front_matter_keys=keys)
    po = DATA / f"{article.stem}.{lang}.po"
    entries = {
        (e.msgctxt, e.msgid): e for e in pofile.parse(po.read_text(encoding="utf-8"), po.name).entries()
    }
    md = build_markdown(doc, entries, lang)
    page = build_html(doc, entries, lang, alternates=["fr"], base_url="https://news.example/")
    return md, page


def expected(article: Path, lang: str, ext: str) -> Path:
    """Where the expected ``ext`` build of ``article`` in ``lang`` is kept."""
    return DATA / f"{article.stem}.{lang}.expect.{ext}"


def main() -> int:
    for article, lang in triples():
        md, page = build(article, lang)
        expected(article, lang, "md").write_bytes(md.encode("utf-8"))
        expected(article, lang, "html").write_bytes(page.encode("utf-8"))
        print(f"wrote {article.stem}.{lang}.expect.md/.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
