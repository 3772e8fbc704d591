"""How a LinkIt! call is read: its tag, the case of its escapes, its StudentID and its body.

The tag is verified over the path and query exactly as they arrived, up to the tag parameter (edcert's
reading of the document), or with the vendor's declared signer. When it does not verify, edcert
tries the strings a client commonly signs by mistake and says which one the tag was made from.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from urllib.parse import unquote_plus

from ..linkit.signing import hmac_sha1_hex, load_signer
from ..untrusted import BEYOND_BOUNDS, Unreadable, read_json, read_xml
from .linkit_traffic import LinkitCall
from .traffic import RecordedExchange

#: The window edcert's reading of the document gives the timestamp (a server's replay guard).
TIMESTAMP_WINDOW_SECONDS = 15 * 60
BODY_SHAPES = {"json": 'a JSON object {"StudentID": ...} sent as application/json',
               "xml": "<ProgramElement> holding <StudentID>, sent as application/xml or text/xml"}
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
UTF8_BOM = b"\xef\xbb\xbf"
_CONTENT_TYPES = {"json": ("application/json", "text/json"), "xml": ("application/xml", "text/xml")}


@dataclass
class TagVerdict:
    ok: bool
    expected: str
    received: str


def describe_offset(seconds: float) -> str:
    """How far a timestamp is from the moment it arrived, naming a time-zone offset when it looks like one."""
    hours = seconds / 3600
    direction = "ahead of" if seconds > 0 else "behind"
    if abs(seconds) >= 1800 and abs(hours - round(hours)) < 0.1:
        return f"{abs(round(hours))} hour(s) {direction} GMT: a local time instead of GMT?"
    return f"{abs(seconds):.0f} s {direction} the moment it arrived"


def _signed_part(call: LinkitCall) -> str | None:
    query = call.record.query
    if "&tag=" not in query:
        return None
    return call.record.raw_path + "?" + query.split("&tag=")[0]


def verify_tag(call: LinkitCall, secret: str, declared_signer: str | None) -> TagVerdict:
    scheme = (f"the declared signer {declared_signer}" if declared_signer else
              "lowercase hex HMAC-SHA1 of the path and query up to the tag parameter, keyed with the secret")
    tag = call.param("tag") or ""
    signed = _signed_part(call)
    if signed is None:
        return TagVerdict(False, f"a tag after the other parameters, made with {scheme}",
                          "a URL whose tag is not its last parameter")
    signer = load_signer(declared_signer) if declared_signer else hmac_sha1_hex
    expected = signer(signed, secret)
    if hmac.compare_digest(expected.lower(), tag.lower()):
        return TagVerdict(True, f"a tag made with {scheme} over {signed!r}", "")
    received = f"a tag ({len(tag)} characters) that is not {scheme} over {signed!r}"
    for what, text in _common_mistakes(call, signed):
        if hmac.compare_digest(hmac_sha1_hex(text, secret), tag.lower()):
            received += f"; it is HMAC-SHA1 over {what} ({text!r})"
            break
    return TagVerdict(False, f"a tag made with {scheme} over {signed!r}", received)


def _common_mistakes(call: LinkitCall, signed: str) -> list[tuple[str, str]]:
    record = call.record
    path, _, query = signed.partition("?")
    tail = path.split("/programs", 1)[-1]
    recased = {_ESCAPE.sub(lambda m: m.group(0).lower(), signed), _ESCAPE.sub(lambda m: m.group(0).upper(), signed)}
    return [("the query alone, without the path", query),
            *(("the same path and query with its percent-escapes in another case (did an HTTP library rewrite "
               "them after signing?)", text) for text in sorted(recased) if text != signed),
            ("the path without the base URL's own prefix", f"/programs{tail}?{query}"),
            ("the whole URL, scheme and host included", f"{record.scheme}://{record.host}{signed}"),
            ("the decoded path and query", unquote_plus(signed)),
            ("the whole query, tag parameter included", f"{path}?{record.query}")]


def case_departures(call: LinkitCall, declared_signer: bool) -> list[str]:
    """Departures from the examples' lower case that servers commonly treat as equivalent."""
    found = []
    signed = (_signed_part(call) or call.record.target).partition("?")[2]
    upper = sorted({e for e in _ESCAPE.findall(signed) if e != e.lower()})
    if upper:
        found.append(f"percent-escapes in upper case ({', '.join(upper)}); the examples write them in lower case "
                     "(%2f, %3a)")
    if "%20" in signed:
        found.append("a space written %20; the examples write it +")
    tag = call.param("tag") or ""
    if not declared_signer and tag != tag.lower():
        found.append("the tag's hex digits in upper case; the examples write them in lower case")
    return found


