"""Header checks of a catalog: charset, Language and Plural-Forms (compared by value with
Babel's rule for the language). Part of ``l10n.checks.registry`` (codes in its docstring).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from l10n.locale import parse_plural_forms, plural_forms, to_gettext
from l10n.model import Issue, Severity


def check_header(header: Mapping[str, str], *, path: str, lang: str, line: int = 0) -> list[Issue]:
    """Check a catalog header (field name -> value) for language ``lang`` ("" for a template).

    Content-Type charset must be UTF-8; Language must be ``lang`` in gettext form
    (``zh_Hans``); Plural-Forms must be equivalent to Babel's rule for ``lang``
    (``l10n.locale.plural_forms``), compared as values for n = 0..1000
    (``l10n.locale.parse_plural_forms``), so a differently written but equal expression passes.

    Returns:
        ``Issue`` values with codes ``header-charset``, ``header-language``, ``header-plural``.
    """

    def issue(severity: Severity, code: str, message: str) -> Issue:
        return Issue(path, line, severity, code, message)

    fields = {k.lower(): v.strip() for k, v in header.items()}
    issues = []
    charset = re.search(r"charset\s*=\s*([\w.-]+)", fields.get("content-type", ""), re.IGNORECASE)
    if not charset or charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        found = charset.group(1) if charset else "none"
        issues.append(issue("error", "header-charset", f"Content-Type charset must be UTF-8 (found {found})"))
    if not lang:
        return issues
    want = to_gettext(lang)
    got = fields.get("language", "")
    if not got:
        issues.append(issue("warning", "header-language", f"Language header missing (expected {want})"))
    elif got.replace("-", "_").lower() != want.lower():
        same_base = got.replace("-", "_").split("_")[0].lower() == want.split("_")[0].lower()
        sev: Severity = "warning" if same_base else "error"
        issues.append(issue(sev, "header-language", f"Language is '{got}', expected '{want}'"))
    forms = fields.get("plural-forms", "")
    expected = plural_forms(lang)
    if not forms:
        issues.append(issue("warning", "header-plural", f"Plural-Forms missing (expected '{expected}')"))
        return issues
    try:
        got_table = parse_plural_forms(forms)
    except ValueError as exc:
        issues.append(issue("error", "header-plural", f"Plural-Forms '{forms}' is malformed: {exc}"))
        return issues
    if got_table != parse_plural_forms(expected):
        issues.append(
            issue("error", "header-plural", f"Plural-Forms '{forms}' differs from CLDR '{expected}'")
        )
    return issues
