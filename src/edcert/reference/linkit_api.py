"""LinkIt! "Add/Remove Student from Program": PUT /programs/{id}?verb=assign|deassign with a signed URL.

The tag is checked with edcert's default scheme (HMAC-SHA1 over the path and query up to
``&tag=``), timestamps must be within 15 minutes of the server clock, and every answer
is the Result/Data/Error envelope in JSON or XML, chosen by ``Accept``. Nothing outside the
signature is obeyed: a query parameter after the tag, or one given twice, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..untrusted import Unreadable, read_json, read_xml  # a leaf module: it imports nothing from the harness
from .faults import linkit_signers
from .state import ReferenceState, never_answer

TIMESTAMP_WINDOW = timedelta(minutes=15)
_MAX_ID = 2 ** 63 - 1  # the store's integers: an id past them names no program or student
_MAX_BODY = 64 * 1024
_NAMESPACES = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
_HTML_500 = ("<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in '/'"
             " Application.</h1><p>Runtime Error</p></body></html>")


class LinkitError(Exception):
    """A request the API refuses with an ERROR envelope."""

    def __init__(self, message: str, status: int = 400, *, signature: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.signature = signature  # refused by the signed-URL checks (tag, access key, timestamp)


def _signature_error(message: str) -> LinkitError:
    return LinkitError(message, 403, signature=True)


def parse_timestamp(text: str) -> datetime:
    """Parse the document's GMT timestamp, e.g. ``6/26/2013 1:32:07 PM``."""
    return datetime.strptime(text.strip(), "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=timezone.utc)


def expected_tag(secret: str, string_to_sign: str) -> str:
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).hexdigest()


#: Faults that stand for a vendor's weaker (or differently written) tag scheme, and that scheme.
_SCHEMES: dict[str, Callable[[str, str], str]] = {
    "tag-signs-path-only": linkit_signers.path_only,
    "tag-signs-query-only": linkit_signers.query_only,
    "timestamp-not-signed": linkit_signers.without_timestamp,
    "access-key-ignored": linkit_signers.without_access_key,
    "tag-case-folded": linkit_signers.hmac_sha1_base64,
}


def split_query(raw_query: str) -> tuple[str, str | None, str]:
    """The signed part, the tag (None when there is no tag parameter) and whatever follows the tag."""
    if raw_query.startswith("tag="):
        raw_query = "&" + raw_query
    signed, found, rest = raw_query.partition("&tag=")
    if not found:
        return signed, None, ""
    tag, amp, after = rest.partition("&")
    return signed, tag, amp + after


def _wants_xml(request: Request) -> bool:
    accept = request.headers.get("accept", "").lower()
    return "xml" in accept and "json" not in accept.split("xml")[0]


def _envelope_json(result: str, data: dict | None, error: str | None, *, program_id_as_string: bool,
                   student_id_as_integer: bool) -> bytes:
    payload_data = None
    if data is not None:
        programs = [{"ProgramID": str(pid) if program_id_as_string else pid, "Name": name}
                    for pid, name in data["Programs"]]
        student = int(data["StudentID"]) if student_id_as_integer else data["StudentID"]
        payload_data = {"StudentID": student, "Programs": programs}
    return json.dumps({"Result": result, "Data": payload_data, "Error": error}).encode()


def _envelope_xml(result: str, data: dict | None, error: str | None, *, program_element: str) -> bytes:
    parts = [f"<Response {_NAMESPACES}><Result>{escape(result)}</Result>"]
    if data is not None:
        programs = "".join(
            f"<{program_element}><ProgramID>{pid}</ProgramID><Name>{escape(name)}</Name></{program_element}>"
            for pid, name in data["Programs"]
        )
        parts.append(f"<Data><StudentID>{escape(data['StudentID'])}</StudentID><Programs>{programs}</Programs></Data>")
    if error is not None:
        parts.append(f"<Error>{escape(error)}</Error>")
    parts.append("</Response>")
    return "".join(parts).encode()


