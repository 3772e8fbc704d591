"""Signing LinkIt! URLs with edcert's default scheme, or with a vendor's own signer.

Default scheme (the document says only that the tag is "generated for authorization and
authentication"; its examples show 40 hex characters, a SHA-1 digest): the string to sign is the
request path and query exactly as sent, up to and not including ``&tag=``; the tag is the lowercase
hex HMAC-SHA1 of it, keyed with the API user's secret. A vendor whose scheme differs names
its own callable in the profile (``signer = "module:callable"``); it is called as
``signer(string_to_sign, secret)`` and returns the tag.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import inspect
import sys
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote_plus

from ..errors import UsageError

Signer = Callable[[str, str], str]


def hmac_sha1_hex(string_to_sign: str, secret: str) -> str:
    """edcert's default tag: lowercase hex HMAC-SHA1(secret, string_to_sign)."""
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).hexdigest()


def format_timestamp(moment: datetime) -> str:
    """GMT time written like the document: '6/26/2013 1:32:07 PM'."""
    hour = moment.hour % 12 or 12
    return (f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d}:{moment.second:02d} "
            f"{'PM' if moment.hour >= 12 else 'AM'}")


def encode_timestamp(timestamp: str) -> str:
    """URL-encoded like the document: '6%2f26%2f2013+1%3a32%3a07+PM' (space as +, lowercase hex)."""
    encoded = quote_plus(timestamp, safe="")
    return encoded.replace("%2F", "%2f").replace("%3A", "%3a")


#: A call a signer must answer before the run: edcert's own string to sign and a stand-in secret.
PROBE = ("/programs/1?verb=assign&timestamp=1%2f1%2f2026+12%3a00%3a00+AM&accesskey=edcert-probe",
         "edcert-signer-probe-secret")
_checked: dict[str, Signer] = {}


def load_signer(spec: str) -> Signer:
    """Import the callable named 'module:callable' and check it before the run: a function of the standard
    library is refused (none computes a tag, and some run commands), then it must accept
    (string_to_sign, secret) and answer a trial call with a non-empty string that fits in a URL."""
    if spec in _checked:
        return _checked[spec]
    module_name, _, attribute = spec.partition(":")
    if module_name.split(".")[0] in sys.stdlib_module_names:
        raise UsageError(f"[linkit] signer {spec!r} names a function of Python's standard library; name your own "
                         "module:function that takes (string_to_sign, secret) and returns the tag")
    try:
        module = importlib.import_module(module_name)
        signer = getattr(module, attribute)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"[linkit] signer {spec!r} cannot be imported ({exc.__class__.__name__}: {exc}); "
                         "name an importable module:callable") from None
    if not callable(signer):
        raise UsageError(f"[linkit] signer {spec!r} is not callable; name a function (string_to_sign, secret)")
    try:
        inspect.signature(signer).bind(*PROBE)
    except TypeError:
        raise UsageError(f"[linkit] signer {spec!r} does not take two arguments (string_to_sign, secret); name a "
                         "function called as signer(string_to_sign, secret) that returns the tag") from None
    except ValueError:  # no signature to inspect (some built-in callables): the trial call decides
        pass
    try:
        tag = signer(*PROBE)
    except Exception as exc:
        raise UsageError(f"[linkit] signer {spec!r} failed on a trial call with a sample string to sign "
                         f"({exc.__class__.__name__}: {str(exc)[:200]}); it must return the tag") from None
    if not isinstance(tag, str) or not tag or not tag.isascii() or not tag.isprintable() or " " in tag:
        raise UsageError(f"[linkit] signer {spec!r} returned {type(tag).__name__} {str(tag)[:40]!r} on a trial "
                         "call; it must return the tag: a non-empty string of printable ASCII without spaces")
    _checked[spec] = signer
    return signer
