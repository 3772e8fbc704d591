"""The wire under edcert's transport: what bounds one HTTP exchange at the socket.

- ``Deadline``: the wall-time bound of one exchange. ``Watchdog`` fires it when it passes, which
  shuts the exchange's sockets down (through descriptors of their own, so a TLS wrap or a closed
  connection object changes nothing) and so ends any read in progress at once; until then each read
  waits at most the time left.
- ``BoundedResponse``: http.client's response reading through a byte budget (MAX_WIRE_BYTES for
  status lines, headers, chunk framing, body and trailers together) and skipping interim answers
  (100 Continue, 103 Early Hints, any 1xx but 101), at most MAX_INTERIM of them.
- ``BoundedAdapter``: requests' adapter over connections that use both, and that send the request
  target exactly as edcert built it.

Whatever breaks a bound inside the HTTP layers is raised as ``AnswerRefused``, which the transport
turns into a failure of the target.
"""

from __future__ import annotations

import contextvars
import heapq
import http.client
import ipaddress
import itertools
import logging
import os
import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError

MAX_BODY_BYTES = 1024 * 1024
MAX_WIRE_BYTES = MAX_BODY_BYTES + 256 * 1024
MAX_INTERIM = 16
# urllib3 logs unparsable headers with a traceback; edcert reports what matters itself.
logging.getLogger("urllib3.connection").disabled = True


class AnswerRefused(Exception):
    """An answer broke one of edcert's bounds; raised inside the HTTP layers, caught by the transport."""


# --- the deadline of one exchange --------------------------------------------------------------

class Deadline:
    """The wall-time bound of one exchange: when it passes, every socket of the exchange is shut down,
    which ends any read in progress (plain or TLS) at once."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.fired = False
        self._done = False
        self._twins: list[socket.socket] = []
        self._read_socket: socket.socket | None = None
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return max(0.001, self.at - time.monotonic())

    def watch(self, sock: Any) -> None:
        """Watch a socket of this exchange, through a descriptor of its own: TLS wraps and connection closes
        replace the socket object, never the socket."""
        try:
            twin = socket.socket(fileno=os.dup(sock.fileno()))
        except (OSError, ValueError):
            return
        with self._lock:
            if self._done:
                twin.close()
                return
            self._twins.append(twin)
            if self.fired:
                _shut(twin)

    def reading_from(self, sock: Any) -> None:
        self._read_socket = sock
        self.narrow()

    def narrow(self) -> None:
        """Let the next socket read wait no longer than the time left."""
        sock = self._read_socket
        if sock is not None:
            try:
                sock.settimeout(self.remaining())
            except OSError:
                pass

    def fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            for twin in self._twins:
                _shut(twin)

    def close(self) -> None:
        with self._lock:
            self._done = True
            for twin in self._twins:
                twin.close()
            self._twins.clear()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class Watchdog:
    """One thread that fires each exchange's deadline when it passes."""

    def __init__(self) -> None:
        self._pending: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: Deadline) -> None:
        with self._wake:
            heapq.heappush(self._pending, (deadline.at, next(self._order), deadline))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="edcert-deadlines", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending:
                    self._wake.wait()
                at, _, deadline = self._pending[0]
                wait = at - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._pending)
            deadline.fire()


CURRENT_DEADLINE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("edcert_deadline", default=None)


# --- what is read from the wire ----------------------------------------------------------------

