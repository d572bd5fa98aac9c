"""Conformance tests over the shared corpus (``../shared/corpus``); see ``conftest.py``."""
