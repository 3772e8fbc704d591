"""An ASGI wrapper around the reference target that records every request exactly as received.

The request body is read whole (bounded) before the application sees it, so a request the
application refuses without reading (a POST where only PUT is routed) is still recorded with its
body. The answer is recorded as it is sent. Requests that carry the session's private marker (edcert's
own reads of the stored data at the end) are served but not recorded.

``TokenRenewalProbe`` answers one resource request 401 itself, as an Ed-Fi API does when a token has
expired, to see whether the client gets a new token: the second request made with the client's first
token. Later requests with that token are served again, so a client that does not renew fails only
the renewal scenario, not every scenario after it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .traffic import MAX_KEPT_BODY_BYTES, RecordedExchange, TrafficLog

MAX_REQUEST_BODY_BYTES = 1024 * 1024  # larger requests are answered 413 by the recorder itself
PRIVATE_HEADER = "x-edcert-private"
RENEWAL_NOTE = ("answered 401 by edcert listen itself, as an Ed-Fi API answers a request whose token has expired, "
                "to see the client get a new token")

Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


def bearer_token(record: RecordedExchange) -> str | None:
    header = record.request_header("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


class TokenRenewalProbe:
    def __init__(self, resource_prefix: str) -> None:
        self.resource_prefix = resource_prefix
        self.first_token: str | None = None
        self.uses = 0
        self.done = False

    def intercept(self, record: RecordedExchange) -> bool:
        """Whether to answer this request 401 instead of the reference target."""
        if self.done or not record.raw_path.startswith(self.resource_prefix):
            return False
        token = bearer_token(record)
        if token is None:
            return False
        if self.first_token is None:
            self.first_token = token
        if token != self.first_token:
            return False
        self.uses += 1
        self.done = self.uses >= 2
        return self.done


class Recorder:
    def __init__(self, app: Any, log: TrafficLog, private_marker: str, probe: TokenRenewalProbe | None = None) -> None:
        self.app, self.log, self.private_marker, self.probe = app, log, private_marker, probe

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        if any(k.lower() == PRIVATE_HEADER and v == self.private_marker for k, v in headers):
            await self.app(scope, receive, send)
            return
        number = self.log.number()
        started = time.monotonic()
        client = scope.get("client") or ("", 0)
        record = RecordedExchange(
            number=number, received_at=time.time(), client=f"{client[0]}:{client[1]}",
            scheme=scope.get("scheme", "http"), host=next((v for k, v in headers if k.lower() == "host"), ""),
            method=scope.get("method", ""), raw_path=(scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
            query=scope.get("query_string", b"").decode("latin-1"), request_headers=headers)
        body, complete = await _read_body(receive)
        record.request_body, record.request_body_size = body[:MAX_KEPT_BODY_BYTES], len(body)
        if complete is None:  # the client went away, or edcert closed a request that took too long
            record.note = (f"the connection closed before the request was complete ({len(body)} bytes of body "
                           "received)")
            record.elapsed = time.monotonic() - started
            self.log.add(record)
            return

        async def replay() -> dict:
            nonlocal body
            if body is not None:
                message, body = {"type": "http.request", "body": body, "more_body": False}, None
                return message
            return await receive()

        async def capture(message: dict) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                record.response_headers = [(k.decode("latin-1"), v.decode("latin-1"))
                                           for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                room = MAX_KEPT_BODY_BYTES - len(record.response_body)
                if room > 0:
                    record.response_body += message.get("body", b"")[:room]
            await send(message)

        try:
            if not complete:
                record.note = f"refused by edcert listen: request body over {MAX_REQUEST_BODY_BYTES} bytes"
                await _answer(capture, 413, {"title": "Payload Too Large", "detail": record.note})
            elif self.probe is not None and self.probe.intercept(record):
                record.note = RENEWAL_NOTE
                await _answer(capture, 401, {
                    "type": "urn:ed-fi:api:security:authentication", "title": "Authentication Failed", "status": 401,
                    "detail": "The caller could not be authenticated.", "errors": ["The access token has expired."]},
                    [(b"www-authenticate", b'Bearer error="invalid_token", error_description="The token has expired"')])
            else:
                await self.app(scope, replay, capture)
        finally:
            record.elapsed = time.monotonic() - started
            self.log.add(record)


async def _read_body(receive: Receive) -> tuple[bytes, bool | None]:
    """The whole request body and True; its first bytes and False when it is over the bound; what arrived
    and None when the connection closed before the body was complete."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_REQUEST_BODY_BYTES:
            return b"".join(chunks)[:MAX_KEPT_BODY_BYTES], False
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True


async def _answer(send: Send, status: int, problem: dict, extra: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(problem).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})