class _CountedReader:
    """The socket's reader, counting every byte taken from it against the exchange's wire budget."""

    def __init__(self, reader: Any, budget: int) -> None:
        self._reader = reader
        self._left = budget
        self._budget = budget

    def _take(self, data: Any) -> Any:
        self._left -= len(data)
        if self._left < 0:
            raise AnswerRefused(f"sent more than {self._budget} bytes (status lines, headers, chunk framing and body "
                           "together); edcert refuses answers this large")
        return data

    def _bounded(self, size: int | None) -> int:
        return self._left + 1 if size is None or size < 0 else min(size, self._left + 1)

    def readline(self, size: int | None = -1) -> bytes:
        return self._take(self._reader.readline(self._bounded(size)))

    def read(self, size: int | None = -1) -> bytes:
        return self._take(self._reader.read(self._bounded(size)))

    def read1(self, size: int | None = -1) -> bytes:
        return self._take(self._reader.read1(self._bounded(size)))

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[:self._left + 1]
        count = self._reader.readinto(view)
        self._take(view[:count or 0])
        return count

    def peek(self, size: int = 0) -> bytes:
        return self._reader.peek(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class BoundedResponse(http.client.HTTPResponse):
    """http.client's response, reading through the wire budget and skipping interim (1xx) answers."""

    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self.fp = _CountedReader(self.fp, MAX_WIRE_BYTES)
        deadline = CURRENT_DEADLINE.get()
        if deadline is not None:
            deadline.watch(sock)
            deadline.reading_from(sock)

    def _read_status(self) -> tuple[str, int, str]:
        for _ in range(MAX_INTERIM + 1):
            deadline = CURRENT_DEADLINE.get()
            if deadline is not None:
                deadline.narrow()
            version, status, reason = super()._read_status()
            if not 100 <= status < 200 or status == 101:
                return version, status, reason
            http.client.parse_headers(self.fp)  # an interim answer's headers: read and dropped
        raise AnswerRefused(f"sent more than {MAX_INTERIM} interim (1xx) answers and no final answer")


# --- the connections ---------------------------------------------------------------------------

# urllib3 rewrites percent-escapes in upper case (%2f -> %2F). A signed URL must reach the server
# byte for byte as it was signed, so the request target is put back as edcert built it.
EXACT_TARGET: contextvars.ContextVar[str | None] = contextvars.ContextVar("edcert_exact_target", default=None)


def resolved_within(host: str, port: int, seconds: float) -> list[str]:
    """The addresses of ``host``, in the resolver's order, looked up in a thread of its own so that a resolver that does not
    answer is bounded by the exchange's time left like every other part of it."""
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    outcome: dict[str, Any] = {}

    def look_up() -> None:
        try:
            outcome["infos"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            outcome["error"] = exc

    lookup = threading.Thread(target=look_up, name="edcert-resolve", daemon=True)
    lookup.start()
    lookup.join(seconds)
    if lookup.is_alive():
        raise socket.gaierror(f"{NOT_RESOLVED_WITHIN} {seconds:.3g} s")
    if "error" in outcome:
        raise outcome["error"]
    addresses = list(dict.fromkeys(str(info[4][0]) for info in outcome["infos"]))
    if not addresses:
        raise socket.gaierror("No address associated with hostname")
    return addresses


NOT_RESOLVED_WITHIN = "the name was not resolved within"


class _Bounded:
    response_class = BoundedResponse

    def _new_conn(self) -> socket.socket:
        deadline = CURRENT_DEADLINE.get()
        if deadline is None:
            return super()._new_conn()  # type: ignore[misc]
        name = self._dns_host  # type: ignore[attr-defined]
        try:
            addresses = resolved_within(name, self.port, deadline.remaining())  # type: ignore[attr-defined]
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from None  # type: ignore[attr-defined, arg-type]
        sock = self._connect_to_one_of(addresses, name, deadline)
        deadline.watch(sock)  # before TLS: a dripped handshake is bounded too
        return sock

    def _connect_to_one_of(self, addresses: list[str], name: str, deadline: Deadline) -> socket.socket:
        """Each address in turn, as the resolver ordered them, while time is left; the Host header and the
        TLS server name keep the name."""
        for index, address in enumerate(addresses):
            self._dns_host = address
            try:
                return super()._new_conn()  # type: ignore[misc, no-any-return]
            except NewConnectionError:
                if index == len(addresses) - 1 or deadline.fired:
                    raise
            finally:
                self._dns_host = name
        raise AssertionError("unreachable: the resolver gave at least one address")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> None:
        exact = EXACT_TARGET.get()
        if exact is not None and exact.upper() == url.upper():  # only the case of escapes differs
            url = exact
        super().request(method, url, *args, **kwargs)  # type: ignore[misc]


class _BoundedHTTPConnection(_Bounded, HTTPConnection):
    pass


class _BoundedHTTPSConnection(_Bounded, HTTPSConnection):
    pass


class _BoundedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _BoundedHTTPConnection


class _BoundedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _BoundedHTTPSConnection


class BoundedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _BoundedHTTPPool, "https": _BoundedHTTPSPool}
