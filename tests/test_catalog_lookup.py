"""``Catalog`` lookup (``get``, ``in``, ``entry``, ``neighbours``), the fixed key fields of a held
message, and the msgid-migration hook of ``Catalog.update``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog, Message

PO = """\
msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "One."
msgstr "Một."

#, fuzzy
msgctxt "caption"
msgid "One."
msgstr "Một (ảnh)."

#~ msgid "Gone."
#~ msgstr "Đã mất."

msgid "Two."
msgstr ""
"""
VI = {"language": "vi", "plural_forms": "nplurals=1; plural=0;"}


def test_get_and_in_find_active_messages_by_context_and_msgid() -> None:
    catalog = pofile.parse(PO, "vi.po")
    assert catalog.get(None, "One.").msgstr == "Một."  # type: ignore[union-attr]
    caption = catalog.get("caption", "One.")
    assert caption is not None and (caption.msgstr, caption.flags, caption.line) == (
        "Một (ảnh).",
        ["fuzzy"],
        11,
    )
    assert catalog.get(None, "Two.").msgstr == ""  # type: ignore[union-attr]
    assert catalog.get(None, "Gone.") is None  # obsolete: not an active message
    assert catalog.get("headline", "One.") is None
    assert (None, "One.") in catalog and ("caption", "One.") in catalog
    assert (None, "Gone.") not in catalog and ("caption", "Two.") not in catalog
    assert "One." not in catalog  # a key is (msgctxt, msgid)


def test_entry_is_the_value_entries_makes() -> None:
    catalog = pofile.parse(PO, "vi.po")
    assert catalog.entry("caption", "One.") == catalog.entries()[1]
    entry = catalog.entry("caption", "One.")
    assert entry is not None and (entry.msgstr, entry.fuzzy, entry.state, entry.line) == (
        "Một (ảnh).",
        True,
        "fuzzy",
        11,
    )
    assert catalog.entry(None, "Gone.") is None


def test_neighbours_are_the_active_messages_around_in_file_order() -> None:
    catalog = pofile.parse(PO, "vi.po")
    msgids = lambda pair: tuple(None if m is None else (m.msgctxt, m.msgid) for m in pair)  # noqa: E731
    assert msgids(catalog.neighbours(None, "One.")) == (None, ("caption", "One."))
    assert msgids(catalog.neighbours("caption", "One.")) == ((None, "One."), (None, "Two."))  # skips #~
    assert msgids(catalog.neighbours(None, "Two.")) == (("caption", "One."), None)
    with pytest.raises(KeyError):
        catalog.neighbours(None, "Gone.")


def test_lookup_follows_changes_of_translations_and_copies() -> None:
    catalog = pofile.parse(PO, "vi.po")
    catalog.set_translation("Two.", None, "Hai.", fuzzy=False, comment=None)
    assert catalog.get(None, "Two.").msgstr == "Hai."  # type: ignore[union-attr]
    copied = catalog.copy()
    copied.set_translation("Two.", None, "Hai nữa.", fuzzy=False, comment=None)
    assert (copied.get(None, "Two.").msgstr, catalog.get(None, "Two.").msgstr) == ("Hai nữa.", "Hai.")  # type: ignore[union-attr]
    assert copied.get(None, "Two.") is not catalog.get(None, "Two.")


def test_a_held_message_keeps_its_key_so_the_index_stays_true() -> None:
    loose = Message("A.")
    loose.obsolete = True  # not in a catalog yet: free to change
    loose.msgctxt = "menu"
    catalog = Catalog([Message("One."), Message("Two.")])
    message = catalog.get(None, "One.")
    assert message is not None
    for name, value in (("msgid", "Three."), ("msgctxt", "x"), ("obsolete", True)):
        with pytest.raises(AttributeError, match=name):
            setattr(message, name, value)
    message.msgstr = "Một."  # the rest may change
    assert catalog.get(None, "One.").msgstr == "Một."  # type: ignore[union-attr]
    renamed = replace(message, msgid="Three.")  # a new message, free again
    renamed.msgctxt = "menu"
    assert (renamed.msgctxt, renamed.msgid, message.msgid) == ("menu", "Three.", "One.")


def test_update_carries_a_migrated_msgid_only_through_the_hook() -> None:
    old = Catalog([Message("Salt &amp; pepper", msgstr="Muối &amp; tiêu")], metadata={"Language": "vi"})
    template = Catalog([Message("Salt & pepper")])

    def migrate(msgid: str) -> list[tuple[str, object]]:
        return [(msgid.replace("&amp;", "&"), lambda text: text.replace("&amp;", "&"))]

    with_hook = old.update(template, migrate=migrate, **VI)  # type: ignore[arg-type]
    carried = with_hook.get(None, "Salt & pepper")
    assert carried is not None and (carried.msgstr, carried.flags, carried.previous_msgid) == (
        "Muối & tiêu",
        [],
        None,
    )
    assert [m.msgid for m in with_hook.obsolete()] == []
    without = old.update(template, **VI)  # no hook: a fuzzy match at best, never an exact one
    fuzzy = without.get(None, "Salt & pepper")
    assert fuzzy is not None and "fuzzy" in fuzzy.flags and fuzzy.previous_msgid == "Salt &amp; pepper"
