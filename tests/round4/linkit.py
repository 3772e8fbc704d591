"""A LinkIt! "Add/Remove Student from Program" API, written from the LinkIt! document and its reading in
shared/reference/linkit.md: HTTPS PUT /programs/{id}?verb=assign|deassign&timestamp=&accesskey=&tag=, the tag
lowercase hex HMAC-SHA1 of the path and query up to `&tag=`, the StudentID in the body or a header, and the
Result/Data/Error envelope in JSON or XML.

`defect` names one realistic fault (DEFECTS); None is the clean twin.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from .http_base import Answer, LocalServer, Request

ACCESS_KEY = "123456789-987654321"
SECRET = "round4-linkit-secret-77ab"
BASE = "/services/linkit"
PROGRAMS = {1552: "LEP", 19740: "Free and Reduced", 1553: "Gifted and Talented", 1554: "Title I"}
STUDENTS = (151557, 151558)
WINDOW = timedelta(minutes=30)  # the document names none; a replay guard of half an hour
DEFECTS = {
    "other-verb-obeyed": "a verb that is neither assign nor deassign is obeyed as assign",
    "unparsable-timestamp-accepted": "a timestamp that does not parse skips the clock check",
    "student-id-leading-digits": "StudentID is read by its leading digits, so a non-integer StudentID is obeyed",
    "get-changes-enrolment": "any HTTP method on a signed URL is served as the PUT, so a GET changes enrolment",
}
_NAMESPACES = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class Round4Linkit:
    def __init__(self, defect: str | None = None) -> None:
        assert defect is None or defect in DEFECTS, defect
        self.defect = defect
        self.lock = threading.Lock()
        self.enrolments: dict[int, list[int]] = {151557: [1552], 151558: []}
        self.server = LocalServer(self.handle)

    @property
    def base_url(self) -> str:
        return self.server.origin + BASE

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> Round4Linkit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the call ----------------------------------------------------------------------------------
    def handle(self, request: Request) -> Answer:
        xml = self._wants_xml(request)
        match = re.fullmatch(re.escape(BASE) + r"/programs/([^/]+)", request.path)
        try:
            if match is None:
                raise Refused(404, "Unknown resource")
            if request.method != "PUT" and self.defect != "get-changes-enrolment":
                raise Refused(405, "Use HTTP PUT")
            query = self._signed_query(request)
            verb = query["verb"]
            if verb not in ("assign", "deassign") and self.defect != "other-verb-obeyed":
                raise Refused(400, "Invalid verb")
            if not match.group(1).isdigit() or not match.group(1).isascii():
                raise Refused(400, "Program id must be an integer")
            program = int(match.group(1))
            student = self._student_id(request)
            with self.lock:
                if student not in self.enrolments:
                    raise Refused(404, "Student not found")
                if program not in PROGRAMS:
                    raise Refused(404, "Program not found")
                held = self.enrolments[student]
                if verb == "deassign":
                    if program not in held:
                        raise Refused(404, "Student is not in this program")
                    held.remove(program)
                elif program not in held:
                    held.append(program)
                programs = list(held)
        except Refused as refusal:
            return self._envelope(refusal.status, "ERROR", None, refusal.message, xml)
        return self._envelope(200, "SUCCESS", {"StudentID": str(student), "Programs": programs}, None, xml)

    def _signed_query(self, request: Request) -> dict[str, str]:
        raw = request.query
        signed, found, rest = ("&" + raw if raw.startswith("tag=") else raw).partition("&tag=")
        if not found:
            raise Refused(403, "Missing tag")
        tag, _, after = rest.partition("&")
        if after:
            raise Refused(403, "Nothing may follow the tag")
        pairs = parse_qsl(signed, keep_blank_values=True)
        names = [name for name, _ in pairs]
        if len(set(names)) != len(names) or "tag" in names:
            raise Refused(403, "A parameter is given more than once")
        query = dict(pairs)
        for name in ("verb", "timestamp", "accesskey"):
            if not query.get(name):
                raise Refused(403 if name != "verb" else 400, f"Missing {name}")
        if query["accesskey"] != ACCESS_KEY:
            raise Refused(403, "Unknown access key")
        expected = hmac.new(SECRET.encode(), f"{request.path}?{signed}".encode(), hashlib.sha1).hexdigest()
        if not hmac.compare_digest(expected, tag.lower()):
            raise Refused(403, "Invalid tag")
        self._check_clock(query["timestamp"])
        return query

    def _check_clock(self, text: str) -> None:
        try:
            stamp = datetime.strptime(text.strip(), "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=timezone.utc)
        except ValueError:
            if self.defect == "unparsable-timestamp-accepted":
                return
            raise Refused(403, "Invalid timestamp") from None
        if abs(datetime.now(timezone.utc) - stamp) > WINDOW:
            raise Refused(403, "Timestamp out of range")

    def _student_id(self, request: Request) -> int:
        from_body = None
        text = request.body.strip()
        if text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]
        if text.startswith(b"<"):
            try:
                root = ElementTree.fromstring(text)
            except Exception:  # defusedxml raises several types for broken or hostile XML
                raise Refused(400, "The body is not well-formed XML") from None
            element = root.find("StudentID")
            from_body = element.text.strip() if element is not None and element.text else None
        elif text:
            try:
                parsed = json.loads(text)
            except ValueError:
                raise Refused(400, "The body is not valid JSON") from None
            if not isinstance(parsed, dict):
                raise Refused(400, "The body must be a JSON object")
            value = parsed.get("StudentID")
            from_body = None if value is None else str(value).strip()
        header = request.headers.get("studentid")
        from_header = header.strip() if header else None
        if from_body and from_header and from_body != from_header:
            raise Refused(400, "StudentID in the body and in the header differ")
        value = from_body or from_header
        if not value:
            raise Refused(400, "Missing StudentID")
        if self.defect == "student-id-leading-digits":
            digits = re.match(r"\d+", value)
            if digits is None:
                raise Refused(400, "StudentID must be an integer")
            return int(digits.group())
        if not (value.isascii() and value.isdigit()):
            raise Refused(400, "StudentID must be an integer")
        return int(value)

    # --- the answer --------------------------------------------------------------------------------
    @staticmethod
    def _wants_xml(request: Request) -> bool:
        accept = request.headers.get("accept", "").lower()
        if accept and accept != "*/*":
            return "xml" in accept and "json" not in accept
        return "xml" in request.headers.get("content-type", "").lower()

    @staticmethod
    def _envelope(status: int, result: str, data: dict | None, error: str | None, xml: bool) -> Answer:
        if not xml:
            shown = None if data is None else {"StudentID": data["StudentID"], "Programs": [
                {"ProgramID": pid, "Name": PROGRAMS[pid]} for pid in data["Programs"]]}
            body = json.dumps({"Result": result, "Data": shown, "Error": error}).encode()
            return Answer(status, body, {"Content-Type": "application/json; charset=utf-8"})
        parts = [f"<Response {_NAMESPACES}><Result>{result}</Result>"]
        if data is not None:
            programs = "".join(f"<Program><ProgramID>{pid}</ProgramID><Name>{escape(PROGRAMS[pid])}</Name></Program>"
                               for pid in data["Programs"])
            parts.append(f"<Data><StudentID>{data['StudentID']}</StudentID><Programs>{programs}</Programs></Data>")
        if error is not None:
            parts.append(f"<Error>{escape(error)}</Error>")
        parts.append("</Response>")
        return Answer(status, "".join(parts).encode(), {"Content-Type": "application/xml; charset=utf-8"})
