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
    assert cfg.decoding.batch_size == 32
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
        ('executor = "spark"\n', "executor", 1),
        ("[ray]\ncpus_per_actor = 0\n", "ray.cpus_per_actor", 2),
        ("[ray]\nactors = -1\n", "ray.actors", 2),
        ("[ray]\nworkers = 2\n", "ray.workers", 2),
        ('[ray]\naddress = "a\\nb"\n', "ray.address", 2),
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
        ('build_dir = "."\n', "build_dir: must name a folder of its own, not the project root"),
        ('models_dir = ".."\n', "models_dir: must name a folder of its own, not the project root or above"),
        ('source_dir = "./"\n', "source_dir: must name a folder of its own"),
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


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # numbers: finite and in range (issue #11 item 8)
        ("[decoding]\nmax_output_ratio = inf\n", "l10n.toml:2: decoding.max_output_ratio: expected a number"),
        ("[decoding]\nmax_output_ratio = nan\n", "l10n.toml:2: decoding.max_output_ratio: expected a number"),
        ("[decoding]\nmax_output_ratio = -inf\n", "decoding.max_output_ratio: expected a number from 0.1"),
        ("[decoding]\nthreads = 100000\n", "l10n.toml:2: decoding.threads: expected a number from 0 to 256"),
        ("[decoding]\nthreads = -1\n", "decoding.threads: expected a number from 0 to 256, got -1"),
        (
            "[decoding]\nbeam_size = 9223372036854775807\n",
            "decoding.beam_size: expected a number from 1 to 64",
        ),
        ("[decoding]\nbatch_size = 0\n", "decoding.batch_size: expected a number from 1 to 1024, got 0"),
        ("[decoding]\nmax_input_tokens = 7\n", "decoding.max_input_tokens: expected a number from 8"),
        (
            "[publish]\nmin_complete = nan\n",
            "l10n.toml:2: publish.min_complete: expected a number from 0 to 100",
        ),
        ("[publish]\nmin_complete = 100.5\n", "publish.min_complete: expected a number from 0 to 100"),
        # URLs: http(s) or empty
        (
            'base_url = "javascript:alert(1)//"\n',
            "l10n.toml:1: base_url: expected an http:// or https:// URL",
        ),
        ('base_url = "data:text/html,x"\n', "base_url: expected an http:// or https:// URL"),
        ('base_url = "//evil.example/"\n', "base_url: expected an http:// or https:// URL"),
        ('base_url = "https:///path"\n', "base_url: expected an http:// or https:// URL with a host"),
        ('base_url = "https://x.org/a\\"b"\n', "base_url: must not contain '\"'"),
        ('base_url = "https://x.org/\\nb"\n', "base_url: contains the control character \\n"),
        # header strings and names: no control characters
        ('project_id = "x\\nLanguage: fr"\n', "l10n.toml:1: project_id: contains the control character \\n"),
        ('project_id = "x\\u0085y"\n', "project_id: contains the control character \\x85"),
        ('project_id = " "\n', "project_id: must not be empty"),
        ('source_dir = "src\\u0000"\n', "source_dir: contains the control character \\x00"),
        ('front_matter_keys = ["title", "a\\tb"]\n', "front_matter_keys: contains the control character \\t"),
        ('[models]\nvi = "org/m\\r"\n', "l10n.toml:2: models.vi: contains the control character \\r"),
        (
            '[models]\nvi = { id = "org/m", revision = "a\\u2028" }\n',
            "models.vi: contains the control character",
        ),
        (
            '[models]\nvi = { id = "org/m", revision = "" }\n',
            "models.vi: revision must be a non-empty string",
        ),
        ('[models]\nvi = { id = "org/m", rev = "x" }\n', "models.vi: unknown key (known: id, revision)"),
    ],
)
def test_hostile_values_are_refused_with_file_line_key(tmp_path, body, message):
    write(tmp_path, "l10n.toml", body)
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert message in str(exc.value)
    assert str(tmp_path) not in str(exc.value)


@pytest.mark.parametrize(
    ("body", "attr", "value"),
    [
        ('base_url = ""\n', "base_url", ""),
        ('base_url = "HTTP://x.org/news/"\n', "base_url", "HTTP://x.org/news/"),
        ('project_id = "Demo 1.0 — ünïcode"\n', "project_id", "Demo 1.0 — ünïcode"),
    ],
)
def test_sensible_values_are_kept(tmp_path, body, attr, value):
    write(tmp_path, "l10n.toml", body)
    assert getattr(load_config(tmp_path), attr) == value


def test_executor_and_ray_options_are_read(tmp_path):
    write(tmp_path, "l10n.toml", 'executor = "ray"\n[ray]\naddress = "10.0.0.1:6379"\nactors = 3\n')
    cfg = load_config(tmp_path)
    assert (cfg.executor, cfg.ray.address, cfg.ray.actors, cfg.ray.cpus_per_actor) == (
        "ray",
        "10.0.0.1:6379",
        3,
        2,
    )
    write(tmp_path, "l10n.toml", "")
    assert load_config(tmp_path).executor == "local"


def test_range_edges_are_accepted(tmp_path):
    write(tmp_path, "l10n.toml", "[decoding]\nthreads = 256\nmax_output_ratio = 0.1\nbeam_size = 64\n")
    cfg = load_config(tmp_path)
    assert (cfg.decoding.threads, cfg.decoding.max_output_ratio, cfg.decoding.beam_size) == (256, 0.1, 64)


def test_toml_syntax_error_names_the_file_relative_to_the_project(tmp_path):
    write(tmp_path, "l10n.toml", 'languages = ["vi"]\nwrap = \n')
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert str(exc.value).startswith("l10n.toml:2: invalid TOML: ")
    assert str(tmp_path) not in str(exc.value)


def test_two_config_files_error_uses_relative_names(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.l10n]\nlanguages = ["vi"]\n')
    write(tmp_path, "l10n.toml", 'languages = ["fr"]\n')
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert str(exc.value) == (
        "l10n.toml: l10n configuration in both pyproject.toml ([tool.l10n]) and l10n.toml: keep one"
    )
