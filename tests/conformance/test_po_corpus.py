"""The reader, writer, merge and compiler against real catalogs (``corpus/po``): GNU gettext as oracle.

Moved here from ``test_catalog.py``, ``test_po_roundtrip.py`` and ``test_mofile.py``, whose helpers
they use: they read the shared corpus, which a fresh clone does not have.
"""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from conftest import require_gettext
from test_catalog import (
    assert_render_numbered_matches_parse,
    esc,
    merge_text,
    msgcat,
    msgfmt_check,
    states,
    unlined,
    write,
)
from test_mofile import blocks, compile_mo, msgunfmt
from test_po_roundtrip import assert_round_trips, gnu

from l10n.catalog import mofile, pofile

from .conftest import CORPUS

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing


def test_corpus_parse_dump_reparse_is_lossless(corpus_po: Path, tmp_path: Path) -> None:
    text = corpus_po.read_text(encoding="utf-8")
    cat = pofile.parse(text, str(corpus_po))
    dumped = pofile.render(cat)
    again = pofile.parse(dumped, "again.po").entries(include_obsolete=True)
    assert unlined(again) == unlined(cat.entries(include_obsolete=True))
    assert pofile.parse(dumped, "again.po").header == cat.header
    assert pofile.render(pofile.parse(dumped, "again.po")) == dumped
    oracle, ours = polib.pofile(text), polib.pofile(dumped)

    def key(e: polib.POEntry) -> tuple:
        plural = sorted(e.msgstr_plural.items())
        return (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, plural, e.flags, e.tcomment, e.obsolete)

    assert [key(e) for e in ours] == [key(e) for e in oracle]
    assert [e.occurrences for e in ours] == [e.occurrences for e in oracle]
    msgfmt_check(write(tmp_path, "dumped.po", dumped))
    # babel reads it back with the same messages
    assert {m.id for m in read_po(StringIO(dumped))} == {m.id for m in read_po(StringIO(text))}


def test_corpus_features_are_read() -> None:
    vi = pofile.parse((CORPUS / "po" / "cli-tool.vi.po").read_text(encoding="utf-8"), "cli-tool.vi.po")
    entries = vi.entries(include_obsolete=True)
    first = entries[0]
    assert (first.msgid, first.flags, first.line) == (
        "%s: Invalid argument to --block-list",
        ("c-format",),
        23,
    )
    plural = next(e for e in entries if e.msgid == "%s file\n")
    assert plural.msgstr  # msgstr[0]
    assert vi.header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert sum(e.obsolete for e in entries) == 3
    fr = pofile.parse((CORPUS / "po" / "app-ui.fr.po").read_text(encoding="utf-8"), "app-ui.fr.po")
    assert {e.msgctxt for e in fr.entries()} >= {"shortcut window"}
    multiline = next(e for e in fr.entries() if e.msgid.startswith("Look up details"))
    assert multiline.msgid.endswith("for an IP address.")


def test_corpus_merge_matches_msgmerge(corpus_po: Path, tmp_path: Path) -> None:
    text = corpus_po.read_text(encoding="utf-8")
    babel_cat = read_po(StringIO(text))
    # the template: the catalog's own messages, untranslated, one of them reworded
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    reworded = None
    for m in babel_cat:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            msgid, plural = m.id
        else:
            msgid, plural = m.id, None
        if reworded is None and plural is None and m.string and len(msgid) > 30 and "\n" not in msgid:
            reworded = msgid
            msgid = msgid + " now"
        lines += [f'msgctxt "{esc(m.context)}"'] if m.context else []
        lines += [f'msgid "{esc(msgid)}"']
        lines += [f'msgid_plural "{esc(plural)}"', 'msgstr[0] ""'] if plural else ['msgstr ""']
        lines.append("")
    pot = "\n".join(lines)
    plural_forms = babel_cat.plural_forms if "vi" not in corpus_po.name else "nplurals=1; plural=0;"
    ours = merge_text(pot, text, language=str(babel_cat.locale), plural_forms=plural_forms)
    pot_path = write(tmp_path, "t.pot", pot)
    gnu_text = subprocess.run(
        ["msgmerge", "--previous", "-q", "-o", "-", str(corpus_po), str(pot_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert states(ours) == states(gnu_text)
    assert states(ours)[(None, reworded + " now")] == "fuzzy"
    assert merge_text(pot, ours, language=str(babel_cat.locale), plural_forms=plural_forms) is ours
    before, after = pofile.parse(text, "a").header, pofile.parse(ours, "b").header
    for name in (
        "Last-Translator",
        "Language-Team",
        "PO-Revision-Date",
        "Project-Id-Version",
        "Plural-Forms",
    ):
        assert after[name] == before[name]
    msgfmt_check(write(tmp_path, "merged.po", ours))


def test_corpus_dump_is_msgcat_output(corpus_po: Path, tmp_path: Path) -> None:
    cat = pofile.parse(corpus_po.read_text(encoding="utf-8"), str(corpus_po))
    dumped = pofile.render(cat)
    assert msgcat(tmp_path, dumped) == dumped


def test_corpus_catalogs_round_trip_after_msgcat(corpus_po: Path, tmp_path: Path) -> None:
    assert_round_trips(tmp_path, gnu("msgcat", corpus_po))


def test_render_numbered_hands_on_the_catalog_parse_would_read(corpus_po: Path) -> None:
    assert_render_numbered_matches_parse(corpus_po.read_text(encoding="utf-8"))


@pytest.mark.parametrize("use_fuzzy", [False, True])
def test_compile_matches_msgfmt_on_corpus(corpus_po: Path, tmp_path: Path, use_fuzzy: bool) -> None:
    text = corpus_po.read_text(encoding="utf-8")
    ours = compile_mo(text, path=str(corpus_po), use_fuzzy=use_fuzzy)
    gnu_path = tmp_path / "gnu.mo"
    cmd = ["msgfmt", *(["--use-fuzzy"] if use_fuzzy else []), "-o", str(gnu_path), str(corpus_po)]
    subprocess.run(cmd, check=True)
    # msgfmt stores c-format strings with <PRIu64>-style macros in a separate table that msgunfmt
    # prints last, flagged c-format; we store them as plain strings, so compare the messages as a set.
    ours_blocks = blocks(msgunfmt(tmp_path, ours, "ours.mo"))
    gnu_blocks = blocks(msgunfmt(tmp_path, gnu_path.read_bytes(), "gnu2.mo"))
    assert ours_blocks[0] == gnu_blocks[0]  # the header
    assert sorted(ours_blocks) == sorted(gnu_blocks)
    assert len(gnu_blocks) > 20


def test_compile_catalog_equals_compiling_its_rendered_text(corpus_po: Path) -> None:
    catalog = pofile.parse(corpus_po.read_text(encoding="utf-8"), str(corpus_po))
    for fuzzy in (False, True):
        mo = mofile.compile_catalog(catalog, use_fuzzy=fuzzy)
        assert mo == compile_mo(pofile.render(catalog), use_fuzzy=fuzzy)
        assert len(mo) > 100
