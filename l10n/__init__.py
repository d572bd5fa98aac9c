"""l10n: localize news articles through gettext catalogs and MarianMT."""

__version__ = "0.1.0"
