"""Record the HTTP exchanges of an edcert run, and send them again with a bare requests.Session.

The replay talks to a fresh reference target: it swaps in the token that target issues and the ids
it gives new records (learnt from the Location of each POST), so every request means what it meant
when it was recorded and gets the status it got then.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

Recorded = dict[str, Any]
_ID = re.compile(r"/([0-9a-fA-F]{32}|[0-9a-fA-F-]{36})(?=$|[/?])")


def record_run(profile: str, seed: str = "1") -> list[Recorded]:
    """Run the suite once in this process against the profile and keep every exchange it makes."""
    import tempfile

    import pytest

    from edcert import evidence
    from edcert.results import current
    from edcert.suite import suite_root

    recorded: list[Recorded] = []
    original = evidence.attach_exchange

    def recording(exchange: Any) -> None:
        original(exchange)
        item = {"scenario": current.scenario.id if current.scenario else "", "method": exchange.method,
                "url": exchange.url, "headers": dict(exchange.request_headers),
                "body": base64.b64encode(exchange.request_body or b"").decode(), "status": exchange.status,
                "location": exchange.header("location") or ""}
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


class Replayer:
    """Sends recorded requests to another server, keeping tokens and record ids in step."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url.rstrip("/")
        self.session = requests.Session()
        self.tokens: dict[str, str] = {}  # recorded token -> token issued now
        self.ids: dict[str, str] = {}  # recorded record id -> id given now

    def _swap(self, text: str) -> str:
        for old, new in (*self.tokens.items(), *self.ids.items()):
            text = text.replace(old, new)
        return text

    def send(self, item: Recorded) -> requests.Response:
        parts = urlsplit(item["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {k: self._swap(v) for k, v in item["headers"].items()
                   if k.lower() not in ("host", "content-length")}
        body = base64.b64decode(item["body"])
        body = self._swap(body.decode("utf-8", "replace")).encode() if body else None
        answer = self.session.request(item["method"], self.server_url + self._swap(target), headers=headers,
                                      data=body, allow_redirects=False, timeout=30)
        self._learn(item, answer)
        return answer

    def _learn(self, item: Recorded, answer: requests.Response) -> None:
        if item["url"].endswith("/oauth/token") and answer.status_code == 200 and item["status"] == 200:
            recorded_token = _recorded_token(item)
            if recorded_token:
                self.tokens[recorded_token] = answer.json()["access_token"]
        old, new = _ID.search(item["location"] or ""), _ID.search(answer.headers.get("location", ""))
        if old and new and old.group(1) != new.group(1):
            self.ids[old.group(1)] = new.group(1)


def _recorded_token(item: Recorded) -> str | None:
    return item.get("token")
