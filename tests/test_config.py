from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.errors import ConfigError


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def test_pyproject_table_is_read_and_paths_resolved(tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.l10n]\nlanguages = ["vi", "zh-Hans"]\nunit = "paragraph"\n'
        '[tool.l10n.models]\nvi = "some/model"\nfr = { id = "o/m", revision = "abc" }\n'
        "[tool.l10n.decoding]\nbeam_size = 2\n[tool.l10n.publish]\nmin_complete = 50\n",
    )
    cfg = load_config(tmp_path)
    assert cfg.languages == ("vi", "zh-Hans")
    assert cfg.unit == "paragraph"
    assert cfg.source_dir == tmp_path.resolve() / "source"
    assert cfg.models["vi"].id == "some/model"
    assert cfg.models["fr"].revision == "abc"
    assert cfg.decoding.beam_size == 2
    assert cfg.decoding.batch_size == 16
    assert cfg.publish.min_complete == 50.0


def test_l10n_toml_is_read(tmp_path):
    write(tmp_path, "l10n.toml", 'languages = ["fr"]\nwrap = true\n')
    cfg = load_config(tmp_path)
    assert cfg.languages == ("fr",)
    assert cfg.wrap is True
    assert cfg.file == tmp_path.resolve() / "l10n.toml"


def test_both_files_is_an_error_naming_both(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.l10n]\nlanguages = ["vi"]\n')
    write(tmp_path, "l10n.toml", 'languages = ["fr"]\n')
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert "pyproject.toml" in str(exc.value) and "l10n.toml" in str(exc.value)


def test_pyproject_without_l10n_table_falls_back_to_l10n_toml(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path, "l10n.toml", 'languages = ["de"]\n')
    assert load_config(tmp_path).languages == ("de",)


@pytest.mark.parametrize(
    ("body", "key", "line"),
    [
        ('languages = ["vi"]\ncolour = "red"\n', "colour", 2),
        ('languages = ["vi", "xx-Yyyy-ZZZ1"]\n', "languages", 1),
        ('languages = ["vi", "qq"]\n', "languages", 1),
        ('unit = "word"\n', "unit", 1),
        ("wrap = 1\n", "wrap", 1),
        ("\n[decoding]\nbeam_sise = 3\n", "decoding.beam_sise", 3),
        ('[decoding]\nbeam_size = "4"\n', "decoding.beam_size", 2),
        ("[publish]\nmin_complete = 140\n", "publish.min_complete", 2),
        ('engine = "onnx"\n', "engine", 1),
        ("[decoding]\nbeam_size = 0\n", "decoding.beam_size", 2),
        ("[decoding]\nmax_output_ratio = 0.0\n", "decoding.max_output_ratio", 2),
    ],
)
def test_bad_values_name_file_line_and_key(tmp_path, body, key, line):
    write(tmp_path, "l10n.toml", body)
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    text = str(exc.value)
    assert text.startswith(f"l10n.toml:{line}: {key}:"), text


def test_invalid_toml_reports_line(tmp_path):
    write(tmp_path, "l10n.toml", 'languages = ["vi"]\nunit = \n')
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert exc.value.line == 2


def test_no_config_is_an_error_saying_where_to_run(tmp_path):
    with pytest.raises(ConfigError, match="run l10n from the project root"):
        load_config(tmp_path)


def test_defaults_and_canonical_tags(tmp_path):
    write(tmp_path, "l10n.toml", 'languages = ["VI", "zh-hans", "pt-br"]\n')
    cfg = load_config(tmp_path)
    assert cfg.languages == ("vi", "zh-Hans", "pt-BR")
    assert cfg.source_language == "en" and cfg.unit == "sentence" and cfg.glossary is None
    assert cfg.base_url == ""  # relative links: a local build never points off the disk


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('languages = ["en", "vi"]\n', "languages: the source language 'en' cannot also be a target"),
        ('build_dir = "source"\n', "build_dir: overlaps source_dir"),
        ('models_dir = "locales/models"\n', "models_dir: overlaps locales_dir"),
        ('build_dir = "."\n', "build_dir: overlaps"),
        ('glossary = "nope.csv"\n', "glossary: file 'nope.csv' not found"),
        (
            '[tool.l10n]\nlanguages = ["vi"]\n',
            "tool: unknown key (in l10n.toml the keys stand at the top level)",
        ),
    ],
)
def test_bad_project_settings(tmp_path, body, message):
    write(tmp_path, "l10n.toml", body)
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert message in str(exc.value)


def test_repo_demo_config_is_valid():
    cfg = load_config(Path(__file__).resolve().parent.parent)
    assert cfg.languages[0] == "vi"
    assert set(cfg.languages) == {"vi", "fr", "de", "es", "zh-Hans", "ja", "ru"}
