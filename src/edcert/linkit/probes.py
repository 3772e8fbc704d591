"""The requests of the request model's LinkIt! rows (edcert.inputs.linkit): each row's cell, built.

A row gives one or more probes. A probe is one request and the starting point that makes obeying it
visible: ``removing`` False means the student is not in the program before it (obeying would add
them), True that they are in it (obeying would remove them). Every probe is signed as sent unless its
row says otherwise, so only the one element the row names is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from ..errors import HarnessError
from ..inputs import linkit as model
from .client import LinkitClient, LinkitRequest, SignedUrl
from .signing import encode_timestamp, format_timestamp

_XML_NAMESPACES = ('xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')


@dataclass(frozen=True)
class Target:
    """What a probe is about: the student, the program they must not be moved in or out of, the format."""

    student_id: str
    program_id: int
    fmt: str


@dataclass(frozen=True)
class Probe:
    call: str  # the request, in words, for the report
    removing: bool  # True: sent while the student is in the program; obeying it would remove them
    request: LinkitRequest


Build = Callable[[LinkitClient, Target], list[Probe]]


def _verb(removing: bool) -> str:
    return "deassign" if removing else "assign"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime | None = None) -> str:
    return encode_timestamp(format_timestamp(moment or _now()))


def _query(client: LinkitClient, verb: str | None = None, *, timestamp: str | None = None,
           accesskey: str | None = None, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The document's parameters in its order (values encoded), each one replaceable or left out."""
    values = {"verb": verb, "timestamp": _stamp() if timestamp is None else timestamp,
              "accesskey": quote(client.profile.access_key, safe="-_.~") if accesskey is None else accesskey}
    return [(name, value) for name, value in values.items() if name not in leave_out and value is not None]


def _put(client: LinkitClient, target: Target, url: SignedUrl, *, method: str = "PUT",
         headers: dict[str, str] | None = None, drop: tuple[str, ...] = (), body: bytes | None = None,
         fmt: str | None = None) -> LinkitRequest:
    """The request as edcert sends it, with the row's changes: headers set or dropped, another body."""
    request = client.request(url, target.student_id, fmt or target.fmt, method)
    merged = {**request.headers, **(headers or {})}
    return replace(request, headers={k: v for k, v in merged.items() if k not in drop},
                   body=request.body if body is None else body)


def _both_ways(describe: str, build: Callable[[bool], LinkitRequest]) -> list[Probe]:
    """The same change sent to add the student (they are not in the program) and to remove them (they are)."""
    return [Probe(f"{describe}, sent to {'remove' if removing else 'add'} the student", removing, build(removing))
            for removing in (False, True)]


# --- verb -------------------------------------------------------------------------------------

def _verb_value(value: Callable[[bool], str | None], describe: str) -> Build:
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        return _both_ways(describe, lambda removing: _put(client, target, client.signed_query(
            target.program_id, tuple(_query(client, value(removing))))))
    return build


def _verb_values(adding: tuple[str, ...], removing: tuple[str, ...]) -> Build:
    """Verbs that a lenient reading (else branch, prefix, substring, case folding) takes for the call's own:
    ``adding`` sent while the student is not in the program, ``removing`` while they are."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        return [Probe(f"verb={value}, sent to {'remove' if removing else 'add'} the student", removing,
                      _put(client, target, client.signed_query(target.program_id, tuple(_query(client, value)))))
                for removing, values in ((False, adding), (True, removing)) for value in values]
    return build


def _each(*builds: Build) -> Build:
    """Several requests for one cell: each a way the element can be wrong that way."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        return [probe for one in builds for probe in one(client, target)]
    return build


def _fullwidth(digits: str) -> str:
    """The same digits in Unicode fullwidth form: Python's int() and str.isdigit() take them for digits."""
    return "".join(chr(0xFF10 + int(d)) if d.isascii() and d.isdigit() else d for d in digits)


def _underscored(digits: str) -> str:
    """The digits with an underscore after the first: Python's int() reads '151_557' as 151557."""
    return digits[:1] + "_" + digits[1:]


def _verb_wrong_type(client: LinkitClient, target: Target) -> list[Probe]:
    """Numbers where the verb's name is due: what an enum parser may read as assign (0 or 1) or deassign."""
    probes = []
    for number in ("0", "1", "2"):
        probes += _verb_value(lambda removing, n=number: n, f"verb={number}")(client, target)
    return probes


