"""One HTTP exchange as a reader sees it in certification.html: request and response with headers and
bodies (masked, capped, pretty-printed), and a curl command that repeats the request with secrets as
environment variables."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..untrusted import Unreadable, read_json, read_xml

#: A body shown in the report is cut here; evidence.har holds it whole.
SHOWN_BODY_CHARS = 4000
_SKIPPED_IN_CURL = {"host", "content-length", "accept-encoding", "user-agent", "connection"}
#: Where a masked secret stood, and the variable a reader sets to repeat the request.
_PLACEHOLDERS = (("Bearer ***", "Bearer $EDFI_TOKEN"), ("*** (the issued token, no scheme)", "$EDFI_TOKEN"),
                 ("tag=***", "tag=$LINKIT_TAG"),
                 ("client_secret=***", "client_secret=$EDFI_CLIENT_SECRET"))


def pretty(text: str, mime: str) -> str:
    """JSON indented, XML indented (parsed safely), anything else as it came; cut at SHOWN_BODY_CHARS."""
    shown = text
    if len(text) > SHOWN_BODY_CHARS * 16:  # only its beginning is shown: not worth parsing it whole
        pass
    elif "json" in mime or text.lstrip().startswith(("{", "[")):
        try:
            shown = json.dumps(read_json(text), indent=2, ensure_ascii=False)
        except (Unreadable, RecursionError):
            pass
    elif "xml" in mime or text.lstrip().startswith("<"):
        try:
            read_xml(text)  # bounded and refused safely first: minidom would build it whole
            from defusedxml import minidom

            shown = minidom.parseString(text).toprettyxml(indent="  ").split("\n", 1)[-1]
        except Exception:  # noqa: BLE001 - hostile or broken XML is shown as it came
            pass
    if len(shown) > SHOWN_BODY_CHARS:
        shown = shown[:SHOWN_BODY_CHARS] + f"\n... ({len(text)} characters in all; evidence.har holds the whole body)"
    return shown


def _shell(text: str) -> str:
    """Double-quoted for a POSIX shell, leaving the $VARIABLES edcert put in place of secrets."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    for name in ("EDFI_TOKEN", "LINKIT_TAG", "EDFI_CLIENT_SECRET", "EDFI_CLIENT_ID"):
        quoted = quoted.replace(f"\\${name}", f"${name}")
    return f'"{quoted}"'


def _unmasked(text: str) -> str:
    for masked, placeholder in _PLACEHOLDERS:
        text = text.replace(masked, placeholder)
    return text


def curl(entry: dict[str, Any]) -> str:
    request = entry["request"]
    parts = ["curl", "-i", "-X", request["method"], _shell(_unmasked(request["url"]))]
    for header in request["headers"]:
        name, value = header["name"], header["value"]
        if name.lower() in _SKIPPED_IN_CURL:
            continue
        if name.lower() == "authorization" and value.lower().startswith("basic"):
            parts += ["-u", '"$EDFI_CLIENT_ID:$EDFI_CLIENT_SECRET"']
            continue
        parts += ["-H", _shell(_unmasked(f"{name}: {value}"))]
    body = request.get("postData", {}).get("text")
    if body:
        parts += ["--data-binary", _shell(_unmasked(body))]
    return _wrap(parts)


def _wrap(parts: list[str]) -> str:
    lines, current = [], "curl -i"
    rest = parts[2:]
    for index in range(0, len(rest), 2):
        lines.append(current)
        current = " ".join(rest[index:index + 2])
    lines.append(current)
    return " \\\n  ".join(lines)


def _headers(headers: list[dict[str, str]]) -> str:
    return "\n".join(f"{h['name']}: {h['value']}" for h in headers)


def render(entry: dict[str, Any], anchor: bool = True) -> str:
    request, response = entry["request"], entry["response"]
    body = request.get("postData", {}).get("text", "")
    request_text = f"{request['method']} {request['url']}\n{_headers(request['headers'])}"
    if body:
        request_text += "\n\n" + pretty(body, request.get("postData", {}).get("mimeType", ""))
    if response.get("status"):
        status = f"HTTP {response['status']} {response.get('statusText', '')}".strip()
        response_text = f"{status}   ({entry.get('time', 0):.0f} ms)\n{_headers(response['headers'])}"
        content = response.get("content", {})
        if content.get("text"):
            shown = content["text"] if content.get("encoding") != "base64" else "(binary body, base64 in evidence.har)"
            response_text += "\n\n" + pretty(shown, content.get("mimeType", ""))
    else:
        response_text = "no complete HTTP answer"
    exchange_id = entry["_edcert"]["id"]
    anchor_attr = f" id='x-{escape(exchange_id)}'" if anchor else ""
    return (f"<div class='exchange'{anchor_attr}>"
            f"<div class='xhead'>exchange <code>{escape(exchange_id)}</code> at step "
            f"<i>{escape(entry['_edcert'].get('step', ''))}</i></div>"
            f"<div class='xcols'><div><h5>Request</h5><pre>{escape(request_text)}</pre></div>"
            f"<div><h5>Response</h5><pre>{escape(response_text)}</pre></div></div>"
            f"<details><summary>curl command</summary><pre class='curl'>{escape(curl(entry))}</pre>"
            "<p class='note'>Secrets are not in the report: set EDFI_TOKEN (a token from your token endpoint), "
            "EDFI_CLIENT_ID and EDFI_CLIENT_SECRET, or LINKIT_TAG (the tag your signer computes for this URL, with "
            "a fresh timestamp) first.</p></details></div>")
