"""What an Authorization header carried, shown without its secret: the scheme stays with *** in place of the
credential (`Bearer ***`, `Basic ***`); a value sent without a scheme is described by what edcert knows it to be
(`*** (the issued token, no scheme)`), so evidence shows what was sent and never the secret itself."""

from __future__ import annotations

import re
import threading

MASK = "***"
_SCHEME = re.compile(r"(?i)bearer|basic|digest|negotiate|token|dpop")
_named: dict[str, str] = {}
_lock = threading.Lock()


def name_credential(value: str, what: str) -> None:
    """Say what a credential is ("the issued token"), for a header that carries it with no scheme."""
    if value.strip():
        with _lock:
            _named[value.strip()] = what


def shown(value: str) -> str:
    """The header's value as evidence shows it."""
    stripped = value.strip()
    if not stripped:
        return value
    scheme, _, credential = stripped.partition(" ")
    if _SCHEME.fullmatch(scheme):
        return f"{scheme} {MASK}" if credential.strip() else scheme
    what = _named.get(stripped)
    return f"{MASK} ({what}, no scheme)" if what else MASK
