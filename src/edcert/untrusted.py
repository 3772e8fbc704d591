"""Read JSON and XML that someone else sent: a target's answers, a client's requests.

One reader for both sides of edcert and for the reference target, so a document that one of them
refuses is refused by all, for the same reason. Whatever the bytes are (too large, nested too deep,
not UTF-8, not JSON, an XML bomb, a DTD, an external entity, half a document), reading them ends
either in the parsed value or in ``Unreadable`` with one line saying why; never in another exception
(RecursionError, MemoryError, expat's errors), so no traceback can reach a report or a terminal.

This module is a leaf: it imports nothing from edcert, so the reference target (which imports nothing
from the harness) can use it too.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element

#: Far beyond any real Ed-Fi or LinkIt! document (they nest three or four levels).
MAX_DEPTH = 64
#: The largest document read: the bound of a body on both sides (larger ones are refused before).
MAX_DOCUMENT_BYTES = 1024 * 1024


class Unreadable(ValueError):
    """The document cannot be read; ``reason`` says why in a few words ("does not parse as JSON: ...")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooDeep(Unreadable):
    """The document nests arrays, objects or elements deeper than the bound."""

    def __init__(self, kind: str, limit: int) -> None:
        super().__init__(f"{kind} nested more than {limit} levels deep")


class TooLarge(Unreadable):
    def __init__(self, kind: str, size: int, limit: int) -> None:
        super().__init__(f"a {kind} document of {size} bytes, over the {limit} bytes edcert reads")


class Refused(Unreadable):
    """XML with a DTD, an entity declaration or an external reference: never expanded."""


#: What no reader can be asked to read, whoever the request is for: past the size or depth bound, or a DTD.
BEYOND_BOUNDS = (TooDeep, TooLarge, Refused)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value (RFC 8259 section 6)")


def read_json(data: bytes | str, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """The parsed JSON value; Unreadable (TooDeep, TooLarge) for anything else."""
    if len(data) > max_bytes:
        raise TooLarge("JSON", len(data), max_bytes)
    try:
        value = json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:  # far deeper than max_depth: the parser itself gave up
        raise TooDeep("JSON", max_depth) from None
    except (ValueError, TypeError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise Unreadable(f"does not parse as JSON ({_first_line(exc)})") from None
    except (MemoryError, OverflowError):
        raise Unreadable("does not parse as JSON (too large to read)") from None
    if depth_exceeds(value, max_depth):
        raise TooDeep("JSON", max_depth)
    if _has_lone_surrogate(value):
        raise Unreadable("does not parse as JSON (a \\u escape of a lone surrogate, which is no character)")
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


def _has_lone_surrogate(value: Any) -> bool:
    """Whether a string of the value (or a key) holds half a surrogate pair: it cannot be written as UTF-8,
    so every report that showed it would fail to be written."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def read_xml(data: bytes | str, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_DOCUMENT_BYTES) -> Element:
    """The root element of the XML; Unreadable (Refused, TooDeep, TooLarge) for anything else. DTDs,
    entity declarations and external references are refused, never expanded."""
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeElementTree

    if len(data) > max_bytes:
        raise TooLarge("XML", len(data), max_bytes)
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise Refused(f"XML that edcert refuses to expand ({exc.__class__.__name__}); entity expansion and "
                      "external entities are unsafe") from None
    except RecursionError:
        raise TooDeep("XML", max_depth) from None
    except Exception as exc:  # expat's ParseError, and whatever else a broken document makes it raise
        raise Unreadable(f"does not parse as XML ({_first_line(exc)})") from None
    if _element_depth_exceeds(root, max_depth):
        raise TooDeep("XML", max_depth)
    return root


def _element_depth_exceeds(root: Element, limit: int) -> bool:
    pending = [(root, 1)]
    while pending:
        element, depth = pending.pop()
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in element)
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text[:160]
