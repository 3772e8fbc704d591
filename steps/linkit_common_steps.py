"""Steps every LinkIt! scenario shares: the scenario's state, the API, and its starting point.

Each scenario sets up its own starting point with valid, signed calls, so it runs alone, in any
order, and twice in a row. Every answer read here is held to every rule of edcert.linkit.answers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers

from edcert.linkit.answers import listed
from edcert.linkit.client import LinkitClient
from edcert.linkit.scenario import LinkitScenario, call, clean_up, programs_now
from edcert.profile import Profile
from edcert.record import checks


@pytest.fixture
def linkit(request: pytest.FixtureRequest, target_profile: Profile,
           linkit_client: LinkitClient) -> Iterator[LinkitScenario]:
    tags = {mark.name for mark in request.node.iter_markers()}
    assert target_profile.linkit is not None
    scenario = LinkitScenario.from_profile(target_profile.linkit, "xml" if "xml" in tags else "json")
    yield scenario
    clean_up(linkit_client, scenario)


@given("the vendor's LinkIt! API, with the profile's access key and signing secret")
def linkit_api(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    """The client is built from the profile; its signer is imported here, before any call."""


@given(parsers.parse("student {student} is not in program {program:d}"))
def not_in_program(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = programs_now(linkit_client, linkit)
    if linkit.program_id in programs:
        programs = call(linkit_client, linkit, linkit.program_id, "deassign")
        checks.is_true(linkit.program_id not in programs, "LINKIT-DEASSIGNED",
                       f"program {linkit.program_id} gone after deassign", listed(programs), linkit.last)
    linkit.baseline = programs


@given(parsers.parse("student {student} is in program {program:d}"))
def in_program(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    programs = programs_now(linkit_client, linkit)
    if linkit.program_id not in programs:
        linkit.added_by_setup = True
        programs = call(linkit_client, linkit, linkit.program_id, "assign")
        checks.is_true(linkit.program_id in programs, "LINKIT-ASSIGNED",
                       f"program {linkit.program_id} listed after assign", listed(programs), linkit.last)
    linkit.baseline = {pid: name for pid, name in programs.items() if pid != linkit.program_id}
