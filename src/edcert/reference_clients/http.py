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


def send(method: str, url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Answer:
    """Send one request to an absolute URL; the path and query go on the wire byte for byte."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=TIMEOUT_SECONDS)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read(MAX_BODY_BYTES))
    finally:
        connection.close()
