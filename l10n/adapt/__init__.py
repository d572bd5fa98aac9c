"""Adapt a language's MarianMT model to the newsroom's reviewed translations (``l10n models adapt``).

Modules, in the order the command runs them:

- ``data``: reviewed entries as masked training pairs, deduplicated, post-edits counted, split.
- ``train``: a plain torch fine-tuning loop with early stopping on the held-out loss.
- ``decide``: base and adapted model scored on the held-out pairs (chrF2, TER, paired bootstrap).
- ``install``: the adapted model saved atomically under ``models/``, card, record, config edit.
- ``pipeline``: ``adapt()``, the modules above in order, returning one value the CLI prints.
"""
