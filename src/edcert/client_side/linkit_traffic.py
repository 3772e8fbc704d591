"""The LinkIt! part of a client's traffic: each call to /programs/{id}, read exactly as sent, and which
example it belongs to.

A call is matched to an example by its program and its verb (assign: Example 1, deassign: Example 2)
and to a format by what it sends (its body's Content-Type), else by what it asks for (Accept), whatever its
method, so a POST or an unsigned call is still judged as the example it attempts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import unquote_plus, urlsplit

from ..linkit.envelope import EnvelopeProblem, parse_envelope
from .traffic import RecordedExchange

TEMPLATE_ORDER = ("verb", "timestamp", "accesskey", "tag")
EXAMPLE_VERBS = {1: "assign", 2: "deassign"}
_TIMESTAMP = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{1,2}):(\d{1,2}) ([AaPp][Mm])$")


def example_id(number: int, fmt: str) -> str:
    return f"CLIENT-LINKIT-EX{number}-{fmt.upper()}"


def request_format(record: RecordedExchange) -> str:
    """The format of the example a call attempts: the format of its body, as its Content-Type names it; for a
    call without a body (StudentID in the header alone), the format its Accept asks for."""
    body = record.request_body.strip().removeprefix(b"\xef\xbb\xbf").lstrip()
    if body and ("xml" in record.content_type or "json" in record.content_type):
        return "xml" if "xml" in record.content_type else "json"
    accept = (record.request_header("accept") or "").lower()
    if "xml" in accept and "json" not in accept:
        return "xml"
    if "json" in accept:
        return "json"
    return "xml" if body.startswith(b"<") else "json"


def parse_timestamp(text: str) -> datetime | None:
    """The document's GMT timestamp, 6/26/2013 1:32:07 PM; padding of any field is accepted."""
    match = _TIMESTAMP.match(text)
    if not match:
        return None
    month, day, year, hour, minute, second = (int(g) for g in match.groups()[:6])
    if not 1 <= hour <= 12:
        return None
    hour = hour % 12 + (12 if match.group(7).upper() == "PM" else 0)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        return None


@dataclass
class LinkitCall:
    record: RecordedExchange
    program_id: int | None
    params: list[tuple[str, str]]  # raw name and raw value, in the order sent
    fmt: str

    def __repr__(self) -> str:
        return f"LinkitCall({self.record!r})"

    def param(self, name: str) -> str | None:
        """A parameter's value, decoded (names compared without regard to case)."""
        raw = next((v for k, v in self.params if k.lower() == name), None)
        return None if raw is None else unquote_plus(raw)

    def raw_param(self, name: str) -> str | None:
        return next((v for k, v in self.params if k.lower() == name), None)

    @property
    def verb(self) -> str:
        return self.param("verb") or ""

    def example(self, program_id: int) -> int | None:
        if self.program_id != program_id:
            return None
        return next((n for n, verb in EXAMPLE_VERBS.items() if verb == self.verb), None)

    def envelope(self) -> dict | None:
        """The API's answer as a Result/Data/Error envelope, or None when it is not one."""
        fmt = "xml" if "xml" in (self.record.response_header("content-type") or "") else "json"
        try:
            envelope = parse_envelope(self.record.response_body, fmt)
        except EnvelopeProblem:
            return None
        return envelope if isinstance(envelope, dict) else None

    def programs_after(self) -> set[int] | None:
        """The programs the answer says the student is in, when it is a SUCCESS envelope."""
        envelope = self.envelope()
        if not envelope or envelope.get("Result") != "SUCCESS" or not isinstance(envelope.get("Data"), dict):
            return None
        programs = envelope["Data"].get("Programs") or []
        return {int(p["ProgramID"]) for p in programs if isinstance(p, dict) and str(p.get("ProgramID")).isdigit()}


@dataclass
class LinkitTraffic:
    base_path: str  # "/linkit": calls go to {base_path}/programs/{id}
    program_id: int
    calls: list[LinkitCall] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"LinkitTraffic({len(self.calls)} LinkIt! calls)"

    @classmethod
    def of(cls, base_url: str, program_id: int, records: list[RecordedExchange]) -> LinkitTraffic:
        traffic = cls(urlsplit(base_url).path.rstrip("/"), program_id)
        for record in records:
            traffic.add(record)
        return traffic

    def concerns(self, record: RecordedExchange) -> bool:
        return record.raw_path.startswith(f"{self.base_path}/programs")

    def add(self, record: RecordedExchange) -> str:
        """Take the next request into account and say which example it belongs to."""
        if not self.concerns(record):
            return ""
        tail = record.raw_path[len(f"{self.base_path}/programs"):].strip("/")
        params = [(k, v) for k, _, v in (p.partition("=") for p in record.query.split("&") if p)]
        call = LinkitCall(record, int(tail) if tail.isdigit() else None, params, request_format(record))
        self.calls.append(call)
        number = call.example(self.program_id)
        return example_id(number, call.fmt) if number else "not part of an example"

    def example_calls(self, number: int, fmt: str) -> list[LinkitCall]:
        return [c for c in self.calls if c.example(self.program_id) == number and c.fmt == fmt]

    def formats_used(self) -> set[str]:
        return {c.fmt for c in self.calls if c.example(self.program_id)}

    def last_success(self, student_id: str) -> LinkitCall | None:
        """The last call the API answered SUCCESS for the student: its Data is the student's programs now."""
        for call in reversed(self.calls):
            envelope = call.envelope()
            data = envelope.get("Data") if envelope else None
            if call.programs_after() is not None and isinstance(data, dict) and str(data.get("StudentID")) == student_id:
                return call
        return None
