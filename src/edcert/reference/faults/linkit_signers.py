"""Tag schemes of vendors whose LinkIt! signature is weaker, or only written differently, than
edcert's default (lowercase hex HMAC-SHA1 over the path and query up to ``&tag=``).

Each is what such a vendor would name in its profile (``signer = "module:callable"``), called as
``signer(string_to_sign, secret)``; the reference target verifies the same scheme when the
matching fault is on. They stand with the faults: the harness never imports them itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable


def _hmac(secret: str, message: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha1).digest()


def _hex(secret: str, message: str) -> str:
    return _hmac(secret, message).hex()


def path_only(string_to_sign: str, secret: str) -> str:
    """The tag covers the path (the program), not the query (verb, timestamp, access key)."""
    return _hex(secret, string_to_sign.split("?", 1)[0])


def query_only(string_to_sign: str, secret: str) -> str:
    """The tag covers the query, not the path: the program id is outside the signature."""
    return _hex(secret, string_to_sign.split("?", 1)[-1])


def without(*names: str) -> Callable[[str, str], str]:
    """A scheme that leaves the named query parameters out of the signature."""
    def sign(string_to_sign: str, secret: str) -> str:
        path, _, query = string_to_sign.partition("?")
        kept = [part for part in query.split("&") if part.split("=", 1)[0] not in names]
        return _hex(secret, f"{path}?{'&'.join(kept)}")
    return sign


without_timestamp = without("timestamp")
without_access_key = without("accesskey")


def hmac_sha1_base64(string_to_sign: str, secret: str) -> str:
    """The default string to sign, the HMAC-SHA1 written in standard base64: a case-sensitive tag."""
    return base64.b64encode(_hmac(secret, string_to_sign)).decode("ascii")
