"""Step definitions of the LinkIt! program assignment feature.

Steps are thin: they read their words, call the LinkIt! client (which signs URLs and
builds bodies), and call the checks with the requirement each one proves.

The student's programs are read with a call that changes nothing: re-assigning a program
the student already holds (the profile's first enrolled program, LEP in the document).
edcert reads "assign" as "make sure the student is in the program", so that call answers
SUCCESS with the full list of the student's programs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from pytest_bdd import given, parsers, then, when

from edcert import checks
from edcert.generated import GeneratedData
from edcert.linkit.client import LinkitClient
from edcert.linkit.envelope import EnvelopeProblem, parse_envelope
from edcert.profile import EnrolledProgram, Profile
from edcert.transport import Exchange

ENVELOPE_SCHEMA = "linkit/response-envelope.schema.json"
#: The document's Example 1: student 151557 is already in program 1552 "LEP".
DOCUMENT_ENROLLED = (EnrolledProgram(1552, "LEP"),)
_CONTENT_TYPES = {"json": ("application/json", "text/json"), "xml": ("application/xml", "text/xml")}


@dataclass(repr=False)
class LinkitScenario:
    """What one scenario has set up, sent and received so far."""

    fmt: str
    student_id: str = ""
    program_id: int = 0
    enrolled: tuple[EnrolledProgram, ...] = ()
    baseline: dict[int, str] = field(default_factory=dict)
    last: Exchange | None = None
    programs: dict[int, str] = field(default_factory=dict)
    refusal_requirement: str = ""


    def __repr__(self) -> str:
        return f"LinkitScenario(last={self.last!r})"


@pytest.fixture
def linkit(request: pytest.FixtureRequest, target_profile: Profile) -> LinkitScenario:
    tags = {mark.name for mark in request.node.iter_markers()}
    assert target_profile.linkit is not None
    enrolled = target_profile.linkit.enrolled_programs
    return LinkitScenario(fmt="xml" if "xml" in tags else "json",
                          enrolled=DOCUMENT_ENROLLED if enrolled is None else enrolled)


def _student(profile: Profile, document_value: str) -> str:
    assert profile.linkit is not None
    return profile.linkit.student_id or document_value


def _program(profile: Profile, document_value: int) -> int:
    assert profile.linkit is not None
    return profile.linkit.program_id or document_value


# --- reading answers ------------------------------------------------------------------------

def _envelope(exchange: Exchange, fmt: str) -> dict:
    """Content type, parsing and the envelope schema: the answer is an envelope in the format asked for."""
    content_type = exchange.content_type
    allowed = _CONTENT_TYPES[fmt]
    checks.is_true(content_type in allowed or content_type.endswith(f"+{fmt}"), "LINKIT-CONTENT-TYPE",
                   f"Content-Type {' or '.join(allowed)}", f"HTTP {exchange.status_line} with Content-Type "
                   f"{content_type or 'none'}", exchange)
    try:
        envelope = parse_envelope(exchange.body, fmt)
    except EnvelopeProblem as problem:
        raise checks.fail(problem.requirement, problem.expected, problem.received, exchange) from None
    checks.passed("LINKIT-PARSES", f"{fmt.upper()} body parsed")
    checks.matches_schema(envelope, ENVELOPE_SCHEMA, "LINKIT-ENVELOPE", exchange)
    return envelope


def _success(exchange: Exchange, fmt: str, student_id: str) -> dict[int, str]:
    """A SUCCESS envelope for this student; returns its programs by id."""
    envelope = _envelope(exchange, fmt)
    checks.is_true(envelope["Result"] == "SUCCESS", "LINKIT-SUCCESS", "Result SUCCESS",
                   f"Result {envelope['Result']} with Error {envelope.get('Error')!r}", exchange)
    checks.status_is(exchange, {200}, "LINKIT-HTTP-200")
    sent_back = envelope["Data"]["StudentID"]
    if isinstance(sent_back, int):
        checks.warn("LINKIT-STUDENT-ID", f"Data.StudentID is the integer {sent_back}; the document shows a string "
                    f'("{student_id}")')
        sent_back = str(sent_back)
    checks.equals(sent_back, student_id, "Data.StudentID", "LINKIT-STUDENT-ID", exchange)
    return {p["ProgramID"]: p["Name"] for p in envelope["Data"]["Programs"]}


def _call(client: LinkitClient, scenario: LinkitScenario, program_id: int, verb: str) -> dict[int, str]:
    """A valid, signed call that must succeed."""
    exchange = client.put(client.signed_url(program_id, verb), scenario.student_id, scenario.fmt)
    scenario.last = exchange
    return _success(exchange, scenario.fmt, scenario.student_id)


def _programs_now(client: LinkitClient, scenario: LinkitScenario) -> dict[int, str]:
    """The student's programs, read by re-assigning a program they already hold."""
    return _call(client, scenario, scenario.enrolled[0].program_id, "assign")


