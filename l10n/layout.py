"""Where a project's files live, and the rule that they stay there.

Articles, catalogs, templates, the machine-output memory and pages are read and written only
inside their configured folders (``Config.source_dir``, ``locales_dir``, ``build_dir``; each
resolved once when the config is loaded, so the folder itself may be a symbolic link, e.g.
``build`` to a web root). A symbolic link inside a folder may point elsewhere in the same
folder; one that leads out of it (``source/x.txt -> ~/.ssh/id_rsa``, ``locales/vi -> /tmp``)
is refused with a one-line ``InputError`` naming the link (exit 2), before anything is read
or written through it (README, "Guarantees").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from l10n.config import Config
from l10n.errors import InputError, SourceError
from l10n.formats.suffixes import ARTICLE_SUFFIXES, is_article
from l10n.locale import to_gettext


def confined(path: Path, folder: Path, rel: Callable[[Path], str]) -> Path:
    """Return ``path`` if it leads to a place inside ``folder`` (after every symbolic link).

    Args:
        path: a path under ``folder`` (it need not exist).
        folder: the configured folder, already resolved.
        rel: how to name a path in the error (``Config.rel``).

    Raises:
        InputError: a symbolic link on ``path`` leads out of ``folder`` (names the link).
    """
    if path.resolve().is_relative_to(folder):
        return path
    link = next((p for p in [path, *path.parents] if p.is_symlink()), path)
    raise InputError(
        f"is a symbolic link that leads out of {rel(folder)}/: l10n reads and writes only "
        "inside its folders (replace the link with the file or folder itself)",
        path=rel(link),
    )


class Layout:
    """Paths of one project, from its ``Config`` (gettext layout for catalogs), each checked by
    ``confined`` (a symbolic link leading out of its folder raises ``InputError``)."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def articles(self) -> list[Path]:
        """Return the article files (any of ``ARTICLE_SUFFIXES``, any case) in the source folder, by name.

        Raises:
            SourceError: the source folder is missing or holds no article.
            InputError: an article is a symbolic link that leads out of the source folder.
        """
        src = self.cfg.source_dir
        if not src.is_dir():
            raise SourceError("source folder not found", path=self.cfg.rel(src))
        files = sorted(p for p in src.iterdir() if p.is_file() and is_article(p))
        if not files:
            listed = ", ".join("*" + suffix for suffix in ARTICLE_SUFFIXES)
            raise SourceError(f"no articles ({listed}) in the source folder", path=self.cfg.rel(src))
        return [confined(p, src, self.cfg.rel) for p in files]

    def _locales(self, path: Path) -> Path:
        return confined(path, self.cfg.locales_dir, self.cfg.rel)

    def pot(self, slug: str) -> Path:
        """``locales/<slug>.pot``."""
        return self._locales(self.cfg.locales_dir / f"{slug}.pot")

    def po(self, lang: str, slug: str) -> Path:
        """``locales/<ll_CC>/LC_MESSAGES/<slug>.po`` (gettext form of the BCP 47 tag)."""
        return self._locales(self.cfg.locales_dir / to_gettext(lang) / "LC_MESSAGES" / f"{slug}.po")

    def mt_memory(self, lang: str) -> Path:
        """``locales/<ll_CC>/mt-memory.tmx``: the language's machine output (``l10n.translate.mtmemory``)."""
        return self._locales(self.cfg.locales_dir / to_gettext(lang) / "mt-memory.tmx")

    def mo(self, lang: str, slug: str) -> Path:
        """``locales/<ll_CC>/LC_MESSAGES/<slug>.mo``."""
        return self.po(lang, slug).with_suffix(".mo")

    def index(self) -> Path:
        """``build/index.html``."""
        return confined(self.cfg.build_dir / "index.html", self.cfg.build_dir, self.cfg.rel)

    def build(self, lang: str, slug: str, ext: str) -> Path:
        """``build/<lang>/<slug>.<ext>`` (BCP 47 tag, as in URLs)."""
        path = self.cfg.build_dir / lang / f"{slug}.{ext}"
        return confined(path, self.cfg.build_dir, self.cfg.rel)


__all__ = ["Layout", "confined"]
