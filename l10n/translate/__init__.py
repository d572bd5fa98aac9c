"""Translate: fill the empty entries of a catalog.

- ``fill``: the stage itself: plan a catalog, hand its batches to an executor, apply the results.
- ``select``: the plan of one catalog (entries, copies, memory reuse, suggestions, batches).
- ``judge``: restore one engine output and list its faults (lost token, loop, failed check).
- ``progress``: the progress bar within a batch (decoded units, scoring and retrying as steps).
- ``case``: all-caps units sent sentence-cased, their output put back into capitals.
- ``tm``: the translation memory built from other catalogs.
- ``protect``: masking of URLs, e-mail addresses and placeholders around the engine.
- ``vocab``: which symbols the model can write (the others are masked by ``protect``).
- ``mtmemory``: the machine-output memory ``locales/<ll>/mt-memory.tmx``.
- ``executor``: where the batches run: ``local`` (this process) or ``ray`` (a Ray actor pool).
"""
