"""A small HTTP helper over the standard library: the reference clients send their requests exactly
as they build them (no library rewrites a percent-escape or a header)."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10.0
MAX_BODY_BYTES = 1024 * 1024


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


def send(method: str, url: str, headers: dict[str, str] | list[tuple[str, str]] | None = None,
         body: bytes | None = None) -> Answer:
    """Send one request to an absolute URL; the path and query go on the wire byte for byte. Headers given as
    a list of pairs are sent as listed, a name given twice twice."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=TIMEOUT_SECONDS)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        if isinstance(headers, list):
            connection.putrequest(method, target, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
        else:
            connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read(MAX_BODY_BYTES))
    finally:
        connection.close()
