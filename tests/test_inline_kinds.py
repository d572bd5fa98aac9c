"""Protected kinds (l10n.inline.PROTECTED_KINDS): found, masked around the engine, restored, checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.checks.registry import check_pair
from l10n.inline import PROTECTED_KINDS, inline_tokens, protected_spans
from l10n.model import Issue
from l10n.provenance import format_provenance, parse_provenance
from l10n.translate.fill import check_notes, translate_catalog
from l10n.translate.protect import mask, unmask

README = Path(__file__).resolve().parent.parent / "README.md"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in inline_tokens(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "%(count)d files were moved to {folder} by %(user)s.",
            [("printf", "%(count)d"), ("brace", "{folder}"), ("printf", "%(user)s")],
        ),
        (
            "Hello {{ name }}, {% if vip %}welcome{% endif %}",
            [
                ("template", "{{ name }}"),
                ("template", "{% if vip %}"),
                ("template", "{% endif %}"),
            ],
        ),
        (
            "%s of %d, %1$s and %2$d; %.2f%% or %5.1f",
            [
                ("printf", "%s"),
                ("printf", "%d"),
                ("printf", "%1$s"),
                ("printf", "%2$d"),
                ("printf", "%.2f"),
                ("printf", "%%"),
                ("printf", "%5.1f"),
            ],
        ),
        (
            "{} and {0} and {n:,.2f} and {user.name} and {x!r}",
            [
                ("brace", "{}"),
                ("brace", "{0}"),
                ("brace", "{n:,.2f}"),
                ("brace", "{user.name}"),
                ("brace", "{x!r}"),
            ],
        ),
        ("echo $HOME and ${user_id}", [("shell", "$HOME"), ("shell", "${user_id}")]),
        ("%lu bytes, %zu items", [("printf", "%lu"), ("printf", "%zu")]),
    ],
)
def test_code_placeholders_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prices fell 50% of the time.",
        "It is 100%.",
        "A 20% discount, 50% off, 50%off, a 5%s gain, 3%-5% growth, 10%, 20%!",
        "Up 5% d",  # "% d": a space, not a conversion
        "It cost $5 million, US$bn 3, A$20.",
        "The sets {1, 2, 3} and { } and {a b}.",
        "Shares rose 4%(estimate) and 7%x.",
        "Rates of ５%s in full width.",
    ],
)
def test_prose_is_not_a_code_placeholder(text: str) -> None:
    assert kinds(text) == []


def test_precedence_earlier_kinds_keep_overlapping_text() -> None:
    # A URL keeps its %20 and {id}; a template is not a brace field; ${x} is shell, not brace.
    assert kinds("https://x.org/{id}?q=a%20s {{x}} ${y}") == [
        ("url", "https://x.org/{id}?q=a%20s"),
        ("template", "{{x}}"),
        ("shell", "${y}"),
    ]
    assert kinds("<1>%s</1> at a@b.org") == [
        ("markup", "<1>"),
        ("printf", "%s"),
        ("markup", "</1>"),
        ("email", "a@b.org"),
    ]


def test_spans_are_masked_and_restored_byte_for_byte() -> None:
    source = "%(count)d files were moved to {folder} by %(user)s, {{ name }}, $x, ${y}, %1$s."
    masked = mask(source)
    assert [s.original for s in masked.spans] == [
        "%(count)d",
        "{folder}",
        "%(user)s",
        "{{ name }}",
        "$x",
        "${y}",
        "%1$s",
    ]
    for ch in "%{}$":
        assert ch not in masked.text
    assert unmask(masked, masked.text).text == source
    # Output with masks in other case, width and spacing keeps every span exactly.
    output = "ZQ1QZ tệp được chuyển tới zq 2 qz bởi ＺＱ３ＱＺ , ZQ4QZ, ZQ5QZ, ZQ6QZ, ZQ7QZ ."
    assert (
        unmask(masked, output).text
        == "%(count)d tệp được chuyển tới {folder} bởi %(user)s, {{ name }}, $x, ${y}, %1$s."
    )


def test_protected_spans_cover_every_kind_once() -> None:
    text = "<1>a</1> https://x.org me@x.org {{ a }} %s $b {c}"
    assert [text[s:e] for s, e in protected_spans(text)] == [
        "<1>",
        "</1>",
        "https://x.org",
        "me@x.org",
        "{{ a }}",
        "%s",
        "$b",
        "{c}",
    ]


SRC = "%(count)d files were moved to {folder} by %(user)s."


def errors(source: str, target: str, lang: str = "vi") -> list[tuple[str, str]]:
    return [
        (i.code, i.message)
        for i in check_pair(source, target, lang=lang)
        if i.code == "code-placeholder-mismatch"
    ]


def test_check_reports_mangled_placeholders() -> None:
    assert errors(SRC, "% (count) d tệp đã được chuyển tới {thư mục} bởi %(user)s.") == [
        ("code-placeholder-mismatch", "placeholder %(count)d missing"),
        ("code-placeholder-mismatch", "placeholder {folder} missing"),
    ]
    assert errors(SRC, "%(count)d tệp đã được chuyển tới {thư_mục} bởi %(user)s.") == [
        ("code-placeholder-mismatch", "placeholder {folder} missing"),
        ("code-placeholder-mismatch", "placeholder {thư_mục} not in source"),
    ]
    issue = check_pair(SRC, "%(count)d tệp tới {thư mục} bởi %(user)s.", lang="vi")[0]
    assert (issue.severity, issue.code) == ("error", "code-placeholder-mismatch")


def test_check_accepts_kept_placeholders_in_any_order_when_named() -> None:
    assert errors(SRC, "%(user)s đã chuyển %(count)d tệp tới {folder}.") == []
    assert errors("Hi {{ name }}!", "Chào {{name}}!") == []  # spaces inside a template tag do not matter
    assert errors("%1$s met %2$s", "%2$s gặp %1$s") == []
    assert errors("$user has ${n} files", "${n} tệp của $user") == []
    assert errors("%d of %s", "%d trong %s") == []


def test_check_reports_positional_order_and_other_kinds() -> None:
    assert errors("%s has %d files", "%d tệp của %s") == [
        ("code-placeholder-mismatch", "positional placeholders %d %s must keep the source order %s %d"),
    ]
    assert errors("{} of {}", "{} của {} {}") == [
        ("code-placeholder-mismatch", "placeholder {} not in source")
    ]
    assert errors("Hi $user", "Chào $người_dùng") == [
        ("code-placeholder-mismatch", "placeholder $user missing"),
        ("code-placeholder-mismatch", "placeholder $người_dùng not in source"),
    ]
    assert errors("Hi {{ name }}", "Chào {{ tên }}") == [
        ("code-placeholder-mismatch", "placeholder {{name}} missing"),
        ("code-placeholder-mismatch", "placeholder {{tên}} not in source"),
    ]
    assert errors("50% of %s", "50% của %") == [("code-placeholder-mismatch", "placeholder %s missing")]


def test_prose_percentages_give_no_placeholder_issue() -> None:
    assert errors("Prices fell 50% of the time, 100%.", "Giá giảm 50% thời gian, 100%.") == []
    assert errors("A 20% discount.", "Giảm giá 20 %.") == []


def test_placeholders_are_not_numbers_or_foreign_letters() -> None:
    # {0} and %1$s hold digits, {folder} Latin letters: neither is read by the number or script checks.
    issues = check_pair("{0} moved to {folder} by %1$s", "{0}被%1$s移到{folder}", lang="zh-Hans")
    assert issues == []


def test_translate_flags_output_with_mangled_placeholders() -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
    catalog = pofile.parse(header + f'msgid "{SRC}"\nmsgstr ""\n', "x.po")
    seen: list[str] = []

    def engine(text: str) -> str:
        seen.append(text)
        return "% (count) d tệp đã được chuyển tới {thư mục} bởi %(user)s."

    def check(source: str, target: str, *, lang: str, glossary: object = None) -> list:
        return check_pair(source, target, lang=lang)

    stats = translate_catalog(catalog, lambda: FakeEngine(engine), lang="vi", check=check)
    assert seen == ["ZQ1QZ files were moved to XQ2QX by JQ3QJ ."] * 2  # distinct masks; first pass and retry
    assert stats.flagged == 1
    (entry,) = catalog.entries()
    assert "code-placeholder-mismatch" in entry.tcomment
    assert "placeholder %(count)d missing" in entry.tcomment


def test_readme_lists_every_protected_kind() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("#### Protected kinds") :]
    for kind in PROTECTED_KINDS:
        assert f"| {kind.name} |" in section, kind.name


# --- markup-added


def markup(source: str, target: str) -> list[tuple[str, str]]:
    return [
        (i.severity, i.message) for i in check_pair(source, target, lang="vi") if i.code == "markup-added"
    ]


@pytest.mark.parametrize(
    ("target", "tags"),
    [
        ("Xin chào <script>alert(1)</script>", ["<script>", "</script>"]),
        ('Xin chào <img src="x" onerror="alert(1)">', ["<img>"]),
        ("Xin chào <img src=x onerror=alert(1)", ["<img>"]),  # left open at the end
        ("Xin <b>chào", ["<b>"]),  # unclosed
        ("Xin chào <!-- hidden -->", ["<!--"]),
        ('Xin <a href="javascript:x">chào</a>', ["<a>", "</a>"]),
        ("Xin chào<br/>", ["<br>"]),
        ("Xin <SVG onload=x>chào", ["<svg>"]),
        ("Xin <svg/onload=alert(1)>chào", ["<svg>"]),  # "/" separates attributes too
        ("Xin <iframe\nsrc=x></iframe>", ["<iframe>", "</iframe>"]),
        ("<!DOCTYPE html><?xml version='1.0'?> chào", ["<!doctype", "<?xml"]),
        ("Xin <![CDATA[x]]> chào", ["<![cdata"]),
    ],
)
def test_markup_added_is_a_warning(target: str, tags: list[str]) -> None:
    assert markup("Hello", target) == [
        ("warning", f"markup {tag} is not in the source (builds show it as text)") for tag in tags
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Hello <1>world</1><2/>", "Xin chào <1>thế giới</1><2/>"),  # our tokens are not markup
        ("Use the <b> tag", "Dùng thẻ <B>"),  # the source has it (case does not matter)
        ("if x < y and y > z", "nếu x < y và y > z"),
        ("3 <4 and a<b", "3 <4 và a<b"),
        ("Arrows <- and ->", "Mũi tên <- và ->"),
    ],
)
def test_no_markup_warning_without_new_tags(source: str, target: str) -> None:
    assert markup(source, target) == []


# --- provenance notes name what failed (issue #12 item 6)


def test_note_names_the_failed_number_and_placeholder() -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
    source = "The city has 2,200,112 people in {district}."
    catalog = pofile.parse(header + f'msgid "{source}"\nmsgstr ""\n', "x.po")

    def check(src: str, target: str, *, lang: str, glossary: object = None) -> list:
        return check_pair(src, target, lang=lang)

    stats = translate_catalog(
        catalog, lambda: FakeEngine(lambda s: "Thành phố có 2.200 người ở {quận}."), lang="vi", check=check
    )
    (entry,) = catalog.entries()
    line = entry.tcomment
    assert "\n" not in line
    parsed = parse_provenance(line)
    assert parsed is not None
    assert parsed.notes == (
        "lost {district}",
        "check code-placeholder-mismatch: placeholder {district} missing / placeholder {quận} not in source",
        "check number-mismatch: number '2,200,112' missing in translation"
        " / number '2.200' is not in the source",
        "retry failed too",  # a lost placeholder is decoded once more; the fake engine repeats itself
    )
    assert stats.issues[0].message == "; ".join(parsed.notes)


def test_note_keeps_semicolons_and_newlines_out_and_counts_the_rest() -> None:
    issues = [
        Issue("", 0, "error", "glossary-dnt", "'A;B' must stay\nas is"),
        *(Issue("", 0, "error", "number-mismatch", f"number '{n}' missing in translation") for n in range(5)),
        Issue("", 0, "error", "number-mismatch", "number '0' missing in translation"),  # a repeat: once
    ]
    notes = check_notes(issues)
    assert notes == [
        "check glossary-dnt: 'A;B' must stay\nas is",
        "check number-mismatch: number '0' missing in translation / number '1' missing in translation"
        " / number '2' missing in translation (+2 more)",
    ]
    line = format_provenance("fake", "m", "r", "x", notes=notes)
    parsed = parse_provenance(line)
    assert parsed is not None
    assert parsed.notes[0] == "check glossary-dnt: 'A,B' must stay as is"
    assert len(parsed.notes) == 2
