"""Steps of the tables of tampered signed URLs: each call changed in one way, each answer checked,
the student's programs read once before (the Given) and once after all the calls.

When the programs changed although every call was refused, the calls are replayed one at a
time, each followed by a read, to name the one that changed them; the programs are put back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pytest_bdd import parsers, then, when

from edcert.errors import CheckFailed, HarnessError
from edcert.http.transport import Exchange
from edcert.linkit import answers, tampering
from edcert.linkit.answers import listed
from edcert.linkit.client import LinkitClient
from edcert.linkit.scenario import LinkitScenario, programs_now, restore, restored_on_failure
from edcert.record import checks

_TAMPERED = "LINKIT-REFUSE-TAMPERED-URL"
_TAG = "LINKIT-REFUSE-ALTERED-TAG"
_AFTER_TAG = "LINKIT-UNSIGNED-PARAMETER-IGNORED"

#: Each row of the model's tables (edcert.inputs.linkit): how the call is built, and the requirement its
#: refusal proves.
CHANGED_AFTER_SIGNING = {
    ("program id: signed for 1552, sent for 19740", "changed after signing"): (tampering.program_changed, _TAMPERED),
    ("verb: signed as deassign, sent as assign", "changed after signing"): (tampering.verb_changed, _TAMPERED),
    ("timestamp: one minute earlier than signed", "changed after signing"): (tampering.timestamp_changed, _TAMPERED),
    ("accesskey: last character changed", "changed after signing"): (tampering.access_key_changed, _TAMPERED),
    ("tag: last letter or digit changed", "changed after signing"): (tampering.tag_character_changed, _TAG),
    ("tag: last letter or digit cut off", "changed after signing"): (tampering.tag_cut, _TAG),
    ("tag: one character added", "changed after signing"): (tampering.tag_extended, _TAG),
    ("tag: letters in the other case (not judged when the tag is hex)", "other case"): (tampering.tag_other_case,
                                                                                         _TAG),
}
CHANGED_TO_REMOVE = {
    ("verb: signed as assign, sent as deassign", "changed after signing"): (tampering.removing_verb_changed,
                                                                             _TAMPERED),
    ("timestamp: one minute earlier than signed", "changed after signing"): (tampering.removing_timestamp_changed,
                                                                              _TAMPERED),
    ("tag: last letter or digit changed", "changed after signing"): (tampering.removing_tag_character_changed, _TAG),
}


@dataclass
class Sent:
    call: str  # the row, in words
    requirement: str
    build: tampering.Tampering
    exchange: Exchange


def _rows(datatable: list[list[str]], known: dict) -> list[tuple[str, tampering.Tampering, str]]:
    """The calls of the feature's rows (element | operator | expected answer), as the request model has them."""
    rows = []
    for row in datatable[1:]:
        key = (row[0].strip(), row[1].strip())
        if key not in known:
            raise HarnessError(f"the feature's table row {' | '.join(key)!r} is not one edcert knows; run: python -m "
                               "edcert.inputs --write; known rows: " + "; ".join(" | ".join(k) for k in known))
        build, requirement = known[key]
        element, operator = key
        rows.append((element if ":" in element else f"{element} {operator}", build, requirement))
    return rows


def _send_all(client: LinkitClient, linkit: LinkitScenario, rows: list[tuple[str, tampering.Tampering, str]]) -> None:
    linkit.sent = []
    for call, build, requirement in rows:
        url = build(client, linkit.program_id, linkit.held_program_id)
        if url is None:  # not applicable to this target's tag scheme (the case of a hex tag)
            continue
        linkit.sent.append(Sent(call, requirement, build, client.put(url, linkit.student_id, linkit.fmt)))


@when(parsers.parse("calls adding student {student} to program {program:d} are signed, each changed in one part, "
                    "and sent:"))
