"""Every PO construct round-trips: parse then render gives back what GNU msgcat writes.

Oracle: GNU gettext. Catalogs are made here with msgmerge --previous and msgattrib (fuzzy
entries with ``#|``, obsolete entries with ``#~|`` and ``#~ msgctxt``, plural obsolete entries,
every comment kind), normalised with msgcat; ``pofile.render(pofile.parse(...))`` must give
msgcat's bytes exactly.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from conftest import require_gettext

from l10n.catalog import pofile
from l10n.errors import CatalogError

HEADER = """\
# Translation of the demo.
#  indented header comment
#
# , a comma after the space
msgid ""
msgstr ""
"Project-Id-Version: demo 1\\n"
"PO-Revision-Date: 2026-01-02 03:04+0000\\n"
"Last-Translator: A <a@example.com>\\n"
"Language-Team: French\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""

OLD = (
    HEADER
    + """
# translator comment\x20\x20\x20
#  two spaces
#.
#. extracted comment
#: src/a.c:10 src/b.c:20
#, c-format
msgctxt "menu"
msgid "Open %s file"
msgstr "Ouvrir le fichier %s"

#, fuzzy
#| msgctxt "old menu"
#| msgid "Save the whole file now"
msgctxt "menu"
msgid "Save the file"
msgstr "Enregistrer le fichier"

# plural one
msgid "One small headline here"
msgid_plural "Many small headlines here"
msgstr[0] "Un petit titre ici"
msgstr[1] "Des petits titres ici"

msgid "A sentence that the template drops and that is long enough to be wrapped by GNU msgcat."
msgstr "Une phrase que le modèle abandonne et qui est assez longue pour être coupée par msgcat."

#, fuzzy
#| msgid "An entry that was already fuzzy"
msgid "An entry that is already fuzzy"
msgstr "Une entrée déjà floue"

msgid "Apple count"
msgid_plural "Apple counts"
msgstr[0] "Nombre de pommes"
msgstr[1] "Nombres de pommes"

# obsolete with a context
#~ msgctxt "ctx"
#~ msgid "Old line\\n"
#~ "second line"
#~ msgstr "Ancienne ligne\\n"
#~ "seconde ligne"
"""
)

POT = """\
msgid ""
msgstr ""
"Project-Id-Version: demo 1\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#. extracted comment
#: src/a.c:11
#, c-format
msgctxt "menu"
msgid "Open %s file"
msgstr ""

msgctxt "menu"
msgid "Save the files"
msgstr ""

msgid "One small headline"
msgid_plural "Many small headlines"
msgstr[0] ""
msgstr[1] ""

msgid "A sentence the template now has instead"
msgstr ""
"""

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing


def gnu(*args: str | Path) -> bytes:
    return subprocess.run([str(a) for a in args], capture_output=True, check=True).stdout


def round_trip(data: bytes, path: str = "t.po") -> bytes:
    return pofile.render(pofile.parse(pofile.decode(data, path=path), path)).encode("utf-8")


def assert_round_trips(tmp_path: Path, data: bytes) -> None:
    """msgcat leaves ``data`` as it is (the premise), and so do parse + render."""
    path = tmp_path / "normal.po"
    path.write_bytes(data)
    assert gnu("msgcat", path) == data
    ours = round_trip(data)
    assert ours.decode() == data.decode()
    # the catalog read back compares equal to the one it was written from
    assert pofile.parse(ours.decode()).same_content(pofile.parse(data.decode()))


def test_msgmerge_previous_output_round_trips(tmp_path: Path) -> None:
    (tmp_path / "old.po").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.pot").write_text(POT, encoding="utf-8")
    merged = gnu("msgmerge", "--previous", "-q", "-o", "-", tmp_path / "old.po", tmp_path / "new.pot")
    (tmp_path / "merged.po").write_bytes(merged)
    data = gnu("msgcat", tmp_path / "merged.po")
    text = data.decode()
    # the constructs this test is about are there
    for construct in ("#~| msgid", "#| msgctxt", "#~ msgctxt", "#~ msgid_plural", "#~ msgstr[1]"):
        assert construct in text, construct
    assert_round_trips(tmp_path, data)
    again = tmp_path / "again.po"
    again.write_bytes(round_trip(data))
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(again)]).returncode == 0


def test_msgattrib_set_obsolete_output_round_trips(tmp_path: Path) -> None:
    (tmp_path / "old.po").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.pot").write_text(POT, encoding="utf-8")
    merged = gnu(
        "msgmerge",
        "--previous",
        "-q",
        "-o",
        str(tmp_path / "merged.po"),
        tmp_path / "old.po",
        tmp_path / "new.pot",
    )
    assert merged == b""
    # obsolete every fuzzy entry: their "#|" lines become "#~|" lines
    fuzzy = gnu("msgattrib", "--only-fuzzy", "--no-obsolete", tmp_path / "merged.po")
    (tmp_path / "fuzzy.po").write_bytes(fuzzy)
    data = gnu("msgattrib", "--set-obsolete", f"--only-file={tmp_path / 'fuzzy.po'}", tmp_path / "merged.po")
    assert data.count(b"#~| msgid") >= 3
    (tmp_path / "attrib.po").write_bytes(data)
    assert_round_trips(tmp_path, gnu("msgcat", tmp_path / "attrib.po"))
    # and with --no-wrap, which lays strings out differently
    data = gnu("msgcat", "--no-wrap", tmp_path / "attrib.po")
    assert pofile.render(pofile.parse(data.decode()), width=0).encode() == data


