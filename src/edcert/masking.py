"""Keep secrets out of every report, log and message.

Secrets are wrapped in ``Secret`` (whose repr never shows the value) and registered here
when they enter the process: client secrets, signing keys, bearer tokens, Basic
credentials, signatures. ``mask`` replaces every registered value in a text.
"""

from __future__ import annotations

import base64
import re
import threading

MASK = "***"
_MIN_LENGTH = 4  # shorter values would mask ordinary text
_registered: set[str] = set()
_lock = threading.Lock()
_AUTH_HEADER = re.compile(r"(?i)\b(authorization\s*[:=]\s*['\"]?)(bearer|basic)\s+[^\s'\",}]+")
_TAG_PARAM = re.compile(r"(?i)([?&]tag=)[^&\s'\"]+")
# Secret-bearing fields in JSON or form bodies, masked even before their value is registered.
_SECRET_FIELD = re.compile(
    r"(?i)(\"?\b(?:access_token|refresh_token|id_token|client_secret|password)\b\"?\s*[:=]\s*\"?)([^\"&\s,}]+)")


class Secret:
    """A string that never shows itself in repr, str, logs or Allure parameters."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def register(value: str | None) -> None:
    """Mask this value (and its Basic/URL encodings) wherever it appears from now on."""
    if not value or len(value) < _MIN_LENGTH:
        return
    with _lock:
        _registered.add(value)


def register_basic(client_id: str, secret: str) -> None:
    register(base64.b64encode(f"{client_id}:{secret}".encode()).decode())


def mask(text: str) -> str:
    if not text:
        return text
    text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)} {MASK}", text)
    text = _TAG_PARAM.sub(lambda m: f"{m.group(1)}{MASK}", text)
    text = _SECRET_FIELD.sub(lambda m: f"{m.group(1)}{MASK}", text)
    with _lock:
        values = sorted(_registered, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    return text


def mask_data(value: object) -> object:
    """A copy of a JSON-like structure with every string masked: mask before serializing, never after,
    so a secret can never corrupt the document's syntax or its enumerated fields."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(item) for item in value]
    return value


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    sensitive = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
    return {k: (f"{v.split(' ', 1)[0]} {MASK}" if k.lower() in ("authorization", "proxy-authorization") and " " in v
                else MASK if k.lower() in sensitive else mask(v))
            for k, v in headers.items()}
