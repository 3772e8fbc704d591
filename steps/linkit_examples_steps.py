"""Steps of the document's Examples 1 and 2: add the student to the program, remove them again."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from edcert.linkit import answers
from edcert.linkit.answers import listed
from edcert.linkit.client import LinkitClient
from edcert.linkit.scenario import LinkitScenario, programs_now
from edcert.record import checks


@when(parsers.parse("student {student} is added to program {program:d} with verb=assign"))
def assign(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    linkit.last = linkit_client.put(linkit_client.signed_url(linkit.program_id, "assign"), linkit.student_id,
                                    linkit.fmt)


@when(parsers.parse("student {student} is removed from program {program:d} with verb=deassign"))
def deassign(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    linkit.last = linkit_client.put(linkit_client.signed_url(linkit.program_id, "deassign"), linkit.student_id,
                                    linkit.fmt)


@then(parsers.parse("the answer is a SUCCESS envelope for student {student}"))
def success_envelope(linkit: LinkitScenario) -> None:
    assert linkit.last is not None
    linkit.programs = answers.success(linkit.last, linkit.expected)
    linkit.learn(linkit.programs)


@then(parsers.parse('Data.Programs holds program {program:d} "{name}"'))
def holds_program(linkit: LinkitScenario) -> None:
    listed_name = linkit.programs.get(linkit.program_id)
    expected = f"program {linkit.program_id}" + (f" {linkit.program_name!r}" if linkit.program_name else "")
    held = listed_name is not None and linkit.program_name in (None, listed_name)
    checks.is_true(held, "LINKIT-ASSIGNED", f"{expected} in Data.Programs", listed(linkit.programs), linkit.last)


@then(parsers.parse("Data.Programs no longer holds program {program:d}"))
def no_longer_holds(linkit: LinkitScenario) -> None:
    checks.is_true(linkit.program_id not in linkit.programs, "LINKIT-DEASSIGNED",
                   f"program {linkit.program_id} absent from Data.Programs", listed(linkit.programs), linkit.last)


@then("Data.Programs still holds the programs the student was already in")
def keeps_others(linkit: LinkitScenario) -> None:
    expected = dict(linkit.baseline)
    expected.update({p.program_id: p.name for p in linkit.enrolled})
    missing = {pid: name for pid, name in expected.items() if pid not in linkit.programs}
    checks.is_true(not missing, "LINKIT-KEEPS-OTHERS", f"still listed: {listed(expected)}",
                   f"listed: {listed(linkit.programs)}", linkit.last)


@then(parsers.parse("a following call shows the student in program {program:d}"))
def persisted_in(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = programs_now(linkit_client, linkit)
    checks.is_true(linkit.program_id in programs, "LINKIT-PERSISTED",
                   f"program {linkit.program_id} still listed by a following call", listed(programs), linkit.last)


@then(parsers.parse("a following call shows the student no longer in program {program:d}"))
def persisted_out(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = programs_now(linkit_client, linkit)
    checks.is_true(linkit.program_id not in programs, "LINKIT-PERSISTED",
                   f"program {linkit.program_id} absent in a following call", listed(programs), linkit.last)
