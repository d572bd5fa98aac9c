"""A small hand-written project for the review page's own tests (issue 21): two Markdown
articles and one language's catalogs with an entry of every queue reason."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reviewproject import serving_session

from l10n.config import load_config
from l10n.provenance import format_provenance
from l10n.review.server import ReviewServer
from l10n.review.session import ReviewSession
from l10n.stages.context import Run

COUNCIL = """\
# Council meets

Read the [full council report](https://example.org/r) before the hearing.

The council met on Monday.

The mayor spoke first.
"""
HARBOR = """\
# Harbor fire

The fire started at night.

Firefighters came quickly.
"""
REPORT = "Read the <1>full council report</1> before the hearing."


def header(lang: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: l10n\\n"\n'
        f'"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    )


def machine(msgid: str, msgstr: str, conf: str) -> str:
    """A machine entry: fuzzy, with its provenance line."""
    line = format_provenance(
        "marian", "Helsinki-NLP/opus-mt-en-x", "abc123", msgstr, fields=(("conf", conf),)
    )
    return f'# {line}\n#, fuzzy\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'


def changed(msgid: str, previous: str, human: str, suggestion: str) -> str:
    """A reviewed entry whose source changed: fuzzy, previous msgid, a machine suggestion line."""
    return (
        f'# l10n-mt-suggestion: {suggestion}\n#, fuzzy\n#| msgid "{previous}"\n'
        f'msgid "{msgid}"\nmsgstr "{human}"\n'
    )


def make_page_project(root: Path, lang: str, texts: dict[str, str]) -> Path:
    """Write the project under ``root`` for ``lang``; ``texts`` gives the machine outputs of
    ``report``, ``met``, ``mayor``, ``fire``, ``came`` and the ``suggestion``."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "council.md").write_text(COUNCIL, encoding="utf-8")
    (root / "source" / "harbor.md").write_text(HARBOR, encoding="utf-8")
    (root / "l10n.toml").write_text(f'languages = ["{lang}"]\n', encoding="utf-8")
    po = root / "locales" / lang / "LC_MESSAGES"
    po.mkdir(parents=True)
    council = [
        header(lang),
        machine(REPORT, texts["report"], "0.40"),
        changed(
            "The council met on Monday.", "The council met on Sunday.", texts["met"], texts["suggestion"]
        ),
        machine("The mayor spoke first.", texts["mayor"], "0.30"),
    ]
    harbor = [header(lang), machine("The fire started at night.", texts["fire"], "0.20")]
    harbor.append('msgid "Firefighters came quickly."\nmsgstr ""\n')
    (po / "council.po").write_text("\n".join(council), encoding="utf-8")
    (po / "harbor.po").write_text("\n".join(harbor), encoding="utf-8")
    return root


VI = {
    "report": "Đọc <1>toàn bộ báo cáo</1> trước phiên điều trần.",
    "met": "Hội đồng họp vào Chủ nhật.",
    "suggestion": "Hội đồng họp vào thứ Hai.",
    "mayor": "Thị trưởng phát biểu trước.",
    "fire": "Đám cháy bắt đầu vào ban đêm.",
}
AR = {
    "report": "اقرأ <1>تقرير المجلس الكامل</1> قبل الجلسة.",
    "met": "اجتمع المجلس يوم الأحد.",
    "suggestion": "اجتمع المجلس يوم الاثنين.",
    "mayor": "تحدث العمدة أولاً.",
    "fire": "بدأ الحريق ليلاً.",
}


@contextmanager
def serving_lang(root: Path, lang: str) -> Iterator[ReviewServer]:
    """A review server for ``root``'s ``lang`` catalogs on 127.0.0.1 (a free port), in a thread."""
    cfg = load_config(root)
    with serving_session(ReviewSession(cfg, lang, Run(cfg).documents())) as server:
        yield server
