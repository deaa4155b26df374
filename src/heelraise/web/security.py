"""ASGI middleware for every response: the host check, security headers, the CSRF cookie,
body limits.

CSRF: signed in (accounts on), the token is tied to the session: it is derived
from the session cookie (`csrf_for_session`), so it changes at every sign-in
and cannot be computed without the HttpOnly cookie. Without a session it is
the double-submit pattern: the `heelraise_csrf` cookie (HttpOnly,
SameSite=Strict) holds a random token that every page renders into its forms.
`deps.verify_csrf` compares the expected token with the submitted one on each
unsafe request. A cross-site
request is also refused by its `Sec-Fetch-Site` header where the browser sends
one. Bodies over the limit (uploads have their own, larger one) give 413.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "heelraise_csrf"
# Paths outside /static/ that serve files, not pages.
_ASSET_PATHS = frozenset({"/manifest.webmanifest", "/favicon.ico", "/apple-touch-icon.png"})
SESSION_COOKIE = "heelraise_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def csrf_for_session(session_token: str) -> str:
    """The CSRF token tied to a session: one-way, so it reveals nothing of the session."""
    return hashlib.sha256(f"heelraise-csrf:{session_token}".encode()).hexdigest()


def session_cookie(token: str, *, secure: bool, max_age: int | None) -> str:
    """The Set-Cookie value for the session (HttpOnly, SameSite=Lax, Secure off loopback)."""
    parts = [f"{SESSION_COOKIE}={token}", "Path=/", "HttpOnly", "SameSite=Lax"]
    parts.append(f"Max-Age={max_age}" if max_age is not None else "Max-Age=0")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def tokens_match(cookie: str | None, submitted: str | None) -> bool:
    return bool(cookie) and bool(submitted) and hmac.compare_digest(cookie or "", submitted or "")


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


def _cookie(headers: Iterable[tuple[bytes, bytes]], name: str) -> str | None:
    raw = _header(headers, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is treated as no cookie
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None and morsel.value else None


class HostCheckMiddleware:
    """Answer only the host names the settings accept (`WebSettings.serves_host`), else 400.

    Without accounts the app serves loopback names only: a web page whose name an
    attacker re-points at 127.0.0.1 (DNS rebinding) reaches the app with its own name
    in the `Host` header, and gets nothing.
    """

    def __init__(self, app: ASGIApp, *, serves_host: Callable[[str | None], bool]) -> None:
        self.app = app
        self.serves_host = serves_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.serves_host(
            _header(scope["headers"], b"host")
        ):
            await self.app(scope, receive, send)
            return
        body = orjson.dumps(
            {
                "error": {
                    "status": 400,
                    "message": "this host name is not served here",
                    "problems": [],
                }
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *SECURITY_HEADERS,
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """Headers and cookie on every HTTP response; a size limit on every body."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_upload_bytes: int,
        upload_paths: frozenset[str],
        secure_cookies: bool,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.upload_paths = upload_paths
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        token = _cookie(headers, CSRF_COOKIE)
        new_token = None
        if token is None or len(token) != 43:
            new_token = token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})
        session = _cookie(headers, SESSION_COOKIE)
        scope["state"]["csrf_token"] = csrf_for_session(session) if session else token
        if (
            scope["method"] in UNSAFE_METHODS
            and _header(headers, b"sec-fetch-site") == "cross-site"
        ):
            scope["state"]["cross_site"] = True
        path = scope["path"]
        uploading = path in self.upload_paths or (
            path.startswith("/api/people/") and path.endswith("/import")
        )
        limit = self.max_upload_bytes if uploading else self.max_body_bytes
        declared = _header(headers, b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > limit
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if too_large:
                raise HTTPException(413, f"the request body is over the limit ({limit} bytes)")
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"the request body is over the limit ({limit} bytes)")
            return message

        static = scope["path"].startswith("/static/")
        cookie_header = None
        # Only pages hand out the form token's cookie: a stylesheet, drawing, icon or the
        # manifest loading after a page (the manifest is fetched without cookies) must
        # not replace the cookie that page's form was made for.
        if new_token is not None and not (static or scope["path"] in _ASSET_PATHS):
            parts = [f"{CSRF_COOKIE}={new_token}", "Path=/", "HttpOnly", "SameSite=Strict"]
            if self.secure_cookies:
                parts.append("Secure")
            cookie_header = "; ".join(parts).encode("latin-1")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(SECURITY_HEADERS)
                if not static:
                    extra.append((b"cache-control", b"no-store"))
                if cookie_header is not None:
                    extra.append((b"set-cookie", cookie_header))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)
