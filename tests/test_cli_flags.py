"""``translate`` and ``build`` take one definition of their common flags (``l10n.cli.options``)."""

from __future__ import annotations

import dataclasses

import typer.main

from l10n.cli import app
from l10n.cli.options import TranslateFlags
from l10n.report import TranslateOptions


def _options(name: str) -> dict[str, tuple[tuple[str, ...], str | None]]:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    return {p.name: (tuple(p.opts), getattr(p, "help", None)) for p in command.params}


def test_translate_and_build_share_the_translate_flags() -> None:
    translate, build = _options("translate"), _options("build")
    shared = [f.name for f in dataclasses.fields(TranslateFlags)]
    assert shared == ["model", "engine", "retranslate_machine", "executor", "ray_address", "device"]
    assert set(translate) == {*shared, "articles", "lang", "quiet", "verbose"}
    assert {name: build[name] for name in shared} == {name: translate[name] for name in shared}
    assert build["ray_address"][0] == ("--ray-address",)
    assert build["device"][0] == ("--device",)
    assert {"reviewed_only", "min_complete", "use_fuzzy"} <= set(build)


def test_translate_flags_become_the_stage_options() -> None:
    flags = TranslateFlags(model="m", engine="ctranslate2", retranslate_machine=True, executor="local")
    assert flags.options(["vi"]) == TranslateOptions(
        model="m", engine="ctranslate2", retranslate_machine=True, executor="local", ray_address=None
    )
