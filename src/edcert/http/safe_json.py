"""Parse JSON a target sent, with a bound on its nesting: the harness's name for ``untrusted.read_json``.

Every JSON body from a target goes through ``loads``: a document nested deeper than MAX_DEPTH levels
is refused (JsonTooDeep) before anything recursive (jsonschema, repr, the reports) can meet it, and the
non-standard constants NaN and Infinity are refused. Any other problem is a ValueError (Unreadable).
"""

from __future__ import annotations

from typing import Any

from ..untrusted import MAX_DEPTH, Unreadable, depth_exceeds, read_json
from ..untrusted import TooDeep as JsonTooDeep

__all__ = ["MAX_DEPTH", "JsonTooDeep", "Unreadable", "depth_exceeds", "loads"]

#: The harness bounds a body it reads before it parses it (transport.MAX_BODY_BYTES); no second bound here.
_NO_SIZE_BOUND = 1 << 62


def loads(body: bytes | str) -> Any:
    """The parsed JSON; ValueError when it is not JSON, JsonTooDeep when it nests too deeply."""
    return read_json(body, max_bytes=_NO_SIZE_BOUND)
