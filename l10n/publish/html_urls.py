"""Relative asset URLs of an HTML article, rebased for a page built in another folder.

A built page lives in ``build/<lang>/``, not beside its source, so every relative URL of an
asset (``img``/``source``/``audio``/``video``/``track``/``embed``/``input`` ``src``, ``srcset``,
``link href``, ``video poster``) is prefixed with the path from the page's folder to the
source's folder (``asset_base``); the page then resolves it to the file the source did. Absolute
URLs (a scheme or ``//``), root-relative paths (``/x``), fragments and ``data:`` URLs are written
back byte-identical; so is everything when the source has a ``<base href>`` (it already says how
to resolve). Links between pages (``a href``) are not assets and are kept as written.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

import lxml.etree

__all__ = ["asset_base", "rebase_srcset", "rebase_url", "rebase_urls"]

_URL_ATTRS = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "input": ("src",),
    "link": ("href",),
}
_SRCSET_CANDIDATE = re.compile(r"([\s,]*)([^\s,][^\s]*?)(,*)(?=\s|$)([^,]*)")


def asset_base(source_path: str, page_dir: str) -> str:
    """The relative URL from ``page_dir`` to the folder of ``source_path`` (both relative to the
    project root, ``/``-separated), ending in ``/``.

    ``("source/x.html", "build/vi")`` -> ``"../../source/"``."""
    return posixpath.relpath(posixpath.dirname(source_path) or ".", page_dir) + "/"


def rebase_url(url: str, base: str) -> str:
    """``url`` as seen from the page: relative ones prefixed with ``base`` (dot segments folded)."""
    stripped = url.strip()
    if not stripped or stripped.startswith(("/", "#", "?")) or urlsplit(stripped).scheme:
        return url
    cut = min((i for i in (stripped.find("?"), stripped.find("#")) if i >= 0), default=len(stripped))
    path = posixpath.normpath(base + stripped[:cut])
    return path + ("/" if stripped[:cut].endswith("/") else "") + stripped[cut:]


def rebase_srcset(value: str, base: str) -> str:
    """A ``srcset`` with each candidate's URL rebased (HTML standard: URL, then descriptors up to ``,``);
    one holding a ``data:`` URL is kept as written (its commas and spaces make candidates ambiguous)."""
    if "data:" in value:
        return value
    return _SRCSET_CANDIDATE.sub(lambda m: m[1] + rebase_url(m[2], base) + m[3] + m[4], value)


def rebase_urls(root: lxml.etree._Element, base: str) -> None:
    """Rebase the asset URLs of the tree under ``root`` in place (see the module docstring)."""
    if not base or any(el.get("href") for el in root.iter("base")):
        return
    for tag, names in _URL_ATTRS.items():
        for el in root.iter(tag):
            for name in names:
                value = el.get(name)
                if value is None:
                    continue
                new = rebase_srcset(value, base) if name == "srcset" else rebase_url(value, base)
                if new != value:
                    el.set(name, new)
