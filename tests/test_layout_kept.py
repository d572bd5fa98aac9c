"""A catalog keeps the layout it was saved in (issue 19, layout churn).

A catalog saved unwrapped (``msgcat --no-wrap``, Poedit's "don't wrap") goes through
``l10n update`` and comes back unwrapped: the diff is the entry the template changed (and the
header's template date), not every long string re-wrapped. A wrapped one stays wrapped, a new
one is wrapped, and a header whose last field has no ``\\n`` is written back so.
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest
from conftest import FakeEngine, require_gettext
from test_rerun_identical import DEMO, project  # noqa: F401 (the fixture)
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.catalog.catalog import init_translation
from l10n.cli import app

PO = "locales/vi/LC_MESSAGES/russia-nato-tensions.po"
OLD = "Jens Stoltenberg said on Monday."
NEW = "Jens Stoltenberg said on Tuesday."


def run(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture
def translated(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811 (the fixture)
    """The demo project (``test_rerun_identical``'s) translated into vi by a fake engine: a
    wrapped catalog, as we write it."""
    fake = FakeEngine(lambda t: f"VI {t}", model_id="test/fake", revision="0000")
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *_a, **_k: fake)
    run("build", "--lang", "vi")
    return project


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) from ``before`` to ``after``."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""))[2:]
    removed = [d[1:] for d in diff if d.startswith("-")]
    added = [d[1:] for d in diff if d.startswith("+")]
    return removed, added


def update_after_one_change(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Change one sentence of the article, two days later, and run extract and update."""
    source = root / "source" / DEMO.name
    text = source.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    source.write_text(text.replace(OLD, NEW), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_800_000_000 + 2 * 86_400))
    run("extract")
    run("update")


def test_an_unwrapped_catalog_changes_only_in_the_entry_the_template_changed(
    translated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_gettext()
    po = translated / PO
    flat = subprocess.run(["msgcat", "--no-wrap", str(po)], capture_output=True, check=True).stdout.decode()
    assert max(len(line) for line in flat.splitlines()) > 150  # long strings on one line
    po.write_text(flat, encoding="utf-8")
    update_after_one_change(translated, monkeypatch)
    after = po.read_text(encoding="utf-8")
    removed, added = changed_lines(flat, after)
    old_msgid = next(line for line in flat.splitlines() if line.startswith("msgid") and OLD in line)
    new_msgid = old_msgid.replace(OLD, NEW)
    assert len(old_msgid) > 150
    assert removed == ['"POT-Creation-Date: 2027-01-15 08:00+0000\\n"', old_msgid]
    assert added == ['"POT-Creation-Date: 2027-01-17 08:00+0000\\n"', "#| " + old_msgid, new_msgid]


def test_a_wrapped_catalog_stays_wrapped(translated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = translated / PO
    wrapped = po.read_text(encoding="utf-8")
    update_after_one_change(translated, monkeypatch)
    after = po.read_text(encoding="utf-8")
    assert max(len(line) for line in after.splitlines() if not line.startswith("#")) <= 79
    removed, added = changed_lines(wrapped, after)
    assert removed[0] == '"POT-Creation-Date: 2027-01-15 08:00+0000\\n"'
    assert added[0] == '"POT-Creation-Date: 2027-01-17 08:00+0000\\n"'
    assert any("Tuesday" in line for line in added) and any(line.startswith("#| ") for line in added)
    assert len(removed) < 6 and len(added) < 10  # that entry's few lines, not the file


LONG = "A sentence long enough that msgcat wraps it at the page width of seventy-nine columns, surely."
HEADER = 'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Plural-Forms: nplurals=1; plural=0;"\n'
TEXT = f'{HEADER}\nmsgid "{LONG}"\nmsgstr "{LONG.upper()}"\n'


def test_parse_remembers_the_layout_and_copy_and_update_keep_it() -> None:
    cat = pofile.parse(TEXT, "vi.po")
    assert (cat.wrap_width, cat.header_newline) == (0, False)
    assert pofile.render(cat) == TEXT
    assert pofile.render_numbered(cat)[0] == TEXT
    assert pofile.render(cat.copy()) == TEXT
    wrapped = pofile.render(cat, width=79)
    assert 'msgid ""\n"A sentence long enough that' in wrapped  # a given width still wins
    assert max(map(len, wrapped.splitlines())) <= 79
    back = pofile.parse(wrapped, "vi.po")
    assert back.wrap_width is None and pofile.render(back) == wrapped
    template = pofile.parse(
        f'msgid ""\nmsgstr ""\n"Language: \\n"\n\nmsgid "{LONG}"\nmsgstr ""\n\nmsgid "x"\nmsgstr ""\n',
        "t.pot",
    )
    merged = cat.update(template, language="vi", plural_forms="nplurals=1; plural=0;")
    assert merged is not cat and merged.wrap_width == 0
    assert f'msgid "{LONG}"' in pofile.render(merged)
    new = init_translation(template, language="vi", plural_forms="nplurals=1; plural=0;")
    assert new.wrap_width is None and 'msgid ""\n"A sentence' in pofile.render(new)


def test_a_header_without_its_last_newline_round_trips() -> None:
    cat = pofile.parse(
        TEXT.replace(f'msgid "{LONG}"', 'msgid "b"').replace(f'"{LONG.upper()}"', '"B"'), "vi.po"
    )
    assert cat.header_newline is False
    assert pofile.render(cat).endswith('"Plural-Forms: nplurals=1; plural=0;"\n\nmsgid "b"\nmsgstr "B"\n')
    cat.set_header("X-Note", "n")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"\n"X-Note: n"\n' in pofile.render(cat)
    plain = pofile.parse('msgid ""\nmsgstr ""\n"Language: vi\\n"\n', "vi.po")
    assert plain.header_newline is True
    assert pofile.parse('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', "vi.po").header_newline is True
