"""`pagu serve`'s application: routes, errors as pages, and the layers around them
(`web.security` outermost, then the session and login gate when there are accounts).

Routes are thin: each reads its URL, calls the view functions the `pagu` commands call
(`web.views`), and hands the rows to a template. Nothing here computes a figure.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from events.errors import InvalidInput
from events.i18n import _
from web import auth, budgets, downloads, lines, records
from web.format import STATIC, environment
from web.page import error_page
from web.security import Guard
from web.store import Store


def _invalid(request: Request, problem: Exception) -> Response:
    return error_page(request, 400, str(problem))


def _http(request: Request, problem: Exception) -> Response:
    assert isinstance(problem, HTTPException)
    if problem.status_code == 404:
        return error_page(request, 404, "Halaman ini tidak ada.")
    return error_page(request, problem.status_code, str(problem.detail))


def _failure(request: Request, problem: Exception) -> Response:
    """One sentence for the reader; the traceback goes to the server's log."""
    name, module = type(problem).__name__, type(problem).__module__
    if module.startswith(("sqlalchemy", "psycopg", "sqlite3")):
        detail = str(problem).strip().splitlines()[0] if str(problem).strip() else name
        return error_page(request, 500, _("storage error: {detail}").format(detail=detail))
    return error_page(
        request, 500, _("internal error ({name}); this is a bug in pagu").format(name=name)
    )


def create_app(
    db: str | None,
    *,
    accounts: dict[str, str] | None = None,
    loopback_only: bool = True,
    secure_cookies: bool = False,
    secret: str | None = None,
) -> ASGIApp:
    """The whole app on the ledger at `db`, opened read-only. With `accounts`, every
    page needs a login; `loopback_only` answers only requests for a loopback host."""
    store = Store(db)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        store.prepare_in_background(lambda: budgets.warm_up(store))
        try:
            yield
        finally:
            store.close()

    routes: list[Any] = [
        Route("/", budgets.index, methods=["GET", "HEAD"]),
        Route("/budget", budgets.budget, methods=["GET", "HEAD"]),
        Route("/line", lines.line, methods=["GET", "HEAD"]),
        Route("/evaluate", budgets.evaluate, methods=["GET", "HEAD"]),
        Route("/spm", budgets.spm, methods=["GET", "HEAD"]),
        Route("/audit", records.audit, methods=["GET", "HEAD"]),
        Route("/documents", records.documents, methods=["GET", "HEAD"]),
        Route("/integrity", records.integrity, methods=["GET", "HEAD"]),
        Route("/download/{name:str}", downloads.download, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static"),
    ]
    if accounts:
        routes += [
            Route("/login", auth.login_form, methods=["GET", "HEAD"]),
            Route("/login", auth.login, methods=["POST"]),
            Route("/logout", auth.logout, methods=["POST"]),
        ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            InvalidInput: _invalid,
            HTTPException: _http,
            Exception: _failure,
        },
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.env = environment()
    app.state.accounts = accounts or {}
    inner: ASGIApp = app
    if accounts:
        inner = SessionMiddleware(
            auth.Gate(app),
            secret_key=secret or secrets.token_urlsafe(32),
            session_cookie="pagu_session",
            max_age=auth.SESSION_HOURS * 3600,
            same_site="lax",
            https_only=secure_cookies,
        )
    return Guard(
        inner,
        posts=("/login", "/logout") if accounts else (),
        loopback_only=loopback_only,
    )
