"""Record the HTTP exchanges of an edcert run, and send them again with a bare keep-alive connection.

The replay talks to a fresh reference target: it swaps in the token that target issues and the ids
and ETags it gives records (learnt from each answer), so every request means what it meant when it
was recorded and gets the status it got then. http.client sends each request target byte for byte
(a signed LinkIt! URL must arrive exactly as signed; requests would rewrite its escapes).
"""

from __future__ import annotations

import base64
import http.client
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Recorded = dict[str, Any]
_ID = re.compile(r"/([0-9a-fA-F]{32}|[0-9a-fA-F-]{36})(?=$|[/?])")


def record_run(profile: str, seed: str = "1") -> list[Recorded]:
    """Run the suite once in this process against the profile and keep every exchange it makes."""
    import tempfile

    import pytest

    from edcert.record import evidence
    from edcert.record.results import current
    from edcert.record.suite import suite_root

    recorded: list[Recorded] = []
    original = evidence.attach_exchange

    def recording(exchange: Any) -> None:
        original(exchange)
        item = {"scenario": current.scenario.id if current.scenario else "", "method": exchange.method,
                "url": exchange.url, "headers": dict(exchange.request_headers),
                "body": base64.b64encode(exchange.request_body or b"").decode(), "status": exchange.status,
                "location": exchange.header("location") or "", "etag": exchange.header("etag") or ""}
        if exchange.url.endswith("/oauth/token") and exchange.status == 200:
            item["token"] = json.loads(exchange.body).get("access_token")
        recorded.append(item)

    evidence.attach_exchange = recording  # type: ignore[assignment]
    root = suite_root()
    try:
        with tempfile.TemporaryDirectory() as reports:
            code = pytest.main([str(root / "steps" / "test_features.py"), "-c", str(root / "pytest.ini"), "--rootdir",
                                str(root), "-q", "-p", "no:cacheprovider", "--report-dir", reports, "--seed", seed,
                                "--target", profile])
    finally:
        evidence.attach_exchange = original  # type: ignore[assignment]
    if code != 0:
        raise SystemExit("the recording run did not certify the reference target")
    return recorded


def save(recorded: list[Recorded], path: Path) -> None:
    path.write_text(json.dumps(recorded), encoding="utf-8")


def load(path: Path) -> list[Recorded]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


class Answer:
    def __init__(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code, self.headers, self.body = status_code, headers, body

    def json(self) -> Any:
        return json.loads(self.body)


class Replayer:
    """Sends recorded requests to another server, keeping tokens, record ids and ETags in step."""

    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        self.tokens: dict[str, str] = {}  # recorded token -> token issued now
        self.ids: dict[str, str] = {}  # recorded record id (or ETag) -> id (or ETag) given now

    def _swap(self, text: str) -> str:
        for old, new in (*self.tokens.items(), *self.ids.items()):
            text = text.replace(old, new)
        return text

    def send(self, item: Recorded) -> Answer:
        parts = urlsplit(item["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {k: self._swap(v) for k, v in item["headers"].items()
                   if k.lower() not in ("host", "content-length")}
        body = base64.b64decode(item["body"])
        body = self._swap(body.decode("utf-8", "replace")).encode() if body else None
        self.connection.request(item["method"], self._swap(target), body=body, headers=headers)
        response = self.connection.getresponse()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        self._learn(item, answer)
        return answer

    def _learn(self, item: Recorded, answer: Answer) -> None:
        if item["url"].endswith("/oauth/token") and answer.status_code == 200 and item["status"] == 200:
            recorded_token = _recorded_token(item)
            if recorded_token:
                self.tokens[recorded_token] = answer.json()["access_token"]
        old, new = _ID.search(item["location"] or ""), _ID.search(answer.headers.get("location", ""))
        if old and new and old.group(1) != new.group(1):
            self.ids[old.group(1)] = new.group(1)
        old_etag, new_etag = item.get("etag", "").strip('"'), answer.headers.get("etag", "").strip('"')
        if old_etag and new_etag and old_etag != new_etag:
            self.ids[old_etag] = new_etag


def _recorded_token(item: Recorded) -> str | None:
    return item.get("token")
