"""LinkIt! "Add/Remove Student from Program": PUT /programs/{id}?verb=assign|deassign with a signed URL.

The tag is checked with edcert's default scheme (HMAC-SHA1 over the path and query up to
``&tag=``), timestamps must be within 15 minutes of the server clock, and every answer
is the Result/Data/Error envelope in JSON or XML, chosen by ``Accept``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeElementTree
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .state import ReferenceState, never_answer

TIMESTAMP_WINDOW = timedelta(minutes=15)
_MAX_BODY = 64 * 1024
_NAMESPACES = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
_HTML_500 = ("<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in '/'"
             " Application.</h1><p>Runtime Error</p></body></html>")


class LinkitError(Exception):
    """A request the API refuses with an ERROR envelope."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def parse_timestamp(text: str) -> datetime:
    """Parse the document's GMT timestamp, e.g. ``6/26/2013 1:32:07 PM``."""
    return datetime.strptime(text.strip(), "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=timezone.utc)


def expected_tag(secret: str, string_to_sign: str) -> str:
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).hexdigest()


def _wants_xml(request: Request) -> bool:
    accept = request.headers.get("accept", "").lower()
    return "xml" in accept and "json" not in accept.split("xml")[0]


def _envelope_json(result: str, data: dict | None, error: str | None, *, program_id_as_string: bool) -> bytes:
    payload_data = None
    if data is not None:
        programs = [{"ProgramID": str(pid) if program_id_as_string else pid, "Name": name}
                    for pid, name in data["Programs"]]
        payload_data = {"StudentID": data["StudentID"], "Programs": programs}
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
            root = SafeElementTree.fromstring(text)
        except Exception as exc:  # defusedxml raises several types for hostile or broken XML
            raise LinkitError("Request body is not well-formed XML") from exc
        element = root.find("StudentID")
        return element.text.strip() if element is not None and element.text else None
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise LinkitError("Request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise LinkitError("Request body must be an object with StudentID")
    value = body.get("StudentID")
    return None if value is None else str(value).strip()


def build_router(state: ReferenceState, prefix: str = "/linkit") -> APIRouter:
    router = APIRouter()
    store = state.store

    def verify_signature(request: Request, query: dict[str, str]) -> None:
        raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1")
        raw_query = request.scope.get("query_string", b"").decode("latin-1")
        tag = query.get("tag", "")
        if "&tag=" not in raw_query or not tag:
            raise LinkitError("Missing tag", 403)
        access_key = query.get("accesskey", "")
        secret = state.credentials.linkit_secret
        if access_key != state.credentials.linkit_access_key and not state.has("unknown-access-key-accepted"):
            raise LinkitError("Invalid access key", 403)
        if state.has("signature-not-verified"):
            return
        if state.has("verified-tag-cache-replay") and tag.lower() in state.verified_tags:
            return
        string_to_sign = raw_path + "?" + raw_query.split("&tag=")[0]
        if not hmac.compare_digest(expected_tag(secret, string_to_sign), tag.lower()):
            raise LinkitError("Invalid tag", 403)
        state.verified_tags.add(tag.lower())

    def verify_timestamp(query: dict[str, str]) -> None:
        text = query.get("timestamp")
        if not text:
            raise LinkitError("Missing timestamp", 403)
        try:
            stamp = parse_timestamp(text)
        except ValueError:
            raise LinkitError("Invalid timestamp format", 403) from None
        if state.has("stale-timestamp-accepted"):
            return
        if state.has("timestamp-read-as-local-time"):
            stamp += timedelta(hours=5)
        if abs(datetime.now(timezone.utc) - stamp) > TIMESTAMP_WINDOW:
            raise LinkitError("Timestamp expired", 403)

    def student_id(request: Request, raw: bytes) -> int:
        from_body = _student_id_from_body(raw, request.headers.get("content-type", "").lower())
        from_header = request.headers.get("studentid")
        from_header = from_header.strip() if from_header else None
        if from_body and from_header and from_body != from_header:
            raise LinkitError("StudentID in the body and in the header differ")
        value = from_body or from_header
        if not value:
            if state.has("missing-student-id-defaults") and state.last_linkit_student is not None:
                return state.last_linkit_student
            raise LinkitError("Missing StudentID")
        if not (value.isascii() and value.isdigit()):
            raise LinkitError("StudentID must be numeric")
        return int(value)

    def respond(request: Request, status: int, result: str, data: dict | None, error: str | None,
                verb: str = "") -> Response:
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
        if state.has("result-lowercase"):
            result = result.capitalize()
        if _wants_xml(request) and not state.has("json-when-xml-asked"):
            element = "ProgramElement" if state.has("renamed-xml-element") else "Program"
            return Response(_envelope_xml(result, data, error, program_element=element), status_code=status,
                            media_type="application/xml")
        content = _envelope_json(result, data, error, program_id_as_string=state.has("program-id-as-string"))
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
        return after

    @router.put(prefix + "/programs/{program_id}", tags=["LinkIt! programs"],
                summary="Add (verb=assign) or remove (verb=deassign) a student; signed URL")
    async def put_program(program_id: str, request: Request) -> Response:
        raw = await request.body()
        query = dict(request.query_params)
        verb = query.get("verb", "")
        if verb == "deassign":
            if state.has("html-500-on-deassign"):
                return HTMLResponse(_HTML_500, status_code=500)
            if state.has("deassign-never-answers"):
                return await never_answer()
        try:
            if len(raw) > _MAX_BODY:
                raise LinkitError("Request body too large", 413)
            if verb not in ("assign", "deassign"):
                raise LinkitError("Invalid verb; use assign or deassign")
            if not program_id.isdigit():
                raise LinkitError("Program id must be an integer")
            try:
                verify_signature(request, query)
            except LinkitError:
                if state.has("tag-checked-after-change"):
                    sid = student_id(request, raw)
                    if store.student_exists(sid) and store.program_name(int(program_id)) is not None:
                        apply(verb, int(program_id), sid)
                raise
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
            return respond(request, refusal.status, "ERROR", None, refusal.message, verb)
        return respond(request, 200, "SUCCESS", {"StudentID": str(sid), "Programs": programs}, None, verb)

    return router
