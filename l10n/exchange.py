"""Swap two files atomically: Linux ``renameat2(RENAME_EXCHANGE)`` through the C library.

The guarded write (``l10n.project.write_atomic`` with ``expect``) puts its new file in place
with one exchange, so the path never lacks a file and the file it replaced stays reachable
under the temp file's name, to be compared and, on a conflict, exchanged back. Python's ``os``
has no binding for it; ``ctypes`` reaches the C library's (glibc 2.28 or later, Linux 3.15 or
later; ext4, XFS, Btrfs, tmpfs). Elsewhere ``exchange`` returns False and the caller falls back
to ``os.replace`` (README, "Guarantees", says what that loses).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


@functools.cache
def _renameat2() -> Renameat2 | None:
    """The C library's ``renameat2``, or None where there is none."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the files at ``a`` and ``b`` (both must exist, on one file system).

    Returns:
        True when swapped; False when this system or file system cannot swap (nothing changed).

    Raises:
        OSError: the swap failed for another reason (a file missing: ``FileNotFoundError``).
    """
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


__all__ = ["exchange"]
