"""One keep-alive HTTP session per target, bounded in time and size, recording every exchange.

The target is untrusted: bodies over 1 MiB are refused, a whole exchange is bounded by
``timeout`` (also against a server that drips one byte at a time), redirects are never
followed (so credentials never travel to another host), and every failure to get an
answer becomes one clear message.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import CheckFailed, TargetUnreachable
from .masking import mask, mask_headers

MAX_BODY_BYTES = 1024 * 1024
EXCERPT_CHARS = 500
_CHUNK = 16 * 1024


# urllib3 rewrites percent-escapes in upper case (%2f -> %2F). A signed URL must reach the server
# byte for byte as it was signed, so the request target is put back as edcert built it.
_EXACT_TARGET: contextvars.ContextVar[str | None] = contextvars.ContextVar("edcert_exact_target", default=None)


class _ExactTarget:
    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> None:
        exact = _EXACT_TARGET.get()
        if exact is not None and exact.upper() == url.upper():  # only the case of escapes differs
            url = exact
        super().request(method, url, *args, **kwargs)  # type: ignore[misc]


class _ExactHTTPConnection(_ExactTarget, HTTPConnection):
    pass


class _ExactHTTPSConnection(_ExactTarget, HTTPSConnection):
    pass


class _ExactHTTPPool(HTTPConnectionPool):
    ConnectionCls = _ExactHTTPConnection


class _ExactHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _ExactHTTPSConnection


class _ExactTargetAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _ExactHTTPPool, "https": _ExactHTTPSPool}


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
        return f"{self.status} {self.reason}".strip()

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
        return mask(text[:EXCERPT_CHARS]) + more

    def request_line(self) -> str:
        return mask(f"{self.method} {self.url}")

    def evidence(self) -> str:
        """The exchange as readable text, secrets masked."""
        lines = [self.request_line()]
        lines += [f"{k}: {v}" for k, v in mask_headers(self.request_headers).items()]
        if self.request_body:
            lines += ["", mask(self.request_body.decode("utf-8", errors="replace"))]
        lines += ["", f"--> HTTP {self.status_line} in {self.elapsed * 1000:.0f} ms"]
        lines += [f"{k}: {v}" for k, v in mask_headers(self.response_headers).items()]
        if self.body:
            text = self.text()
            shown = text[:64 * 1024]
            lines += ["", mask(shown) + (f"\n... ({len(self.body)} bytes in all)" if len(shown) < len(text) else "")]
        return "\n".join(lines)


class HttpClient:
    """A requests.Session with edcert's bounds; ``observer`` sees every finished exchange."""

    def __init__(self, timeout: float, observer: Callable[[Exchange], None] | None = None,
                 verify_tls: bool = True) -> None:
        self.timeout = timeout
        self.observer = observer
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc credentials picked up behind the user's back
        self.session.verify = verify_tls
        self.session.headers["User-Agent"] = "edcert"
        self.session.headers["Accept-Encoding"] = "identity"  # no decompression bombs
        adapter = _ExactTargetAdapter(max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def send(self, method: str, url: str, *, headers: dict[str, str] | None = None,
             body: bytes | None = None, auth: tuple[str, str] | None = None) -> Exchange:
        request = requests.Request(method, url, headers=headers or {}, data=body, auth=auth)
        prepared = self.session.prepare_request(request)
        if url.isascii():
            prepared.url = url  # requests would re-quote it too
        parts = urlsplit(url)
        target = _EXACT_TARGET.set((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        exchange = Exchange(method, prepared.url or url, dict(prepared.headers),
                            prepared.body if isinstance(prepared.body, bytes) else
                            (prepared.body.encode() if isinstance(prepared.body, str) else None))
        started = time.monotonic()
        try:
            try:
                response = self.session.send(prepared, timeout=(self.timeout, self.timeout), stream=True,
                                             allow_redirects=False)
            except requests.exceptions.SSLError as exc:
                raise TargetUnreachable(f"{exchange.request_line()}: TLS handshake failed ({_reason(exc)})") from None
            except requests.exceptions.ConnectTimeout:
                raise TargetUnreachable(
                    f"{exchange.request_line()}: could not connect within {self.timeout:g} s") from None
            except requests.exceptions.ReadTimeout:
                raise CheckFailed(f"{exchange.request_line()}: no answer within {self.timeout:g} s "
                                  "(--timeout); the target accepted the connection but did not respond") from None
            except requests.exceptions.ConnectionError as exc:
                raise _connection_error(exchange, exc) from None
            except requests.exceptions.InvalidURL as exc:
                raise TargetUnreachable(f"{exchange.request_line()}: invalid URL ({exc})") from None
            with response:
                exchange.status, exchange.reason = response.status_code, response.reason or ""
                exchange.response_headers = dict(response.headers)
                exchange.body = self._read_body(response, exchange, started)
        finally:
            exchange.elapsed = time.monotonic() - started
            _EXACT_TARGET.reset(target)
        if self.observer is not None:
            self.observer(exchange)
        return exchange

    def _read_body(self, response: requests.Response, exchange: Exchange, started: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} with a body of "
                              f"{int(declared)} bytes; edcert refuses bodies over {MAX_BODY_BYTES} bytes")
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                # read1 returns what has arrived, so a server dripping bytes meets the deadline below.
                chunk = response.raw.read1(_CHUNK, decode_content=False)
            except urllib3.exceptions.ReadTimeoutError:
                raise CheckFailed(f"{exchange.request_line()}: the answer stopped for over {self.timeout:g} s "
                                  f"(--timeout) after {size} bytes") from None
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise CheckFailed(f"{exchange.request_line()}: the connection broke in the middle of the answer "
                                  f"(HTTP {exchange.status_line}, {size} bytes received): {_reason(exc)}") from None
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise CheckFailed(f"{exchange.request_line()}: answered HTTP {exchange.status_line} with a "
                                  f"body over {MAX_BODY_BYTES} bytes; edcert refuses it")
            chunks.append(chunk)
            if time.monotonic() - started > self.timeout:
                raise CheckFailed(f"{exchange.request_line()}: the answer did not finish within "
                                  f"{self.timeout:g} s (--timeout); {size} bytes had arrived")


def _reason(exc: BaseException) -> str:
    text = str(exc)
    for marker in ("Caused by ", "] "):
        if marker in text:
            text = text.rsplit(marker, 1)[-1]
    return mask(text.strip("()'\" "))[:200]


def _connection_error(exchange: Exchange, exc: requests.exceptions.ConnectionError) -> Exception:
    text = str(exc)
    host = urlsplit(exchange.url).netloc
    if "Name or service not known" in text or "getaddrinfo" in text or "nodename nor servname" in text \
            or "Temporary failure in name resolution" in text or "No address associated" in text:
        return TargetUnreachable(f"{exchange.request_line()}: the host name of {host} cannot be resolved")
    if "Connection refused" in text:
        return TargetUnreachable(f"{exchange.request_line()}: connection refused by {host}; is the API running?")
    if "RemoteDisconnected" in text or "Connection aborted" in text or "BadStatusLine" in text:
        return CheckFailed(f"{exchange.request_line()}: the target closed the connection without a valid "
                           f"HTTP answer ({_reason(exc)})")
    return TargetUnreachable(f"{exchange.request_line()}: could not reach {host} ({_reason(exc)})")
