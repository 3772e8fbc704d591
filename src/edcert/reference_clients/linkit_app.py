"""A conformant LinkIt! application doing the document's Examples 1 and 2 in JSON and in XML, and its faults.

Each call is the document's template, PUT /programs/{id}?verb=...&timestamp=...&accesskey=...&tag=...,
with the GMT timestamp written and escaped as in the examples and the tag computed as edcert reads
the document: lowercase hex HMAC-SHA1 of the path and query up to &tag=, keyed with the secret.
StudentID goes in the body (the examples) and in a StudentID header (the parameter table).
Its switches are the named faults (faults.py) and the conformant variants (variants.py) turned on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, quote_plus, urlsplit

from edcert.reference_clients.config import LinkitConfig, Values
from edcert.reference_clients.faults import FLOOD_BODY_BYTES, FLOOD_REQUESTS
from edcert.reference_clients.http import send
from edcert.reference_clients.request_faults import Context, Outgoing, apply_call, apply_params, faults_on

_NAMESPACES = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
_TYPES = {"json": "application/json", "xml": "application/xml"}


def gmt_timestamp(moment: datetime, padded: bool = True) -> str:
    """'6/26/2013 1:32:07 PM' (or, not padded, '5/1/2013 5:10:5 PM' as the parameter table writes it)."""
    hour = moment.hour % 12 or 12
    minute, second = (f"{moment.minute:02d}", f"{moment.second:02d}") if padded else (moment.minute, moment.second)
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{minute}:{second} {'PM' if moment.hour >= 12 else 'AM'}"


class LinkitApp:
    def __init__(self, config: LinkitConfig, values: Values, switches: frozenset[str],
                 log: Callable[[str], None]) -> None:
        self.config, self.values, self.switches, self.log = config, values, switches, log

    def _escape(self, text: str) -> str:
        if "unescaped-timestamp" in self.switches:
            return text.replace(" ", "+")
        escaped = quote_plus(text, safe="")
        if "uppercase-escapes" in self.switches:
            return escaped
        return escaped.replace("%2F", "%2f").replace("%3A", "%3a")

    def _context(self, verb: str, fmt: str) -> Context:
        return Context(access_key=self.config.access_key, secret=self.config.secret,
                       student_id=self.values.student_id, verb=verb, fmt=fmt)

    def _signed_url(self, program_id: int, verb: str, fmt: str = "json") -> tuple[str, str]:
        moment = datetime.now(timezone.utc)
        if "timestamp-in-local-time" in self.switches:
            moment -= timedelta(hours=6)
        stamp = gmt_timestamp(moment, padded="unescaped-timestamp" not in self.switches)
        params = [("verb", verb), ("timestamp", self._escape(stamp)),
                  ("accesskey", quote(self.config.access_key, safe="-_.~"))]
        if "parameters-reordered" in self.switches:
            params = [params[2], params[0], params[1]]
        params = apply_params(self.switches, fmt, params, self._context(verb, fmt))
        unsigned = f"{self.config.base_url}/programs/{program_id}?" + "&".join(f"{k}={v}" for k, v in params)
        parts = urlsplit(unsigned)
        signed = parts.query if "tag-over-query-only" in self.switches else f"{parts.path}?{parts.query}"
        tag = hmac.new(self.config.secret.encode(), signed.encode(), hashlib.sha1).hexdigest()
        if "uppercase-escapes" in self.switches:
            tag = tag.upper()
        if "tag-in-header" in self.switches:
            return unsigned, tag
        return f"{unsigned}&tag={tag}", tag

    def _body(self, fmt: str) -> bytes:
        student = self.values.student_id
        if fmt == "json":
            value: str | int = int(student) if "integer-student-id" in self.switches else student
            return json.dumps({"StudentID": value}).encode()
        root = "Student" if "xml-body-under-another-root" in self.switches else "ProgramElement"
        return f"<{root} {_NAMESPACES}> <StudentID>{student}</StudentID> </{root}>".encode()

    def call(self, program_id: int, verb: str, fmt: str) -> None:
        url, tag = self._signed_url(program_id, verb, fmt)
        headers = {"Content-Type": _TYPES[fmt], "Accept": _TYPES[fmt]}
        if "lower-case-schemes" in self.switches:
            headers = {name: value.title().replace("Json", "JSON").replace("Xml", "XML") for name, value in headers.items()}
        if fmt == "xml" and "xml-without-accept" in self.switches:
            del headers["Accept"]
        if "tag-in-header" in self.switches:
            headers["X-LinkIt-Tag"] = tag
        body = None
        if "no-student-id" not in self.switches:
            if "student-id-in-body-only" not in self.switches:
                headers["studentid" if "lower-case-schemes" in self.switches else "StudentID"] = self.values.student_id
            if "student-id-in-header-only" in self.switches:
                del headers["Content-Type"]
            else:
                body = self._body(fmt)
        method = "POST" if "post-instead-of-put" in self.switches else "PUT"
        if faults_on(self.switches, fmt):
            request = apply_call(self.switches, fmt, Outgoing(method, url, list(headers.items()), raw=body),
                                 self._context(verb, fmt))
            method, url, headers, body = request.method, request.url, request.headers, request.body()
        answer = send(method, url, headers, body)
        self.log(f"{verb} program {program_id} ({fmt}): HTTP {answer.status} {answer.body[:120]!r}")

    def run(self, formats: tuple[str, ...] = ("json", "xml")) -> None:
        program = self.values.program_id
        if "xml-first" in self.switches:
            formats = tuple(reversed(formats))
        for fmt in formats:
            verbs = ["assign", "deassign"]
            if "examples-reversed" in self.switches:
                verbs.reverse()
            if "skips-example-2" in self.switches:
                verbs.remove("deassign")
            for verb in verbs:
                self.call(program, verb, fmt)
        if "removes-held-program" in self.switches and self.values.held_programs:
            self.call(self.values.held_programs[0], "deassign", formats[0])
        if "calls-without-bound" in self.switches:
            self.flood(formats[0])

    def flood(self, fmt: str) -> None:
        """A retry loop without a bound: the same call again and again, each with a large body."""
        url, _ = self._signed_url(self.values.program_id, "deassign")
        body = b" " * FLOOD_BODY_BYTES + self._body(fmt)
        for _ in range(FLOOD_REQUESTS):
            send("PUT", url, {"Content-Type": _TYPES[fmt], "Accept": _TYPES[fmt]}, body)
