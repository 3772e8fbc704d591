"""Parse JSON a target sent, with a bound on its nesting.

Every JSON body from a target goes through ``loads``: a document nested deeper than
MAX_DEPTH levels is refused (JsonTooDeep) before anything recursive (jsonschema, repr,
the reports) can meet it, and the non-standard constants NaN and Infinity are refused.
"""

from __future__ import annotations

import json
from typing import Any

#: Far beyond any real Ed-Fi or LinkIt! answer (they nest three or four levels).
MAX_DEPTH = 64


class JsonTooDeep(ValueError):
    """The JSON nests arrays or objects deeper than MAX_DEPTH levels."""

    def __init__(self) -> None:
        super().__init__(f"JSON nested more than {MAX_DEPTH} levels deep")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value (RFC 8259 section 6)")


def loads(body: bytes | str) -> Any:
    """The parsed JSON; ValueError when it is not JSON, JsonTooDeep when it nests too deeply."""
    try:
        value = json.loads(body, parse_constant=_refuse_constant)
    except RecursionError:  # far deeper than MAX_DEPTH: the parser itself gave up
        raise JsonTooDeep() from None
    if depth_exceeds(value, MAX_DEPTH):
        raise JsonTooDeep()
    return value


def depth_exceeds(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels (without recursion)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
