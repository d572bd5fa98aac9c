"""Catalogs: gettext PO/POT files and their compiled MO form.

- ``pofile``: parse and render PO text (GNU layout via ``powrap``), the ``Catalog`` value,
  the template and the msgmerge-style update.
- ``fuzzy``: the fuzzy matcher the update uses (msgmerge's similarity rule).
- ``powrap``: GNU gettext line wrapping of PO strings.
- ``mofile``: the GNU ``.mo`` writer.
"""
