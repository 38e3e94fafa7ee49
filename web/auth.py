"""Accounts for `pagu serve --accounts FILE`: who may read the pages when the server
listens beyond this machine.

The file holds one account a line, `name:hash`, the hash an argon2id one as
`pagu serve --hash-password` prints it (lines starting with # are comments). Passwords
are never stored. A login puts the name in a signed session cookie (HttpOnly,
SameSite=Lax, Secure when served over TLS, 8 hours); every page but the login form and
the stylesheet then needs it.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from events.errors import InvalidInput
from events.i18n import _

HASHER = PasswordHasher()
PUBLIC = ("/login", "/static/")
SESSION_HOURS = 8
MAX_FORM = 4096  # bytes: a name and a password, nothing more


def hash_password(password: str) -> str:
    if not password:
        raise InvalidInput(_("an empty password cannot protect anything"))
    return HASHER.hash(password)


def load_accounts(path: Path) -> dict[str, str]:
    """name -> argon2 hash; a line that is not `name:$argon2...` is refused by number."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as problem:
        raise InvalidInput(
            _("--accounts {path}: cannot read it ({strerror})").format(
                path=path, strerror=problem.strerror
            )
        ) from None
    accounts: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _colon, hashed = line.partition(":")
        name, hashed = name.strip(), hashed.strip()
        if not name or not hashed.startswith("$argon2"):
            raise InvalidInput(
                _(
                    "--accounts {path}, line {number}: not `name:hash` with an argon2 hash "
                    "(make one with `pagu serve --hash-password`)"
                ).format(path=path, number=number)
            )
        if name in accounts:
            raise InvalidInput(
                _("--accounts {path}, line {number}: {name!r} appears twice").format(
                    path=path, number=number, name=name
                )
            )
        accounts[name] = hashed
    if not accounts:
        raise InvalidInput(_("--accounts {path}: no account in it").format(path=path))
    return accounts


_DECOY = HASHER.hash(secrets.token_urlsafe(16))  # an unknown name costs as much as a known


def check(accounts: dict[str, str], name: str, password: str) -> bool:
    hashed = accounts.get(name)
    try:
        return HASHER.verify(hashed or _DECOY, password) and hashed is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class Gate:
    """Inside the session middleware: every page needs a logged-in session."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path.startswith(PUBLIC) or scope["session"].get("user"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        target = path + (f"?{request.url.query}" if request.url.query else "")
        response = RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        await response(scope, receive, send)


def _safe_next(target: str | None) -> str:
    """Back to where the reader was going, on this site only."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def login_form(request: Request) -> Response:
    from web.page import render
    from web.store import asked

    request.session.setdefault("csrf", secrets.token_urlsafe(24))
    return render(
        request,
        "login.html",
        title="Masuk",
        wanted=asked({}),
        next=_safe_next(request.query_params.get("next")),
        failed=False,
    )


async def _form(request: Request) -> dict[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise InvalidInput(_("the login form is a name and a password, nothing longer"))
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items()}


def _token_ok(request: Request, sent: str | None) -> bool:
    held = request.session.get("csrf")
    return bool(held and sent and hmac.compare_digest(str(held), sent))


async def login(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from web.page import render
    from web.store import asked

    fields = await _form(request)
    accounts: dict[str, str] = request.app.state.accounts
    name, password = fields.get("username", "").strip(), fields.get("password", "")
    ok = _token_ok(request, fields.get("csrf")) and await run_in_threadpool(
        check, accounts, name, password
    )
    if not ok:
        request.session["csrf"] = secrets.token_urlsafe(24)
        return render(
            request,
            "login.html",
            title="Masuk",
            wanted=asked({}),
            next=_safe_next(fields.get("next")),
            failed=True,
            status=401,
        )
    request.session.clear()  # a fresh session on login
    request.session.update({"user": name, "csrf": secrets.token_urlsafe(24)})
    return RedirectResponse(_safe_next(fields.get("next")), status_code=303)


async def logout(request: Request) -> Response:
    fields = await _form(request)
    if _token_ok(request, fields.get("csrf")):
        request.session.clear()
    return RedirectResponse("/login", status_code=303)