def _verb_moved(client: LinkitClient, target: Target) -> list[Probe]:
    """No verb in the URL (signed without it); the verb sent in the JSON body beside StudentID."""
    def build(removing: bool) -> LinkitRequest:
        body = json.dumps({"StudentID": target.student_id, "verb": _verb(removing)}).encode()
        return _put(client, target, client.signed_query(target.program_id, tuple(_query(client, None))),
                    body=body, fmt="json")
    return _both_ways("no verb in the URL, the verb in the JSON body", build)


def _verb_duplicated(client: LinkitClient, target: Target) -> list[Probe]:
    """verb given twice with both values, both signed, in either order, while the student is not in the program."""
    probes = []
    for first, second in (("assign", "deassign"), ("deassign", "assign")):
        rest = _query(client, leave_out=("verb",))
        url = client.signed_query(target.program_id, (("verb", first), ("verb", second), *rest))
        probes.append(Probe(f"verb={first}&verb={second}, signed, sent while the student is not in the program",
                            False, _put(client, target, url)))
    return probes


# --- a required parameter left out or empty ---------------------------------------------------

def _without(name: str, empty: bool) -> Build:
    """The URL without ``name`` (or with ``name=``), the rest signed as usual; the tag left out or empty."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        def request(removing: bool) -> LinkitRequest:
            if name == "tag":
                url = client.signed_url(target.program_id, _verb(removing)).with_tag("" if empty else None)
            else:
                query = _query(client, _verb(removing), leave_out=() if empty else (name,))
                if empty:
                    query = [(key, "" if key == name else value) for key, value in query]
                url = client.signed_query(target.program_id, tuple(query))
            return _put(client, target, url)
        return _both_ways(f"{name}= with no value" if empty else f"no {name}", request)
    return build


# --- timestamp --------------------------------------------------------------------------------

def _timestamp_value(value: Callable[[], str], describe: str) -> Build:
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        return _both_ways(describe, lambda removing: _put(client, target, client.signed_query(
            target.program_id, tuple(_query(client, _verb(removing), timestamp=value())))))
    return build


def _month_13() -> str:
    now = _now()
    hour = now.hour % 12 or 12
    return encode_timestamp(f"13/{now.day}/{now.year} {hour}:{now.minute:02d}:{now.second:02d} "
                            f"{'PM' if now.hour >= 12 else 'AM'}")


def _timestamp_moved(client: LinkitClient, target: Target) -> list[Probe]:
    """No timestamp in the URL (signed without it); the timestamp sent as a request header."""
    def build(removing: bool) -> LinkitRequest:
        url = client.signed_query(target.program_id, tuple(_query(client, _verb(removing), leave_out=("timestamp",))))
        return _put(client, target, url, headers={"Timestamp": format_timestamp(_now())})
    return _both_ways("no timestamp in the URL, a Timestamp header", build)


def _timestamp_duplicated(client: LinkitClient, target: Target) -> list[Probe]:
    """timestamp twice, one 24 hours old and one fresh, both signed, in either order."""
    probes = []
    old, fresh = _stamp(_now() - timedelta(hours=24)), _stamp()
    for first, second, words in ((old, fresh, "24 hours old, then now"), (fresh, old, "now, then 24 hours old")):
        query = (("verb", "assign"), ("timestamp", first), ("timestamp", second), *_query(client, leave_out=(
            "verb", "timestamp")))
        probes.append(Probe(f"timestamp twice ({words}), signed, sent to add the student", False,
                            _put(client, target, client.signed_query(target.program_id, query))))
    return probes


# --- StudentID --------------------------------------------------------------------------------

def _numeric(student_id: str) -> int:
    if not (student_id.isascii() and student_id.isdigit()):
        raise HarnessError(f"the profile's student_id {student_id!r} is not a string of digits; the StudentID rows "
                           "need the document's INTEGER")
    return int(student_id)


def _student_header(value: Callable[[str], str], describe: str) -> Build:
    """StudentID only as a header (no body), with this value."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        def request(removing: bool) -> LinkitRequest:
            url = client.signed_url(target.program_id, _verb(removing))
            return _put(client, target, url, headers={"StudentID": value(target.student_id)}, body=b"")
        return _both_ways(f"StudentID header {describe}, no body", request)
    return build


