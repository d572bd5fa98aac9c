"""The machine-output memory (``locales/<ll>/mt-memory.tmx``) is never emptied (issue 19).

The project (``tmp_path``, made by ``test_edits.project``) is translated by a planted engine into vi and ja.

A CAT tool may save the memory with other language tags (``en-US`` under ``srclang="en"``,
``srclang="*all*"``), units of other languages, or units l10n never wrote: each is read or kept
as it was, never dropped. A memory l10n cannot read is an error naming the file and is left as
it is. Texts XML 1.0 cannot hold as such (a lone carriage return, a vertical tab) round-trip.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from lxml import etree
from test_edits import SENTENCES, run
from test_edits import project as edits_project  # noqa: F401  (the fixture, under this name)

from l10n.catalog.tmx import MachineRecord, parse_tmx, read_tmx, render_tmx

DTD = Path(__file__).parent / "data" / "tmx14.dtd"
HEAD = {"srclang": "en", "tgtlang": "vi", "segtype": "sentence", "tool_version": "9"}


def approve_all(po_path: Path) -> None:
    """Approve every entry as an editor does: fuzzy cleared, text kept (polib saves)."""
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('xml:lang="en"', 'xml:lang="en-US"'),  # a regional tag under srclang="en"
        ('srclang="en"', 'srclang="*all*"'),  # TMX 1.4: any language may be the source
        ('xml:lang="vi"', 'xml:lang="VI-vn"'),  # tags compare case-insensitively
    ],
)
@pytest.mark.usefixtures("edits_project")
def test_a_memory_saved_by_a_cat_tool_is_read_and_kept(tmp_path: Path, old: str, new: str) -> None:
    project = tmp_path
    path = project / "locales" / "vi" / "mt-memory.tmx"
    saved = path.read_text(encoding="utf-8").replace(old, new).replace("\n", "\r\n")
    path.write_bytes(saved.encode("utf-8"))
    approve_all(project / "locales" / "vi" / "LC_MESSAGES" / "a.po")
    result = run("translate")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == saved.encode("utf-8")  # nothing new: the file as the tool saved it
    records = parse_tmx(path.read_bytes(), srclang="en", tgtlang="vi")
    assert sorted(r.msgid for r in records) == sorted(SENTENCES)
    result = run("report", "edits")
    assert result.exit_code == 0, result.output
    assert "no reviewed machine translations yet" not in result.output


@pytest.mark.usefixtures("edits_project")
def test_an_unreadable_memory_is_an_error_naming_it_and_is_not_overwritten(tmp_path: Path) -> None:
    project = tmp_path
    path = project / "locales" / "vi" / "mt-memory.tmx"
    broken = path.read_bytes()[:-40]  # cut short, as by a full disk
    path.write_bytes(broken)
    (project / "locales" / "vi" / "LC_MESSAGES" / "a.po").write_text("", encoding="utf-8")
    run("update")
    result = run("translate")
    assert result.exit_code != 0
    assert "locales/vi/mt-memory.tmx" in result.output and "well-formed" in result.output
    assert path.read_bytes() == broken


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="Other" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en-US" srclang="*all*" datatype="plaintext"/>
<body>
<tu tuid="1" creationdate="20240101T000000Z"><tuv xml:lang="EN-us"><seg>One.</seg></tuv>
 <tuv xml:lang="vi-VN"><seg>Một.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="fr"><seg>Deux.</seg></tuv><tuv xml:lang="de"><seg>Zwei.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="en"><seg>Only a source.</seg></tuv></tu>
<tu tuid="4"><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="vi"><seg>Lặp.</seg></tuv></tu>
<tu tuid="5"><tuv xml:lang="eng"><seg>Not en.</seg></tuv><tuv xml:lang="vi"><seg>Không.</seg></tuv></tu>
<tu tuid="6"><tuv xml:lang="en"><seg>Two en.</seg></tuv><tuv xml:lang="en"><seg>Hai.</seg></tuv>
 <tuv xml:lang="vi"><seg>Hai.</seg></tuv></tu>
<tu tuid="7"><tuv xml:lang="en_GB"><seg>Lift <ph x="1">&lt;b&gt;</ph>up</seg></tuv>
 <tuv xml:lang="vi"><seg>Thang</seg></tuv></tu>
</body></tmx>
"""


