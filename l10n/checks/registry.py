"""Quality checks on translations: pure functions returning ``Issue`` values, never raising.

Pair checks (one msgid/msgstr; ``check_pair`` runs every function in ``PAIR_CHECKS``):

=========================  ========  ===========================================================
code                       severity  fires when
=========================  ========  ===========================================================
placeholder-mismatch       error     markup tokens ``<1>``, ``</1>``, ``<2/>`` differ (order is free),
                                     or the target nests them wrongly
code-placeholder-mismatch  error     code placeholders (``{{ name }}``, ``%(n)d``, ``%s``, ``{0}``,
                                     ``$user``) differ, or positional ones (``%s``, ``{}``) changed order
number-mismatch            error     a number is missing, changed, added, or written in the source's
                                     format (``13,000`` in Vietnamese, which writes ``13.000``)
number-mismatch            warning   a day number (1-31) written next to a source month name is missing,
                                     or a small number may be a CJK numeral (``两年``)
url-mismatch               error     URLs or e-mail addresses are not byte-identical
glossary-dnt               error     a do-not-translate term of the source is not in the target as is
glossary-term              warning   a glossary term's fixed translation is not used (a warning: the
                                     target grammar may inflect it, e.g. Russian case endings)
whitespace-newline         error     msgid and msgstr differ in starting/ending with ``\\n`` (msgfmt -c)
whitespace                 warning   other leading/trailing whitespace differs
untranslated-copy          warning   msgstr == msgid (ignoring case), with letters that are not
                                     names/acronyms
wrong-script               error     no letters of the language's script (Latin-only Chinese), or
                                     letters of a foreign script (Cyrillic in Vietnamese)
length-ratio               warning   length ratio far from the language's usual ratio
repetition                 error     a phrase repeats back to back (the MT loop signature)
unbalanced                 warning   brackets or quotes balanced in the source are not in the target
markup-added               warning   the msgstr has HTML/XML markup the msgid does not (shown as text)
not-nfc                    warning   the msgstr is saved in another form than Unicode NFC
placeholder-glued          warning   a placeholder, URL or address spaced off in the source is glued
                                     to a letter in the target (``%(user)sđã``)
symbol-missing             warning   a symbol of the source (``™``, ``©``, ``€``, emoji) is missing
                                     in the target
=========================  ========  ===========================================================

Catalog checks (``check_header``, ``check_catalog``, ``check_catalog_text``):

===============  ========  =====================================================================
code             severity  fires when
===============  ========  =====================================================================
catalog-syntax   error     the catalog cannot be parsed (``CatalogError``, with its line)
header-charset   error     Content-Type is missing or its charset is not UTF-8
header-language  warning   Language missing, or a variant of the expected one (``vi_VN``)
header-language  error     Language names another language
header-plural    warning   Plural-Forms missing
header-plural    error     Plural-Forms malformed or not equivalent to Babel's rule for the
                           language (compared by value for n = 0..1000)
===============  ========  =====================================================================

Where the code is: this module holds the registry ``PAIR_CHECKS`` and the runners (``check_pair``,
``check_catalog``, ``check_catalog_text``) and re-exports the rest. ``l10n.checks.pair``: the
``Pair`` value and the masking helpers; ``kept``: placeholder, URL, glossary, whitespace and
bracket checks (what the target keeps from the source); ``numbers``: numbers and dates;
``output``: untranslated copy, script, length, repetition (faults of the output itself);
``symbols``: the spacing around placeholders and the symbols the target keeps;
``header``: the header checks.

Adding a pair check: write ``def check_x(p: Pair) -> list[Issue]`` (in the ``l10n.checks`` module
of its kind) and add it to ``PAIR_CHECKS``; give its code a line in the table above (one line
per code and severity: ``tests/test_docs.py`` compares the tables with the codes the checks emit).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.checks.header import check_header
from l10n.checks.kept import (
    check_brackets,
    check_code_placeholders,
    check_glossary,
    check_markup,
    check_placeholders,
    check_urls,
    check_whitespace,
)
from l10n.checks.numbers import check_numbers
from l10n.checks.output import (
    LENGTH_FACTOR,
    LENGTH_MIN_SOURCE,
    LENGTH_RATIO,
    check_length,
    check_nfc,
    check_repetition,
    check_script,
    check_untranslated,
)
from l10n.checks.pair import PLACEHOLDER, Pair
from l10n.checks.symbols import check_glued, check_symbols
from l10n.errors import CatalogError
from l10n.glossary import Glossary
from l10n.model import Issue

__all__ = [
    "LENGTH_FACTOR",
    "LENGTH_MIN_SOURCE",
    "LENGTH_RATIO",
    "PAIR_CHECKS",
    "PLACEHOLDER",
    "Pair",
    "check_brackets",
    "check_catalog",
    "check_catalog_text",
    "check_code_placeholders",
    "check_glossary",
    "check_glued",
    "check_header",
    "check_length",
    "check_markup",
    "check_nfc",
    "check_numbers",
    "check_pair",
    "check_placeholders",
    "check_repetition",
    "check_script",
    "check_symbols",
    "check_untranslated",
    "check_urls",
    "check_whitespace",
]

PAIR_CHECKS: tuple[Callable[[Pair], list[Issue]], ...] = (
    check_placeholders,
    check_code_placeholders,
    check_numbers,
    check_urls,
    check_glossary,
    check_whitespace,
    check_untranslated,
    check_script,
    check_length,
    check_repetition,
    check_brackets,
    check_markup,
    check_nfc,
    check_glued,
    check_symbols,
)
"""Every pair check, in report order. Add a check here."""


def check_pair(
    source: str,
    target: str,
    *,
    lang: str,
    glossary: Glossary | None = None,
    path: str = "",
    line: int = 0,
    src_lang: str = "en",
) -> list[Issue]:
    """Run every check in ``PAIR_CHECKS`` on one msgid/msgstr pair.

    Args:
        source: the msgid.
        target: the msgstr; an empty one is untranslated and gives no issues.
        lang: BCP 47 tag of the target language.
        glossary: termbase for the glossary checks, or None.
        path: catalog path put in the issues.
        line: line of the msgid put in the issues.
        src_lang: BCP 47 tag of the source language.

    Returns:
        ``Issue`` values (codes and severities in the module docstring), in check order.

    Raises:
        ConfigError: ``lang`` or ``src_lang`` is not a CLDR locale (never for a bad translation).
    """
    if not target:
        return []
    nfc_target = unicodedata.normalize("NFC", target)
    pair = Pair(
        unicodedata.normalize("NFC", source),
        nfc_target,
        lang,
        src_lang,
        glossary,
        path,
        line,
        saved=None if nfc_target == target else target,
    )
    return [issue for check in PAIR_CHECKS for issue in check(pair)]


def check_catalog(
    catalog: Catalog,
    *,
    path: str,
    lang: str,
    glossary: Glossary | None = None,
    src_lang: str = "en",
    header_line: int = 0,
) -> list[Issue]:
    """Header checks plus ``check_pair`` on every translated, non-obsolete entry (fuzzy ones included).

    Args:
        catalog: the catalog (reads ``catalog.header``, a field -> value mapping, and
            ``catalog.entries()``, ``l10n.model.Entry`` values).
        path: catalog path for the issues.
        lang: BCP 47 tag of the catalog's language.
        glossary: termbase or None.
        src_lang: BCP 47 tag of the msgids.
        header_line: line of the header entry's msgid, for the header issues (0 if unknown).

    Returns:
        Header issues first, then entry issues in catalog order.
    """
    issues = check_header(catalog.header, path=path, lang=lang, line=header_line)
    for entry in catalog.entries():
        if entry.msgid and entry.msgstr and not entry.obsolete:
            issues += check_pair(
                entry.msgid,
                entry.msgstr,
                lang=lang,
                glossary=glossary,
                path=path,
                line=entry.line,
                src_lang=src_lang,
            )
    return issues


def check_catalog_text(text: str, *, path: str, lang: str, glossary: Glossary | None = None) -> list[Issue]:
    """Parse a catalog's text and check it; a syntax error is one ``catalog-syntax`` issue.

    Uses ``l10n.catalog.pofile.parse(text, path)``, then ``check_catalog``.
    """
    try:
        catalog = pofile.parse(text, path)
    except CatalogError as exc:
        return [Issue(exc.path or path, exc.line or 0, "error", "catalog-syntax", exc.message)]
    lines = [*text.splitlines(), ""]
    header_line = next(
        (
            i
            for i, ln in enumerate(lines[:-1], 1)
            if ln.strip() == 'msgid ""' and lines[i].startswith("msgstr")
        ),
        0,
    )
    return check_catalog(catalog, path=path, lang=lang, glossary=glossary, header_line=header_line)
