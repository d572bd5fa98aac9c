"""The command line itself: usage errors, help, names as printed, status of unstarted catalogs,
and hostile configuration values on every command (in-process, no model is ever loaded)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from l10n.cli import app
from l10n.config import load_config
from l10n.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"


def run(*args: str):
    return CliRunner().invoke(app, list(args), prog_name="l10n")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with the demo article, two languages, cwd set there."""
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "fr"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- usage errors (issue #11 item 17) --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--bogus"], "error: No such option: --bogus"),  # click may add its own close options
        (["status", "--format", "xml"], "error: Invalid value for '--format': 'xml' is not one of"),
        (["check", "--format", "table"], "error: Invalid value for '--format': 'table' is not one of"),
        (["translate", "--engine", "onnx"], "error: Invalid value for '--engine': 'onnx' is not one of"),
        (["models", "convert", "--quantization", "int4"], "'int4' is not one of 'int8', 'int8_float32'"),
        (["update", "--lang"], "error: Option '--lang' requires an argument."),
        (["bogus"], "error: No such command 'bogus'. (try 'l10n --help')"),
        (["models", "bogus"], "error: No such command 'bogus'. (try 'l10n models --help')"),
        (["compile", "--min-complete", "nan"], "'--min-complete': nan is not a percentage from 0 to 100"),
        (["build", "--min-complete", "101"], "'--min-complete': 101.0 is not a percentage from 0 to 100"),
        (["compile", "--min-complete", "inf"], "'--min-complete': inf is not a percentage"),
        (["-q", "models", "list", "extra-arg"], "error: Got unexpected extra argument(s) (extra-arg)"),
    ],
)
def test_usage_error_is_one_line_on_stderr_exit_2(project, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and message in lines[0], lines[0]


def test_usage_error_runs_nothing(project):
    run("build", "--engine", "nope")
    assert not (project / "locales").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["extract"],
        ["update"],
        ["translate"],
        ["compile"],
        ["build"],
        ["status"],
        ["check"],
        ["models", "convert"],
    ],
)
def test_help_metavars_are_readable(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "<list[str]>" not in result.output and "<str>" not in result.output
    assert "<float>" not in result.output
    if command != ["extract"]:
        assert "--lang TAG" in result.output


def test_help_offers_the_choices_of_one_tuple():
    from l10n.mt import ENGINES, QUANTIZATIONS

    env = {"COLUMNS": "200"}
    assert f"<{'|'.join(ENGINES)}>" in CliRunner().invoke(app, ["build", "--help"], env=env).output
    convert_help = CliRunner().invoke(app, ["models", "convert", "--help"], env=env).output
    assert f"<{'|'.join(QUANTIZATIONS)}>" in convert_help
    assert "<table|json>" in CliRunner().invoke(app, ["status", "--help"], env=env).output
    assert "--min-complete PERCENT" in CliRunner().invoke(app, ["compile", "--help"], env=env).output


# ---- context object instead of module state ------------------------------------------------------


def test_quiet_is_per_invocation_before_or_after_the_command(project):
    assert run("-q", "extract").stdout == ""
    assert run("extract").stdout == "templates: 1 unchanged\n"  # quiet did not stick to the process
    assert run("extract", "--quiet").stdout == ""
    assert run("extract").stdout == "templates: 1 unchanged\n"


# ---- names printed and written (issue #11 item 9) --------------------------------------------------


def test_names_print_as_themselves_not_as_markup_or_emoji(project):
    for name in ("a:x:b.txt", "[red]x.txt", "back\\[bold]slash.txt", ":rocket:.txt"):
        shutil.copy(DEMO, project / "source" / name)
    result = run("extract", "-v")
    assert result.exit_code == 0
    for shown in ("a:x:b", "[red]x", "back\\[bold]slash", ":rocket:"):
        assert f"wrote locales/{shown}.pot\n" in result.stdout
    assert "❌" not in result.stdout and "🚀" not in result.stdout
    run("update", "--lang", "vi")
    table = CliRunner().invoke(app, ["status"], env={"COLUMNS": "200"}).stdout
    for shown in ("a:x:b", "[red]x", "back\\[bold]slash", ":rocket:"):
        assert any(line.startswith(f"{shown} ") for line in table.splitlines()), table
    for path in project.joinpath("locales").rglob("*.po*"):
        proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, (path, proc.stderr)


@pytest.mark.parametrize(
    ("name", "shown", "char"),
    [
        ("bad\nname.txt", "source/bad\\nname.txt", "\\n"),
        ("tab\there.txt", "source/tab\\there.txt", "\\t"),
        ("cr\r.txt", "source/cr\\r.txt", "\\r"),
        ("sep\u2028x.txt", "source/sep\\u2028x.txt", "\\u2028"),
        ("del\x7f.txt", "source/del\\x7f.txt", "\\x7f"),
    ],
)
def test_article_name_with_a_control_character_is_refused_others_processed(project, name, shown, char):
    shutil.copy(DEMO, project / "source" / name)
    result = run("extract", "-v")
    assert result.exit_code == 2
    assert f"error: {shown}: article name contains the control character {char}: rename the file" in (
        result.stderr
    )
    assert result.stderr.count("error:") == 1
    assert "wrote locales/russia-nato-tensions.pot" in result.stdout
    assert sorted(p.name for p in (project / "locales").iterdir()) == ["russia-nato-tensions.pot"]


# ---- status (issue #11 items 13 and 14) ------------------------------------------------------------


def test_status_reports_an_unstarted_catalog_as_missing_once_exit_0(project):
    run("extract")
    run("update", "--lang", "vi")
    shutil.copy(DEMO, project / "source" / "second.txt")
    run("extract")
    result = run("status", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # stdout is exactly one JSON document
    rows = {(c["slug"], c["lang"]): c for c in doc["catalogs"]}
    assert {key: c["catalog"] for key, c in rows.items()} == {
        ("russia-nato-tensions", "vi"): "present",
        ("russia-nato-tensions", "fr"): "missing",
        ("second", "vi"): "missing",
        ("second", "fr"): "missing",
    }
    present, missing = rows[("russia-nato-tensions", "vi")], rows[("second", "fr")]
    assert missing["units"] == present["units"]  # all of it untranslated, like a fresh catalog
    assert missing["words"]["untranslated"] == present["words"]["untranslated"] > 0
    assert missing["percent_complete"] == 0.0 and missing["source_changed"] is False
    assert "error" not in result.stderr

    table = CliRunner().invoke(app, ["status"], env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert table.stdout.count("no catalog yet: run l10n update") == 3
    assert table.stderr == ""


def test_status_json_stdout_is_json_only_even_with_warnings(project):
    (project / "source" / "notes.md").write_text("# Title\n\n<div>\n\nText *a [b* c](x)\n", encoding="utf-8")
    run("extract")
    result = run("status", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert {c["catalog"] for c in doc["catalogs"]} == {"missing"}
    assert len(doc["catalogs"]) == 4


def test_status_of_a_malformed_catalog_is_still_an_error(project):
    run("extract")
    run("update", "--lang", "vi")
    po = project / "locales" / "vi" / "LC_MESSAGES" / "russia-nato-tensions.po"
    po.write_text('msgid "x"\nmsgstr \n', encoding="utf-8")
    result = run("status", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.count("error: locales/vi/LC_MESSAGES/russia-nato-tensions.po:") == 1
    assert [c["catalog"] for c in json.loads(result.stdout)["catalogs"]] == ["missing"]


# ---- project-relative paths (issue #11 item 6) ---------------------------------------------------


def test_toml_syntax_error_message_is_project_relative(project):
    (project / "l10n.toml").write_text('languages = ["vi"\n', encoding="utf-8")
    result = run("status")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: l10n.toml:")
    assert str(project) not in result.output


def test_two_config_files_message_is_project_relative(project):
    (project / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["vi"]\n', encoding="utf-8")
    result = run("extract")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: l10n.toml: l10n configuration in both pyproject.toml ([tool.l10n]) and l10n.toml: keep one\n"
    )


# ---- every command x every config key x hostile values (issue #11 item 8) -------------------------

COMMANDS = (
    ["extract"],
    ["update"],
    ["translate"],
    ["compile"],
    ["build"],
    ["status"],
    ["status", "--format", "json"],
    ["check"],
    ["models", "list"],
    ["models", "pull"],
    ["models", "convert"],
)

HOSTILE = (
    "inf",
    "nan",
    "-1",
    "9223372036854775807",
    "1e308",
    '"x\\u0000y"',
    '"a\\nb: c"',
    '"javascript:alert(1)//"',
    '""',
    '"."',
    '"../.."',
    "[]",
    "[1, 2]",
    '["x\\ny"]',
    "{}",
    "{ id = 3 }",
    "true",
)

TOP_KEYS = (
    "source_language",
    "languages",
    "source_dir",
    "locales_dir",
    "build_dir",
    "models_dir",
    "unit",
    "wrap",
    "front_matter_keys",
    "glossary",
    "engine",
    "executor",
    "project_id",
    "base_url",
    "models",
    "decoding",
    "publish",
    "ray",
    "notices",
    "adapt",
    "review",
)
ADAPT_KEYS = (
    "min_pairs",
    "held_out_share",
    "min_held_out",
    "margin",
    "learning_rate",
    "max_steps",
    "batch_size",
    "eval_every",
    "patience",
    "seed",
)
NESTED_KEYS = (
    "review.max_text",
    "decoding.beam_size",
    "decoding.batch_size",
    "decoding.max_input_tokens",
    "decoding.max_output_ratio",
    "decoding.threads",
    "decoding.no_repeat_ngram_size",
    "decoding.repetition_penalty",
    "decoding.device",
    "decoding.cpu_isa",
    "decoding.retry.enabled",
    "decoding.retry.beam_size",
    "decoding.retry.no_repeat_ngram_size",
    "decoding.retry.repetition_penalty",
    "publish.include_machine",
    "publish.include_fuzzy",
    "publish.min_complete",
    "publish.count_machine",
    "publish.untranslated_pages",
    "notices.vi.unreviewed",
    "ray.address",
    "ray.actors",
    "ray.cpus_per_actor",
    "models.vi",
    "glossary.file",
    "glossary.inject",
    "glossary.model_decides",
    *(f"adapt.{k}" for k in ADAPT_KEYS),
)


NUMERIC_KEYS = {
    k
    for k in NESTED_KEYS
    if k.startswith("decoding.") and k not in ("decoding.retry.enabled", "decoding.cpu_isa")
}
NUMERIC_KEYS |= {"publish.min_complete"}
NUMERIC_KEYS |= {"ray.actors", "ray.cpus_per_actor"}
NUMERIC_KEYS |= {f"adapt.{k}" for k in ADAPT_KEYS}
NUMERIC_KEYS |= {"review.max_text"}
STRING_KEYS = {"source_language", "source_dir", "locales_dir", "build_dir", "models_dir", "unit"}
STRING_KEYS |= {
    "glossary.file",
    "glossary",
    "engine",
    "executor",
    "project_id",
    "base_url",
    "models.vi",
    "ray.address",
}
STRING_KEYS |= {"decoding.cpu_isa"}


def _must_refuse(key: str, value: str) -> bool:
    """Hostile values that must never be accepted, whatever else the validation does."""
    if key in NUMERIC_KEYS:
        return True  # not finite, out of range, or not a number at all
    if key in STRING_KEYS and ("\\u0000" in value or "\\n" in value):
        return True  # control characters
    if key == "base_url" and value.startswith('"javascript'):
        return True
    return key in ("source_dir", "locales_dir", "build_dir", "models_dir") and value in ('"."', '"../.."')


def _config(key: str, value: str) -> str:
    if "." in key:
        table, name = key.rsplit(".", 1)
        return f'languages = ["vi"]\n[{table}]\n{name} = {value}\n'
    return f"{key} = {value}\n"


def test_config_keys_cover_every_key_of_config_py():
    from l10n.config import _SCALARS, Publish
    from l10n.config_sections import AdaptOptions, ReviewOptions
    from l10n.mt import DecodingOptions, RetryOptions
    from l10n.translate.executor import RayOptions

    assert set(TOP_KEYS) == set(_SCALARS)
    fields = {f"decoding.{n}" for n in DecodingOptions.__dataclass_fields__ if n != "retry"}
    fields |= {f"decoding.retry.{n}" for n in RetryOptions.__dataclass_fields__}
    fields |= {f"publish.{n}" for n in Publish.__dataclass_fields__}
    fields |= {f"ray.{n}" for n in RayOptions.__dataclass_fields__}
    fields |= {f"adapt.{n}" for n in AdaptOptions.__dataclass_fields__}
    fields |= {f"review.{n}" for n in ReviewOptions.__dataclass_fields__}
    fields |= {f"glossary.{n}" for n in ("file", "inject", "model_decides")}
    assert fields | {"models.vi", "notices.vi.unreviewed"} == set(NESTED_KEYS)


@pytest.mark.parametrize("key", TOP_KEYS + NESTED_KEYS)
def test_hostile_config_value_on_every_command_never_a_traceback(tmp_path, monkeypatch, key):
    monkeypatch.chdir(tmp_path)
    command_tree = typer.main.get_command(app)  # built once: typer rebuilds it on every invoke
    monkeypatch.setattr("typer.testing._get_command", lambda _app: command_tree)
    runner = CliRunner()
    for value in HOSTILE:
        body = _config(key, value)
        (tmp_path / "l10n.toml").write_text(body, encoding="utf-8")
        try:
            load_config(tmp_path)
            refused = False
        except ConfigError:
            refused = True
        assert refused or not _must_refuse(key, value), f"accepted: {body!r}"
        for command in COMMANDS:
            result = runner.invoke(app, command)
            where = f"{body!r} {command}"
            assert "Traceback" not in result.output, where
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                where,
                repr(result.exception),
            )
            if refused:
                assert result.exit_code == 2, where
                assert result.stderr.startswith("error: l10n.toml:"), (where, result.stderr)
                assert len(result.stderr.splitlines()) == 1, where
                assert result.stdout == "", where
            else:  # accepted: nothing to work on here, so a clean error or success
                assert result.exit_code in (0, 1, 2), where
        shutil.rmtree(tmp_path / "locales", ignore_errors=True)
        shutil.rmtree(tmp_path / "build", ignore_errors=True)


# ---- review serves one language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "got"),
    [(["--lang", "vi", "--lang", "fr"], "got 2 (vi, fr)"), (["-l", "fr", "-l", "fr", "-l", "vi"], "got 3")],
)
def test_review_with_more_than_one_lang_is_a_usage_error(project, args, got):
    result = run("review", "--port", "0", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: review takes one --lang, ") and got in lines[0], lines[0]
