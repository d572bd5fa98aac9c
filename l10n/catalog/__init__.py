"""Catalogs: gettext PO/POT files and their compiled MO form.

- ``catalog``: the catalog value (``Catalog``: header and messages, indexed by
  (msgctxt, msgid): ``get``, ``in``, ``neighbours``), ``Catalog.update`` and
  ``init_translation``.
- ``message``: one message record (``Message``) and its key.
- ``header``: header conventions of our catalogs (field order, required fields, dates).
- ``merge``: the msgmerge-style merge behind ``Catalog.update`` (no file or article format:
  msgid migrations come in as a hook).
- ``template``: the template (POT) of an article, ``make_template``.
- ``fuzzy``: the fuzzy matcher the update uses (msgmerge's similarity rule).
- ``pofile``: parse PO text into a ``Catalog`` and render one (GNU layout via ``powrap``);
  the only polib user.
- ``powrap``: GNU gettext line wrapping of PO strings.
- ``mofile``: compile a ``Catalog`` to the GNU ``.mo`` format.
- ``tmx``: TMX 1.4 files of machine output, parse and render (``locales/<ll>/mt-memory.tmx``).
- ``store``: catalog files on disk (``CatalogStore``): read in the declared charset, parse once
  per bytes, save (legacy charsets converted, bookkeeping-only changes skipped) and checkpoint.
"""
