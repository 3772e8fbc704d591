"""One bounded HTTP exchange at a time, recorded as evidence.

The target is untrusted. Every exchange made through ``HttpClient.send``:
- goes only to an origin the client allows (the profile's own) and never follows a redirect, so
  credentials reach no other host; a URL with user credentials in it is never sent;
- ends within ``timeout`` seconds of wall time whatever the server does: a watchdog shuts the
  socket down at the deadline (a status line, headers, interim answers, chunk sizes, trailers or a
  body dripped a byte at a time), and each socket read waits at most the time that is left;
- reads at most MAX_WIRE_BYTES from the wire (status lines, headers, chunk framing, body and
  trailers together) and at most MAX_BODY_BYTES of body; asks for identity encoding and refuses
  any other, so nothing is ever decompressed;
- skips interim answers (100 Continue, 103 Early Hints, any 1xx but 101), at most MAX_INTERIM;
- ends as an Exchange, as CheckFailed (the target answered, but not usably) or as
  TargetUnreachable (no HTTP answer at all: refused, unresolvable, TLS failure), each with one
  clear message; never as another exception.

requests prepares each request (headers, auth, body) and its adapter sends it; Session.send is
never used, because its redirect handling reads a 3xx body in full, decompressed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from ..errors import CheckFailed, TargetUnreachable
from ..masking import mask, mask_excerpt, mask_headers
from . import target_urls
from .target_health import TargetHealth, is_no_answer
from .waiting import WaitReporter
from .wire import (
    CURRENT_DEADLINE,
    EXACT_TARGET,
    MAX_BODY_BYTES,
    MAX_INTERIM,
    MAX_WIRE_BYTES,
    NOT_RESOLVED_WITHIN,
    AnswerRefused,
    BoundedAdapter,
    Deadline,
    Watchdog,
)

__all__ = ["Exchange", "HttpClient", "MAX_BODY_BYTES", "MAX_WIRE_BYTES", "MAX_INTERIM"]

EXCERPT_CHARS = 500
EVIDENCE_BODY_CHARS = 64 * 1024
_CHUNK = 16 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """Text a target sent, with control characters (terminal escapes among them) written as \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# --- the exchange as evidence ------------------------------------------------------------------

