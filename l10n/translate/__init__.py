"""Translate: fill the empty entries of a catalog.

- ``fill``: the stage itself (memory first, then the engine, checks on the output).
- ``tm``: the translation memory built from other catalogs.
- ``protect``: masking of URLs, e-mail addresses and placeholders around the engine.
- ``case``: all-caps units sent in sentence case, the output put back into capitals.
- ``mtmemory``: the machine-output memory ``locales/<ll>/mt-memory.tmx``.
- ``executor``: where the engine calls run: ``local`` (this process) or ``ray`` (a Ray actor pool).
"""
