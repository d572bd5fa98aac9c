"""Tests for l10n.catalog.catalog and l10n.catalog.pofile.

Oracles: GNU gettext (msgfmt, msgmerge, msgunfmt), polib, Babel.
"""

from __future__ import annotations

import dataclasses
import subprocess
import time
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from conftest import require_gettext

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog, init_translation
from l10n.catalog.template import make_template
from l10n.errors import CatalogError
from l10n.model import MT_COMMENT_PREFIX, Document, Placeholder, Segment, Unit

NOW = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)
LATER = datetime(2027, 1, 2, 3, 4, tzinfo=UTC)
VI = {"language": "vi", "plural_forms": "nplurals=1; plural=0;"}
LONG = (
    "Stocks fell 10% on Monday after the announcement of new sanctions against several large "
    "banks and energy companies in the region, traders said."
)

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing


def pot_text(
    doc: Document,
    *,
    project_id: str,
    previous: str | None = None,
    now: datetime | None = None,
    width: int = pofile.WRAP_WIDTH,
) -> str:
    """The template text as ``l10n extract`` writes it: ``previous`` itself when nothing changed."""
    try:
        old = pofile.parse(previous) if previous is not None else None
    except CatalogError:
        old = None
    template = make_template(doc, project_id=project_id, previous=old, now=now)
    return previous if old is not None and template is old else pofile.render(template, width=width)  # type: ignore[return-value]


def merge_text(
    pot: str, po: str | None, *, language: str, plural_forms: str, now: datetime | None = None
) -> str:
    """The catalog text as ``l10n update`` writes it: ``po`` itself when nothing changed."""
    template = pofile.parse(pot, "x.pot")
    if po is None:
        return pofile.render(
            init_translation(template, language=language, plural_forms=plural_forms, now=now)
        )
    old = pofile.parse(po, "x.po")
    new = old.update(template, language=language, plural_forms=plural_forms, now=now)
    return po if new is old else pofile.render(new)


def doc_of(*specs: tuple) -> Document:
    """A Document from (text, line, role[, context[, placeholders]]) tuples."""
    segments = []
    for i, spec in enumerate(specs):
        text, line, role, *rest = spec
        context = rest[0] if rest else None
        placeholders = rest[1] if len(rest) > 1 else ()
        segments.append(Segment(text, text, line, i, role, context, placeholders))
    return Document("source/x.txt", "x", tuple(Unit(i) for i in range(len(segments))), tuple(segments))


DOC = doc_of(
    ("Russia and NATO: tensions rise", 1, "headline"),
    (LONG, 3, "paragraph"),
    ("Reuters", 5, "credit"),
    ("Reuters", 9, "caption"),
    (
        "Read <1>more</1> here.",
        11,
        "paragraph",
        None,
        (Placeholder("<1>", "[", "link"), Placeholder("</1>", "](https://example.com/a)", "link")),
    ),
    ('He said "no"\tand a back\\slash.', 12, "paragraph", "second"),
    ("Reuters", 14, "paragraph", "second"),
)


def msgfmt_check(path: Path) -> None:
    """msgfmt -c --check-format accepts the file with exit 0 and nothing on stderr."""
    proc = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def unlined(entries: list) -> list:
    """Entries without their line numbers (which depend on wrapping)."""
    return [dataclasses.replace(e, line=0) for e in entries]


def states(text: str) -> dict[tuple[str | None, str], str]:
    return {(e.msgctxt, e.msgid): e.state for e in pofile.parse(text, "t.po").entries(include_obsolete=True)}


