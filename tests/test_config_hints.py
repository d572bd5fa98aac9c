"""A near-miss in the config file gets a "did you mean" (issue 21): a language tag CLDR does
not know wherever the config names a language, and an unknown key of any section. One line
naming the file and the key's line, exit 2, as on the command line (``--lang vn``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app
from l10n.config import load_config
from l10n.config_sections import tag_hint
from l10n.errors import ConfigError


def error_of(root: Path, name: str, text: str) -> str:
    (root / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(root)
    return str(exc.value)


@pytest.mark.parametrize(
    ("tag", "hint"),
    [
        ("vn", " (did you mean 'vi'?)"),  # a region code: the language CLDR gives the region
        ("VN", " (did you mean 'vi'?)"),
        ("jp", " (did you mean 'ja'?)"),
        ("vi_VN", " (did you mean 'vi-VN'?)"),  # the gettext form
        ("Vietnamese", " (did you mean 'vi'?)"),  # a language's English name
        ("xx", ""),  # nothing close
    ],
)
def test_tag_hint_suggests_a_valid_tag(tag, hint):
    assert tag_hint(tag) == hint


def test_languages_in_l10n_toml_near_miss_names_file_line_and_tag(tmp_path):
    text = '# project\nsource_language = "en"\nlanguages = ["fr", "vn"]\n'
    assert error_of(tmp_path, "l10n.toml", text) == (
        "l10n.toml:3: languages: unknown language tag 'vn' (not in CLDR) (did you mean 'vi'?)"
    )


def test_languages_in_pyproject_near_miss_names_file_and_line(tmp_path):
    text = '[project]\nname = "x"\n\n[tool.l10n]\nlanguages = ["vn"]\n'
    assert error_of(tmp_path, "pyproject.toml", text) == (
        "pyproject.toml:5: languages: unknown language tag 'vn' (not in CLDR) (did you mean 'vi'?)"
    )


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('source_language = "jp"\nlanguages = ["vi"]\n', "l10n.toml:1: source_language: "),
        ('languages = ["vi"]\n\n[notices.vn]\nunreviewed = "x"\n', "l10n.toml:3: notices.vn: "),
        ('languages = ["vi"]\n[models]\nfr = "a/b"\nvn = "x/y"\n', "l10n.toml:4: models.vn: "),
        (
            'languages = ["vi"]\n[glossary]\nmodel_decides = ["vn"]\n',
            "l10n.toml:3: glossary.model_decides: ",
        ),
    ],
)
def test_every_key_that_names_a_language_gets_the_hint(tmp_path, text, expect):
    message = error_of(tmp_path, "l10n.toml", text)
    meant = "ja" if "jp" in text else "vi"
    tag = "jp" if "jp" in text else "vn"
    assert message == f"{expect}unknown language tag '{tag}' (not in CLDR) (did you mean '{meant}'?)"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('[model]\nvi = "x/y"\n', "l10n.toml:1: model: unknown key (did you mean 'models'?)"),
        ("[adapt]\nmin_pair = 3\n", "l10n.toml:2: adapt.min_pair: unknown key (did you mean 'min_pairs'?)"),
        (
            "[review]\nmax_texts = 3\n",
            "l10n.toml:2: review.max_texts: unknown key (did you mean 'max_text'?)",
        ),
        (
            "[glossary]\ninjects = true\n",
            "l10n.toml:2: glossary.injects: unknown key (did you mean 'inject'?)",
        ),
        (
            '[notices.vi]\nfalback = "x"\n',
            "l10n.toml:2: notices.vi.falback: unknown key (did you mean 'fallback'?)",
        ),
        (
            "[decoding.retry]\nbeam = 2\n",
            "l10n.toml:2: decoding.retry.beam: unknown key (did you mean 'beam_size'?)",
        ),
    ],
)
def test_unknown_key_of_any_section_gets_did_you_mean(tmp_path, text, expect):
    assert error_of(tmp_path, "l10n.toml", text).startswith(expect)


def test_cli_prints_the_config_hint_as_one_line_and_exits_2(tmp_path, monkeypatch):
    (tmp_path / "l10n.toml").write_text('languages = ["vn"]\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"], prog_name="l10n")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: l10n.toml:1: languages: unknown language tag 'vn' (not in CLDR) (did you mean 'vi'?)\n"
    )
    assert result.stdout == ""