def _json_body(text: Callable[[str], bytes], describe: str) -> Build:
    """StudentID only in a JSON body (no header), written like this."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        def request(removing: bool) -> LinkitRequest:
            url = client.signed_url(target.program_id, _verb(removing))
            return _put(client, target, url, drop=("StudentID",), body=text(target.student_id), fmt="json")
        return _both_ways(f"JSON body {describe}, no header", request)
    return build


def _xml_body(text: Callable[[str], str], describe: str) -> Build:
    """StudentID only in an XML body (no header), written like this."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        def request(removing: bool) -> LinkitRequest:
            url = client.signed_url(target.program_id, _verb(removing))
            return _put(client, target, url, drop=("StudentID",), body=text(target.student_id).encode(), fmt="xml")
        return _both_ways(f"XML body {describe}, no header", request)
    return build


def _program_element(inner: str) -> str:
    return f"<ProgramElement {_XML_NAMESPACES}>{inner}</ProgramElement>"


def _student_header_and_body(client: LinkitClient, target: Target) -> list[Probe]:
    """The student in one place, the id 0 (no student) in the other; sent to add them."""
    probes = []
    url = client.signed_url(target.program_id, "assign")
    for header, body, words in ((target.student_id, "0", "the header names the student, the body 0"),
                                ("0", target.student_id, "the body names the student, the header 0")):
        probes.append(Probe(f"StudentID twice: {words}, sent to add the student", False, _put(
            client, target, url, headers={"StudentID": header},
            body=json.dumps({"StudentID": body}).encode(), fmt="json")))
    return probes


# --- program id -------------------------------------------------------------------------------

def _program_value(value: Callable[[int], str], describe: str) -> Build:
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        return _both_ways(f"program id {describe}", lambda removing: _put(client, target, client.signed_query(
            value(target.program_id), tuple(_query(client, _verb(removing))))))
    return build


# --- method -----------------------------------------------------------------------------------

def _method(method: str) -> Build:
    """The signed URL sent with another method: signed as assign to add, as deassign to remove. GET and HEAD
    carry StudentID as a header only (a body on them is not read by every server), the others both ways."""
    def build(client: LinkitClient, target: Target) -> list[Probe]:
        def request(removing: bool) -> LinkitRequest:
            url = client.signed_url(target.program_id, _verb(removing))
            sent = _put(client, target, url, method=method)
            if method in ("GET", "HEAD"):
                sent = replace(sent, headers={**sent.headers, "StudentID": target.student_id}, body=b"")
            return sent
        return _both_ways(f"{method} of the signed URL", request)
    return build


