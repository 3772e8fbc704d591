"""The traffic model: every request a client sent to edcert listen, exactly as received, and the answer.

A request keeps its raw path and query bytes (a signed URL is judged byte for byte), its headers in
the order they arrived, and its body; the answer keeps status, headers and body. Bodies are bounded,
and so is the number of exchanges a session keeps. ``as_exchange`` gives the harness's ``Exchange``,
so the checks and the evidence treat a recorded exchange like any other.
"""

from __future__ import annotations

import base64
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from typing import Any

from ..http.transport import Exchange
from ..masking import mask, mask_headers

#: Bounds of what a session keeps, in memory and in the report: bodies beyond MAX_KEPT_BODY_BYTES are cut
#: (their full size is kept); once MAX_EXCHANGES exchanges or MAX_KEPT_BYTES of one API (Ed-Fi, LinkIt!,
#: anything else) are kept, its further exchanges are counted and summarised, not kept (a client that sends
#: that much fails its requirement of bounded traffic). At most 3 x 8 MiB in all.
#: EDCERT_LISTEN_MAX_EXCHANGES and EDCERT_LISTEN_MAX_KEPT_BYTES lower them (for tests).
MAX_KEPT_BODY_BYTES = 256 * 1024
MAX_EXCHANGES = 1000
MAX_KEPT_BYTES = 8 * 1024 * 1024
#: How many distinct requests (method and path) the summary of the exchanges not kept lists.
SUMMARY_ROWS = 20


def _bound(name: str, default: int) -> int:
    text = os.environ.get(name, "")
    return int(text) if text.isdigit() and 0 < int(text) <= default else default


@dataclass
class RecordedExchange:
    number: int  # 1, 2, ... in the order the requests arrived
    received_at: float  # seconds since the epoch (UTC), when the request arrived
    client: str  # the client's address and port
    scheme: str
    host: str  # the Host header, as the client sent it
    method: str
    raw_path: str  # the path bytes as received, decoded as latin-1 (nothing unescaped)
    query: str  # the query bytes as received, decoded as latin-1, without the '?'
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    request_body_size: int = 0  # the size of the whole body, when more than the bound was received
    status: int = 0
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: bytes = b""
    elapsed: float = 0.0
    note: str = ""  # said when edcert answered the request itself instead of the reference target

    def __repr__(self) -> str:
        # Allure shows step arguments by their repr: never headers or bodies, which carry credentials.
        return mask(f"RecordedExchange(#{self.number} {self.method} {self.raw_path} -> {self.status})")

    # --- reading ------------------------------------------------------------------------------
    @property
    def target(self) -> str:
        """The request target as sent: raw path and query."""
        return self.raw_path + (f"?{self.query}" if self.query else "")

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}{self.target}"

    def request_header(self, name: str) -> str | None:
        return next((v for k, v in self.request_headers if k.lower() == name.lower()), None)

    def response_header(self, name: str) -> str | None:
        return next((v for k, v in self.response_headers if k.lower() == name.lower()), None)

    @property
    def content_type(self) -> str:
        return (self.request_header("content-type") or "").split(";")[0].strip().lower()

    def describe(self, body_chars: int = 300) -> str:
        """The request as a failure message shows it: number, line, headers and body, secrets masked."""
        headers = "; ".join(f"{k}: {v}" for k, v in mask_headers(dict(self.request_headers)).items()
                            if k.lower() not in ("host", "content-length", "connection", "accept-encoding"))
        body = self.request_body.decode("utf-8", errors="replace")
        shown = body[:body_chars] + (f" ... ({self.request_body_size} bytes in all)" if len(body) > body_chars else "")
        return mask(f"request #{self.number} {self.method} {self.target} [{headers}]"
                    + (f" body: {shown}" if body else " (no body)"))

    def as_exchange(self, exchange_id: str = "") -> Exchange:
        try:
            reason = HTTPStatus(self.status).phrase
        except ValueError:
            reason = ""
        return Exchange(self.method, self.url, dict(self.request_headers), self.request_body or None, self.status,
                        reason, dict(self.response_headers), self.response_body, self.elapsed,
                        id=exchange_id)

    # --- (de)serialisation ----------------------------------------------------------------------
    def to_dict(self, masked: bool = True) -> dict[str, Any]:
        """Plain JSON data; masked (for the report directory) unless told otherwise."""
        data = asdict(self)
        for key in ("request_body", "response_body"):
            raw: bytes = data[key]
            text = raw.decode("utf-8", errors="replace")
            data[key] = mask(text) if masked else base64.b64encode(raw).decode()
        if masked:
            data["request_headers"] = list(mask_headers(dict(self.request_headers)).items())
            data["response_headers"] = list(mask_headers(dict(self.response_headers)).items())
            data["raw_path"], data["query"] = mask(self.raw_path), mask(f"?{self.query}")[1:]
        data["encoding"] = "text, masked" if masked else "base64"
        return data

    def kept_bytes(self) -> int:
        """What keeping this exchange costs: its bodies as cut, its headers and its request line."""
        heads = sum(len(k) + len(v) for k, v in self.request_headers) + \
            sum(len(k) + len(v) for k, v in self.response_headers)
        return len(self.request_body) + len(self.response_body) + heads + len(self.raw_path) + len(self.query) + 200

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordedExchange:
        """Read back an unmasked (base64) record."""
        values = {k: v for k, v in data.items() if k != "encoding"}
        for key in ("request_body", "response_body"):
            values[key] = base64.b64decode(values[key])
        for key in ("request_headers", "response_headers"):
            values[key] = [tuple(pair) for pair in values[key]]
        return cls(**values)


