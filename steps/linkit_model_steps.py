"""Steps of the request model's LinkIt! tables: each row's calls sent one at a time, each from the starting
point that makes obeying it visible, each followed by a read of the student's programs.

The table is the one the model gives the scenario (edcert.inputs.linkit, by the scenario's tag); each
row's ``expected answer`` column says how its answers are judged. A call that changed the programs is
named at once, and the programs are put back before the next call.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from pytest_bdd import parsers, then, when

from edcert.errors import CheckFailed, HarnessError
from edcert.http.transport import Exchange
from edcert.inputs import linkit as model
from edcert.inputs.catalogue import all_tables
from edcert.inputs.model import Table
from edcert.linkit import answers
from edcert.linkit.answers import listed
from edcert.linkit.client import LinkitClient
from edcert.linkit.envelope import EnvelopeProblem, parse_envelope
from edcert.linkit.probes import Probe, Target, probes_of
from edcert.linkit.scenario import LinkitScenario, call, programs_now, restore
from edcert.record import checks

_UNCHANGED = "LINKIT-UNCHANGED-AFTER-ERROR"

#: Why an obeyed call of a REFUSED_OR_WARNED row is advice, not a failure: the document allows the reading.
_WHY_ONLY_ADVICE = {
    ("verb", "other case"): "the document writes its verbs in lower case (verb=assign, verb=deassign) but does not "
                            "say that another case must be refused",
    ("verb", "duplicated"): "the document gives each parameter once; with both values signed, a server that picks "
                            "one obeys a call that names two",
    ("timestamp", "duplicated"): "the document gives each parameter once; with both values signed, a server that "
                                 "picks one may pick the stale one's fresh twin",
    ("StudentID header and body", "duplicated"): "the document names the StudentID header and shows it as the "
                                                 "body; a server that reads one place alone follows one reading, "
                                                 "but two students in one call should be refused",
}


@dataclass
class Outcome:
    probe: Probe
    expected: str  # the row's expected answer, one of edcert.inputs.linkit.EXPECTED_ANSWERS
    element: str
    operator: str
    exchange: Exchange
    before: dict[int, str]
    after: dict[int, str]
    reading: Exchange | None  # the read that gave ``after``


def _table_of(request: pytest.FixtureRequest) -> Table:
    tags = {mark.name for mark in request.node.iter_markers()}
    found = [t for t in all_tables().values() if any(tag.startswith(t.scenario + "-") for tag in tags)]
    if len(found) != 1:
        raise HarnessError(f"the scenario's tags {sorted(tags)} name {len(found)} request model tables, not one")
    return found[0]


def _row_cells(table: Table, datatable: list[list[str]]) -> list[tuple[str, str, str]]:
    rows = []
    for row in datatable[1:]:
        element, operator, expected = (cell.strip() for cell in row[:3])  # a last column says what is sent
        try:
            cell = table.cell(element, operator)
        except KeyError:
            raise HarnessError(f"the feature's row {element} | {operator} is not in the request model's table "
                               f"{table.name}; run: python -m edcert.inputs --write") from None
        if cell.expected != expected or cell.exception:
            raise HarnessError(f"the feature's row {element} | {operator} expects {expected!r}, the request model "
                               f"{cell.expected!r}; run: python -m edcert.inputs --write")
        rows.append((element, operator, expected))
    return rows


def _put_back(client: LinkitClient, linkit: LinkitScenario, wanted: dict[int, str]) -> dict[int, str]:
    """Bring the student's programs back to ``wanted`` after a call changed them, with valid signed calls."""
    now = programs_now(client, linkit)
    for program_id in set(now) - set(wanted):
        now = call(client, linkit, program_id, "deassign")
    for program_id in set(wanted) - set(now):
        now = call(client, linkit, program_id, "assign")
    return now


def _start(client: LinkitClient, linkit: LinkitScenario, current: dict[int, str], removing: bool) -> dict[int, str]:
    """The starting point of a probe: the student in the program (to be removed) or not (to be added)."""
    held = linkit.program_id in current
    if removing and not held:
        return call(client, linkit, linkit.program_id, "assign")
    if not removing and held:
        return call(client, linkit, linkit.program_id, "deassign")
    return current


@when(parsers.parse("calls for student {student} and program {program:d} are sent, each changed as its row "
                    "says:"))