_WRAP_64 = 2 ** 64
BUILDS: dict[tuple[str, str, str], Build] = {
    **{(model.MISSING.name, name, operator): _without(name, operator == "empty")
       for name in ("timestamp", "accesskey", "tag") for operator in ("missing", "empty")},
    (model.VERB.name, "verb", "missing"): _verb_value(lambda removing: None, "no verb"),
    (model.VERB.name, "verb", "empty"): _verb_value(lambda removing: "", "verb="),
    (model.VERB.name, "verb", "unknown"): _verb_values(("enroll", "assigned", "reassign"), ("enroll", "deassigned")),
    (model.VERB.name, "verb", "wrong type"): _verb_wrong_type,
    (model.VERB.name, "verb", "moved"): _verb_moved,
    (model.VERB.name, "verb", "other case"): _verb_values(("ASSIGN", "Assign"), ("DEASSIGN", "Deassign")),
    (model.VERB.name, "verb", "duplicated"): _verb_duplicated,
    (model.TIMESTAMP.name, "timestamp", "malformed"): _each(
        _timestamp_value(lambda: "now", "timestamp=now"),
        _timestamp_value(lambda: _stamp() + "x", "a timestamp of now with a letter after")),
    (model.TIMESTAMP.name, "timestamp", "out of range"): _timestamp_value(_month_13, "a timestamp in month 13"),
    (model.TIMESTAMP.name, "timestamp", "wrong type"): _timestamp_value(
        lambda: str(int(_now().timestamp())), "a timestamp in Unix seconds"),
    (model.TIMESTAMP.name, "timestamp", "moved"): _timestamp_moved,
    (model.TIMESTAMP.name, "timestamp", "duplicated"): _timestamp_duplicated,
    (model.STUDENT.name, "StudentID header", "empty"): _student_header(lambda sid: "", "empty"),
    (model.STUDENT.name, "StudentID header", "malformed"): _each(
        _student_header(lambda sid: sid + "x", "with a letter after"),
        _student_header(_underscored, "with an underscore between its digits")),
    (model.STUDENT.name, "StudentID header", "wrong type"): _student_header(lambda sid: sid + ".0", "as a decimal"),
    (model.STUDENT.name, "StudentID header", "out of range"): _student_header(lambda sid: "-" + sid, "negative"),
    (model.STUDENT.name, "StudentID header", "too long"): _student_header(
        lambda sid: str(_numeric(sid) + _WRAP_64), "plus 2^64 (the student again in 64-bit arithmetic)"),
    (model.STUDENT.name, "StudentID of the JSON body", "empty"): _json_body(
        lambda sid: b'{"StudentID": ""}', 'with "StudentID": ""'),
    (model.STUDENT.name, "StudentID of the JSON body", "malformed"): _each(
        _json_body(lambda sid: json.dumps({"StudentID": sid + "x"}).encode(), "with a letter after the StudentID"),
        _json_body(lambda sid: json.dumps({"StudentID": _fullwidth(sid)}, ensure_ascii=False).encode(),
                   "with the StudentID in fullwidth digits"),
        _json_body(lambda sid: json.dumps({"StudentID": _underscored(sid)}).encode(),
                   "with an underscore between the StudentID's digits")),
    (model.STUDENT.name, "StudentID of the JSON body", "wrong type"): _json_body(
        lambda sid: json.dumps({"StudentID": [sid]}).encode(), "with the StudentID in an array"),
    (model.STUDENT.name, "JSON body", "malformed"): _json_body(
        lambda sid: json.dumps({"StudentID": sid}).encode()[:-1], "cut before its closing brace"),
    (model.STUDENT.name, "StudentID of the XML body", "empty"): _xml_body(
        lambda sid: _program_element("<StudentID></StudentID>"), "with an empty <StudentID>"),
    (model.STUDENT.name, "StudentID of the XML body", "malformed"): _each(
        _xml_body(lambda sid: _program_element(f"<StudentID>{sid}x</StudentID>"), "with a letter after the StudentID"),
        _xml_body(lambda sid: _program_element(f"<StudentID>{_fullwidth(sid)}</StudentID>"),
                  "with the StudentID in fullwidth digits")),
    (model.STUDENT.name, "XML body", "malformed"): _xml_body(
        lambda sid: _program_element(f"<StudentID>{sid}</StudentID>")[:-len("</ProgramElement>")],
        "without its closing tag"),
    (model.STUDENT.name, "StudentID header and body", "duplicated"): _student_header_and_body,
    (model.PROGRAM_ID.name, "program id", "malformed"): _each(
        _program_value(lambda pid: f"{pid}x", "with a letter after"),
        _program_value(lambda pid: _underscored(str(pid)), "with an underscore between its digits"),
        _program_value(lambda pid: quote(_fullwidth(str(pid))), "in fullwidth digits (percent-encoded UTF-8)")),
    (model.PROGRAM_ID.name, "program id", "wrong type"): _program_value(lambda pid: f"{pid}.0", "as a decimal"),
    (model.PROGRAM_ID.name, "program id", "out of range"): _program_value(lambda pid: f"-{pid}", "negative"),
    (model.PROGRAM_ID.name, "program id", "too long"): _program_value(
        lambda pid: str(pid + _WRAP_64), "plus 2^64 (the program again in 64-bit arithmetic)"),
    **{(model.METHOD.name, f"method {method}", "another valid value"): _method(method)
       for method in ("GET", "HEAD", "POST", "DELETE", "PATCH")},
}


def probes_of(table: str, element: str, operator: str, client: LinkitClient, target: Target) -> list[Probe]:
    try:
        build = BUILDS[(table, element, operator)]
    except KeyError:
        raise HarnessError(f"the feature's row {element} | {operator} is not one edcert builds for table {table}; "
                           "run: python -m edcert.inputs --write") from None
    return build(client, target)