def test_obsolete_previous_msgid_survives_a_save() -> None:
    text = HEADER + (
        '\n#, fuzzy\n#~| msgctxt "pc"\n#~| msgid ""\n#~| "Prev\\n"\n#~| "second"\n#~| msgid_plural "Prevs"\n'
        '#~ msgctxt "c"\n#~ msgid "Obs"\n#~ msgid_plural "Obss"\n#~ msgstr[0] "o0"\n#~ msgstr[1] "o1"\n'
    )
    catalog = pofile.parse(text)
    (message,) = catalog.obsolete()
    assert (message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural) == (
        "pc",
        "Prev\nsecond",
        "Prevs",
    )
    assert (message.msgctxt, message.msgstr_plural) == ("c", {0: "o0", 1: "o1"})
    assert pofile.render(catalog) == text


@pytest.mark.parametrize(
    "text",
    [
        HEADER + '\n#. only an extracted comment\n#: a.txt:3\nmsgid "e"\nmsgstr ""\n',
        HEADER + '\n# obsolete comment\n#. extracted\n#: b.txt:2\n#, fuzzy\n#~ msgid "x"\n#~ msgstr "y"\n',
        'msgid "a catalog without a header entry"\nmsgstr "b"\n',
        '# the first entry\'s comment, no header entry\nmsgid "a"\nmsgstr "b"\n',
        'msgid ""\nmsgstr ""\n\nmsgid "an empty header entry"\nmsgstr "b"\n',
        '#, fuzzy\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        '\n#\n#   \nmsgid "a"\nmsgstr "b"\n',
    ],
)
def test_msgcat_stable_constructs_round_trip(tmp_path: Path, text: str) -> None:
    assert_round_trips(tmp_path, text.encode("utf-8"))


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEADER + '\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 20),
        (HEADER + '\n#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 20),
    ],
)
def test_duplicate_obsolete_entries_are_refused_as_gnu_does(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "dup.po"
    path.write_text(text, encoding="utf-8")
    gnu_check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert gnu_check.returncode != 0 and "duplicate message definition" in gnu_check.stderr
    with pytest.raises(CatalogError) as info:
        pofile.parse(text, "dup.po")
    assert (info.value.line, "duplicate message definition" in info.value.message) == (line, True)


_PIECES = ["word", "a", "longer-word", "x/y", "é", "日本語", "\\", '"', "\t", "\n", "%s", "  ", "50%", " "]


def _random_string(rng: random.Random, *, empty: bool = False) -> str:
    if empty and rng.random() < 0.3:
        return ""
    return "".join(rng.choice(_PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(1, 40))) or "x"


def _quoted(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


def _random_catalog(rng: random.Random) -> str:
    """A catalog with random strings and a random mix of every construct (not yet normalised)."""
    out = [HEADER] if rng.random() < 0.9 else []
    seen: set[tuple[str | None, str]] = set()
    for _ in range(rng.randint(1, 8)):
        ctx = rng.choice([None, None, "menu", _random_string(rng)])
        msgid = _random_string(rng)
        if (ctx, msgid) in seen:
            continue
        seen.add((ctx, msgid))
        obsolete = rng.random() < 0.3
        lines: list[str] = []
        if rng.random() < 0.4:
            lines += [("# " + rng.choice(["note", "two  spaces", " lead", "trail  ", "é"])).rstrip("\n")]
        if rng.random() < 0.4:
            lines.append("#. " + rng.choice(["headline", "placeholder <1>: link [", ""]))
        if rng.random() < 0.4:
            lines.append(
                "#: "
                + " ".join(
                    f"src/f{rng.randint(0, 9)}.txt:{rng.randint(1, 500)}" for _ in range(rng.randint(1, 12))
                )
            )
        fuzzy = rng.random() < 0.4
        if fuzzy:
            lines.append("#, fuzzy")
        k = "#~| " if obsolete else "#| "
        if fuzzy and rng.random() < 0.7:
            if rng.random() < 0.3:
                lines.append(k + "msgctxt " + _quoted(_random_string(rng)))
            lines.append(k + "msgid " + _quoted(_random_string(rng)))
        p = "#~ " if obsolete else ""
        if ctx is not None:
            lines.append(p + "msgctxt " + _quoted(ctx))
        lines.append(p + "msgid " + _quoted(msgid))
        if rng.random() < 0.3:
            lines.append(p + "msgid_plural " + _quoted(_random_string(rng)))
            lines += [p + f"msgstr[{i}] " + _quoted(_random_string(rng, empty=True)) for i in range(2)]
        else:
            lines.append(p + "msgstr " + _quoted(_random_string(rng, empty=True)))
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def test_random_catalogs_normalised_by_msgcat_round_trip(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    path = tmp_path / "r.po"
    compared = 0
    for case in range(50):
        path.write_text(_random_catalog(rng), encoding="utf-8")
        if subprocess.run(["msgcat", "-o", "/dev/null", str(path)], capture_output=True).returncode:
            continue  # e.g. non-ASCII text without a header entry: not a catalog msgcat accepts
        compared += 1
        for width, options in ((pofile.WRAP_WIDTH, ()), (0, ("--no-wrap",))):
            expected = gnu("msgcat", *options, path).decode()
            ours = pofile.render(pofile.parse(expected, "r.po"), width=width)
            assert ours == expected, f"case {case}, width {width}"
    assert compared >= 40
