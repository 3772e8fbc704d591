"""The rules every LinkIt! answer keeps, checked in one place on every answer the suite receives.

A set-up read, the call under test, a refused call and a follow-up read are all held to the
same rules (the document's Response table and examples):

- the answer is in the format asked for (Content-Type), parses, and, in XML, has the
  document's elements (LINKIT-CONTENT-TYPE, LINKIT-PARSES, LINKIT-XML-SHAPE);
- it is a Result/Data/Error envelope: Result exactly SUCCESS or ERROR; on ERROR a non-empty
  Error of at most 100 characters and no Data; on SUCCESS Data and a null Error (LINKIT-ENVELOPE);
- a SUCCESS comes with HTTP 200 (LINKIT-HTTP-200), names the student sent (LINKIT-STUDENT-ID),
  lists each program once (LINKIT-PROGRAMS-ONCE), with integer ProgramIDs, and gives every program
  the suite knows its name (LINKIT-PROGRAM-NAMES).

Where the document can be read two ways, both readings pass, the weaker one with a warning:
``"Error": "Null"`` on SUCCESS (the text says '"Null" is returned if result is SUCCESS', the
example shows JSON null) is a warning; so is a bare integer Data.StudentID. XML has no null: on
SUCCESS an absent, empty or xsi:nil <Error> all read as null, and on ERROR an empty <Data/>
reads as no Data. The order of Programs carries no meaning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..http.transport import Exchange
from ..record import checks
from ..record.results import WARNING, current
from .envelope import EnvelopeProblem, parse_envelope

ENVELOPE_SCHEMA = "linkit/response-envelope.schema.json"
CONTENT_TYPES = {"json": ("application/json", "text/json"), "xml": ("application/xml", "text/xml")}
SUCCESS, ERROR = "SUCCESS", "ERROR"


@dataclass(frozen=True)
class Expected:
    """What the suite knows when it reads an answer: the format asked for, the student sent, and the
    names of the programs it knows (from the profile, or the document's)."""

    fmt: str
    student_id: str
    names: Mapping[int, str] = field(default_factory=dict)


@dataclass
class Answer:
    exchange: Exchange
    result: str
    programs: list[tuple[Any, Any]]  # (ProgramID, Name) as listed, on SUCCESS
    error: str | None

    @property
    def program_ids(self) -> set[Any]:
        return {pid for pid, _ in self.programs}


def listed(programs: Mapping[int, str] | list[tuple[Any, Any]]) -> str:
    """Programs in words, sorted by id: the order an API lists them in carries no meaning."""
    items = sorted(programs.items() if isinstance(programs, Mapping) else programs, key=lambda p: str(p[0]))
    return ", ".join(f"{pid} {name!r}" for pid, name in items) or "no programs"


def _warn_once(requirement: str, message: str, exchange: Exchange) -> None:
    """Advice is given once per scenario, not on every answer that repeats it."""
    scenario = current.scenario
    if scenario is not None and any(c.status == WARNING and c.requirement == requirement and c.message.endswith(message)
                                    for c in scenario.checks):
        return
    checks.warn(requirement, message, exchange)


def _content_type(exchange: Exchange, fmt: str) -> None:
    content_type = exchange.content_type
    allowed = CONTENT_TYPES[fmt]
    checks.is_true(content_type in allowed or content_type.endswith(f"+{fmt}"), "LINKIT-CONTENT-TYPE",
                   f"Content-Type {' or '.join(allowed)}", f"HTTP {exchange.status_line} with Content-Type "
                   f"{content_type or 'none'}", exchange)


def _parsed(exchange: Exchange, fmt: str) -> Any:
    try:
        envelope = parse_envelope(exchange.body, fmt)
    except EnvelopeProblem as problem:
        raise checks.fail(problem.requirement, problem.expected, problem.received, exchange) from None
    checks.passed("LINKIT-PARSES", f"{fmt.upper()} body parsed", exchange)
    return envelope


def _said(envelope: dict[str, Any]) -> str:
    """What an envelope says, in a few words: its error, or the programs it lists."""
    if envelope.get("Result") == ERROR:
        return f"with Error {str(envelope.get('Error'))[:120]!r}"
    data = envelope.get("Data")
    programs = data.get("Programs") if isinstance(data, dict) else None
    if isinstance(programs, list) and all(isinstance(p, dict) for p in programs):
        return "listing " + listed([(p.get("ProgramID"), p.get("Name")) for p in programs])[:300]
    return f"with Data {str(data)[:200]}"


def _read_as_the_document_allows(envelope: dict[str, Any], fmt: str, exchange: Exchange) -> dict[str, Any]:
    """Give the two readings the document allows the one shape the schema checks."""
    result, error = envelope.get("Result"), envelope.get("Error")
    if result == SUCCESS and isinstance(error, str) and error.strip().lower() == "null":
        shown = f'"Error": "{error}"' if fmt == "json" else f"<Error>{error}</Error>"
        example = "JSON null" if fmt == "json" else "no <Error> element"
        _warn_once("LINKIT-ENVELOPE", f"SUCCESS answered with {shown}: the document's text says '\"Null\" is "
                   f"returned if result is SUCCESS', but its example shows {example}; clients reading the "
                   "example expect that", exchange)
        return {**envelope, "Error": None}
    if fmt == "xml" and result == SUCCESS and error == "":
        return {**envelope, "Error": None}  # <Error/>: XML has no null
    if fmt == "xml" and result == ERROR and envelope.get("Data") == {}:
        return {**envelope, "Data": None}  # <Data/>: XML has no null
    return envelope


def _success_rules(envelope: dict[str, Any], expected: Expected, exchange: Exchange) -> None:
    checks.status_is(exchange, {200}, "LINKIT-HTTP-200")
    sent_back = envelope["Data"]["StudentID"]
    if isinstance(sent_back, int):
        _warn_once("LINKIT-STUDENT-ID", f"Data.StudentID is the integer {sent_back}; the document shows a string "
                   f'("{expected.student_id}")', exchange)
        sent_back = str(sent_back)
    checks.equals(sent_back, expected.student_id, "Data.StudentID", "LINKIT-STUDENT-ID", exchange)
    programs = [(p["ProgramID"], p["Name"]) for p in envelope["Data"]["Programs"]]
    repeated = {pid: count for pid, count in Counter(pid for pid, _ in programs).items() if count > 1}
    checks.is_true(not repeated, "LINKIT-PROGRAMS-ONCE", "each program once in Data.Programs",
                   "; ".join(f"program {pid} listed {count} times" for pid, count in repeated.items())
                   + f" ({listed(programs)})", exchange)
    renamed = [(pid, name) for pid, name in programs if pid in expected.names and name != expected.names[pid]]
    checks.is_true(not renamed, "LINKIT-PROGRAM-NAMES",
                   "each known program under its name (" + listed(dict(expected.names)) + ")",
                   ", ".join(f"program {pid} named {name!r}, not {expected.names[pid]!r}" for pid, name in renamed),
                   exchange)


def read(exchange: Exchange, expected: Expected, *, expect: str | None = None, requirement: str = "",
         call: str = "the call") -> Answer:
    """Check every rule the answer must keep. With ``expect``, a Result of the other kind fails
    ``requirement`` first, before any rule of form: what the call did matters most."""
    _content_type(exchange, expected.fmt)
    envelope = _parsed(exchange, expected.fmt)
    result = envelope.get("Result") if isinstance(envelope, dict) else None
    if expect is not None and result in (SUCCESS, ERROR) and result != expect:
        raise checks.fail(requirement, f"Result {expect} for {call}",
                          f"Result {result} (HTTP {exchange.status_line}) {_said(envelope)}", exchange)
    if isinstance(envelope, dict):
        envelope = _read_as_the_document_allows(envelope, expected.fmt, exchange)
    checks.matches_schema(envelope, ENVELOPE_SCHEMA, "LINKIT-ENVELOPE", exchange)
    if expect is not None:
        checks.passed(requirement, f"Result {result} for {call}", exchange)
    if result == SUCCESS:
        _success_rules(envelope, expected, exchange)
        programs = [(p["ProgramID"], p["Name"]) for p in envelope["Data"]["Programs"]]
        return Answer(exchange, result, programs, None)
    return Answer(exchange, result, [], envelope.get("Error"))


def success(exchange: Exchange, expected: Expected, call: str = "a valid, signed call") -> dict[int, str]:
    """A SUCCESS answer keeping every rule; the student's programs by id."""
    answer = read(exchange, expected, expect=SUCCESS, requirement="LINKIT-SUCCESS", call=call)
    return dict(answer.programs)


def refusal(exchange: Exchange, expected: Expected, requirement: str, call: str) -> Answer:
    """An ERROR answer keeping every rule: the call was refused."""
    return read(exchange, expected, expect=ERROR, requirement=requirement, call=call)
