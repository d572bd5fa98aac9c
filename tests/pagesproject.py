"""A small project whose pages show what issue 21 asks of them, shared by ``test_pages_*.py``.

Three languages: ``vi`` machine-translated by ``FakeEngine`` ("[vi] " + text) with its headline
reviewed; ``ar`` reviewed by hand except one sentence (English fallback on an RTL page); ``fr``
configured but never translated (no page shows French text, so none is published). Two
articles: ``harbor.md`` (front matter author and date) and ``quiet.txt`` (translated in no
language but ``vi``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.config import load_config
from l10n.report import PublishOptions, TranslateOptions
from l10n.stages.context import Run
from l10n.stages.extract import extract
from l10n.stages.publish import publish
from l10n.stages.translate import translate
from l10n.stages.update import update

HARBOR = """\
---
title: Ports reopen after the storm
author: Jane Doe
date: 2026-03-01
---

# Ports reopen after the storm

Ships returned to the harbor on Monday. Officials said the worst was over.

Trade groups welcomed the news. Crews worked through the night.
"""
QUIET = "A quiet day\n\nNothing happened in the city today.\n"
ARABIC = "نص عربي مترجم"
LANGS = ("vi", "ar", "fr")
VI = {0: "Các cảng mở cửa trở lại sau bão", 1: "Tàu thuyền đã trở lại cảng vào thứ Hai."}


def make_pages_project(root: Path, monkeypatch: pytest.MonkeyPatch, config: str = "") -> Path:
    """Write the project under ``root`` (``config``: more lines for ``l10n.toml``), translate and
    publish it; returns ``root``. ``build/`` then holds the pages."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "harbor.md").write_text(HARBOR, encoding="utf-8")
    (root / "source" / "quiet.txt").write_text(QUIET, encoding="utf-8")
    (root / "l10n.toml").write_text(
        f"languages = {list(LANGS)!r}\n{config}".replace("'", '"'), encoding="utf-8"
    )
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    run = Run(load_config(root))
    extract(run)
    update(run, list(LANGS))
    translate(run, ["vi"], TranslateOptions())
    _edit(root / "locales/vi/LC_MESSAGES/harbor.po", lambda i, msgid: VI.get(i))
    _edit(root / "locales/ar/LC_MESSAGES/harbor.po", lambda i, msgid: None if i == 3 else f"{ARABIC} {i}.")
    publish(run, list(LANGS), PublishOptions())
    assert not run.report.errors, run.report.errors
    return root


def republish(root: Path) -> Run:
    """Publish ``root`` again (after a config or template change); returns the run (its report)."""
    run = Run(load_config(root))
    publish(run, list(LANGS), PublishOptions())
    return run


def _edit(path: Path, translate_as: object) -> None:
    """Set reviewed translations in the catalog at ``path``: ``translate_as(index, msgid)`` gives
    the msgstr of each active entry, None to leave it as it is."""
    catalog = pofile.parse(path.read_text(encoding="utf-8"), path.name)
    for i, message in enumerate(catalog.active()):
        text = translate_as(i, message.msgid)  # type: ignore[operator]
        if text is not None:
            catalog.set_translation(message.msgid, message.msgctxt, text, fuzzy=False, comment=None)
    path.write_text(pofile.render(catalog), encoding="utf-8")
