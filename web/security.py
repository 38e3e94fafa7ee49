"""The outermost layer of the app, around every response (errors included):

- read-only: any method but GET and HEAD answers 405 (the login form's POST is the one
  exception, and only when there are accounts: it writes nothing to the ledger);
- on a loopback address, only requests naming a loopback host are answered (a page
  elsewhere cannot reach the ledger by pointing its own domain at 127.0.0.1);
- security headers: a Content-Security-Policy that allows no script at all and nothing
  from elsewhere, no framing, no MIME sniffing, no referrer, nothing cached.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from events.i18n import _

POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    b"content-security-policy": POLICY.encode(),
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"cross-origin-opener-policy": b"same-origin",
    b"cross-origin-resource-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=()",
}
READS = frozenset({"GET", "HEAD"})
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(headers: list[tuple[bytes, bytes]]) -> str:
    value = next((v for k, v in headers if k == b"host"), b"").decode("latin-1").strip()
    if value.startswith("["):  # [::1]:8080
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        posts: Collection[str] = (),
        loopback_only: bool = True,
    ) -> None:
        self.app = app
        self.posts = frozenset(posts)
        self.loopback_only = loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS.items() if k not in present]
                if b"cache-control" not in present:
                    cache = b"max-age=3600" if static else b"no-store"
                    extra.append((b"cache-control", cache))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Scope) -> Any:
        method = scope["method"]
        if method not in READS and not (method == "POST" and scope["path"] in self.posts):
            return PlainTextResponse(
                _("405 Method Not Allowed: pagu serve is read-only"),
                status_code=405,
                headers={"Allow": "GET, HEAD"},
            )
        if self.loopback_only and not is_loopback(_host_name(scope.get("headers", []))):
            return PlainTextResponse(_("400 Bad Request: unknown host"), status_code=400)
        return None
