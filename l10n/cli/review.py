"""``l10n review``: serve the bilingual review page of one language until Ctrl+C."""

from __future__ import annotations

import contextlib
import errno
from typing import TYPE_CHECKING, Annotated

import typer

from l10n.cli.articles import ArticlesArg
from l10n.cli.base import AppState, QuietOpt, app, langs_of, run_command, state_of
from l10n.cli.render import render_report
from l10n.errors import BusyError, UsageError
from l10n.project import writing

if TYPE_CHECKING:
    from l10n.stages.context import Run

ReviewLangOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--lang",
        "-l",
        metavar="TAG",
        help="Language to review (one; a page serves one language). Default: the first configured.",
    ),
]
PortOpt = Annotated[
    int, typer.Option("--port", min=0, max=65535, help="Port to serve on (0: any free port).")
]
HostOpt = Annotated[
    str | None,
    typer.Option(
        "--host", help="Address to serve on. Default 127.0.0.1; others are reachable from the network."
    ),
]


@app.command()
def review(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: ReviewLangOpt = None,
    port: PortOpt = 8765,
    host: HostOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Serve the bilingual review page on 127.0.0.1 and print its URL (opens nothing); Ctrl+C stops it.

    Approvals are written to the .po at once (atomic, conflict-checked, under the project lock).
    """
    state = state_of(ctx, quiet)
    run_command(
        state,
        lambda run: _serve(state, run, lang, host, port),
        render_report,
        writes=False,
        articles=articles,
    )


def _serve(state: AppState, run: Run, lang: list[str] | None, host: str | None, port: int) -> None:
    """Serve the page of the one ``lang`` until Ctrl+C; unreadable articles are said at once.

    Raises:
        UsageError: more than one ``--lang``, or the address cannot be served on.
    """
    from l10n.review.server import DEFAULT_HOST, ReviewServer, is_loopback
    from l10n.review.session import ReviewSession

    if lang and len(lang) > 1:
        raise UsageError(
            f"review takes one --lang, got {len(lang)} ({', '.join(lang)}): "
            "run one `l10n review` per language"
        )
    cfg, report = run.cfg, run.report
    tag = langs_of(cfg, lang)[0]
    with contextlib.suppress(BusyError), writing(cfg, run.leftover):  # a killed run's leftovers first
        pass  # (busy: the run holding the lock has just done it)
    for issue in report.warnings:
        state.err.print(f"warning: {issue.path}: {issue.message}", markup=False, soft_wrap=True)
    report.warnings.clear()
    bind = DEFAULT_HOST if host is None else host
    if not is_loopback(bind):
        state.err.print(
            f"warning: serving on {bind}: anyone who can reach this address and has the URL's token "
            "can change your catalogs",
            markup=False,
            soft_wrap=True,
        )
    session = ReviewSession(cfg, tag, run.documents(), run.glossary())  # a bad glossary: an error below
    try:
        server = ReviewServer(session, bind, port)
    except OSError as exc:
        hint = " (try another --port)" if exc.errno == errno.EADDRINUSE else ""
        raise UsageError(f"cannot serve on {bind}:{port}: {exc.strerror or exc}{hint}") from None
    for line in report.errors:  # articles or a glossary that could not be read: said now, the page serves
        state.err.print(f"error: {line}", markup=False, soft_wrap=True)
    report.errors.clear()
    state.out.print(f"Reviewing {tag} at {server.url}", markup=False, soft_wrap=True)
    if not state.quiet:
        state.err.print("Open that URL in a browser; Ctrl+C stops the server.", markup=False)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