@dataclass
class Exchange:
    """One request and what came back, as evidence."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int = 0
    reason: str = ""
    response_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed: float = 0.0
    id: str = ""  # given by the evidence layer: the scenario and the exchange's place in it ("SCA-S1#3")

    def __repr__(self) -> str:
        # Allure shows step arguments by their repr: never headers or bodies, which may carry secrets.
        return f"Exchange({self.request_line()} -> HTTP {self.status_line or 'no answer'})"

    @property
    def status_line(self) -> str:
        return _visible(mask(f"{self.status} {self.reason[:100]}".strip() if self.status else ""))

    def header(self, name: str) -> str | None:
        for key, value in self.response_headers.items():
            if key.lower() == name.lower():
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def excerpt(self) -> str:
        if not self.body:
            return "(empty body)"
        text = self.text()
        more = f" ... ({len(self.body)} bytes in all)" if len(text) > EXCERPT_CHARS else ""
        return _visible(mask_excerpt(text, EXCERPT_CHARS)) + more

    def request_line(self) -> str:
        return _visible(mask(f"{self.method} {self.url}"))

    def evidence(self) -> str:
        """The exchange as readable text, secrets masked."""
        lines = [self.request_line()]
        lines += [f"{k}: {v}" for k, v in mask_headers(self.request_headers).items()]
        if self.request_body:
            lines += ["", mask(self.request_body.decode("utf-8", errors="replace"))]
        lines += ["", f"--> HTTP {self.status_line or '(no answer)'} in {self.elapsed * 1000:.0f} ms"]
        lines += [_visible(f"{k}: {v}") for k, v in mask_headers(self.response_headers).items()]
        if self.body:
            text = self.text()
            shown = mask_excerpt(text, EVIDENCE_BODY_CHARS)
            more = f"\n... ({len(self.body)} bytes in all)" if len(text) > EVIDENCE_BODY_CHARS else ""
            lines += ["", shown + more]
        return "\n".join(lines)


# --- the client --------------------------------------------------------------------------------

_HEADER_VALUE = re.compile(r"[^\r\n\x00]*")


class HttpClient:
    """Bounded exchanges over keep-alive connections; ``observer`` sees every exchange, finished or failed.

    With ``allowed_origins`` (scheme, host, port), a request to any other origin is refused before a byte
    is sent."""

    def __init__(self, timeout: float, observer: Callable[[Exchange], None] | None = None,
                 verify_tls: bool = True, allowed_origins: Collection[target_urls.Origin] | None = None,
                 health: TargetHealth | None = None, waiting: WaitReporter | None = None,
                 label: Callable[[], str] | None = None) -> None:
        self.timeout = timeout
        self.observer = observer
        self.health, self.waiting = health, waiting
        self.label = label or (lambda: "")
        self.allowed_origins = None if allowed_origins is None else frozenset(allowed_origins)
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc credentials picked up behind the user's back
        self.session.verify = verify_tls
        self.session.headers["User-Agent"] = "edcert"
        self.session.headers["Accept-Encoding"] = "identity"  # nothing to decompress, so no decompression bombs
        self.adapter = BoundedAdapter(max_retries=0)
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self._watchdog = Watchdog()

    def close(self) -> None:
        self.session.close()

    def send(self, method: str, url: str, *, headers: dict[str, str] | None = None,
             body: bytes | None = None, auth: tuple[str, str] | None = None) -> Exchange:
        destination = self._check_destination(method, url)
        prepared = self._prepare(method, url, headers or {}, body, auth)
        exchange = Exchange(method, prepared.url or url, dict(prepared.headers),
                            prepared.body if isinstance(prepared.body, bytes) else
                            (prepared.body.encode() if isinstance(prepared.body, str) else None))
        if self.health is not None and self.health.dead(destination):
            raise self.health.refusal(destination, exchange.request_line(), self.timeout)
        parts = urlsplit(url)
        deadline = Deadline(self.timeout)
        self._watchdog.arm(deadline)
        deadline_token = CURRENT_DEADLINE.set(deadline)
        target_token = EXACT_TARGET.set((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        waiting = self.waiting.begin(self.label() or "edcert", exchange.request_line(), self.timeout) \
            if self.waiting is not None else None
        started = time.monotonic()
        problem: Exception | None = None
        try:
            self._exchange(prepared, exchange, deadline)
        except (CheckFailed, TargetUnreachable) as failure:
            failure.exchange = exchange  # type: ignore[attr-defined]
            problem = failure
            raise
        finally:
            deadline.close()
            exchange.elapsed = time.monotonic() - started
            if waiting is not None and self.waiting is not None:
                self.waiting.end(waiting)
            EXACT_TARGET.reset(target_token)
            CURRENT_DEADLINE.reset(deadline_token)
            if self.observer is not None:
                self.observer(exchange)
            self._note_health(destination, exchange, problem)
        return exchange

    def _note_health(self, destination: target_urls.Origin, exchange: Exchange, problem: Exception | None) -> None:
        """An answer shows the origin alive; an exchange with no answer at all counts towards its being dead."""
        if self.health is None:
            return
        if exchange.status:
            self.health.answered(destination)
        elif problem is not None and is_no_answer(str(problem)):
            label = self.label()
            path = urlsplit(exchange.url).path
            shown = f"{exchange.id or label} {exchange.method} {path if len(path) <= 60 else path[:57] + '...'}"
            self.health.unanswered(destination, label, _visible(mask(shown)))

    def _check_destination(self, method: str, url: str) -> target_urls.Origin:
        try:
            destination = target_urls.check(url)
        except target_urls.UnusableUrl as problem:
            raise CheckFailed(f"{method} {mask(target_urls.shown(url))}: edcert does not send a request to this "
                              f"URL: {problem}") from None
        if self.allowed_origins is not None and destination not in self.allowed_origins:
            allowed = ", ".join(sorted(f"{s}://{h}:{p}" for s, h, p in self.allowed_origins))
            raise CheckFailed(f"{method} {mask(target_urls.shown(url))}: edcert does not send a request to "
                              f"{destination[0]}://{destination[1]}:{destination[2]}, which is not one of the "
                              f"profile's origins ({allowed}); credentials go nowhere else")
        return destination

    def _prepare(self, method: str, url: str, headers: dict[str, str], body: bytes | None,
                 auth: tuple[str, str] | None) -> requests.PreparedRequest:
        for name, value in headers.items():
            if not _HEADER_VALUE.fullmatch(value) or value != value.strip() or not _latin1(value):
                raise CheckFailed(f"{method} {mask(target_urls.shown(url))}: edcert does not send the request "
                                  f"header {name}: its value holds a line break, a NUL, non-Latin-1 text or "
                                  "surrounding whitespace (from a value the target supplied, such as its token)")
        request = requests.Request(method, url, headers=headers, data=body, auth=auth)
        try:
            prepared = self.session.prepare_request(request)
        except (requests.exceptions.RequestException, ValueError) as exc:
            raise CheckFailed(f"{method} {mask(target_urls.shown(url))}: edcert cannot build this request "
                              f"({exc.__class__.__name__})") from None
        if url.isascii():
            prepared.url = url  # requests would re-quote it too
        return prepared

    def _exchange(self, prepared: requests.PreparedRequest, exchange: Exchange, deadline: Deadline) -> None:
        remaining = deadline.remaining()
        try:
            response = self.adapter.send(prepared, stream=True, verify=self.session.verify, proxies={},
                                         timeout=urllib3.Timeout(connect=remaining, read=remaining))
        except Exception as exc:  # every way of not getting an answer is named below
            raise self._no_answer(exchange, exc, deadline) from None
        raw = response.raw
        if deadline.fired:  # the watchdog's shutdown reads as the end of the headers
            raw.close()
            raise self._no_answer(exchange, TimeoutError(), deadline)
        try:
            exchange.status, exchange.reason = response.status_code, response.reason or ""
            exchange.response_headers = dict(response.headers)
            self._check_framing(exchange)
            exchange.body = self._read_body(raw, exchange, deadline)
            encoding = (exchange.header("content-encoding") or "identity").strip().lower()
            if exchange.body and encoding != "identity":
                raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} with "
                                  f"Content-Encoding {_visible(encoding)[:40]} although edcert asked for identity "
                                  "(Accept-Encoding: identity); edcert does not decompress answers")
        except BaseException:
            raw.close()  # the connection is in an unknown state: never reused
            raise
        if exchange.status == 101:  # the connection now speaks another protocol
            raw.close()
        else:
            raw.release_conn()  # read to its end: the connection is kept for the next exchange

    def _check_framing(self, exchange: Exchange) -> None:
        transfer = (exchange.header("transfer-encoding") or "").strip().lower()
        if transfer and transfer != "chunked":
            raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} with "
                              f"Transfer-Encoding {_visible(transfer)[:40]}; edcert asked for none but chunked "
                              "(RFC 9112 section 6.1)")
        declared = (exchange.header("content-length") or "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} with a body of "
                              f"{int(declared)} bytes; edcert refuses bodies over {MAX_BODY_BYTES} bytes")

    def _read_body(self, raw: Any, exchange: Exchange, deadline: Deadline) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            deadline.narrow()
            try:
                # read1 returns what has arrived; decode_content=False: the bytes as sent, never decompressed.
                chunk = raw.read1(_CHUNK, decode_content=False)
            except AnswerRefused as exc:
                raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} and then "
                                  f"{exc}") from None
            except Exception as exc:
                if deadline.fired or _is_timeout(exc):
                    raise self._late(exchange, size) from None
                raise CheckFailed(f"{exchange.request_line()}: the connection broke in the middle of the answer "
                                  f"(HTTP {exchange.status_line}, {size} bytes received): {_reason(exc)}") from None
            if deadline.fired:  # the watchdog's shutdown reads as the end of a body that has no length
                raise self._late(exchange, size)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} with a "
                                  f"body over {MAX_BODY_BYTES} bytes; edcert refuses it")
            chunks.append(chunk)

    def _late(self, exchange: Exchange, size: int) -> CheckFailed:
        return CheckFailed(f"{exchange.request_line()}: the answer (HTTP {exchange.status_line}) did not finish "
                           f"within {self.timeout:g} s (--timeout); {size} bytes of body had arrived")

    def _no_answer(self, exchange: Exchange, exc: BaseException, deadline: Deadline) -> Exception:
        line = exchange.request_line()
        refused = _refusal(exc)
        if refused is not None:
            return CheckFailed(f"{line}: the target {refused}")
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return TargetUnreachable(f"{line}: could not connect within {self.timeout:g} s (--timeout)")
        if isinstance(exc, requests.exceptions.ConnectionError) and _names_unresolved(exc):
            return _connection_error(exchange, exc)  # the deadline may have passed while the resolver waited
        if deadline.fired or isinstance(exc, requests.exceptions.ReadTimeout):
            return CheckFailed(f"{line}: no answer within {self.timeout:g} s (--timeout); the target accepted the "
                               "connection but did not send a complete status line and headers")
        if isinstance(exc, requests.exceptions.SSLError):
            return TargetUnreachable(f"{line}: TLS handshake failed ({_reason(exc)})")
        if isinstance(exc, requests.exceptions.ConnectionError):
            return _connection_error(exchange, exc)
        return CheckFailed(f"{line}: no usable HTTP answer ({_reason(exc)})")


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and those it wraps (requests and urllib3 nest them in args, reason and __context__)."""
    seen: list[BaseException] = []
    pending = [exc]
    while pending and len(seen) < 20:
        current = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        pending += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        for link in (getattr(current, "reason", None), current.__cause__, current.__context__):
            if isinstance(link, BaseException):
                pending.append(link)
    return seen


