"""Step definitions of the LinkIt! client feature: the application's calls, as edcert listen recorded them.

Steps are thin: they find the call an example rests on (edcert.client_side.linkit_traffic), and the
signature and timestamp rules live in edcert.client_side.linkit_rules; each check names its
requirement and a failure shows the call that broke it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from pytest_bdd import given, parsers, then, when

from edcert.client_side import client_checks as check
from edcert.client_side import linkit_rules
from edcert.client_side.linkit_traffic import TEMPLATE_ORDER, LinkitCall, LinkitTraffic, example_id, parse_timestamp
from edcert.client_side.session import ListenResult
from edcert.untrusted import MAX_DEPTH, MAX_DOCUMENT_BYTES

_ACCEPT = {"json": ("application/json", "text/json"), "xml": ("application/xml", "text/xml")}


@dataclass(repr=False)
class ExampleCall:
    number: int = 0
    fmt: str = "json"
    call: LinkitCall | None = None
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"ExampleCall({example_id(self.number, self.fmt) if self.number else '-'})"


@pytest.fixture
def example() -> ExampleCall:
    return ExampleCall()


def _call(example: ExampleCall) -> LinkitCall:
    assert example.call is not None
    return example.call


@given("the application stayed within the bounds of the listen session")
def linkit_within_bounds(listen_result: ListenResult, linkit_traffic: LinkitTraffic) -> None:
    check.within_bounds("LINKIT-CLIENT-WITHIN-BOUNDS", listen_result.over_bounds("linkit"),
                        [call.record for call in linkit_traffic.calls])


@given("no body the application sent is beyond the size and depth any reader may be asked to read")
def linkit_bodies_readable(linkit_traffic: LinkitTraffic) -> None:
    with_body = [c.record for c in linkit_traffic.calls if c.record.request_body.strip()]
    problems = [(r, problem) for r in with_body
                if (problem := linkit_rules.unreadable_body(r, bounds_only=True)) is not None]
    check.every_body_readable("LINKIT-CLIENT-BODY", f"JSON or XML bodies within {MAX_DOCUMENT_BYTES} bytes, nested at "
                              f"most {MAX_DEPTH} levels, without a DTD", problems, len(with_body))


@given("the requests edcert listen recorded from the vendor's LinkIt! client")
def linkit_requests(linkit_traffic: LinkitTraffic, listen_result: ListenResult) -> None:
    check.some_traffic(bool(linkit_traffic.calls), "LinkIt! call", bool(listen_result.records), "edfi",
                       "Ed-Fi requests")


@when(parsers.re(r"the client's call of Example (?P<number>[12]), verb=\w+ of student \d+ (?:to|from) program \d+, "
                 r"is found among its (?P<fmt>JSON|XML) calls"), converters={"number": int})
def example_call(number: int, fmt: str, linkit_traffic: LinkitTraffic, listen_result: ListenResult,
                 example: ExampleCall) -> None:
    example.number, example.fmt = number, fmt.lower()
    calls = linkit_traffic.example_calls(number, example.fmt)
    verb = "assign" if number == 1 else "deassign"
    program = listen_result.settings.values.linkit_program
    if not calls:
        seen = "; ".join(f"#{c.record.number} {c.record.method} program {c.program_id} verb={c.verb} ({c.fmt})"
                         for c in linkit_traffic.calls[:8]) or "none"
        raise check.fail("LINKIT-CLIENT-EXAMPLE-SENT", f"a {fmt} call to /programs/{program} with verb={verb}",
                         f"none among the client's {len(linkit_traffic.calls)} LinkIt! calls ({seen})", None)
    example.call = calls[-1]
    check.passed("LINKIT-CLIENT-EXAMPLE-SENT", f"request #{example.call.record.number}, verb={verb} for program "
                 f"{program} in {fmt}", example.call.record)


@then("it is an HTTP PUT")
def is_put(example: ExampleCall) -> None:
    record = _call(example).record
    check.holds(record.method == "PUT", "LINKIT-CLIENT-PUT", "method PUT", f"method {record.method}", record)


@then("its URL carries verb, timestamp, accesskey and tag, in the template's order")
def url_parameters(example: ExampleCall, listen_result: ListenResult) -> None:
    call = _call(example)
    names = [name.lower() for name, _ in call.params]
    missing = [name for name in TEMPLATE_ORDER if name not in names]
    check.holds(not missing, "LINKIT-CLIENT-PARAMETERS", "verb, timestamp, accesskey and tag in the request URL",
                f"no {', '.join(missing)} in the URL", call.record)
    access_key = call.param("accesskey")
    check.holds(access_key == listen_result.credentials.linkit_access_key, "LINKIT-CLIENT-PARAMETERS",
                f"accesskey {listen_result.credentials.linkit_access_key}, the key edcert listen gave",
                f"accesskey {access_key}", call.record)
    written = [name for name, _ in call.params]
    if written != list(TEMPLATE_ORDER):
        check.warn("LINKIT-CLIENT-TEMPLATE", f"the parameters are written {', '.join(written)}; the template writes "
                   f"{', '.join(TEMPLATE_ORDER)} (a server that signs the URL as written may accept this, one that "
                   "rebuilds it in the template's order will not)", call.record)
    else:
        check.passed("LINKIT-CLIENT-TEMPLATE", "verb, timestamp, accesskey, tag, in that order", call.record)


@then("its timestamp is the GMT time of the call, written like 6/26/2013 1:32:07 PM")
def timestamp_gmt(example: ExampleCall) -> None:
    call = _call(example)
    text = call.param("timestamp") or ""
    stamp = parse_timestamp(text)
    check.holds(stamp is not None, "LINKIT-CLIENT-TIMESTAMP", "a timestamp written M/d/yyyy h:mm:ss AM|PM",
                f"timestamp {text!r}", call.record)
    assert stamp is not None
    received = datetime.fromtimestamp(call.record.received_at, timezone.utc)
    offset = (stamp - received).total_seconds()
    check.holds(abs(offset) <= linkit_rules.TIMESTAMP_WINDOW_SECONDS, "LINKIT-CLIENT-TIMESTAMP",
                f"the GMT time of the call, within {linkit_rules.TIMESTAMP_WINDOW_SECONDS // 60} minutes of its "
                f"arrival ({received:%m/%d/%Y %I:%M:%S %p} GMT)",
                f"timestamp {text!r}, {linkit_rules.describe_offset(offset)}", call.record)
    if re.search(r" (am|pm)$", text):
        check.warn("LINKIT-CLIENT-TEMPLATE", f"AM/PM written in lower case ({text!r}); the document writes PM",
                   call.record)


@then("its tag verifies for the URL as sent")
def tag_verifies(example: ExampleCall, listen_result: ListenResult) -> None:
    call = _call(example)
    verdict = linkit_rules.verify_tag(call, listen_result.credentials.linkit_secret.reveal(),
                                      listen_result.settings.values.signer)
    check.holds(verdict.ok, "LINKIT-CLIENT-TAG", verdict.expected, verdict.received, call.record)


@then("its escapes and its tag are written in lower case, as in the examples")
def lower_case(example: ExampleCall, listen_result: ListenResult) -> None:
    call = _call(example)
    departures = linkit_rules.case_departures(call, declared_signer=bool(listen_result.settings.values.signer))
    if departures:
        check.warn("LINKIT-CLIENT-ESCAPES", "; ".join(departures) + " (servers commonly accept both)", call.record)
    else:
        check.passed("LINKIT-CLIENT-ESCAPES", "escapes and tag in lower case", call.record)


@then(parsers.parse("it sends StudentID {student} in its body or in a StudentID header"))
def student_id_sent(student: str, example: ExampleCall, listen_result: ListenResult) -> None:
    call = _call(example)
    expected = listen_result.settings.values.linkit_student
    in_header = call.record.request_header("studentid")
    in_body = linkit_rules.student_in_body(call.record)
    sent = [v.strip() for v in (in_header, in_body) if v is not None]
    check.holds(bool(sent), "LINKIT-CLIENT-STUDENT-ID", f"StudentID {expected} in the body or a StudentID header",
                "no StudentID in the body or the headers", call.record)
    check.holds(all(v == expected for v in sent), "LINKIT-CLIENT-STUDENT-ID", f"StudentID {expected}",
                f"StudentID {' and '.join(sent)}", call.record)


@then(parsers.re(r"its body, if it has one, is .+ in (?P<fmt>JSON|XML)"))
def body_shape(fmt: str, example: ExampleCall) -> None:
    call = _call(example)
    problem = linkit_rules.body_problem(call.record, fmt.lower())
    check.holds(problem is None, "LINKIT-CLIENT-BODY", linkit_rules.BODY_SHAPES[fmt.lower()], problem or "",
                call.record)


@then(parsers.re(r"its Accept header asks for (?P<fmt>JSON|XML)"))
def accept_format(fmt: str, example: ExampleCall) -> None:
    call = _call(example)
    accept = (call.record.request_header("accept") or "").lower()
    ranges = [part.split(";")[0].strip() for part in accept.split(",") if part.strip()]
    wanted = _ACCEPT[fmt.lower()]
    if any(r in wanted for r in ranges):
        check.passed("LINKIT-CLIENT-ACCEPT", f"Accept: {accept}", call.record)
    elif all(r.endswith("/*") for r in ranges):
        # The document names no Accept header: a server may answer in the format of the request's body (as
        # ASP.NET Web API does without Accept) or in its default format, so not asking is advice, not a defect.
        answered = (call.record.response_header("content-type") or "no Content-Type").split(";")[0]
        check.warn("LINKIT-CLIENT-ACCEPT", f"Accept {accept or 'absent'}: the answer's format is left to the server "
                   f"(edcert's reference API answered {answered}); ask for {wanted[0]}", call.record)
    else:
        raise check.fail("LINKIT-CLIENT-ACCEPT", f"Accept: {wanted[0]} (or none)", f"Accept {accept}", call.record)


@then(parsers.re(r"it comes after the client's Example 1 in (?P<fmt>JSON|XML), with no other removal in between"))
def after_example_1(fmt: str, example: ExampleCall, linkit_traffic: LinkitTraffic) -> None:
    call = _call(example)
    number = call.record.number
    additions = [c for c in linkit_traffic.example_calls(1, fmt.lower()) if c.record.number < number]
    if not additions:
        raise check.fail("LINKIT-CLIENT-ORDER", f"Example 1 in {fmt} before Example 2 in {fmt}",
                         f"no {fmt} Example 1 before request #{number}", call.record)
    added = additions[-1].record.number
    removals = [c for c in linkit_traffic.calls if added < c.record.number < number
                and c.program_id == call.program_id and c.verb == "deassign"]
    check.holds(not removals, "LINKIT-CLIENT-ORDER", f"no other removal between Example 1 (request #{added}) and "
                f"Example 2 (request #{number}) in {fmt}",
                f"a removal at request #{removals[0].record.number if removals else 0}", call.record)


def _programs(ids: set[int] | None) -> str:
    return "no SUCCESS answer" if ids is None else (", ".join(str(i) for i in sorted(ids)) or "no program")


@then(parsers.re(r'the API answered SUCCESS with the student in program \d+ "[^"]*" and in program \d+'))
def added_as_shown(example: ExampleCall, listen_result: ListenResult) -> None:
    call = _call(example)
    values = listen_result.settings.values
    wanted = {p.program_id for p in values.linkit_held} | {values.linkit_program}
    after = call.programs_after()
    check.holds(after == wanted, "LINKIT-CLIENT-END-STATE", f"SUCCESS with programs {_programs(wanted)}",
                f"{_programs(after)} ({linkit_rules.answer_excerpt(call.record)})", call.record)


@then(parsers.re(r'the API answered SUCCESS with the student in program \d+ "[^"]*" only, as at the end of the '
                 r"session"))
def removed_as_shown(example: ExampleCall, listen_result: ListenResult, linkit_traffic: LinkitTraffic) -> None:
    call = _call(example)
    values = listen_result.settings.values
    wanted = {p.program_id for p in values.linkit_held}
    after = call.programs_after()
    check.holds(after == wanted, "LINKIT-CLIENT-END-STATE", f"SUCCESS with programs {_programs(wanted)}",
                f"{_programs(after)} ({linkit_rules.answer_excerpt(call.record)})", call.record)
    last = linkit_traffic.last_success(values.linkit_student)
    final = last.programs_after() if last else None
    check.holds(final == wanted, "LINKIT-CLIENT-END-STATE",
                f"the student in programs {_programs(wanted)} at the end of the session",
                f"programs {_programs(final)} after the client's last call",
                last.record if last else call.record)
