"""Deadlines and a bound on the connections of an edcert listen session, whatever the client does.

uvicorn closes a connection that is idle between requests (timeout_keep_alive), but a client that
sends its request line and headers a byte at a time, or a body that never ends, holds the connection
for as long as it likes, and nothing bounds how many connections it opens. ``guarded_protocol`` gives
uvicorn an HTTP protocol that closes a connection whose request line and headers are not complete
within HEADER_SECONDS of its start (or of the end of the previous answer), or whose body is not
complete within BODY_SECONDS of its headers, and refuses a connection beyond MAX_OPEN open at once.
Each closed or refused connection is counted; the session reports the counts and judges them.
"""

from __future__ import annotations

import asyncio
import os
import threading
from dataclasses import dataclass, field
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
BODY_SECONDS = 60.0
MAX_OPEN = 32


@dataclass
class ConnectionCounts:
    """What the guard did during a session; safe to read from another thread."""

    header_seconds: float = HEADER_SECONDS
    body_seconds: float = BODY_SECONDS
    max_open: int = MAX_OPEN
    opened: int = 0
    most_open: int = 0
    idle_closed: int = 0  # connections that sent nothing within the deadline (a pool's spare connection)
    slow_headers: int = 0  # request line and headers begun, not complete within header_seconds
    slow_bodies: int = 0  # body not complete within body_seconds of the headers
    refused: int = 0  # beyond max_open open at once
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    @property
    def misbehaved(self) -> int:
        """Connections closed because of what the client did (not the idle ones)."""
        return self.slow_headers + self.slow_bodies + self.refused

    def summary(self) -> dict[str, Any]:
        return {"header_seconds": self.header_seconds, "body_seconds": self.body_seconds,
                "max_open": self.max_open, "opened": self.opened, "most_open_at_once": self.most_open,
                "closed_idle_without_a_request": self.idle_closed,
                "closed_headers_not_complete_in_time": self.slow_headers,
                "closed_body_not_complete_in_time": self.slow_bodies,
                "refused_over_the_open_limit": self.refused}

    def describe(self) -> str:
        """The connections closed for the client's behaviour, in one sentence (empty when none)."""
        parts = []
        if self.slow_headers:
            parts.append(f"{self.slow_headers} connection(s) whose request line and headers were not complete "
                         f"within {self.header_seconds:g} s")
        if self.slow_bodies:
            parts.append(f"{self.slow_bodies} whose request body was not complete within {self.body_seconds:g} s")
        if self.refused:
            parts.append(f"{self.refused} refused beyond {self.max_open} open at once")
        return "; ".join(parts)


def counts_from_environment() -> ConnectionCounts:
    """The bounds, lowered by EDCERT_LISTEN_HEADER_SECONDS, EDCERT_LISTEN_BODY_SECONDS and EDCERT_LISTEN_MAX_OPEN
    when they are set (for tests; never raised)."""
    def lowered(name: str, default: float) -> float:
        try:
            value = float(os.environ.get(name, ""))
        except ValueError:
            return default
        return value if 0 < value <= default else default

    return ConnectionCounts(header_seconds=lowered("EDCERT_LISTEN_HEADER_SECONDS", HEADER_SECONDS),
                            body_seconds=lowered("EDCERT_LISTEN_BODY_SECONDS", BODY_SECONDS),
                            max_open=int(lowered("EDCERT_LISTEN_MAX_OPEN", MAX_OPEN)))


def guarded_protocol(counts: ConnectionCounts) -> type[asyncio.Protocol]:
    """An uvicorn HTTP protocol class enforcing the deadlines and the bound of ``counts``."""
    open_connections: set[Any] = set()

    class GuardedH11Protocol(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _phase = ""
        _received = False

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            counts.add("opened")
            if len(open_connections) >= counts.max_open:
                counts.add("refused")
                transport.abort()
                return
            open_connections.add(self)
            with counts._lock:
                counts.most_open = max(counts.most_open, len(open_connections))
            self._arm("headers", counts.header_seconds)

        def connection_lost(self, exc: Exception | None) -> None:
            open_connections.discard(self)
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            self._received = True
            super().data_received(data)
            self._follow()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._follow()

        def _follow(self) -> None:
            """Arm the deadline of the part of the request the connection is waiting for."""
            state = self.conn.their_state
            if state is h11.IDLE and self._phase != "headers" and self.conn.our_state is h11.IDLE:
                self._received = False
                self._arm("headers", counts.header_seconds)
            elif state is h11.SEND_BODY and self._phase != "body":
                self._arm("body", counts.body_seconds)
            elif state not in (h11.IDLE, h11.SEND_BODY):
                self._disarm()

        def _arm(self, phase: str, seconds: float) -> None:
            self._disarm()
            self._phase = phase
            self._timer = self.loop.call_later(seconds, self._expired)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
            self._timer, self._phase = None, ""

        def _expired(self) -> None:
            phase, self._timer = self._phase, None
            if self.transport.is_closing():
                return
            if phase == "body":
                counts.add("slow_bodies")
            elif self._received or self.conn.trailing_data[0]:
                counts.add("slow_headers")
            else:
                counts.add("idle_closed")
            self.transport.abort()

    return GuardedH11Protocol