_ID_SEGMENT = re.compile(r"/(?=[^/?]*\d)[^/?]{5,}")


@dataclass
class Overflow:
    """The exchanges a session did not keep, counted and summarised (never kept)."""

    exchanges: int = 0
    request_bytes: int = 0
    first: int = 0  # the number of the first exchange not kept
    last: int = 0
    requests: dict[str, int] = field(default_factory=dict)  # "PUT /data/v3/ed-fi/x/{id}" -> count
    other_requests: int = 0  # those past the first SUMMARY_ROWS distinct ones

    def count(self, record: RecordedExchange) -> None:
        self.exchanges += 1
        self.request_bytes += max(record.request_body_size, len(record.request_body))
        self.first = self.first or record.number
        self.last = record.number
        key = f"{record.method[:10]} {_ID_SEGMENT.sub('/{id}', record.raw_path[:200])}"
        if key in self.requests or len(self.requests) < SUMMARY_ROWS:
            self.requests[key] = self.requests.get(key, 0) + 1
        else:
            self.other_requests += 1

    def summary(self) -> dict[str, Any]:
        return {"exchanges": self.exchanges, "request_bytes": self.request_bytes, "first": self.first,
                "last": self.last, "requests": [{"request": mask(k), "count": n} for k, n in self.requests.items()],
                "other_requests": self.other_requests}


@dataclass
class _Budget:
    """What one API's requests may keep: a count and bytes; past them, the overflow."""

    kept: int = 0
    kept_bytes: int = 0
    overflow: Overflow = field(default_factory=Overflow)


class TrafficLog:
    """The exchanges of one session, in arrival order, within the session's bounds; safe to add to from the
    server's thread. The bounds hold for each API apart (``classify`` names the API of a request: "edfi",
    "linkit", or "other"), so a flood of one API's requests costs the other nothing. ``sink`` receives each
    kept exchange as it is kept (the report's traffic log is written as the session goes, never serialized
    whole at the end)."""

    def __init__(self, on_record: Callable[[RecordedExchange], None] | None = None,
                 sink: Callable[[RecordedExchange], None] | None = None,
                 classify: Callable[[RecordedExchange], str] | None = None) -> None:
        self._lock = threading.Lock()
        self._records: list[RecordedExchange] = []
        self._next = 0
        self.max_exchanges = _bound("EDCERT_LISTEN_MAX_EXCHANGES", MAX_EXCHANGES)
        self.max_kept_bytes = _bound("EDCERT_LISTEN_MAX_KEPT_BYTES", MAX_KEPT_BYTES)
        self._budgets: dict[str, _Budget] = {}
        self.first_request: float | None = None  # time.monotonic() of the first and latest request
        self.last_request: float | None = None
        self.on_record = on_record
        self.sink = sink
        self.classify = classify or (lambda record: "other")

    @property
    def dropped(self) -> int:
        with self._lock:  # the server's thread may be adding a budget
            return sum(budget.overflow.exchanges for budget in self._budgets.values())

    def overflow(self) -> dict[str, Overflow]:
        """The exchanges not kept, by API."""
        with self._lock:
            return {api: budget.overflow for api, budget in self._budgets.items() if budget.overflow.exchanges}

    def number(self) -> int:
        """The number of the next request, taken when it arrives (answers may finish out of order)."""
        with self._lock:
            self._next += 1
            now = time.monotonic()
            self.first_request = self.first_request or now
            self.last_request = now
            return self._next

    def add(self, record: RecordedExchange) -> bool:
        """Keep the exchange if it is within its API's bounds (True), else count it (False)."""
        cost = record.kept_bytes()
        api = self.classify(record)
        with self._lock:
            self.last_request = time.monotonic()
            budget = self._budgets.setdefault(api, _Budget())
            if budget.kept >= self.max_exchanges or budget.kept_bytes + cost > self.max_kept_bytes \
                    or budget.overflow.exchanges:  # once over, every later one is over too: no gaps in the record
                budget.overflow.count(record)
                return False
            self._records.append(record)
            budget.kept += 1
            budget.kept_bytes += cost
        if self.on_record is not None:
            self.on_record(record)
        if self.sink is not None:
            self.sink(record)
        return True

    def records(self) -> list[RecordedExchange]:
        with self._lock:
            return sorted(self._records, key=lambda r: r.number)

    def bounds(self) -> dict[str, int]:
        return {"max_exchanges_per_api": self.max_exchanges, "max_kept_bytes_per_api": self.max_kept_bytes,
                "max_kept_body_bytes": MAX_KEPT_BODY_BYTES}