def send_rows(request: pytest.FixtureRequest, linkit_client: LinkitClient, linkit: LinkitScenario,
              datatable: list[list[str]]) -> None:
    table = _table_of(request)
    target = Target(linkit.student_id, linkit.program_id, linkit.fmt)
    planned = [(probe, element, operator, expected) for element, operator, expected in _row_cells(table, datatable)
               for probe in probes_of(table.name, element, operator, linkit_client, target)]
    planned.sort(key=lambda item: item[0].removing)  # all the adding calls, then all the removing ones
    linkit.sent = []
    current = dict(linkit.baseline)
    try:
        for probe, element, operator, expected in planned:
            current = _start(linkit_client, linkit, current, probe.removing)
            exchange = linkit_client.send(probe.request)
            after = programs_now(linkit_client, linkit)
            linkit.sent.append(Outcome(probe, expected, element, operator, exchange, current, after, linkit.last))
            current = after if set(after) == set(current) else _put_back(linkit_client, linkit, current)
    finally:
        if set(current) != set(linkit.baseline):
            restore(linkit_client, linkit)


def _refused_or_router(outcome: Outcome, expected: answers.Expected, requirement: str) -> None:
    exchange = outcome.exchange
    try:
        envelope = parse_envelope(exchange.body, expected.fmt)
        is_envelope = isinstance(envelope, dict) and "Result" in envelope
    except EnvelopeProblem:
        is_envelope = False
    if not is_envelope and 400 <= exchange.status < 500:
        checks.warn(requirement, f"the {outcome.probe.call} was refused with HTTP {exchange.status_line} and a body "
                    "that is not the document's envelope: a router refusing a path it does not match answers "
                    "before the API; the document's Result/Data/Error envelope tells a client why", exchange)
        return
    answers.refusal(exchange, expected, requirement, f"the {outcome.probe.call}")


def _judge_answer(outcome: Outcome, expected: answers.Expected, requirement: str) -> bool:
    """Judge the answer by the row's expected answer; True when the row allows the programs to change."""
    call_words = f"the {outcome.probe.call}"
    exchange = outcome.exchange
    if outcome.expected == model.REFUSED:
        answers.refusal(exchange, expected, requirement, call_words)
    elif outcome.expected == model.REFUSED_OR_WARNED:
        answer = answers.read(exchange, expected)
        if answer.result == answers.SUCCESS:
            why = _WHY_ONLY_ADVICE.get((outcome.element, outcome.operator), "the document allows two readings")
            checks.warn(requirement, f"{call_words} was obeyed (Result SUCCESS, HTTP {exchange.status_line}); "
                        f"refusing it is safer: {why}", exchange)
            return True
        checks.passed(requirement, f"Result {answer.result} for {call_words}", exchange)
    elif outcome.expected == model.REFUSED_OR_ROUTER_4XX:
        _refused_or_router(outcome, expected, requirement)
    elif outcome.expected == model.NOT_OBEYED:
        checks.passed(requirement, f"{call_words} answered HTTP {exchange.status_line} (any answer is allowed; "
                      "the programs are judged next)", exchange)
    else:
        raise HarnessError(f"the expected answer {outcome.expected!r} is not one edcert judges; known: "
                           + "; ".join(model.EXPECTED_ANSWERS))
    return False


def _judge_state(outcome: Outcome, requirement: str) -> None:
    unchanged_requirement = requirement if outcome.expected == model.NOT_OBEYED else _UNCHANGED
    checks.is_true(set(outcome.after) == set(outcome.before), unchanged_requirement,
                   f"the programs as before the {outcome.probe.call}: {listed(outcome.before)}",
                   f"{listed(outcome.after)} after it", outcome.reading or outcome.exchange)


@then("each call gets the answer its row expects, and no call changes the student's programs unless its row "
      "allows it")
def judge_rows(request: pytest.FixtureRequest, linkit: LinkitScenario) -> None:
    requirement = _table_of(request).requirement
    failures: list[CheckFailed] = []
    for outcome in linkit.sent:
        expected = replace(linkit.expected, fmt=outcome.probe.request.fmt)
        try:
            allowed = _judge_answer(outcome, expected, requirement)
            if not allowed:
                _judge_state(outcome, requirement)
        except CheckFailed as failure:
            failures.append(failure)
    if failures:
        raise failures[0]
