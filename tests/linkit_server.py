"""A LinkIt! server written apart from the reference target, with variations the document allows.

It implements the document's call with edcert's documented default tag scheme (or a base64 one),
and each variation is a legitimate reading of what the document leaves open. The suite must
certify it whichever variations are on: they are where a correct vendor may differ.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus

from defusedxml import ElementTree

ACCESS_KEY = "independent-key-42"
SECRET = "independent-linkit-secret"
PROGRAMS = {1552: "LEP", 19740: "Free and Reduced", 1553: "Gifted"}
WINDOW = timedelta(minutes=10)

#: The variations, each a reading the document allows.
VARIATIONS = {
    "extras-ignored": "parameters after the tag are ignored (the signed ones are served) instead of refused",
    "xml-empty-error": "XML SUCCESS carries an empty <Error/> (XML has no null)",
    "xml-empty-data-on-error": "XML ERROR carries an empty <Data/>",
    "reverse-order": "Data.Programs in descending ProgramID order",
    "error-http-200": "ERROR envelopes come with HTTP 200",
    "deassign-idempotent": "deassign of a program the student is not in answers SUCCESS",
    "charset": "Content-Type carries a charset parameter",
    "null-string": 'SUCCESS carries "Error": "Null" (<Error>Null</Error>), as the document\'s text says',
    "student-id-integer": "JSON Data.StudentID is an integer, as the document's table types it",
    "base64-tag": "the tag is base64 HMAC-SHA1, compared exactly (case-sensitive)",
}


def base64_signer(string_to_sign: str, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


def _hex_signer(string_to_sign: str, secret: str) -> str:
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).hexdigest()


class _Refused(Exception):
    pass


class IndependentLinkit:
    def __init__(self, variations: set[str]) -> None:
        unknown = variations - set(VARIATIONS)
        assert not unknown, unknown
        self.variations = variations
        self.enrolled: dict[str, set[int]] = {"151557": {1552}}
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:  # noqa: N802 - the http.server protocol
                server.handle_put(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/linkit"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def __enter__(self) -> IndependentLinkit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the call ---------------------------------------------------------------------------

    def _verify(self, path: str, raw_query: str) -> dict[str, str]:
        signed, found, rest = raw_query.partition("&tag=")
        if not found:
            raise _Refused("Missing tag")
        tag, _, after = rest.partition("&")
        if after and "extras-ignored" not in self.variations:
            raise _Refused("Unexpected parameters after tag")
        parsed = parse_qs(signed, keep_blank_values=True)
        if any(len(values) > 1 for values in parsed.values()):
            raise _Refused("A parameter is given more than once")  # the document gives each parameter once
        params = {name: values[0] for name, values in parsed.items()}
        if params.get("accesskey") != ACCESS_KEY:
            raise _Refused("Unknown or missing access key")
        stamp_text = params.get("timestamp")
        if not stamp_text:
            raise _Refused("Missing timestamp")
        try:
            stamp = datetime.strptime(stamp_text, "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=timezone.utc)
        except ValueError:
            raise _Refused("Bad timestamp") from None
        if abs(datetime.now(timezone.utc) - stamp) > WINDOW:
            raise _Refused("Timestamp outside the allowed window")
        tag = unquote_plus(tag)
        if "base64-tag" in self.variations:
            good = hmac.compare_digest(base64_signer(f"{path}?{signed}", SECRET), tag)
        else:
            good = bool(tag) and hmac.compare_digest(_hex_signer(f"{path}?{signed}", SECRET), tag.lower())
        if not good:
            raise _Refused("Signature mismatch")
        return params

    def handle_put(self, request: BaseHTTPRequestHandler) -> None:
        path, _, raw_query = request.path.partition("?")
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        xml = "xml" in (request.headers.get("Accept") or "")
        try:
            params = self._verify(path, raw_query)
            program = path.rsplit("/", 1)[-1]
            if not program.isascii() or not program.isdigit() or int(program) not in PROGRAMS:
                raise _Refused("No such program")
            in_header, in_body = request.headers.get("StudentID"), self._student_in(body)
            if in_header and in_body and in_header != in_body:
                raise _Refused("StudentID in the header and the body differ")
            student = in_header or in_body
            if not student or student not in self.enrolled:
                raise _Refused("No such student")
            with self.lock:
                held = self.enrolled[student]
                if params.get("verb") == "assign":
                    held.add(int(program))
                elif params.get("verb") == "deassign":
                    if int(program) not in held and "deassign-idempotent" not in self.variations:
                        raise _Refused("Student not in program")
                    held.discard(int(program))
                else:
                    raise _Refused("Unknown verb")
                programs = sorted(held, reverse="reverse-order" in self.variations)
        except _Refused as refusal:
            self._answer(request, xml, 200 if "error-http-200" in self.variations else 403, None, str(refusal))
            return
        self._answer(request, xml, 200, (student, programs), None)

    @staticmethod
    def _student_in(body: bytes) -> str | None:
        """The StudentID of a JSON or XML body; a body that does not parse is refused."""
        text = body.decode("utf-8", "replace").strip()
        if not text:
            return None
        try:
            if text.startswith("{"):
                return str(json.loads(text).get("StudentID") or "") or None
            element = ElementTree.fromstring(text).find("StudentID")
        except (ValueError, ElementTree.ParseError):
            raise _Refused("The body does not parse") from None
        return (element.text or "").strip() or None if element is not None else None

    def _answer(self, request: BaseHTTPRequestHandler, xml: bool, status: int,
                data: tuple[str, list[int]] | None, error: str | None) -> None:
        v = self.variations
        result = "ERROR" if error else "SUCCESS"
        if xml:
            parts = [f"<Response><Result>{result}</Result>"]
            if data:
                programs = "".join(f"<Program><ProgramID>{p}</ProgramID><Name>{PROGRAMS[p]}</Name></Program>"
                                   for p in data[1])
                parts.append(f"<Data><StudentID>{data[0]}</StudentID><Programs>{programs}</Programs></Data>")
            elif "xml-empty-data-on-error" in v:
                parts.append("<Data/>")
            if error:
                parts.append(f"<Error>{error}</Error>")
            elif "null-string" in v:
                parts.append("<Error>Null</Error>")
            elif "xml-empty-error" in v:
                parts.append("<Error/>")
            payload = ("".join(parts) + "</Response>").encode()
            content_type = "application/xml"
        else:
            json_data = None
            if data:
                student = int(data[0]) if "student-id-integer" in v else data[0]
                json_data = {"StudentID": student,
                             "Programs": [{"ProgramID": p, "Name": PROGRAMS[p]} for p in data[1]]}
            payload = json.dumps({"Result": result, "Data": json_data,
                                  "Error": error or ("Null" if "null-string" in v else None)}).encode()
            content_type = "application/json"
        if "charset" in v:
            content_type += "; charset=utf-8"
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)
