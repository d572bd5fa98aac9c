"""Connecting this process to a Ray cluster for ``--executor ray`` (``attach``, ``session``).

Which cluster (Ray's own resolution: ``--ray-address``, ``RAY_ADDRESS``, a cluster started on
this machine with ``ray start``, else a local one for the run), a quick probe of a ``host:port``
that nothing answers, and the one line the CLI prints. The pool itself is
``l10n.translate.executor.ray``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Iterator
from typing import Any

from l10n.errors import L10nError
from l10n.translate.executor import require_ray

ray = require_ray()


def first_line(exc: BaseException) -> str:
    """The last non-empty line of an error's text (Ray's carry a traceback before it)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def attach(address: str | None) -> tuple[str, bool]:
    """Connect this process to a Ray cluster and say which one, in one line.

    Resolution (Ray's own): ``address`` when given; else ``RAY_ADDRESS``; else a cluster
    started on this machine with ``ray start``; else a new local cluster for this run
    (dashboard off; usage statistics off unless ``RAY_USAGE_STATS_ENABLED`` says otherwise).
    A session already open in this process (``ray.init`` by the caller) is used as it is.

    Returns:
        (the line to print, whether this call opened the connection and should close it).

    Raises:
        L10nError: the cluster cannot be reached (exit 1).
    """
    if ray.is_initialized():
        return f"ray: using the Ray session already open in this process ({_cpus()})", False
    quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    env = os.environ.get("RAY_ADDRESS", "").strip()
    try:
        if address:
            _probe(address)
            ray.init(address=address, **quiet)
            how = f"the Ray cluster at {address}"
        elif env:
            ray.init(**quiet)
            how = f"the Ray cluster at {env} (RAY_ADDRESS)"
        else:
            try:
                ray.init(address="auto", **quiet)
                how = "the Ray cluster started on this machine (ray start)"
            except ConnectionError:
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
                ray.init(address="local", include_dashboard=False, **quiet)
                how = "a local Ray cluster started for this run"
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or env or "this machine"
        raise L10nError(f"cannot attach to the Ray cluster at {where}: {first_line(exc)}") from None
    return f"ray: attached to {how} ({_cpus()})", True


PROBE_SECONDS = 5.0
"""How long ``attach`` waits for a ``host:port`` address to accept a connection (Ray itself
keeps retrying a dead address for minutes)."""


def _probe(address: str) -> None:
    """Fail fast, with one line, when a ``host:port`` address accepts no TCP connection.

    Other forms (``ray://...``, ``auto``, ``local``) are left to Ray.

    Raises:
        ConnectionError: nothing listens there within ``PROBE_SECONDS``.
    """
    host, sep, port = address.rpartition(":")
    if not sep or "://" in address or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS).close()
    except OSError as exc:
        raise ConnectionError(
            f"nothing answers at {address} ({exc.strerror or type(exc).__name__})"
        ) from None


def _cpus() -> str:
    nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
    cpus = int(ray.cluster_resources().get("CPU", 0))
    return f"{nodes} node{'s' if nodes != 1 else ''}, {cpus} CPUs"


@contextlib.contextmanager
def session(address: str | None) -> Iterator[str]:
    """Attach for the length of a ``with`` block (see ``attach``); yield the line to print.

    Disconnects at the end when this call connected (a local cluster started for the run
    stops with it); a session the caller opened stays open.

    Raises:
        L10nError: the cluster cannot be reached.
    """
    line, opened = attach(address)
    try:
        yield line
    finally:
        if opened:
            ray.shutdown()


__all__ = ["PROBE_SECONDS", "attach", "first_line", "session"]
