"""Steps of the single calls LinkIt! must refuse: a wrong or replayed tag, a timestamp 24 hours off,
an unknown access key, a program that does not exist, no StudentID."""

from __future__ import annotations

from datetime import datetime, timezone

from pytest_bdd import parsers, then, when

from edcert.linkit import answers, tampering
from edcert.linkit.answers import listed
from edcert.linkit.client import LinkitClient, SignedUrl
from edcert.linkit.scenario import LinkitScenario, programs_now, restored_on_failure
from edcert.record import checks
from edcert.record.generated import GeneratedData


def _send(client: LinkitClient, linkit: LinkitScenario, url: SignedUrl, requirement: str, call: str,
          student_id: str | None = "") -> None:
    linkit.refusal_requirement, linkit.refusal_call = requirement, call
    linkit.last = client.put(url, linkit.student_id if student_id == "" else student_id, linkit.fmt)


@when(parsers.parse("student {student} is added to program {program:d} with a wrong tag"))
def assign_wrong_tag(linkit_client: LinkitClient, linkit: LinkitScenario, generated: GeneratedData) -> None:
    url = linkit_client.signed_url(linkit.program_id, "assign", tag=generated.hex(40))
    _send(linkit_client, linkit, url, "LINKIT-REFUSE-WRONG-TAG", "an assign with a wrong tag")


@when(parsers.parse("student {student} is added to program {program:d} with the tag of a call to program "
                    "{other:d}, replayed"))
def assign_replayed_tag(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    moment = datetime.now(timezone.utc)
    original = linkit_client.signed_url(linkit.held_program_id, "assign", moment=moment)  # held: changes nothing
    answers.success(linkit_client.put(original, linkit.student_id, linkit.fmt), linkit.expected,
                    f"the original call to program {linkit.held_program_id}")
    replay = linkit_client.signed_url(linkit.program_id, "assign", moment=moment, tag=original.tag)
    _send(linkit_client, linkit, replay, "LINKIT-REFUSE-REPLAYED-TAG",
          f"an assign carrying the tag of the call to program {linkit.held_program_id}")


@when(parsers.parse("student {student} is added to program {program:d} with a timestamp {hours:d} hours old"))
def assign_stale_timestamp(hours: int, linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    _send(linkit_client, linkit, tampering.signed_hours_away(linkit_client, linkit.program_id, -hours),
          "LINKIT-REFUSE-STALE-TIMESTAMP", f"an assign signed with a timestamp {hours} hours old")


@when(parsers.parse("student {student} is added to program {program:d} with a timestamp {hours:d} hours ahead"))
def assign_future_timestamp(hours: int, linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    _send(linkit_client, linkit, tampering.signed_hours_away(linkit_client, linkit.program_id, hours),
          "LINKIT-REFUSE-FUTURE-TIMESTAMP", f"an assign signed with a timestamp {hours} hours ahead")


@when(parsers.parse("student {student} is added to program {program:d} with an unknown access key"))
def assign_unknown_key(linkit_client: LinkitClient, linkit: LinkitScenario, generated: GeneratedData) -> None:
    url = linkit_client.signed_url(linkit.program_id, "assign", access_key="edcert-unknown-" + generated.digits(12))
    _send(linkit_client, linkit, url, "LINKIT-REFUSE-UNKNOWN-KEY", "an assign signed with an unknown access key")


@when(parsers.parse("student {student} is added to a program id that does not exist"))
def assign_unknown_program(linkit_client: LinkitClient, linkit: LinkitScenario, generated: GeneratedData) -> None:
    unknown = 900_000_000 + generated.integer(0, 99_999_999)
    _send(linkit_client, linkit, linkit_client.signed_url(unknown, "assign"), "LINKIT-REFUSE-UNKNOWN-PROGRAM",
          f"an assign of program {unknown}, which does not exist")


@when(parsers.parse("program {program:d} is assigned without a StudentID"))
def assign_without_student(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    _send(linkit_client, linkit, linkit_client.signed_url(linkit.program_id, "assign"),
          "LINKIT-REFUSE-MISSING-STUDENT", "an assign without StudentID", student_id=None)


@then("the answer is an ERROR envelope")
def error_envelope(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    assert linkit.last is not None
    with restored_on_failure(linkit_client, linkit):
        answers.refusal(linkit.last, linkit.expected, linkit.refusal_requirement, linkit.refusal_call)


@then("a following call shows the student's programs unchanged")
def unchanged(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    with restored_on_failure(linkit_client, linkit):
        programs = programs_now(linkit_client, linkit)
        checks.is_true(set(programs) == set(linkit.baseline), "LINKIT-UNCHANGED-AFTER-ERROR",
                       f"the programs as before: {listed(linkit.baseline)}", listed(programs), linkit.last)
