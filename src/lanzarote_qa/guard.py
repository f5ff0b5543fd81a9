"""The app's front door (ASGI middleware): admission before the queue, bounded payloads, no uploads, CSP.

It runs before Gradio sees a request, so a flood is refused before it can fill the queue and a
malformed payload is answered with one JSON error and one log line, never a traceback.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from .fairness import Admission, Busy, RateLimit

log = logging.getLogger(__name__)

# Scripts, styles, images and connections come from the app's own origin only ("inline" is the
# page's own configuration and styles, which Gradio writes into the page).
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
MAX_BODY = 64_000  # bytes: a question and four earlier ones of 2,000 characters each fit with room to spare
_QUEUED = re.compile(r"^/gradio_api/(?:queue/join|call(?:/v2)?/[\w-]+)/?$")
_DIRECT = re.compile(r"^/gradio_api/(?:run|api)/[\w-]+/?$")  # closed to queued functions (api_open=False)
# Set by the guard on an admitted call (any such header a client sends is dropped first).
ADMITTED_HEADER = "x-lanzarote-admitted"
_API_NAME = re.compile(r"^/gradio_api/call(/v2)?/([\w-]+)/?$")


@dataclass(frozen=True)
class Call:
    """What a queued call asks for, read from its route and JSON body."""

    api_name: str | None
    fn_index: int | None
    data: list | None  # positional values (queue/join and /call)
    named: dict | None  # named values (/call/v2)


@dataclass(frozen=True)
class Rules:
    """What the guard needs to know of the app."""

    admission: Admission
    rate: RateLimit
    is_engine: Callable[[Call], bool]  # whether the call runs the engine (admitted; its handler counts it out)
    check: Callable[[Call], str | None]  # why the call cannot be for this app, else None


class Guard:
    """ASGI middleware applying `Rules` to every HTTP request."""

    def __init__(self, app, rules: Rules):
        self.app = app
        self.rules = rules
        self._quiet_until = 0.0
        self._unlogged = 0

    def _refused(self, path: str, why: str) -> None:
        """One log line per refusal, but no more than one a second: a flood must not fill the disk."""
        now = time.monotonic()
        if now < self._quiet_until:
            self._unlogged += 1
            return
        more = f" (and {self._unlogged} more refusals not logged)" if self._unlogged else ""
        log.warning("refused a request to %s: %s%s", path, why, more)
        self._quiet_until, self._unlogged = now + 1.0, 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = _with_headers(send)
        path, method = scope.get("path", ""), scope.get("method", "")
        if method == "POST" and path.rstrip("/") == "/gradio_api/upload":
            return await _json(send, 403, "this app takes no uploads")
        if method != "POST" or not (_QUEUED.match(path) or _DIRECT.match(path)):
            return await self.app(scope, receive, send)
        body, too_big = await _read(receive)
        if too_big:
            self._refused(path, f"body over {MAX_BODY} bytes")
            return await _json(send, 413, f"the request is over {MAX_BODY:,} bytes")
        if _DIRECT.match(path):
            return await self.app(scope, _replay(body, receive), send)
        call, session, problem = _read_call(path, body)
        try:
            problem = problem or self.rules.check(call)
        except Exception as exc:  # a bug in a check refuses the call; it does not answer with a traceback
            log.error("refused a request to %s: %s while checking it", path, type(exc).__name__)
            problem = "the request could not be checked"
        if problem:
            self._refused(path, problem)
            return await _json(send, 400, problem)
        client = str((scope.get("client") or ("?", 0))[0])
        session = session or f"client:{client}"
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != ADMITTED_HEADER.encode()]
        if not self.rules.is_engine(call):  # cheap calls: a rate per session is enough
            if not self.rules.rate.allow(session):
                self._refused(path, "too many calls from one session")
                return await _json(send, 429, "too many requests; slow down")
        else:
            try:
                self.rules.admission.enter(session, client)
            except Busy as exc:
                self._refused(path, str(exc))
                return await _json(send, 429, str(exc))
            # the handler counts the call out under the same keys when its answer is done (else it expires)
            headers.append((ADMITTED_HEADER.encode(), admitted_value(session, client).encode()))
        return await self.app({**scope, "headers": headers}, _replay(body, receive), send)


def admitted_value(session: str, client: str) -> str:
    """The admission header's value: the keys a call was counted in under."""
    return json.dumps([session, client])


def admitted_keys(value: str | None) -> tuple[str, str] | None:
    """The keys an admission header names, or None (a call that was not admitted)."""
    try:
        session, client = json.loads(value or "null")
    except (TypeError, ValueError):
        return None
    return (session, client) if isinstance(session, str) and isinstance(client, str) else None


def _read_call(path: str, body: bytes) -> tuple[Call, str | None, str | None]:
    """The call a body asks for, its session and, when the body cannot be a call, why."""
    nothing = Call(None, None, None, None)
    try:
        payload = json.loads(body or b"{}")
    except (ValueError, RecursionError):  # RecursionError: nested too deep to read
        return nothing, None, "the request body is not JSON"
    if not isinstance(payload, dict):
        return nothing, None, "the request body must be a JSON object"
    route = _API_NAME.match(path)
    session = payload.get("session_hash")
    session = session if isinstance(session, str) and 0 < len(session) <= 64 else None
    if route and route.group(1):
        return Call(route.group(2), None, None, payload), session, None
    data = payload.get("data")
    if not isinstance(data, list):
        return nothing, session, "the request needs a 'data' list"
    fn_index = payload.get("fn_index")
    fn_index = fn_index if isinstance(fn_index, int) and not isinstance(fn_index, bool) else None
    if route is None and fn_index is None:
        return nothing, session, "the request needs an 'fn_index'"
    return Call(route.group(2) if route else None, fn_index, data, None), session, None


def _with_headers(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
            headers += [
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"no-referrer"),
            ]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _read(receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks), False


def _replay(body: bytes, receive):
    """The body already read, then the client's own messages (a disconnect, when it comes)."""
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _json(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "error": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
