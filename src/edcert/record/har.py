"""The run's HTTP evidence as HAR 1.2 (evidence.har): every exchange, masked, each entry tagged with
its scenario, its step and the checks it supports, readable by browsers' developer tools."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .. import __version__
from ..masking import mask, mask_headers

#: A body shown in the HAR is cut here; the transport never reads more than 1 MiB anyway.
MAX_BODY_CHARS = 256 * 1024


def _headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in mask_headers(headers).items()]


def _content_type(headers: dict[str, str]) -> str:
    return mask(next((v for k, v in headers.items() if k.lower() == "content-type"), ""))


def _text(body: bytes) -> dict[str, Any]:
    """A body as HAR text: UTF-8 when it decodes, else base64; masked either way."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {"text": base64.b64encode(body[:MAX_BODY_CHARS]).decode(), "encoding": "base64"}
    shown = mask(text[:MAX_BODY_CHARS])
    out: dict[str, Any] = {"text": shown}
    if len(text) > MAX_BODY_CHARS:
        out["comment"] = f"cut at {MAX_BODY_CHARS} of {len(text)} characters"
    return out


def entry(exchange: Any, scenario: str, step: str, started: float) -> dict[str, Any]:
    """One HAR entry for an edcert Exchange, masked as it is made (every value that comes from the wire);
    `_edcert` ties it to the scenario and step."""
    url = mask(exchange.url)
    request: dict[str, Any] = {
        "method": exchange.method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
        "headers": _headers(exchange.request_headers),
        "queryString": [{"name": mask(k), "value": mask(v)}  # decoded: masked again in the form it now has
                        for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)],
        "headersSize": -1, "bodySize": len(exchange.request_body or b""),
    }
    if exchange.request_body:
        request["postData"] = {"mimeType": _content_type(exchange.request_headers), **_text(exchange.request_body)}
    answered = exchange.status != 0
    response = {
        "status": exchange.status, "statusText": mask(exchange.reason), "httpVersion": "HTTP/1.1" if answered else "",
        "cookies": [], "headers": _headers(exchange.response_headers),
        "content": {"size": len(exchange.body), "mimeType": _content_type(exchange.response_headers),
                    **(_text(exchange.body) if exchange.body else {"text": ""})},
        "redirectURL": mask(exchange.header("location") or "") if 300 <= exchange.status < 400 else "",
        "headersSize": -1, "bodySize": len(exchange.body),
    }
    if not answered:
        response["_error"] = "no complete HTTP answer"
    elapsed_ms = round(exchange.elapsed * 1000, 3)
    return {
        "pageref": scenario,
        "startedDateTime": datetime.fromtimestamp(started, timezone.utc).isoformat(timespec="milliseconds"),
        "time": elapsed_ms,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": elapsed_ms, "receive": 0},
        "_edcert": {"id": exchange.id, "scenario": scenario, "step": step},
    }


def document(scenarios: list[Any]) -> dict[str, Any]:
    """The HAR log of a run: a page per scenario that made requests, its entries, and which checks
    (requirement and status) each entry supports."""
    pages, entries = [], []
    for scenario in scenarios:
        if not scenario.entries:
            continue
        supports: dict[str, list[dict[str, str]]] = {}
        for check in scenario.checks:
            for exchange_id in check.evidence:
                supports.setdefault(exchange_id, []).append({"requirement": check.requirement,
                                                             "status": check.status})
        pages.append({"startedDateTime": scenario.entries[0]["startedDateTime"], "id": scenario.id,
                      "title": scenario.title, "pageTimings": {}})
        for item in scenario.entries:
            tagged = {**item, "_edcert": {**item["_edcert"], "checks": supports.get(item["_edcert"]["id"], [])}}
            entries.append(tagged)
    return {"log": {"version": "1.2", "creator": {"name": "edcert", "version": __version__},
                    "pages": pages, "entries": entries}}


def dumps(scenarios: list[Any]) -> str:
    return json.dumps(document(scenarios), separators=(",", ":"))  # compact: the C encoder, several times faster
