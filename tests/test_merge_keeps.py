"""``Catalog.update`` never loses what a translator wrote (issue #11, item 1).

Rule: whenever an old entry's translation is not carried into a live entry, it survives as
obsolete (``#~``); no non-empty msgstr, msgstr[n] or translator comment disappears from the
union of live and obsolete entries. Live entries agree with GNU ``msgmerge --previous``.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from conftest import require_gettext

from l10n.catalog import pofile
from l10n.catalog.catalog import KEPT_CONTEXT, Catalog, Message

FR = {"language": "fr", "plural_forms": "nplurals=2; plural=(n > 1);"}
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: demo\\n"\n"PO-Revision-Date: 2026-01-02 03:04+0000\\n"\n'
    '"Last-Translator: A <a@example.com>\\n"\n"Language-Team: French\\n"\n"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)
POT_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing


def texts(catalog: Catalog) -> set[str]:
    """Every non-empty msgstr, msgstr[n] and translator comment line, live and obsolete."""
    out: set[str] = set()
    for m in catalog.messages:
        out.update(v for v in (m.msgstr, *m.msgstr_plural.values()) if v)
        out.update(line for line in m.tcomment.split("\n") if line)
    return out


def msgmerge(tmp_path: Path, po: str, pot: str) -> Catalog:
    (tmp_path / "old.po").write_text(po, encoding="utf-8")
    (tmp_path / "new.pot").write_text(pot, encoding="utf-8")
    out = subprocess.run(
        ["msgmerge", "--previous", "-q", "-o", "-", str(tmp_path / "old.po"), str(tmp_path / "new.pot")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return pofile.parse(out, "gnu.po")


def msgfmt_ok(tmp_path: Path, text: str) -> None:
    path = tmp_path / "out.po"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def live(catalog: Catalog) -> dict:
    """Live entries as msgmerge would write them: what a translator sees."""
    return {
        m.key: (
            m.msgid_plural,
            m.msgstr,
            m.msgstr_plural,
            "fuzzy" in m.flags,
            m.previous_msgid,
            m.previous_msgid_plural,
        )
        for m in catalog.active()
    }


def merged(po: str, pot: str) -> tuple[Catalog, Catalog, Catalog]:
    old, template = pofile.parse(po, "old.po"), pofile.parse(pot, "new.pot")
    return old, template, old.update(template, **FR)


# ---------------------------------------------------------------------------- the reported case


PLURAL_PO = HEADER + (
    '\n# kept by the translator\nmsgid "Small headline here"\nmsgid_plural "Small headlines here"\n'
    'msgstr[0] "Petit titre ici"\nmsgstr[1] "Petits titres ici"\n'
)
SINGULAR_POT = POT_HEADER + '\nmsgid "Small headline here"\nmsgstr ""\n'


def test_plural_entry_becoming_singular_keeps_its_translation(tmp_path: Path) -> None:
    msgfmt_ok(tmp_path, PLURAL_PO)
    old, _template, new = merged(PLURAL_PO, SINGULAR_POT)
    (entry,) = new.active()
    # the live entry as msgmerge --previous makes it: fuzzy, msgstr[0], the old msgids as "#|"
    assert (entry.msgstr, entry.flags, entry.previous_msgid, entry.previous_msgid_plural) == (
        "Petit titre ici",
        ["fuzzy"],
        "Small headline here",
        "Small headlines here",
    )
    assert entry.tcomment == "kept by the translator"
    assert live(new) == live(msgmerge(tmp_path, PLURAL_PO, SINGULAR_POT))
    # and the whole plural translation stays, obsolete, under a key of its own
    (kept,) = new.obsolete()
    assert (kept.msgctxt, kept.msgid, kept.msgid_plural) == (
        KEPT_CONTEXT,
        "Small headline here",
        "Small headlines here",
    )
    assert kept.msgstr_plural == {0: "Petit titre ici", 1: "Petits titres ici"}
    assert texts(old) <= texts(new)
    text = pofile.render(new)
    msgfmt_ok(tmp_path, text)
    # a second update changes nothing, and the text reads back as written
    again = pofile.parse(text, "again.po")
    assert again.update(pofile.parse(SINGULAR_POT), **FR) is again


def test_singular_entry_becoming_plural_fills_every_form_as_msgmerge(tmp_path: Path) -> None:
    po = HEADER + '\nmsgctxt "c"\nmsgid "One file"\nmsgstr "Un fichier"\n'
    pot = (
        POT_HEADER + '\nmsgctxt "c"\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    _old, _t, new = merged(po, pot)
    (entry,) = new.active()
    assert entry.msgstr_plural == {0: "Un fichier", 1: "Un fichier"}
    assert ("fuzzy" in entry.flags, entry.previous_msgid) == (True, "One file")
    assert live(new) == live(msgmerge(tmp_path, po, pot))
    assert new.obsolete() == []  # nothing lost: no copy needed
    msgfmt_ok(tmp_path, pofile.render(new))


@pytest.mark.parametrize(
    "entry",
    [
        # msgstr[0] empty, msgstr[1] translated: msgmerge makes it untranslated
        'msgid "Partial"\nmsgid_plural "Partials"\nmsgstr[0] ""\nmsgstr[1] "Partiels"\n',
        # already fuzzy, with a context and its own "#|" lines
        '#, fuzzy\n#| msgid "Older"\nmsgctxt "menu"\nmsgid "Partial"\nmsgid_plural "Partials"\n'
        'msgstr[0] "Partiel"\nmsgstr[1] "Partiels"\n',
    ],
)
def test_plural_forms_dropped_by_the_template_stay_obsolete(tmp_path: Path, entry: str) -> None:
    po = HEADER + "\n" + entry
    ctx = 'msgctxt "menu"\n' if "msgctxt" in entry else ""
    pot = POT_HEADER + f'\n{ctx}msgid "Partial"\nmsgstr ""\n'
    old, _t, new = merged(po, pot)
    assert live(new) == live(msgmerge(tmp_path, po, pot))
    assert "Partiels" in {v for m in new.obsolete() for v in m.msgstr_plural.values()}
    assert texts(old) <= texts(new)
    msgfmt_ok(tmp_path, pofile.render(new))


def test_untranslated_entry_with_a_translator_comment_stays_obsolete(tmp_path: Path) -> None:
    po = HEADER + '\n# ask the desk about this name\nmsgid "Gone"\nmsgstr ""\n'
    _old, _t, new = merged(po, POT_HEADER + '\nmsgid "Other"\nmsgstr ""\n')
    (kept,) = new.obsolete()
    assert (kept.msgid, kept.tcomment, kept.obsolete) == ("Gone", "ask the desk about this name", True)
    msgfmt_ok(tmp_path, pofile.render(new))


def test_obsolete_entries_keep_their_previous_msgid_as_msgmerge(tmp_path: Path) -> None:
    po = HEADER + '\n#, fuzzy\n#| msgid "Older"\nmsgid "Gone"\nmsgstr "Parti"\n'
    pot = POT_HEADER + '\nmsgid "Something else entirely"\nmsgstr ""\n'
    _old, _t, new = merged(po, pot)
    (kept,) = new.obsolete()
    gnu = msgmerge(tmp_path, po, pot).obsolete()
    assert [(m.msgid, m.msgstr, m.previous_msgid, m.flags) for m in gnu] == [
        (kept.msgid, kept.msgstr, kept.previous_msgid, kept.flags)
    ]
    assert '#~| msgid "Older"' in pofile.render(new)


def test_colliding_in_memory_messages_are_all_kept() -> None:
    """A catalog made in memory may hold the same key twice: both texts survive, keys unique."""
    old = Catalog(
        [
            Message("A", "a-live"),
            Message("A", "a-obsolete", obsolete=True),
            Message("B", "b-one", obsolete=True),
            Message("B", "b-two", obsolete=True),
        ]
    )
    template = Catalog([Message("A")])
    new = old.update(template, **FR)
    assert texts(old) <= texts(new)
    keys = [m.key for m in new.messages]
    assert len(keys) == len(set(keys))
    assert pofile.parse(pofile.render(new)).same_content(new)


# ---------------------------------------------------------------------------- property


SENTENCES = [
    "Small headline here",
    "Small headlines here",
    "The minister resigned on Monday",
    "The minister resigned on Tuesday",
    "Prices rose by 10% in March",
    "Photo: Reuters",
    "Read more",
    "Something completely different happened",
]
CONTEXTS = [None, None, "menu", "caption"]


def _random_message(rng: random.Random, key: tuple[str | None, str], n: int, *, template: bool) -> Message:
    ctx, msgid = key
    plural = rng.random() < 0.35
    m = Message(msgid, msgctxt=ctx, msgid_plural=msgid + " (many)" if plural else None)
    if plural:
        m.msgstr_plural = {i: "" for i in range(2)}
    if template:
        return m
    tr = lambda: rng.choice(["", f"tr{n}-{rng.randint(0, 9)}", f"tr{n}"])  # noqa: E731
    if plural:
        m.msgstr_plural = {0: tr(), 1: tr()}
    else:
        m.msgstr = tr()
    if rng.random() < 0.4:
        m.tcomment = "\n".join(f"note {n}.{i}" for i in range(rng.randint(1, 2)))
    if rng.random() < 0.3:
        m.flags = ["fuzzy"]
        if rng.random() < 0.5:
            m.previous_msgid = rng.choice(SENTENCES)
    m.obsolete = rng.random() < 0.25
    return m


def _random_pair(rng: random.Random) -> tuple[Catalog, Catalog]:
    keys = [(c, s) for c in dict.fromkeys(CONTEXTS) for s in SENTENCES]
    old_keys = rng.sample(keys, rng.randint(0, 8))
    messages = [_random_message(rng, k, n, template=False) for n, k in enumerate(old_keys)]
    template_keys = rng.sample(keys, rng.randint(1, 8))
    template = Catalog([_random_message(rng, k, 0, template=True) for k in template_keys])
    # msgfmt -c refuses plural translations without a Plural-Forms field, and so does parse
    header = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8"}
    old = Catalog(messages, metadata=header | {"Plural-Forms": "nplurals=2; plural=(n > 1);"})
    return old, template


def test_property_update_never_loses_a_translation_or_comment(tmp_path: Path) -> None:
    rng = random.Random(11)
    path = tmp_path / "merged.po"
    for case in range(400):
        old, template = _random_pair(rng)
        old = pofile.parse(pofile.render(old), "old.po")  # as a file holds it
        new = old.update(template, **FR)
        assert texts(old) <= texts(new), f"case {case}: lost {texts(old) - texts(new)}"
        # every old entry's strings are in one live or obsolete entry together or carried
        text = pofile.render(new)
        again = pofile.parse(text, "merged.po")  # unique keys, reads back as written
        assert again.same_content(new), f"case {case}"
        assert again.update(template, **FR) is again, f"case {case}: a second update changes it"
        if case % 8 == 0:
            path.write_text(text, encoding="utf-8")
            proc = subprocess.run(
                ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
            )
            assert proc.returncode == 0, f"case {case}: {proc.stderr}"