def msgunfmt(tmp_path: Path, mo: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(mo)
    return subprocess.run(["msgunfmt", str(path)], capture_output=True, text=True, check=True).stdout


# --------------------------------------------------------------------------------------------- template


def test_template_entries_comments_and_references(tmp_path: Path) -> None:
    pot = pot_text(DOC, project_id="demo 1", now=NOW)
    po = polib.pofile(pot)
    assert [(e.msgctxt, e.msgid) for e in po] == [
        (None, "Russia and NATO: tensions rise"),
        (None, LONG),
        (None, "Reuters"),
        (None, "Read <1>more</1> here."),
        ("second", 'He said "no"\tand a back\\slash.'),
        ("second", "Reuters"),
    ]
    reuters = po[2]
    assert reuters.occurrences == [("source/x.txt", "5"), ("source/x.txt", "9")]
    assert reuters.comment == "credit, caption"
    assert po[3].comment.split("\n") == [
        "paragraph",
        "placeholder <1>: link [",
        "placeholder </1>: link ](https://example.com/a)",
    ]
    assert all(e.flags == [] and e.msgstr == "" for e in po)
    assert "-format" not in pot
    meta = po.metadata
    assert meta["Project-Id-Version"] == "demo 1"
    assert meta["POT-Creation-Date"] == "2026-11-29 14:00+0000"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["X-Generator"].startswith("l10n ")
    assert max(len(line) for line in pot.splitlines()) <= pofile.WRAP_WIDTH
    msgfmt_check(write(tmp_path, "x.pot", pot))
    babel_cat = read_po(StringIO(pot))
    assert babel_cat.get("Reuters", context="second") is not None
    assert babel_cat.get(LONG).locations == [("source/x.txt", 3)]


def test_template_is_stable_when_entries_are_unchanged() -> None:
    first = pot_text(DOC, project_id="demo", now=NOW)
    assert pot_text(DOC, project_id="demo", previous=first, now=LATER) is first
    changed = doc_of(("Russia and NATO: tensions rise", 2, "headline"))
    second = pot_text(changed, project_id="demo", previous=first, now=LATER)
    assert "POT-Creation-Date: 2027-01-02 03:04+0000" in second
    # an editor's rewrap of an unchanged template is kept too
    rewrapped = pot_text(DOC, project_id="demo", now=NOW, width=0)
    assert rewrapped != first
    assert pot_text(DOC, project_id="demo", previous=rewrapped, now=LATER) is rewrapped


def test_line_separator_characters_survive(tmp_path: Path) -> None:
    text = "First\u2028second\x85third\x0cfourth \u2029 end."
    pot = pot_text(doc_of((text, 1, "paragraph")), project_id="demo", now=NOW)
    po = merge_text(pot, None, now=NOW, **VI)
    cat = pofile.parse(po, "vi.po")
    assert [e.msgid for e in cat.entries()] == [text]
    cat.set_translation(text, None, "Một\u2028hai.", fuzzy=False, comment=None)
    dumped = pofile.render(cat)
    assert [e.msgstr for e in pofile.parse(dumped, "vi.po").entries()] == ["Một\u2028hai."]
    msgfmt_check(write(tmp_path, "vi.po", dumped))
    assert merge_text(pot, dumped, now=LATER, **VI) is dumped


def test_no_wrap_writes_one_line_per_string() -> None:
    pot = pot_text(DOC, project_id="demo", now=NOW, width=0)
    assert f'msgid "{LONG}"' in pot.splitlines()


# --------------------------------------------------------------------------------------------- merge


def test_new_po_from_template(tmp_path: Path) -> None:
    pot = pot_text(DOC, project_id="demo", now=NOW)
    po = merge_text(pot, None, language="zh_Hans", plural_forms="nplurals=1; plural=0;", now=LATER)
    cat = pofile.parse(po, "zh.po")
    assert cat.header["Language"] == "zh_Hans"
    assert cat.header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert cat.header["PO-Revision-Date"] == "2027-01-02 03:04+0000"
    assert cat.header["POT-Creation-Date"] == "2026-11-29 14:00+0000"
    assert [e.state for e in cat.entries()] == ["untranslated"] * 6
    msgfmt_check(write(tmp_path, "zh.po", po))
    assert merge_text(pot, po, language="zh_Hans", plural_forms="nplurals=1; plural=0;", now=NOW) is po


def translated_po() -> tuple[str, str]:
    """A template and a PO with translations, comments, an MT entry and an obsolete entry."""
    pot = pot_text(DOC, project_id="demo", now=NOW)
    cat = pofile.parse(merge_text(pot, None, now=NOW, **VI), "vi.po")
    cat.set_translation(
        "Russia and NATO: tensions rise", None, "Nga và NATO: căng thẳng gia tăng", fuzzy=False, comment=None
    )
    cat.set_translation(
        LONG,
        None,
        "Cổ phiếu giảm 10% vào thứ Hai.",
        fuzzy=True,
        comment=f"{MT_COMMENT_PREFIX} m x@1 sha1:0a1b2c3d",
    )
    cat.set_translation("Reuters", None, "Reuters", fuzzy=False, comment=None)
    return pot, pofile.render(cat)


def test_merge_keeps_translations_and_fuzzy_matches_changes(tmp_path: Path) -> None:
    _, po = translated_po()
    po = po.replace("#. credit, caption", "# Checked by Lan.\n#. credit, caption")
    po += '\n#~ msgid "An old sentence."\n#~ msgstr "Một câu cũ."\n'
    changed = doc_of(
        ("Russia and NATO: tensions rise sharply", 1, "headline"),
        (LONG, 4, "paragraph"),
        ("Reuters", 6, "credit"),
        ("A completely new sentence about something else.", 8, "paragraph"),
    )
    pot2 = pot_text(changed, project_id="demo", now=LATER)
    merged = merge_text(pot2, po, now=LATER, **VI)
    cat = pofile.parse(merged, "vi.po")
    by_id = {e.msgid: e for e in cat.entries(include_obsolete=True)}
    head = by_id["Russia and NATO: tensions rise sharply"]
    assert (head.fuzzy, head.msgstr, head.previous_msgid) == (
        True,
        "Nga và NATO: căng thẳng gia tăng",
        "Russia and NATO: tensions rise",
    )
    assert head.state == "fuzzy"
    mt = by_id[LONG]
    assert mt.state == "machine" and mt.tcomment.startswith(MT_COMMENT_PREFIX)
    assert by_id["Reuters"].state == "reviewed" and by_id["Reuters"].tcomment == "Checked by Lan."
    assert by_id["A completely new sentence about something else."].state == "untranslated"
    assert by_id["An old sentence."].state == "obsolete"
    assert cat.header["POT-Creation-Date"] == "2027-01-02 03:04+0000"
    # references come from the new template
    assert "#: source/x.txt:4\n" in merged and "#: source/x.txt:6\n" in merged
    path = write(tmp_path, "vi.po", merged)
    msgfmt_check(path)
    assert read_po(StringIO(merged)).get(LONG).fuzzy
    # merging again is byte-identical
    assert merge_text(pot2, merged, now=NOW, **VI) is merged


def test_merge_agrees_with_msgmerge(tmp_path: Path) -> None:
    _, po = translated_po()
    po += '\n#~ msgid "Reuters reports."\n#~ msgstr "Reuters đưa tin."\n'
    changed = doc_of(
        ("Russia and NATO: tensions rise again", 1, "headline"),
        ("Reuters reports.", 2, "credit"),
        ("Totally unrelated words in this line.", 4, "paragraph"),
        ('He said "no"\tand a back\\slash.', 5, "paragraph", "second"),
    )
    pot2 = pot_text(changed, project_id="demo", now=LATER)
    ours = merge_text(pot2, po, now=LATER, **VI)
    old_path, pot_path = write(tmp_path, "old.po", po), write(tmp_path, "new.pot", pot2)
    gnu = subprocess.run(
        ["msgmerge", "--previous", "-q", "-o", "-", str(old_path), str(pot_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert states(ours) == states(gnu)
    assert states(ours) == {
        (None, "Russia and NATO: tensions rise again"): "fuzzy",
        (None, "Reuters reports."): "reviewed",  # revived from #~
        (None, "Totally unrelated words in this line."): "untranslated",
        ("second", 'He said "no"\tand a back\\slash.'): "untranslated",
        (None, LONG): "obsolete",
        (None, "Reuters"): "obsolete",
    }
    assert {e.previous_msgid for e in pofile.parse(ours, "o").entries()} == {
        e.previous_msgid for e in pofile.parse(gnu, "g").entries()
    }


def test_plural_forms_kept_when_equivalent() -> None:
    pot = pot_text(DOC, project_id="demo", now=NOW)
    po = merge_text(pot, None, language="fr", plural_forms="nplurals=2; plural=(n > 1);", now=NOW)
    edited = po.replace("plural=(n > 1);", "plural=n>1;")
    assert merge_text(pot, edited, language="fr", plural_forms="nplurals=2; plural=(n > 1);") is edited
    other = merge_text(pot, edited, language="fr", plural_forms="nplurals=2; plural=(n != 1);")
    assert pofile.parse(other, "fr.po").header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    # plural_forms_equivalent itself: tests/test_locale.py


def test_editor_saved_file_with_bom_crlf_and_other_wrapping(tmp_path: Path) -> None:
    pot, po = translated_po()
    cat = pofile.parse(po, "vi.po")
    poedit = "\ufeff" + pofile.render(cat, width=0).replace("\n", "\r\n")
    assert unlined(pofile.parse(poedit, "vi.po").entries()) == unlined(pofile.parse(po, "vi.po").entries())
    assert merge_text(pot, poedit, **VI) is poedit  # nothing changed: the translator's file stays as it is
    changed = pot_text(
        doc_of((LONG, 3, "paragraph"), ("New line.", 5, "paragraph")), project_id="demo", now=LATER
    )
    merged = merge_text(changed, poedit, **VI)
    assert "\r" not in merged and "\ufeff" not in merged
    assert {e.msgid: e.msgstr for e in pofile.parse(merged, "vi.po").entries(include_obsolete=True)} == {
        LONG: "Cổ phiếu giảm 10% vào thứ Hai.",
        "New line.": "",
        "Russia and NATO: tensions rise": "Nga và NATO: căng thẳng gia tăng",
        "Reuters": "Reuters",
    }
    msgfmt_check(write(tmp_path, "vi.po", merged))


def test_merge_is_near_linear_for_large_catalogs() -> None:
    n = 3000
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"]

    def sentence(i: int) -> str:
        return f"Unit {i} says {words[i % 11]} {words[(i * 7) % 11]} number {i * 31 % 997} today."

    doc = doc_of(*[(sentence(i), i + 1, "paragraph") for i in range(n)])
    pot = pot_text(doc, project_id="bench", now=NOW)
    cat = pofile.parse(merge_text(pot, None, now=NOW, **VI), "vi.po")
    for i in range(n):
        cat.set_translation(sentence(i), None, f"Câu {i}", fuzzy=False, comment=None)
    po = pofile.render(cat)
    changed = doc_of(
        *[(sentence(i) + (" Updated." if i % 10 == 0 else ""), i + 1, "paragraph") for i in range(n)]
    )
    pot2 = pot_text(changed, project_id="bench", now=LATER)
    start = time.perf_counter()
    merged = merge_text(pot2, po, **VI)
    elapsed = time.perf_counter() - start
    counts: dict[str, int] = {}
    for state in states(merged).values():
        counts[state] = counts.get(state, 0) + 1
    assert counts == {"reviewed": n - n // 10, "fuzzy": n // 10}
    assert elapsed < 10


# --------------------------------------------------------------------------------------------- Catalog


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', 5, "quoted string"),
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgid "b"\nmsgstr ""\n', 5, "syntax"),
        (
            'msgid "a"\nmsgstr "x"\n\n# c\nmsgid "a"\nmsgstr "y"\n',
            5,
            "duplicate message definition (first defined at line 1)",
        ),
        ('msgid "a"\nmsgstr "x" "y" z\n', 2, "quoted string"),
        ('msgid "a"\nmsgstr "un"quoted"\n', 2, "quoted string"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(CatalogError) as info:
        pofile.parse(text, "locales/vi/x.po")
    assert info.value.line == line
    assert needle in info.value.message
    assert str(info.value).startswith(f"locales/vi/x.po:{line}: ")


def test_entry_lines_point_at_msgid() -> None:
    text = (
        '# head\nmsgid ""\nmsgstr ""\n\n# t\n#. x\n#: a:1\nmsgid "one"\nmsgstr ""\n\n'
        'msgid "two"\nmsgstr ""\n\n#~ msgid "old"\n#~ msgstr "cũ"\n'
    )
    entries = pofile.parse(text, "t.po").entries(include_obsolete=True)
    assert [(e.msgid, e.line) for e in entries] == [("one", 8), ("two", 11), ("old", 14)]


def test_set_translation_replaces_only_provenance() -> None:
    _, po = translated_po()
    cat = pofile.parse(po.replace(f"# {MT_COMMENT_PREFIX}", f"# keep me\n# {MT_COMMENT_PREFIX}"), "vi.po")
    cat.set_translation(
        LONG, None, "Bản dịch mới.", fuzzy=True, comment=f"{MT_COMMENT_PREFIX} m y@2 sha1:ffffffff"
    )
    entry = next(e for e in cat.entries() if e.msgid == LONG)
    assert entry.tcomment == f"keep me\n{MT_COMMENT_PREFIX} m y@2 sha1:ffffffff"
    assert entry.state == "machine"
    cat.set_translation(LONG, None, "Đã duyệt.", fuzzy=False, comment=None)
    entry = next(e for e in pofile.parse(pofile.render(cat), "vi.po").entries() if e.msgid == LONG)
    assert (entry.tcomment, entry.state, entry.msgstr) == ("keep me", "reviewed", "Đã duyệt.")
    with pytest.raises(KeyError):
        cat.set_translation("absent", None, "x", fuzzy=False, comment=None)
    with pytest.raises(KeyError):
        cat.set_translation("Reuters", "no such context", "x", fuzzy=False, comment=None)


def test_decode_handles_bom_and_declared_charset() -> None:
    latin = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "é"\n'
    assert pofile.decode(latin.encode("latin-1")) == latin
    assert pofile.decode(b"\xef\xbb\xbf" + latin.replace("ISO-8859-1", "UTF-8").encode()).startswith("msgid")
    with pytest.raises(CatalogError) as info:
        pofile.decode(
            b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n"\xff"\n', path="a.po"
        )
    assert info.value.line == 4


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


# --------------------------------------------------------------------------------------------- wrapping


def msgcat(tmp_path: Path, text: str, *options: str) -> str:
    """What GNU msgcat writes for ``text`` (the oracle of the writer's layout)."""
    path = write(tmp_path, "in.po", text)
    return subprocess.run(
        ["msgcat", *options, str(path)], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout


WORD_200 = "".join(chr(ord("a") + i % 26) for i in range(200))
HARD = [
    "Quân đội Nga và các nước thành viên NATO đã tiến hành nhiều cuộc tập trận quy mô lớn gần biên giới "
    "chung, làm gia tăng căng thẳng trong khu vực trong những tháng gần đây, các nhà phân tích cho biết.",
    "俄罗斯与北约之间的紧张关系在最近几个月持续升级，双方都在边境附近举行了大规模军事演习，分析人士表示，"
    "这种局势可能会进一步恶化。「北约峰会」将于下月举行（布鲁塞尔）。",
    "ロシアとＮＡＴＯの緊張は高まっている。ー国境付近で大規模な軍事演習が行われ、アナリストによると、状況はさらに悪化する可能性がある。",
    "First line of a caption\nsecond line, which is much longer than the first one and so has to be wrapped "
    "somewhere\n\nlast line\n",
    "A word without any space: " + WORD_200 + " and after it.",
    WORD_200,
    'Tabs\tbetween\tcolumns and "quoted" words with a back\\slash, repeated: ' * 3,
    "https://example.com/news/2026/11/29/russia-nato-tensions-rise-as-both-sides-hold-exercises?id=123",
    "Giá dầu tăng 10% lên 85,5 USD/thùng — mức cao nhất kể từ tháng Ba (theo Reuters) — "
    "trong khi đồng rúp giảm 3,2%…",
]


def hard_po() -> tuple[str, str]:
    """A template and a merged vi PO whose strings need every kind of wrapping."""
    doc = doc_of(
        *[(text, i + 1, "paragraph") for i, text in enumerate(HARD)],
        ("He said.", 20, "paragraph", "a context that is itself long enough to need wrapping, " * 2),
    )
    pot = pot_text(doc, project_id="demo", now=NOW)
    cat = pofile.parse(merge_text(pot, None, now=NOW, **VI), "vi.po")
    for i, text in enumerate(HARD):
        cat.set_translation(text, None, HARD[(i + 1) % len(HARD)], fuzzy=i % 2 == 0, comment=None)
    po = pofile.render(cat)
    po += (
        '\n#, fuzzy\n#| msgid "' + esc(HARD[0][:-1]) + '"\nmsgid "' + esc(HARD[0][:90]) + '"\n'
        'msgid_plural "' + esc(HARD[8]) + '"\nmsgstr[0] "' + esc(HARD[1]) + '"\n'
        '\n#~ msgctxt "old"\n#~ msgid "' + esc(HARD[3]) + '"\n#~ msgstr "' + esc(HARD[2]) + '"\n'
    )
    return pot, pofile.render(pofile.parse(po, "vi.po"))


def test_writer_wraps_as_gnu_msgcat(tmp_path: Path) -> None:
    demo = (Path(__file__).parent.parent / "locales" / "russia-nato-tensions.pot").read_text(encoding="utf-8")
    pot, po = hard_po()
    assert "#~ " in po and "#| msgid" in po and "msgstr[0]" in po and "\\t" in po and '\\"' in po
    for text in (pofile.render(pofile.parse(demo, "demo.pot")), pot, po):
        assert msgcat(tmp_path, text) == text
        cat = pofile.parse(text, "x.po")
        flat = pofile.render(cat, width=0)
        assert msgcat(tmp_path, flat, "--no-wrap") == flat
    msgfmt_check(write(tmp_path, "x.pot", pot))
    merged = merge_text(pot, po, **VI)
    assert msgcat(tmp_path, merged) == merged
    assert merge_text(pot, merged, **VI) is merged


def test_wrapping_breaks_after_spaces_and_counts_columns() -> None:
    text = (
        "He underscored the importance of the Russia-NATO Council as a forum to defuse tensions and "
        "increase predictability."
    )
    pot = pot_text(doc_of((text, 1, "paragraph")), project_id="demo", now=NOW)
    assert (
        'msgid ""\n"He underscored the importance of the Russia-NATO Council as a forum to "\n'
        '"defuse tensions and increase predictability."\n' in pot
    )
    # unit tests of the wrapper itself (columns, escapes, --no-wrap): tests/test_powrap.py


def test_bell_escape_is_read_and_written() -> None:
    text = 'msgid ""\nmsgstr ""\n\nmsgid "a\\ab\\\\a"\nmsgstr "x"\n'
    cat = pofile.parse(text, "t.po")
    assert [e.msgid for e in cat.entries()] == ["a\x07b\\a"]
    assert pofile.render(cat) == text


# --------------------------------------------------------------------------------------------- object API


def test_render_does_not_change_the_catalog() -> None:
    _, po = translated_po()
    cat = pofile.parse(po.replace("charset=UTF-8", "charset=CHARSET"), "vi.po")
    before = (cat.header, [dataclasses.astuple(m) for m in cat.messages])
    text = pofile.render(cat)
    assert "charset=CHARSET" in text  # written as it is: declare_utf8 is the caller's step
    text2, _numbered = pofile.render_numbered(cat)
    assert text2 == text
    assert (cat.header, [dataclasses.astuple(m) for m in cat.messages]) == before
    cat.declare_utf8()
    assert cat.header["Content-Type"] == "text/plain; charset=UTF-8"
    assert pofile.render(cat) == po


def assert_render_numbered_matches_parse(text: str) -> None:
    """``render_numbered`` hands on the catalog ``parse`` would read from what it wrote."""
    cat = pofile.parse(text, "x.po")
    for width in (pofile.WRAP_WIDTH, 0):
        written, numbered = pofile.render_numbered(cat, width=width)
        reread = pofile.parse(written, "x.po")
        assert numbered.entries(include_obsolete=True) == reread.entries(include_obsolete=True)
        assert numbered.header == reread.header and numbered.same_content(reread)
        assert any(e.line > 1 for e in numbered.entries())
    assert cat.entries(include_obsolete=True) == pofile.parse(text, "x.po").entries(include_obsolete=True)


def test_render_numbered_hands_on_the_catalog_parse_would_read() -> None:
    pot, po = translated_po()
    demo = (Path(__file__).resolve().parent.parent / "locales" / "russia-nato-tensions.pot").read_text(
        encoding="utf-8"
    )
    for text in (pot, po, demo):
        assert_render_numbered_matches_parse(text)


def test_update_returns_itself_when_nothing_changes_and_a_new_catalog_otherwise() -> None:
    pot, po = translated_po()
    template, old = pofile.parse(pot, "x.pot"), pofile.parse(po, "vi.po")
    assert old.update(template, **VI) is old
    changed = make_template(
        doc_of(("Russia and NATO: tensions rise again", 1, "headline")), project_id="demo"
    )
    new = old.update(changed, **VI)
    assert new is not old and not new.same_content(old)
    assert [(m.msgid, m.previous_msgid, m.obsolete) for m in new.messages] == [
        ("Russia and NATO: tensions rise again", "Russia and NATO: tensions rise", False),
        (LONG, None, True),
        ("Reuters", None, True),
    ]
    assert pofile.render(old) == po  # the old catalog is not changed by the update
    twin = old.copy()
    twin.set_translation("Reuters", None, "Reuters (AP)", fuzzy=True, comment=None)
    twin.set_header("Language", "vi_VN")
    assert pofile.render(old) == po and not twin.same_content(old)  # a copy shares nothing
    first = init_translation(
        changed, language="ja", plural_forms="nplurals=1; plural=0;", now=NOW, path="ja.po"
    )
    assert (first.path, first.fuzzy, first.header["PO-Revision-Date"]) == (
        "ja.po",
        False,
        "2026-11-29 14:00+0000",
    )
    assert [e.state for e in first.entries()] == ["untranslated"]


def test_make_template_returns_the_previous_template_when_only_its_date_would_change() -> None:
    first = make_template(DOC, project_id="demo", now=NOW)
    assert make_template(DOC, project_id="demo", previous=first, now=LATER) is first
    other = make_template(DOC, project_id="demo 2", previous=first, now=LATER)
    assert other is not first and other.header["POT-Creation-Date"] == "2027-01-02 03:04+0000"
    assert isinstance(first, Catalog) and first.fuzzy
    with pytest.raises(KeyError):
        first.set_translation("not there", None, "x", fuzzy=False, comment=None)