def test_units_are_placed_by_language_prefix_and_the_rest_kept_as_they_were() -> None:
    memory = read_tmx(FOREIGN.encode("utf-8"), "m.tmx", srclang="en", tgtlang="vi")
    assert [(r.msgid, r.text) for r in memory.records] == [("One.", "Một."), ("Lift <b>up", "Thang")]
    kept = memory.kept()
    assert [x.split('"')[1] for x in kept] == ["2", "3", "4", "5", "6"]  # tuid: not placed
    new = MachineRecord("New.", None, "Mới.", "marian", "o/m", "r1", 0.7)
    text = render_tmx(
        [*memory.records, new],
        srclang="en",
        tgtlang="vi",
        segtype="sentence",
        tool_version="9",
        previous=memory,
    )
    for xml in [*kept, *memory.original().values()]:
        assert xml in text  # every unit of the file, as it was
    assert etree.DTD(str(DTD)).validate(etree.fromstring(text.encode("utf-8")))
    again = read_tmx(text, srclang="en", tgtlang="vi")
    assert set(again.records) == {*memory.records, new} and again.kept() == kept
    rerun = render_tmx(
        again.records, srclang="en", tgtlang="vi", segtype="sentence", tool_version="9", previous=again
    )
    assert rerun == text  # an unchanged re-run: the same bytes, no duplicate
    assert text.count("<tu ") + text.count("<tu>") == 8  # 7 units read, 1 new


def test_regional_target_tags_and_no_languages() -> None:
    doc = FOREIGN.replace('xml:lang="vi-VN"', 'xml:lang="zh-Hans-CN"')
    records = read_tmx(doc, srclang="en", tgtlang="zh-Hans").records
    assert [(r.msgid, r.text) for r in records] == [("One.", "Một.")]
    assert read_tmx(doc, srclang="en", tgtlang="zh-Hant").records == ()  # kept, not placed
    assert parse_tmx(doc) == []  # srclang="*all*" and no project language: nothing placed


def test_carriage_returns_and_characters_xml_forbids_round_trip() -> None:
    texts = [
        "a\rb",
        "c\r\nd\r",
        "tab\tvt\x0bff\x0c",
        "\x0b",
        "\x01\x1f end",
        "nul-free \ufffe\uffff",
        "\x0b\x0b x",
    ]
    records = [MachineRecord(f"src {t}", None, t, "marian", "o/m", "r", None) for t in texts]
    records.append(MachineRecord("plain", "ctx", "\x0bplain", "marian", "o/m", "", 0.25))
    text = render_tmx(records, **HEAD)
    assert "\r" not in text and "&#13;" in text and "\x0b" not in text
    assert '<seg>tab\tvt<ph type="x-char">U+000B</ph>ff<ph type="x-char">U+000C</ph></seg>' in text
    assert etree.DTD(str(DTD)).validate(etree.fromstring(text.encode("utf-8")))
    back = parse_tmx(text.encode("utf-8"))
    assert sorted(back, key=lambda r: r.msgid) == sorted(records, key=lambda r: r.msgid)
    memory = read_tmx(text)
    assert render_tmx(back, **HEAD, previous=memory) == text


def test_a_placeholder_l10n_did_not_write_is_native_code() -> None:
    doc = FOREIGN.replace(
        '<ph x="1">&lt;b&gt;</ph>', '<ph type="x-char">U+000B</ph><ph type="x-char">nope</ph>'
    )
    records = read_tmx(doc, srclang="en", tgtlang="vi").records
    assert records[1].msgid == "Lift \x0bnopeup"
