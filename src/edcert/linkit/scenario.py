"""What one LinkIt! scenario has set up, sent and received, and how it reads the student's programs.

The student's programs are read with a call that changes nothing: re-assigning a program the
student already holds (the profile's first enrolled program, LEP in the document). edcert reads
"assign" as "make sure the student is in the program", so that call answers SUCCESS with the full
list of the student's programs. Every answer read here is held to every rule of ``answers``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import CheckFailed, EdcertError
from ..http.transport import Exchange
from ..profile import EnrolledProgram, LinkitProfile
from . import answers
from .client import LinkitClient
from .envelope import EnvelopeProblem, parse_envelope

#: The document's values, used where the profile gives none.
DOCUMENT_STUDENT = "151557"
DOCUMENT_PROGRAM = 19740
DOCUMENT_PROGRAM_NAME = "Free and Reduced"
DOCUMENT_ENROLLED = (EnrolledProgram(1552, "LEP"),)


@dataclass(repr=False)
class LinkitScenario:
    fmt: str
    student_id: str
    program_id: int
    program_name: str | None  # None when the profile names a program of its own without its name
    enrolled: tuple[EnrolledProgram, ...]
    baseline: dict[int, str] = field(default_factory=dict)
    last: Exchange | None = None
    programs: dict[int, str] = field(default_factory=dict)
    refusal_requirement: str = ""
    refusal_call: str = ""
    sent: list[Any] = field(default_factory=list)  # the calls of a table, as the steps that sent them keep them
    unchanged_requirement: str = "LINKIT-UNCHANGED-AFTER-ERROR"
    added_by_setup: bool = False  # the set-up put the student in the program
    cleanup: list[tuple[int, str]] = field(default_factory=list)  # (program id, verb) to send when it ends
    seen_names: dict[int, str] = field(default_factory=dict)  # names of programs the profile does not name

    def __repr__(self) -> str:
        return f"LinkitScenario(last={self.last!r})"

    @classmethod
    def from_profile(cls, profile: LinkitProfile, fmt: str) -> LinkitScenario:
        program_id = profile.program_id or DOCUMENT_PROGRAM
        name = profile.program_name or (DOCUMENT_PROGRAM_NAME if program_id == DOCUMENT_PROGRAM else None)
        enrolled = DOCUMENT_ENROLLED if profile.enrolled_programs is None else profile.enrolled_programs
        return cls(fmt, profile.student_id or DOCUMENT_STUDENT, program_id, name, enrolled)

    @property
    def held_program_id(self) -> int:
        return self.enrolled[0].program_id

    def learn(self, programs: dict[int, str]) -> None:
        """Remember the names a SUCCESS answer gave: later answers must keep them."""
        for program_id, name in programs.items():
            self.seen_names.setdefault(program_id, name)

    @property
    def expected(self) -> answers.Expected:
        names = dict(self.seen_names)
        names.update({p.program_id: p.name for p in self.enrolled})
        if self.program_name is not None:
            names[self.program_id] = self.program_name
        return answers.Expected(self.fmt, self.student_id, names)


def call(client: LinkitClient, scenario: LinkitScenario, program_id: int, verb: str) -> dict[int, str]:
    """A valid, signed call that must succeed; the student's programs after it."""
    exchange = client.put(client.signed_url(program_id, verb), scenario.student_id, scenario.fmt)
    scenario.last = exchange
    programs = answers.success(exchange, scenario.expected, f"a valid {verb} of program {program_id}")
    scenario.learn(programs)
    return programs


def programs_now(client: LinkitClient, scenario: LinkitScenario) -> dict[int, str]:
    """The student's programs, read by re-assigning a program they already hold."""
    return call(client, scenario, scenario.held_program_id, "assign")


def restore(client: LinkitClient, scenario: LinkitScenario) -> None:
    """Put the student's programs back as they were before the scenario, after a call that should have
    been refused changed them. Best effort, answers not judged: the failure is already recorded."""
    try:
        reading = client.put(client.signed_url(scenario.held_program_id, "assign"), scenario.student_id, scenario.fmt)
        envelope = parse_envelope(reading.body, scenario.fmt)
        now = {p["ProgramID"] for p in envelope["Data"]["Programs"]}
        for program_id in now - set(scenario.baseline):
            client.put(client.signed_url(program_id, "deassign"), scenario.student_id, scenario.fmt)
        for program_id in set(scenario.baseline) - now:
            client.put(client.signed_url(program_id, "assign"), scenario.student_id, scenario.fmt)
    except (CheckFailed, EnvelopeProblem, KeyError, TypeError, AttributeError):
        return


def clean_up(client: LinkitClient, scenario: LinkitScenario) -> None:
    """Send the calls that leave the student as the scenario found them. Best effort, answers not judged:
    they are not what the scenario is about, and it has been decided."""
    for program_id, verb in scenario.cleanup:
        try:
            client.put(client.signed_url(program_id, verb), scenario.student_id, scenario.fmt)
        except (CheckFailed, EdcertError):
            return


@contextmanager
def restored_on_failure(client: LinkitClient, scenario: LinkitScenario) -> Iterator[None]:
    """When a check inside fails because a call changed what it must not, put the programs back first."""
    try:
        yield
    except CheckFailed:
        restore(client, scenario)
        raise