def _listed(programs: dict[int, str]) -> str:
    return ", ".join(f"{pid} {name!r}" for pid, name in sorted(programs.items())) or "no programs"


# --- Background and Given -------------------------------------------------------------------

@given("the vendor's LinkIt! API, with the profile's access key and signing secret")
def linkit_api(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    """The client is built from the profile; its signer is imported here, before any call."""


@given(parsers.parse("student {student} is not in program {program:d}"))
def not_in_program(student: str, program: int, linkit_client: LinkitClient, linkit: LinkitScenario,
                   target_profile: Profile) -> None:
    linkit.student_id, linkit.program_id = _student(target_profile, student), _program(target_profile, program)
    programs = _programs_now(linkit_client, linkit)
    if linkit.program_id in programs:
        programs = _call(linkit_client, linkit, linkit.program_id, "deassign")
        checks.is_true(linkit.program_id not in programs, "LINKIT-DEASSIGNED",
                       f"program {linkit.program_id} gone after deassign", _listed(programs), linkit.last)
    linkit.baseline = programs


@given(parsers.parse("student {student} is in program {program:d}"))
def in_program(student: str, program: int, linkit_client: LinkitClient, linkit: LinkitScenario,
               target_profile: Profile) -> None:
    linkit.student_id, linkit.program_id = _student(target_profile, student), _program(target_profile, program)
    programs = _programs_now(linkit_client, linkit)
    if linkit.program_id not in programs:
        programs = _call(linkit_client, linkit, linkit.program_id, "assign")
        checks.is_true(linkit.program_id in programs, "LINKIT-ASSIGNED",
                       f"program {linkit.program_id} listed after assign", _listed(programs), linkit.last)
    linkit.baseline = {pid: name for pid, name in programs.items() if pid != linkit.program_id}


# --- When -----------------------------------------------------------------------------------

@when(parsers.parse("student {student} is added to program {program:d} with verb=assign"))
def assign(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    linkit.last = linkit_client.put(linkit_client.signed_url(linkit.program_id, "assign"), linkit.student_id,
                                    linkit.fmt)


@when(parsers.parse("student {student} is removed from program {program:d} with verb=deassign"))
def deassign(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    linkit.last = linkit_client.put(linkit_client.signed_url(linkit.program_id, "deassign"), linkit.student_id,
                                    linkit.fmt)


@when(parsers.parse("student {student} is added to program {program:d} with a wrong tag"))
def assign_wrong_tag(linkit_client: LinkitClient, linkit: LinkitScenario, generated: GeneratedData) -> None:
    url = linkit_client.signed_url(linkit.program_id, "assign", tag=generated.hex(40))
    linkit.refusal_requirement = "LINKIT-REFUSE-WRONG-TAG"
    linkit.last = linkit_client.put(url, linkit.student_id, linkit.fmt)


@when(parsers.parse("student {student} is added to program {program:d} with the tag of a call to program "
                    "{other:d}, replayed"))
def assign_replayed_tag(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    moment = datetime.now(timezone.utc)
    other = linkit.enrolled[0].program_id  # held already: the original call changes nothing
    original = linkit_client.signed_url(other, "assign", moment=moment)
    _success(linkit_client.put(original, linkit.student_id, linkit.fmt), linkit.fmt, linkit.student_id)
    replay = linkit_client.signed_url(linkit.program_id, "assign", moment=moment, tag=original.tag)
    linkit.refusal_requirement = "LINKIT-REFUSE-REPLAYED-TAG"
    linkit.last = linkit_client.put(replay, linkit.student_id, linkit.fmt)


@when(parsers.parse("student {student} is added to program {program:d} with a timestamp 24 hours old"))
def assign_stale_timestamp(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    url = linkit_client.signed_url(linkit.program_id, "assign",
                                   moment=datetime.now(timezone.utc) - timedelta(hours=24))
    linkit.refusal_requirement = "LINKIT-REFUSE-STALE-TIMESTAMP"
    linkit.last = linkit_client.put(url, linkit.student_id, linkit.fmt)


@when(parsers.parse("student {student} is added to program {program:d} with an unknown access key"))
def assign_unknown_key(linkit_client: LinkitClient, linkit: LinkitScenario, generated: GeneratedData) -> None:
    url = linkit_client.signed_url(linkit.program_id, "assign",
                                   access_key="edcert-unknown-" + generated.digits(12))
    linkit.refusal_requirement = "LINKIT-REFUSE-UNKNOWN-KEY"
    linkit.last = linkit_client.put(url, linkit.student_id, linkit.fmt)


@when(parsers.parse("student {student} is added to a program id that does not exist"))
def assign_unknown_program(linkit_client: LinkitClient, linkit: LinkitScenario, generated: GeneratedData) -> None:
    unknown = 900_000_000 + generated.integer(0, 99_999_999)
    linkit.refusal_requirement = "LINKIT-REFUSE-UNKNOWN-PROGRAM"
    linkit.last = linkit_client.put(linkit_client.signed_url(unknown, "assign"), linkit.student_id, linkit.fmt)


@when(parsers.parse("program {program:d} is assigned without a StudentID"))
def assign_without_student(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    linkit.refusal_requirement = "LINKIT-REFUSE-MISSING-STUDENT"
    linkit.last = linkit_client.put(linkit_client.signed_url(linkit.program_id, "assign"), None, linkit.fmt)


# --- Then -----------------------------------------------------------------------------------

@then(parsers.parse("the answer is a SUCCESS envelope for student {student}"))
def success_envelope(linkit: LinkitScenario) -> None:
    assert linkit.last is not None
    linkit.programs = _success(linkit.last, linkit.fmt, linkit.student_id)


@then(parsers.parse('Data.Programs holds program {program:d} "{name}"'))
def holds_program(name: str, linkit: LinkitScenario, target_profile: Profile) -> None:
    assert target_profile.linkit is not None
    expected_name = target_profile.linkit.program_name or name
    checks.is_true(linkit.programs.get(linkit.program_id) == expected_name, "LINKIT-ASSIGNED",
                   f"program {linkit.program_id} {expected_name!r} in Data.Programs", _listed(linkit.programs),
                   linkit.last)


@then(parsers.parse("Data.Programs no longer holds program {program:d}"))
def no_longer_holds(linkit: LinkitScenario) -> None:
    checks.is_true(linkit.program_id not in linkit.programs, "LINKIT-DEASSIGNED",
                   f"program {linkit.program_id} absent from Data.Programs", _listed(linkit.programs), linkit.last)


@then("Data.Programs still holds the programs the student was already in")
def keeps_others(linkit: LinkitScenario) -> None:
    expected = dict(linkit.baseline)
    expected.update({p.program_id: p.name for p in linkit.enrolled})
    missing = {pid: name for pid, name in expected.items() if linkit.programs.get(pid) != name}
    checks.is_true(not missing, "LINKIT-KEEPS-OTHERS", f"still listed: {_listed(expected)}",
                   f"listed: {_listed(linkit.programs)}", linkit.last)


@then(parsers.parse("a following call shows the student in program {program:d}"))
def persisted_in(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = _programs_now(linkit_client, linkit)
    checks.is_true(linkit.program_id in programs, "LINKIT-PERSISTED",
                   f"program {linkit.program_id} still listed by a following call", _listed(programs), linkit.last)


@then(parsers.parse("a following call shows the student no longer in program {program:d}"))
def persisted_out(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = _programs_now(linkit_client, linkit)
    checks.is_true(linkit.program_id not in programs, "LINKIT-PERSISTED",
                   f"program {linkit.program_id} absent in a following call", _listed(programs), linkit.last)


@then("the answer is an ERROR envelope")
def error_envelope(linkit: LinkitScenario) -> None:
    assert linkit.last is not None
    envelope = _envelope(linkit.last, linkit.fmt)
    checks.is_true(envelope["Result"] == "ERROR", linkit.refusal_requirement, "Result ERROR",
                   f"Result {envelope['Result']} (HTTP {linkit.last.status_line})", linkit.last)


@then("a following call shows the student's programs unchanged")
def unchanged(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = _programs_now(linkit_client, linkit)
    checks.is_true(set(programs) == set(linkit.baseline), "LINKIT-UNCHANGED-AFTER-ERROR",
                   f"the programs as before: {_listed(linkit.baseline)}", _listed(programs), linkit.last)
