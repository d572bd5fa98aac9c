"""Unicode normalization (issue #12 item 8): builds and .mo carry msgstrs in NFC, the .po keeps
what the translator saved, and ``l10n check`` warns ``not-nfc``."""

from __future__ import annotations

import gettext
import subprocess
import unicodedata
from functools import partial
from io import BytesIO
from pathlib import Path

import pytest
from test_build import make_doc

from l10n.catalog import mofile, pofile
from l10n.checks.registry import check_pair
from l10n.model import Entry
from l10n.publish.pages import PublishPolicy, build_html, build_markdown, build_text

NFC_VI = "Tiêu đề tiếng Việt: Hà Nội, Đà Nẵng, người dân ở Huế."
NFD_VI = unicodedata.normalize("NFD", NFC_VI)
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'


def test_the_example_really_is_decomposed() -> None:
    assert NFD_VI != NFC_VI and not unicodedata.is_normalized("NFC", NFD_VI)


HTML = partial(build_html, alternates=[], base_url="")


@pytest.mark.parametrize("build", [build_text, build_markdown, HTML])
def test_builds_show_nfd_msgstrs_in_nfc(build) -> None:
    doc = make_doc()
    entries = {(None, "Headline here"): Entry("Headline here", NFD_VI)}
    out = build(doc, entries, "vi", PublishPolicy())
    assert NFC_VI in out
    assert unicodedata.is_normalized("NFC", out)


def test_mo_stores_msgstrs_in_nfc_and_po_keeps_what_was_saved(tmp_path: Path) -> None:
    # plural translations need a Plural-Forms field (msgfmt -c, and parse, refuse them without)
    plural_forms = '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    po = HEADER.replace('"Language: vi\\n"\n', '"Language: vi\\n"\n' + plural_forms)
    po += f'msgid "Headline here"\nmsgstr "{NFD_VI}"\n\n'
    po += f'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "{unicodedata.normalize("NFD", "tệp")}"\n'
    catalog = pofile.parse(po, "vi.po")
    mo = mofile.compile_catalog(catalog)
    runtime = gettext.GNUTranslations(BytesIO(mo))
    assert runtime.gettext("Headline here") == NFC_VI
    assert runtime.ngettext("file", "files", 1) == "tệp"
    assert pofile.render(catalog).count(NFD_VI) == 1  # the catalog is not changed
    # msgunfmt of ours equals msgunfmt of msgfmt's after NFC, and differs before: only for NFD input.
    (tmp_path / "vi.po").write_text(po, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(tmp_path / "gnu.mo"), str(tmp_path / "vi.po")], check=True)
    (tmp_path / "ours.mo").write_bytes(mo)

    def unfmt(name: str) -> str:
        return subprocess.run(
            ["msgunfmt", str(tmp_path / name)], capture_output=True, text=True, check=True
        ).stdout

    gnu, ours = unfmt("gnu.mo"), unfmt("ours.mo")
    assert gnu != ours
    assert unicodedata.normalize("NFC", gnu) == ours


def test_mo_of_an_nfc_catalog_is_unchanged_bytes() -> None:
    po = HEADER + f'msgid "Headline here"\nmsgstr "{NFC_VI}"\n'
    catalog = pofile.parse(po, "vi.po")
    plain = mofile.compile_messages(
        [
            mofile.Message(None, "", None, ("Content-Type: text/plain; charset=UTF-8\nLanguage: vi\n",)),
            mofile.Message(None, "Headline here", None, (NFC_VI,)),
        ]
    )
    assert mofile.compile_catalog(catalog) == plain


def nfc_issues(target: str, lang: str = "vi") -> list[tuple[str, str]]:
    return [(i.severity, i.message) for i in check_pair("Headline", target, lang=lang) if i.code == "not-nfc"]


def test_check_warns_not_nfc_and_names_the_character() -> None:
    assert nfc_issues(NFD_VI) == [
        ("warning", "msgstr is not in Unicode NFC: 'ê' is saved as U+0065 U+0302 (builds and .mo use NFC)")
    ]
    # Vietnamese with two marks on one letter (ệ = e + dot below + circumflex).
    assert nfc_issues(unicodedata.normalize("NFD", "Hệ")) == [
        (
            "warning",
            "msgstr is not in Unicode NFC: 'ệ' is saved as U+0065 U+0323 U+0302 (builds and .mo use NFC)",
        )
    ]
    # Marks in a non-canonical order are not NFC either.
    assert nfc_issues("Ho\u0302\u0323") != []
    # French, from an editor that wrote a decomposed é.
    assert nfc_issues("Titre de l’e\u0301te\u0301", lang="fr")[0][1].startswith(
        "msgstr is not in Unicode NFC: 'é'"
    )


@pytest.mark.parametrize("target", [NFC_VI, "Tiêu đề", "標題", "Заголовок", "ｶﾀｶﾅ km² ﬁ"])
def test_no_warning_for_nfc_text(target: str) -> None:
    # Compatibility characters (half-width kana, ², ligatures) are NFC: only NFKC would change them.
    assert nfc_issues(target) == []
