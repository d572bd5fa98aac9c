"""The local bilingual review page (``l10n review``): a small web app on 127.0.0.1.

Server choice: the standard library's ``http.server`` (``ThreadingHTTPServer``), not Starlette
and uvicorn. The page needs three routes (the page, its two static files, one JSON action), and
a newsroom laptop install should not grow two runtime dependencies and an ASGI stack for them;
the tests drive the real server over a loopback socket anyway. The page is rendered on the
server with Jinja2 (autoescape on: every catalog string is escaped) from
``l10n/review/templates/``; its script and style come from ``l10n/review/static/`` (no build
step, no CDN, no inline script: the Content-Security-Policy allows only this origin).

Routes::

    GET  /?token=T          the page: the language's queue, grouped by article (reloads catalogs)
    GET  /static/<name>     review.js, review.css
    POST /api/approve       JSON {view, path, msgctxt, msgid, msgstr, base[, confirm]} -> JSON
                            Outcome, plus what the page updates (``changes.changes``); a text
                            failing an error-level check without ``"confirm": true`` gets
                            ``{"status": "confirm", ...}`` (``changes.confirmation``), unwritten;
                            a msgstr over ``[review] max_text`` characters: 400, unwritten

Security model:

- It binds 127.0.0.1 unless ``--host`` is given (the CLI warns for a non-loopback address).
- Every request whose ``Host`` is not the bound address and port (or ``localhost:<port>`` on
  loopback) is refused with 403, so a web page cannot reach the server through a DNS name it
  controls (DNS rebinding); every request carrying an ``Origin`` other than the server's own is
  refused with 403 (cross-site requests).
- A random token made per server run (``secrets.token_urlsafe``) is in the URL the CLI prints
  and in the page; the page itself and every POST require it (``X-L10n-Token`` header or a
  ``token`` form field), compared in constant time; a missing or wrong token is 403.
- Responses are ``no-store``, ``no-referrer`` (the token never leaves in a Referer) and framed
  by nobody.

Modules: ``session.py`` holds the state and writes (no HTTP), ``text.py`` the escaped HTML of
texts (placeholder chips, flagged values, word diff), this module the HTTP layer.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import socket
import socketserver
import sys
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jinja2

from l10n.errors import L10nError
from l10n.review.changes import changes, confirmation, issues_json
from l10n.review.page import page_context
from l10n.review.queue import REASONS
from l10n.review.session import EntryView, Outcome, ReviewSession
from l10n.review.text import flagged_values, rich_text

DEFAULT_HOST = "127.0.0.1"
"""The address served unless ``--host`` is given."""
DEFAULT_PORT = 8765
"""The port served unless ``--port`` is given (0: any free port)."""
TOKEN_HEADER = "X-L10n-Token"
"""Request header that carries the session token on POST (or the ``token`` form field)."""
MAX_BODY = 1_000_000
"""Largest accepted request body, in bytes."""

STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
"""The files under ``l10n/review/static/`` served at ``/static/<name>``, with their types."""

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


def is_loopback(host: str) -> bool:
    """True when ``host`` is a loopback address (``127.0.0.1``, ``::1``) or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("l10n.review", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["flagged"] = lambda issue: rich_text(issue.message, flagged_values([issue]))
    env.filters["chips"] = lambda text: rich_text(text, [])
    return env


def _groups(entries: Sequence[EntryView]) -> list[tuple[str, list[EntryView]]]:
    """The entries grouped by article, articles in the order of their first entry."""
    groups: dict[str, list[EntryView]] = {}
    for entry in entries:
        groups.setdefault(entry.slug, []).append(entry)
    return list(groups.items())


class ReviewServer(ThreadingHTTPServer):
    """The review app bound to one address; ``serve_forever()`` runs it, ``shutdown()`` stops it.

    Args:
        session: the review state of one language.
        host: address to bind (``DEFAULT_HOST``).
        port: port to bind; 0 picks a free one (see ``port``).
        token: the session token; default a new random one.

    Raises:
        OSError: the address cannot be bound (port in use, unknown address).
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, session: ReviewSession, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str = ""
    ) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)
        self.session = session
        self.host = host
        self.token = token or secrets.token_urlsafe(32)
        self.template = _env().get_template("review.html.j2")

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s ``getfqdn`` (a name lookup the page does not need)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    @property
    def port(self) -> int:
        """The port actually bound."""
        return int(self.server_address[1])

    @property
    def netloc(self) -> str:
        """``host:port`` as it appears in the URL and in the ``Host`` header."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The page's address, with the token: ``http://127.0.0.1:8765/?token=...``."""
        return f"http://{self.netloc}/?token={self.token}"

    def allowed_hosts(self) -> set[str]:
        """``Host`` header values accepted: the bound ``host:port``; ``localhost:port`` on loopback."""
        hosts = {self.netloc}
        if is_loopback(self.host):
            hosts.add(f"localhost:{self.port}")
        return hosts

    def render(self, view: str, entries: Sequence[EntryView], errors: Sequence[str]) -> str:
        """The page HTML (autoescaped)."""
        counts = {r: sum(1 for e in entries if e.item.reason == r) for r in REASONS}
        return self.template.render(
            **page_context(self.session.lang),
            token=self.token,
            view=view,
            groups=_groups(entries),
            total=len(entries),
            counts=counts,
            errors=errors,
        )


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: only the CLI prints."""

    # ---- guards ------------------------------------------------------------------------------
    def _refuse(self) -> str | None:
        """Why this request is refused (Host or Origin foreign), or None."""
        host = self.headers.get("Host", "")
        if host not in self.server.allowed_hosts():
            return "foreign Host"
        origin = self.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in self.server.allowed_hosts():
            return "foreign Origin"
        return None

    def _malformed(self) -> str | None:
        """Why this request is a bad request (400): a repeated ``Host`` or ``Origin`` header.

        RFC 9112 section 3.2: a request with more than one ``Host`` field is answered 400
        (which one a proxy and this server would read could differ); ``Origin`` likewise.
        """
        for name in ("Host", "Origin"):
            if len(self.headers.get_all(name) or []) > 1:
                return f"more than one {name} header"
        return None

    def _token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.server.token.encode())

    # ---- responses ---------------------------------------------------------------------------
    def _guarded(self, handle: Callable[[], None]) -> None:
        """Run ``handle``; an unexpected exception is one line on stderr and a one-line 500
        (no traceback to the client), or a closed connection if the response had begun."""
        self._started = False
        try:
            handle()
        except Exception as exc:  # the last guard of a request: never a traceback, never silence
            line = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
            line = line.encode("utf-8", "backslashreplace").decode("utf-8")
            print(f"l10n review: error: {self.command} {urlsplit(self.path).path}: {line}", file=sys.stderr)
            if self._started:
                self.close_connection = True
                return
            message = "internal error: " + line
            if self.command == "POST":
                self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"status": "error", "message": message})
            else:
                self._text(HTTPStatus.INTERNAL_SERVER_ERROR, message)

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self._started = True
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, doc: dict[str, Any]) -> None:
        self._send(status, json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/json")

    def _text(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    # ---- methods -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        """The page (token required) or a static file."""
        self._guarded(self._get)

    def _get(self) -> None:
        bad = self._malformed()
        if bad:
            return self._text(HTTPStatus.BAD_REQUEST, f"bad request: {bad}")
        why = self._refuse()
        if why:
            return self._text(HTTPStatus.FORBIDDEN, f"forbidden: {why}")
        url = urlsplit(self.path)
        if url.path.startswith("/static/"):
            name = url.path.removeprefix("/static/")
            if name not in STATIC:
                return self._text(HTTPStatus.NOT_FOUND, "not found")
            data = resources.files("l10n.review").joinpath("static", name).read_bytes()
            return self._send(HTTPStatus.OK, data, STATIC[name])
        if url.path != "/":
            return self._text(HTTPStatus.NOT_FOUND, "not found")
        if not self._token_ok(parse_qs(url.query).get("token", [None])[0]):
            return self._text(HTTPStatus.FORBIDDEN, "forbidden: open the URL `l10n review` printed (token)")
        view, entries, errors = self.server.session.load()
        html = self.server.render(view, entries, errors)
        self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8")

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        self.do_GET()

    def do_POST(self) -> None:
        """``/api/approve``: token, then the JSON body, then the session's approval."""
        self._guarded(self._post)

    def _post(self) -> None:
        bad = self._malformed()
        if bad:
            return self._json(HTTPStatus.BAD_REQUEST, {"status": "invalid", "message": bad})
        why = self._refuse()
        if why:
            return self._json(HTTPStatus.FORBIDDEN, {"status": "forbidden", "message": why})
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            return self._json(HTTPStatus.BAD_REQUEST, {"status": "invalid", "message": "bad body length"})
        raw = self.rfile.read(length)
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            if ctype == "application/x-www-form-urlencoded":
                doc: Any = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
            else:
                doc = json.loads(raw or b"null")
        except (UnicodeDecodeError, ValueError, RecursionError):  # nested too deep: a bad body too
            doc = None
        given = self.headers.get(TOKEN_HEADER) or (doc.get("token") if isinstance(doc, dict) else None)
        if not self._token_ok(given if isinstance(given, str) else None):
            return self._json(
                HTTPStatus.FORBIDDEN, {"status": "forbidden", "message": "missing or wrong token"}
            )
        if urlsplit(self.path).path != "/api/approve":
            return self._json(HTTPStatus.NOT_FOUND, {"status": "invalid", "message": "not found"})
        self._approve(doc)

    def _approve(self, doc: Any) -> None:
        fields = ("view", "path", "msgid", "msgstr", "base")
        if not isinstance(doc, dict) or not all(isinstance(doc.get(k), str) for k in fields):
            message = "expected JSON with string fields " + ", ".join(fields)
            return self._json(HTTPStatus.BAD_REQUEST, {"status": "invalid", "message": message})
        ctxt = doc.get("msgctxt")
        if ctxt is not None and not isinstance(ctxt, str):
            return self._json(
                HTTPStatus.BAD_REQUEST, {"status": "invalid", "message": "msgctxt: string or null"}
            )
        limit = self.server.session.cfg.review.max_text
        if len(doc["msgstr"]) > limit:
            message = f"msgstr: {len(doc['msgstr'])} characters, more than review.max_text ({limit})"
            return self._json(HTTPStatus.BAD_REQUEST, {"status": "invalid", "message": message})
        if doc.get("confirm") is not True and self._held(doc):
            return None
        try:
            out = self.server.session.approve(
                doc["view"], doc["path"], ctxt, doc["msgid"], doc["msgstr"], doc["base"]
            )
        except L10nError as exc:
            return self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"status": "error", "message": str(exc)})
        status = {
            "ok": HTTPStatus.OK,
            "unchanged": HTTPStatus.OK,
            "conflict": HTTPStatus.CONFLICT,
            "busy": HTTPStatus.SERVICE_UNAVAILABLE,
        }.get(out.status, HTTPStatus.BAD_REQUEST)
        self._json(
            status,
            {
                "status": out.status,
                "message": out.message,
                "base": out.base,
                "theirs": out.theirs,
                "theirs_state": out.theirs_state,
                "line": out.line,
                "issues": issues_json(out.issues),
                **self._changes(doc, ctxt, out),
            },
        )

    def _held(self, doc: dict[str, Any]) -> bool:
        """Answer ``confirm`` (200, nothing written) when the text fails an error-level check and
        the request did not carry ``"confirm": true``; True when it did so."""
        issues = self.server.session.check_text(doc["path"], doc["msgid"], doc["msgstr"])
        held = confirmation(issues)
        if held is not None:
            self._json(HTTPStatus.OK, held)
        return held is not None

    def _changes(self, doc: dict[str, Any], ctxt: str | None, out: Outcome) -> dict[str, Any]:
        """After a saved approval, what the page updates without a reload (``changes.changes``)."""
        catalog = self.server.session.catalog_of(doc["view"], doc["path"])
        if out.status not in ("ok", "unchanged") or catalog is None:
            return {}
        return changes(catalog, ctxt, doc["msgid"], out.issues)

    def _other(self) -> None:
        self._text(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _other


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "STATIC", "TOKEN_HEADER", "ReviewServer", "is_loopback"]
