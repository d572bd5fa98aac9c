"""The stages of a run, one module each, as functions over a ``Run`` (``context``); never print.

Stages, in the order ``build`` runs them::

    extract   source/<slug>.txt|.md|.html -> locales/<slug>.pot
    update    locales/<slug>.pot     -> locales/<ll>/LC_MESSAGES/<slug>.po   (msgmerge semantics)
    translate .po (empty entries)    -> .po (machine output, fuzzy + provenance)
                                        + locales/<ll>/mt-memory.tmx (every engine output, kept)
    check     .po                    -> [Issue]
    compile   .po                    -> locales/<ll>/LC_MESSAGES/<slug>.mo
    publish   .po                    -> build/<lang>/<slug>.{txt,md,html} + build/index.html

- ``context``: ``Run``, what one run shares (config, layout, catalog store, documents, report,
  progress) and its guarded writes.
- ``extract``, ``update``, ``translate``, ``check``, ``compile``, ``publish``: one stage each
  (``publish`` plans the site, then writes it).
- ``build``: every stage in order.
- ``manifest``: the build manifest (``.l10n/build-manifest.json``): what l10n wrote under the
  build folder and from which inputs, so pages whose inputs changed are rebuilt and only
  l10n's own files are removed.
- ``queries``: the read-only ``status``, ``review_queue`` and ``edits``.
- ``unchanged``: skips a template or catalog the same inputs left byte-identical before
  (``l10n.cache.UnchangedMemo``), without parsing it.
- ``site_memo``: skips a publish whose every input (catalogs, articles, settings, manifest,
  build folder) is as a publish run left it that needed nothing more, without parsing anything.

Stages hand each other ``Catalog`` objects through the run's ``l10n.catalog.store.CatalogStore``:
each catalog file is parsed at most once per run (while its bytes stay the same), and a
catalog a stage writes is passed on as written (with the line numbers of the new text) rather
than read back. One bad article or language does not stop the others: its error goes into the
report and the exit code says something failed. Every file write is atomic and refuses to
overwrite a catalog that changed on disk since it was read.
"""
