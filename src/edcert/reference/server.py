"""Run the reference target with uvicorn, in the foreground or in a background thread."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from .app import create_app
from .state import Credentials, ReferenceState
from .store import Store


@dataclass
class RunningTarget:
    """A reference target serving on 127.0.0.1 (or the host it was started on) in a background thread."""

    port: int
    state: ReferenceState
    _server: uvicorn.Server
    _thread: threading.Thread
    _db_dir: tempfile.TemporaryDirectory | None = field(default=None)
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def edfi_base_url(self) -> str:
        return f"{self.url}/data/v3"

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    @property
    def linkit_base_url(self) -> str:
        return f"{self.url}/linkit"

    def stop(self) -> None:
        self._server.should_exit = True
        self._server.force_exit = True
        self._thread.join(timeout=5)
        self.state.store.close()
        if self._db_dir is not None:
            self._db_dir.cleanup()

    def __enter__(self) -> RunningTarget:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _state(faults: Iterable[str], db: str | None, credentials: Credentials | None
           ) -> tuple[ReferenceState, tempfile.TemporaryDirectory | None]:
    db_dir = None
    if db is None:
        db_dir = tempfile.TemporaryDirectory(prefix="edcert-reference-")
        db = os.path.join(db_dir.name, "reference.sqlite")
    state = ReferenceState(Store(db), frozenset(faults), credentials or Credentials())
    return state, db_dir


#: The largest request the reference target reads: its request line and headers, and its body.
MAX_HEAD_BYTES = 16 * 1024
MAX_REQUEST_BODY_BYTES = 1024 * 1024


class BoundedBody:
    """Read a request's body before the application does, at most MAX_REQUEST_BODY_BYTES of it: a larger one
    (declared or sent) is answered 413 without reading the rest, so no client can make the target hold more."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope.get("headers", []) if k.lower() == b"content-length"), b"0")
        chunks: list[bytes] = []
        received = 0
        too_large = declared.isdigit() and int(declared) > MAX_REQUEST_BODY_BYTES
        while not too_large:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            too_large = received > MAX_REQUEST_BODY_BYTES
            if not message.get("more_body", False):
                break
        if too_large:
            body = (b'{"title": "Payload Too Large", "status": 413, "detail": "The request body is over '
                    + str(MAX_REQUEST_BODY_BYTES).encode() + b' bytes."}')
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/problem+json"),
                                    (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
            return
        pending = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay() -> dict:
            return pending.pop() if pending else await receive()

        await self.app(scope, replay, send)


class _UnderPrefix:
    """Also serve the app under a path prefix (a tenant or school-year route), the prefix kept in the URL."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if self.prefix and scope["type"] == "http" and scope["path"].startswith(self.prefix + "/"):
            scope = {**scope, "root_path": scope.get("root_path", "") + self.prefix}
        await self.app(scope, receive, send)


def _config(app: Any, port: int, prefix: str = "", host: str = "127.0.0.1", http: Any = None) -> uvicorn.Config:
    return uvicorn.Config(_UnderPrefix(app, prefix), host=host, port=port, log_level="warning",
                          lifespan="off", access_log=False, timeout_graceful_shutdown=1, http=http or "h11",
                          h11_max_incomplete_event_size=MAX_HEAD_BYTES)


def start(faults: Iterable[str] = (), *, port: int = 0, db: str | None = None,
          credentials: Credentials | None = None, prefix: str = "", startup_timeout: float = 10.0,
          host: str = "127.0.0.1", wrap: Callable[[Any], Any] | None = None, http: Any = None) -> RunningTarget:
    """Start a reference target in a background thread and return once it accepts connections.

    With a prefix (e.g. "/tenant1/2026") it also serves every path under that prefix. ``host`` is the
    address to listen on; ``wrap`` receives the ASGI application and returns the one to serve (edcert
    listen records every exchange this way); ``http`` is the uvicorn HTTP protocol class (default h11)."""
    state, db_dir = _state(faults, db, credentials)
    app = BoundedBody(create_app(state))
    server = uvicorn.Server(_config(wrap(app) if wrap else app, port, prefix.rstrip("/"), host, http))
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]  # not the main thread
    thread = threading.Thread(target=server.run, name="edcert-reference", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            state.store.close()
            raise RuntimeError(f"the reference target could not start on {host}:{port}")
        time.sleep(0.005)
    bound = server.servers[0].sockets[0].getsockname()[1]
    return RunningTarget(bound, state, server, thread, db_dir, host)


def serve_forever(faults: Iterable[str] = (), *, port: int = 0, db: str | None = None,
                  on_ready=None) -> None:
    """Serve in the foreground until interrupted (Ctrl-C)."""
    target = start(faults, port=port, db=db)
    if on_ready is not None:
        on_ready(target)
    try:
        while target._thread.is_alive():
            target._thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        target.stop()