def _refusal(exc: BaseException) -> str | None:
    for cause in _causes(exc):
        if isinstance(cause, AnswerRefused):
            return str(cause)
    return None


def _is_timeout(exc: BaseException) -> bool:
    return any(isinstance(c, (TimeoutError, urllib3.exceptions.TimeoutError)) for c in _causes(exc))


def _reason(exc: BaseException) -> str:
    text = str(exc)
    for marker in ("Caused by ", "] "):
        if marker in text:
            text = text.rsplit(marker, 1)[-1]
    return _visible(mask(text.strip("()'\" ")))[:200]


_UNRESOLVED = ("Name or service not known", "getaddrinfo", "nodename nor servname",
               "Temporary failure in name resolution", "No address associated", "NameResolutionError")


def _names_unresolved(exc: BaseException) -> bool:
    text = str(exc)
    return any(marker in text for marker in _UNRESOLVED)


def _connection_error(exchange: Exchange, exc: requests.exceptions.ConnectionError) -> Exception:
    text = str(exc)
    host = urlsplit(exchange.url).netloc
    if NOT_RESOLVED_WITHIN in text:
        return TargetUnreachable(f"{exchange.request_line()}: the host name of {host} cannot be resolved: the "
                                 "resolver gave no answer within --timeout")
    if _names_unresolved(exc):
        return TargetUnreachable(f"{exchange.request_line()}: the host name of {host} cannot be resolved")
    if "Connection refused" in text:
        return TargetUnreachable(f"{exchange.request_line()}: connection refused by {host}; is the API running?")
    if "RemoteDisconnected" in text or "Connection aborted" in text or "BadStatusLine" in text:
        return CheckFailed(f"{exchange.request_line()}: the target closed the connection without a valid "
                           f"HTTP answer ({_reason(exc)})")
    return TargetUnreachable(f"{exchange.request_line()}: could not reach {host} ({_reason(exc)})")
