"""Provenance comments wrapped at 78 columns by polib-based editors read back as one line (issue 19).

polib wraps a translator comment longer than 78 columns into several ``#`` lines; before, the
build reported ``flagged: ;``, the review page showed the second half as a translator's note,
and an approval left it in the file as a fake human comment. l10n now reads the continuation
back, writes long provenance lines in that wrapped form itself (never a line over 78
columns), and removes all of it on approval.
"""

from __future__ import annotations

import textwrap

import polib
import pytest

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog, Message
from l10n.provenance import (
    WRAP_COLUMNS,
    format_provenance,
    joined_lines,
    provenance_of,
    without_provenance,
    wrapped_lines,
)

LONG = format_provenance(
    "marian",
    "Helsinki-NLP/opus-mt-en-vi",
    "0123456789abcdef0123456789abcdef01234567",
    "Hội đồng đã phê duyệt 13.000 xe đạp mới.",
    fields=[("src", "fa7ad380"), ("conf", "0.41")],
    notes=["check number-mismatch: number '13,000' missing in translation", "retry failed too"],
)
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'


def _catalog(tcomment: str) -> Catalog:
    message = Message(
        "It approved 13,000 new bikes.",
        "Hội đồng đã phê duyệt 13.000 xe đạp mới.",
        tcomment=tcomment,
        flags=["fuzzy"],
    )
    return Catalog([message], metadata={"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"})


def _through_polib(text: str) -> str:
    """The catalog as a polib-based editor saves it (comments wrapped at 78 columns)."""
    return str(polib.pofile(text))


def test_a_polib_wrapped_provenance_line_reads_back_whole() -> None:
    saved = _through_polib(HEADER + f'# {LONG}\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n')
    comment_lines = [line for line in saved.split("\n") if line.startswith("# ")]
    assert len(comment_lines) >= 3 and all(len(line) <= 78 for line in comment_lines)  # polib wrapped it
    (message,) = pofile.parse(saved, "x.po").active()
    assert message.tcomment == LONG
    prov = provenance_of(message)
    assert prov is not None
    assert prov.notes == ("check number-mismatch: number '13,000' missing in translation", "retry failed too")


def test_a_break_after_a_hyphen_is_joined_without_a_space() -> None:
    # textwrap (polib) also breaks after a hyphen inside a word: "Helsinki-" / "NLP/opus-mt"
    parts = textwrap.wrap(LONG, 78, initial_indent="# ", subsequent_indent="# ", break_long_words=False)
    assert joined_lines([p[2:] for p in parts]) == [LONG]
    narrow = [p[2:] for p in textwrap.wrap("x" * 40 + " " + LONG, 60, initial_indent="# ")]
    assert len(joined_lines(narrow)) > 1  # a narrower wrap than 78 columns is not ours to join


def test_we_never_write_a_provenance_line_over_78_columns() -> None:
    text = pofile.render(_catalog(LONG))
    assert max(len(line) for line in text.split("\n") if line.startswith("#")) <= WRAP_COLUMNS
    comments = [line for line in text.split("\n") if line.startswith("# ")]
    assert len(comments) == 4
    assert [line for line in _through_polib(text).split("\n") if line.startswith("# ")] == comments  # kept
    again = pofile.parse(text, "x.po")
    assert again.same_content(_catalog(LONG))
    assert pofile.render(again) == text


def test_a_line_that_fits_is_written_as_before() -> None:
    short = format_provenance("marian", "m", "r", "x", fields=[("src", "12345678")])
    assert wrapped_lines(short) == [short]
    assert f"# {short}\n" in pofile.render(_catalog(short))
    human = "A note from the desk that is longer than seventy-eight columns, kept on one line."
    assert wrapped_lines(human) == [human]


@pytest.mark.parametrize(
    "after",
    ["Check the figure with the desk.", "ask Minh; he wrote the original", "x" * 80],
)
def test_a_translator_note_after_a_short_provenance_line_stays_a_note(after: str) -> None:
    short = format_provenance("marian", "m", "r", "x")
    assert joined_lines([short, after]) == [short, after]
    assert without_provenance([short, after]) == [after]


def test_approving_removes_every_line_of_a_wrapped_provenance_comment() -> None:
    saved = _through_polib(HEADER + f'# {LONG}\n# Keep the metric units.\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n')
    catalog = pofile.parse(saved, "x.po")
    catalog.set_translation("a", None, "b", fuzzy=False, comment=None)
    assert catalog.active()[0].tcomment == "Keep the metric units."
    # as raw lines too (a reader that does not join, e.g. polib)
    raw = polib.pofile(saved)[0].tcomment.split("\n")
    assert len(raw) > 2
    assert without_provenance(raw) == ["Keep the metric units."]


def test_a_reviewed_entry_lent_to_a_changed_msgid_loses_all_of_its_wrapped_provenance() -> None:
    raw = [p[2:] for p in textwrap.wrap(LONG, 78, initial_indent="# ", subsequent_indent="# ")]
    old = Message("It approved 13,000 new bikes.", "Đã duyệt.", tcomment="\n".join([*raw, "Desk: ok"]))
    catalog = Catalog([old], metadata={"Language": "vi"})
    template = Catalog([Message("It approved 13,000 new bicycles.")])
    (new,) = catalog.update(template, language="vi", plural_forms="nplurals=1; plural=0;").active()
    assert (new.msgstr, new.flags, new.tcomment) == ("Đã duyệt.", ["fuzzy"], "Desk: ok")