def _student_id_from_body(raw: bytes, content_type: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if "xml" in content_type or text.startswith(b"<"):
        try:
            root = read_xml(text)
        except Unreadable as exc:
            raise LinkitError("Request body is not well-formed XML") from exc
        element = root.find("StudentID")
        return element.text.strip() if element is not None and element.text else None
    try:
        body = read_json(text)
    except Unreadable as exc:
        raise LinkitError("Request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise LinkitError("Request body must be an object with StudentID")
    value = body.get("StudentID")
    return None if value is None else str(value).strip()


def build_router(state: ReferenceState, prefix: str = "/linkit") -> APIRouter:
    router = APIRouter()
    store = state.store

    def query_of(raw_query: str) -> dict[str, str]:
        """The parameters the call is served with; only what the tag covers may count."""
        pairs = parse_qsl(raw_query, keep_blank_values=True)
        if state.has("repeated-parameter-last-wins"):
            return {name.lower(): value for name, value in pairs}  # names read case-insensitively, last wins
        _, _, after_tag = split_query(raw_query)
        if after_tag.strip("&"):
            raise _signature_error("Parameters after the tag are not allowed")
        names = [name.lower() for name, _ in pairs]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated and not state.has("signed-duplicate-first-wins"):
            raise _signature_error(f"Parameter given more than once: {repeated[0]}")
        if state.has("semicolon-separates-parameters"):  # served by a parser that splits on ';' too
            return dict(parse_qsl(raw_query.replace(";", "&"), keep_blank_values=True))
        if state.has("signed-duplicate-first-wins"):
            first: dict[str, str] = {}
            for name, value in pairs:
                first.setdefault(name, value)
            return first
        return dict(pairs)

    def tag_matches(tag: str, expected: str) -> bool:
        if state.has("tag-compared-over-shorter-length"):
            return all(a == b for a, b in zip(expected, tag.lower(), strict=False))
        if state.has("tag-cut-to-32-characters"):
            return hmac.compare_digest(expected[:32], tag.lower()[:32])
        if state.has("tag-case-folded"):  # base64 is case-sensitive; a case-insensitive collation ignores that
            return hmac.compare_digest(expected.lower(), tag.lower())
        return hmac.compare_digest(expected, tag.lower())  # hex: case-insensitive

    def verify_signature(request: Request, query: dict[str, str]) -> None:
        raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        raw_query = request.scope.get("query_string", b"").decode("latin-1")
        signed_query, raw_tag, _ = split_query(raw_query)
        tag = query.get("tag", "")
        if raw_tag is None:
            if state.has("missing-tag-skips-check"):
                return
            raise _signature_error("Missing tag")
        if not tag and not state.has("tag-compared-over-shorter-length"):
            raise _signature_error("Missing tag")
        access_key = query.get("accesskey")
        secret = state.credentials.linkit_secret
        if not state.has("access-key-ignored"):
            if not access_key:
                raise _signature_error("Missing access key")
            if access_key != state.credentials.linkit_access_key and not state.has("unknown-access-key-accepted"):
                raise _signature_error("Invalid access key")
        if state.has("signature-not-verified"):
            return
        if state.has("deassign-not-verified") and query.get("verb") == "deassign":
            return
        if state.has("verified-tag-cache-replay") and tag.lower() in state.verified_tags:
            return
        scheme = next((sign for name, sign in _SCHEMES.items() if state.has(name)), None)
        string_to_sign = raw_path + "?" + signed_query
        expected = scheme(string_to_sign, secret) if scheme else expected_tag(secret, string_to_sign)
        if not tag_matches(tag, expected):
            raise _signature_error("Invalid tag")
        state.verified_tags.add(tag.lower())

    def verify_timestamp(query: dict[str, str]) -> None:
        text = query.get("timestamp")
        if not text:
            if state.has("missing-timestamp-skips-clock-check"):
                return
            raise _signature_error("Missing timestamp")
        try:
            stamp = parse_timestamp(text)
        except ValueError:
            if state.has("unparsable-timestamp-accepted"):
                return
            raise _signature_error("Invalid timestamp format") from None
        if state.has("stale-timestamp-accepted"):
            return
        if state.has("timestamp-read-as-local-time"):
            stamp += timedelta(hours=5)
        age = datetime.now(timezone.utc) - stamp
        if state.has("future-timestamp-accepted"):
            if age > TIMESTAMP_WINDOW:  # only the past is bounded
                raise _signature_error("Timestamp expired")
            return
        if abs(age) > TIMESTAMP_WINDOW:
            raise _signature_error("Timestamp expired")

    def body_student_id(request: Request, raw: bytes) -> str | None:
        if state.has("student-id-found-by-pattern"):
            found = re.search(rb"StudentID\W{0,4}(\d+)", raw)
            return found.group(1).decode() if found else None
        return _student_id_from_body(raw, request.headers.get("content-type", "").lower())

    def student_id(request: Request, raw: bytes) -> int:
        from_body = body_student_id(request, raw)
        from_header = request.headers.get("studentid")
        from_header = from_header.strip() if from_header else None
        if from_body and from_header and from_body != from_header:
            if not state.has("student-id-header-wins"):
                raise LinkitError("StudentID in the body and in the header differ")
            from_body = None
        value = from_body or from_header
        if not value:
            if state.has("missing-student-id-defaults") and state.last_linkit_student is not None:
                return state.last_linkit_student
            raise LinkitError("Missing StudentID")
        if state.has("student-id-read-by-int"):
            try:
                number = int(value)  # takes '151_557' and fullwidth digits too
            except ValueError:
                raise LinkitError("StudentID must be numeric") from None
        else:
            if not (value.isascii() and value.isdigit()):
                leading = re.match(r"[0-9]+", value) if state.has("student-id-leading-digits") else None
                if leading is None:
                    raise LinkitError("StudentID must be numeric")
                value = leading.group()
            number = int(value)
        if abs(number) > _MAX_ID:
            raise LinkitError("StudentID out of range")
        return number

    def stale_data(request: Request, raw: bytes) -> dict | None:
        """The student's programs, as a server that fills Data before checking the call would send them."""
        try:
            sid = student_id(request, raw)
        except LinkitError:
            return None
        return {"StudentID": str(sid), "Programs": store.programs_of(sid)} if store.student_exists(sid) else None

    def respond(request: Request, status: int, result: str, data: dict | None, error: str | None,
                verb: str = "", *, program: int | None = None) -> Response:
        if result == "ERROR" and state.has("overlong-error") and error:
            error = (error + ": the request could not be completed because of the reason given here, "
                     "please contact the LinkIt! support team with this message")
        if result == "ERROR" and state.has("data-on-error") and state.last_linkit_student is not None:
            sid = state.last_linkit_student
            data = {"StudentID": str(sid), "Programs": store.programs_of(sid)}
        if result == "SUCCESS" and verb == "assign" and state.has("success-with-http-201"):
            status = 201
        if data is not None and state.has("student-id-internal-key"):
            data = {**data, "StudentID": str(7_000_000 + int(data["StudentID"]))}
        if result == "SUCCESS" and state.has("error-empty-string-on-success"):
            error = ""
        if result == "SUCCESS" and state.has("error-null-string-on-success"):
            error = "Null"
        if data is not None and state.has("other-program-names-blank"):
            data = {**data, "Programs": [(pid, name if pid == program else "") for pid, name in data["Programs"]]}
        if state.has("result-lowercase"):
            result = result.capitalize()
        if _wants_xml(request) and not state.has("json-when-xml-asked"):
            element = "ProgramElement" if state.has("renamed-xml-element") else "Program"
            return Response(_envelope_xml(result, data, error, program_element=element), status_code=status,
                            media_type="application/xml")
        content = _envelope_json(result, data, error, program_id_as_string=state.has("program-id-as-string"),
                                 student_id_as_integer=state.has("student-id-as-integer"))
        if verb == "deassign" and state.has("deassign-json-truncated"):
            content = content[:40]
        return Response(content, status_code=status, media_type="application/json")

    def apply(verb: str, program_id: int, sid: int) -> list[tuple[int, str]]:
        with store.transaction():
            before = store.programs_of(sid)
            held = any(pid == program_id for pid, _ in before)
            if verb == "assign":
                if state.has("assign-drops-existing-programs"):
                    store.withdraw_all(sid)
                store.enrol(sid, program_id)
            else:
                if not held:
                    raise LinkitError("Student is not assigned to this program", 404)
                if not state.has("deassign-does-not-remove"):
                    store.withdraw(sid, program_id)
            after = store.programs_of(sid)
        if state.has("stale-program-list"):
            return before
        if verb == "deassign" and state.has("deassign-does-not-remove"):
            return [(pid, name) for pid, name in after if pid != program_id]
        if verb == "assign" and held and state.has("held-program-listed-twice"):
            return after + [(pid, name) for pid, name in after if pid == program_id]
        return after

    @router.put(prefix + "/programs/{program_id}", tags=["LinkIt! programs"],
                summary="Add (verb=assign) or remove (verb=deassign) a student; signed URL")
    async def put_program(program_id: str, request: Request) -> Response:
        raw = await request.body()
        verb = request.query_params.get("verb", "")
        if verb == "deassign":
            if state.has("html-500-on-deassign"):
                return HTMLResponse(_HTML_500, status_code=500)
            if state.has("deassign-never-answers"):
                return await never_answer()
        try:
            query = query_of(request.scope.get("query_string", b"").decode("latin-1"))
            verb = query.get("verb", "")
            if state.has("verb-case-insensitive"):
                verb = verb.lower()
            if state.has("unknown-verb-assigns") and verb != "deassign":
                verb = "assign"  # an else branch
            if state.has("verb-matched-by-prefix"):
                verb = next((known for known in ("deassign", "assign") if verb.startswith(known)), verb)
            if len(raw) > _MAX_BODY:
                raise LinkitError("Request body too large", 413)
            if verb not in ("assign", "deassign"):
                raise LinkitError("Invalid verb; use assign or deassign")
            if not (program_id.isascii() and program_id.isdigit()):
                leading = re.match(r"[0-9]+", program_id) if state.has("program-id-leading-digits") else None
                if leading is None:
                    raise LinkitError("Program id must be an integer")
                program_id = leading.group()
            if int(program_id) > _MAX_ID:
                raise LinkitError("Program id out of range")
            try:
                verify_signature(request, query)
            except LinkitError:
                if state.has("tag-checked-after-change"):
                    sid = student_id(request, raw)
                    if store.student_exists(sid) and store.program_name(int(program_id)) is not None:
                        apply(verb, int(program_id), sid)
                raise
            if not (state.has("deassign-skips-clock-check") and verb == "deassign" and not query.get("timestamp")):
                verify_timestamp(query)
            sid = student_id(request, raw)
            if not store.student_exists(sid):
                raise LinkitError("Student not found", 404)
            pid = int(program_id)
            if store.program_name(pid) is None:
                if not (state.has("unknown-program-accepted") and verb == "assign"):
                    raise LinkitError("Program not found", 404)
                store.add_program(pid, "")
            state.last_linkit_student = sid
            programs = apply(verb, pid, sid)
        except LinkitError as refusal:
            if refusal.signature and state.has("refusal-200-with-stale-data"):
                return respond(request, 200, "ERROR", stale_data(request, raw), refusal.message, verb)
            return respond(request, refusal.status, "ERROR", None, refusal.message, verb)
        return respond(request, 200, "SUCCESS", {"StudentID": str(sid), "Programs": programs}, None, verb,
                       program=pid)

    @router.api_route(prefix + "/programs/{program_id}", methods=["GET", "HEAD", "POST", "DELETE", "PATCH"],
                      include_in_schema=False)
    async def other_method(program_id: str, request: Request) -> Response:
        """The document defines PUT only: any other method is refused, and changes nothing."""
        if state.has("method-not-checked"):
            return await put_program(program_id, request)
        answer = respond(request, 405, "ERROR", None, "Method not allowed; use PUT")
        answer.headers["Allow"] = "PUT"
        return answer

    return router