def changed_after_signing(linkit_client: LinkitClient, linkit: LinkitScenario, datatable: list[list[str]]) -> None:
    _send_all(linkit_client, linkit, _rows(datatable, CHANGED_AFTER_SIGNING))


@when(parsers.parse("calls removing student {student} from program {program:d} are signed, each changed in one "
                    "part, and sent:"))
def changed_to_remove(linkit_client: LinkitClient, linkit: LinkitScenario, datatable: list[list[str]]) -> None:
    # The student is in the program: it belongs to the programs that must stay as they are. When the
    # set-up put them there, they leave it again when the scenario ends, as it found them.
    linkit.baseline[linkit.program_id] = linkit.program_name or ""
    if linkit.added_by_setup:
        linkit.cleanup.append((linkit.program_id, "deassign"))
    _send_all(linkit_client, linkit, _rows(datatable, CHANGED_TO_REMOVE))


@when(parsers.parse("a signed call removing student {student} from program {program:d} is sent with a parameter "
                    "added after the tag:"))
def parameter_after_tag(linkit_client: LinkitClient, linkit: LinkitScenario, datatable: list[list[str]]) -> None:
    rows = [(f"signed deassign with {row[0].strip()} added after the tag",
             tampering.repeated_after_tag(row[0].strip()), _AFTER_TAG) for row in datatable[1:]
            if row[1].strip() == "appended after the tag"]
    linkit.unchanged_requirement = _AFTER_TAG
    _send_all(linkit_client, linkit, rows)


def _each(linkit: LinkitScenario, judge: Callable[[Sent], object]) -> None:
    """Judge every answer, so the report shows each call's outcome; then fail on the first failure."""
    failures: list[CheckFailed] = []
    for sent in linkit.sent:
        try:
            judge(sent)
        except CheckFailed as failure:
            failures.append(failure)
    if failures:
        raise failures[0]


@then("every one of these calls is refused with an ERROR envelope")
def every_call_refused(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    with restored_on_failure(linkit_client, linkit):
        _each(linkit, lambda sent: answers.refusal(sent.exchange, linkit.expected, sent.requirement,
                                                   f"the call with the {sent.call}"))


@then(parsers.parse("no answer shows the student in program {program:d}: each call is refused, or answered as "
                    "the signed deassign"))
def unsigned_parameter_not_obeyed(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    def judge(sent: Sent) -> None:
        answer = answers.read(sent.exchange, linkit.expected)
        checks.is_true(linkit.program_id not in answer.program_ids, sent.requirement,
                       f"the {sent.call} refused, or answered as the deassign it is (program {linkit.program_id} "
                       "not listed)", f"Result {answer.result} listing {listed(answer.programs)}", sent.exchange)

    with restored_on_failure(linkit_client, linkit):
        _each(linkit, judge)


def _culprit(client: LinkitClient, linkit: LinkitScenario) -> str:
    """Replay the calls one at a time, each followed by a read, to find the one that changes the programs."""
    for sent in linkit.sent:
        restore(client, linkit)
        url = sent.build(client, linkit.program_id, linkit.held_program_id)
        if url is None:
            continue
        client.put(url, linkit.student_id, linkit.fmt)
        if set(programs_now(client, linkit)) != set(linkit.baseline):
            return f"the call with the {sent.call} (found by replaying the calls one at a time)"
    return "one of the calls, though none did when replayed one at a time"


@then("a following call shows the student's programs unchanged by any of them")
def unchanged_by_any(linkit_client: LinkitClient, linkit: LinkitScenario) -> None:
    with restored_on_failure(linkit_client, linkit):
        programs = programs_now(linkit_client, linkit)
        reading = linkit.last
        changed = set(programs) != set(linkit.baseline)
        culprit = _culprit(linkit_client, linkit) if changed else ""
        checks.is_true(not changed, linkit.unchanged_requirement,
                       f"the programs as before the {len(linkit.sent)} calls: {listed(linkit.baseline)}",
                       f"{listed(programs)}, changed by {culprit}", reading)