def body_text(record: RecordedExchange) -> bytes:
    """The request body without surrounding white space and without a UTF-8 byte order mark (which .NET's
    XML and text writers put first by default)."""
    return record.request_body.strip().removeprefix(UTF8_BOM).strip()


def student_in_body(record: RecordedExchange) -> str | None:
    """The StudentID a JSON or XML body carries, whatever its shape."""
    text = body_text(record)
    if not text:
        return None
    if text.startswith(b"<"):
        try:
            root = read_xml(text)
        except Unreadable:
            return None
        element = next((e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "StudentID"), None)
        return (element.text or "").strip() if element is not None else None
    try:
        body = read_json(text)
    except Unreadable:
        return None
    value = body.get("StudentID") if isinstance(body, dict) else None
    return None if value is None else str(value)


def unreadable_body(record: RecordedExchange, bounds_only: bool = False) -> str | None:
    """Why the call's body cannot be read in the format it is written in (cut at the bound of a request, nested
    too deep, not JSON, not XML, a DTD, ...); None when it can, or when there is no body."""
    text = body_text(record)
    if not text:
        return None
    if record.request_body_size > len(record.request_body):
        return (f"a body of {record.request_body_size} bytes, over the {len(record.request_body)} bytes edcert "
                "listen reads of one request")
    try:
        read_xml(text) if text.startswith(b"<") or "xml" in record.content_type else read_json(text)
    except Unreadable as problem:
        if bounds_only and not isinstance(problem, BEYOND_BOUNDS):
            return None  # an ordinary mistake: judged by the example whose call it is
        return f"a body that {problem.reason}" if problem.reason.startswith("does") else f"a body of {problem.reason}"
    return None


def body_problem(record: RecordedExchange, fmt: str) -> str | None:
    """What is wrong with the body's shape for the format; None when it is right or absent."""
    text = body_text(record)
    if not text:
        return None  # StudentID in the header alone: the document's parameter table allows it
    content_type = record.content_type
    if content_type not in _CONTENT_TYPES[fmt]:
        return f"a {fmt.upper()} body sent as {content_type or 'no Content-Type'}"
    if record.request_body_size > len(record.request_body):
        return (f"a body of {record.request_body_size} bytes, over the {len(record.request_body)} bytes edcert "
                "listen reads of one request")
    if fmt == "json":
        try:
            body = read_json(text)
        except Unreadable as problem:
            return f"a body that {problem.reason}" if problem.reason.startswith("does") else f"a body {problem.reason}"
        if not isinstance(body, dict) or "StudentID" not in body:
            return f"a JSON {type(body).__name__} without StudentID"
        return None
    try:
        root = read_xml(text)
    except Unreadable as problem:
        return f"a body that {problem.reason}" if problem.reason.startswith("does") else f"a body of {problem.reason}"
    name = root.tag.rsplit("}", 1)[-1]
    if name != "ProgramElement":
        return f"root element <{name}>"
    students = [child for child in root if child.tag.rsplit("}", 1)[-1] == "StudentID"]
    if not students:
        return "<ProgramElement> without <StudentID>"
    # The document's elements are in no namespace (it declares xsd and xsi prefixes only); an element in a
    # namespace is another element to an XML reader, and a server's serialiser does not bind it.
    namespaced = [element.tag for element in (root, *students) if element.tag.startswith("{")]
    if namespaced:
        namespace = namespaced[0][1:].partition("}")[0]
        return f"<{name}> and <StudentID> in the namespace {namespace!r}; the document's are in no namespace"
    return None


def answer_excerpt(record: RecordedExchange) -> str:
    text = record.response_body.decode("utf-8", errors="replace")
    return f"HTTP {record.status}: {text[:200]}" if text else f"HTTP {record.status}, no body"
