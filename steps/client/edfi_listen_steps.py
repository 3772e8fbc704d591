"""Step definitions of the Ed-Fi client feature: the SIS's requests, as edcert listen recorded them.

Steps are thin: they find the request a scenario rests on (edcert.client_side.edfi_traffic) and
call the checks with the requirement each one proves; a failure shows that request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from edcert.client_side import client_checks as check
from edcert.client_side.edfi_traffic import (
    PREREQUISITE,
    S1,
    S2,
    EdfiTraffic,
    json_body,
    json_problem,
    location_id,
    natural_key,
    normalised_id,
    without_absent_values,
    without_read_only,
)
from edcert.client_side.request_rules import repeated_json_names
from edcert.client_side.session import ListenResult
from edcert.client_side.traffic import RecordedExchange
from edcert.edfi.data import Association
from edcert.errors import HarnessError
from edcert.untrusted import MAX_DEPTH, MAX_DOCUMENT_BYTES

REQUEST_SCHEMA = "edfi/studentCohortAssociation.request.schema.json"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(repr=False)
class SisScenario:
    """The request one scenario rests on."""

    request: RecordedExchange | None = None
    body: Any = None
    probe: RecordedExchange | None = None

    def __repr__(self) -> str:
        return f"SisScenario(request=#{self.request.number if self.request else None})"


@pytest.fixture
def sis() -> SisScenario:
    return SisScenario()


def _flat(body: dict, prefix: str = "") -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in body.items():
        if key == "id":
            continue
        if isinstance(value, dict):
            values.update(_flat(value, f"{prefix}{key}."))
        else:
            values[f"{prefix}{key}"] = value
    return values


def _writes_seen(traffic: EdfiTraffic) -> str:
    writes = [r for r in traffic.records if r.method in ("POST", "PUT", "DELETE")
              and "studentcohortassociations" in r.raw_path.lower()]
    shown = [f"#{r.number} {r.method} for student {(natural_key(json_body(r)) or ('', '', '', '?'))[3]}" for r in writes]
    return "; ".join(shown[:8]) or "no write to studentCohortAssociations"


# --- Background and When --------------------------------------------------------------------

@given("the SIS stayed within the bounds of the listen session")
def edfi_within_bounds(listen_result: ListenResult, edfi_traffic: EdfiTraffic) -> None:
    check.within_bounds("EDFI-CLIENT-WITHIN-BOUNDS", listen_result.over_bounds("edfi"), edfi_traffic.records)


@given("no body the SIS sent is beyond the size and depth any reader may be asked to read")
def edfi_bodies_readable(edfi_traffic: EdfiTraffic) -> None:
    with_body = [r for r in edfi_traffic.records if r.request_body.strip() and
                 ("json" in r.content_type or (r.method in ("POST", "PUT") and r.raw_path != edfi_traffic.paths.token_path))]
    problems = [(r, problem) for r in with_body if (problem := json_problem(r, bounds_only=True)) is not None]
    check.every_body_readable("EDFI-CLIENT-JSON", f"JSON bodies within {MAX_DOCUMENT_BYTES} bytes, nested at most "
                              f"{MAX_DEPTH} levels", problems, len(with_body))


@given("the requests edcert listen recorded from the vendor's Ed-Fi client")
def edfi_requests(edfi_traffic: EdfiTraffic, listen_result: ListenResult) -> None:
    check.some_traffic(bool(edfi_traffic.records), "Ed-Fi request", bool(listen_result.records), "linkit",
                       "LinkIt! calls")


@when(parsers.parse("the client's POST of scenario {number:d} is found among its requests"))
def scenario_post(number: int, edfi_traffic: EdfiTraffic, scenario_values: Association, sis: SisScenario) -> None:
    record = edfi_traffic.creation(S1 if number == 1 else S2)
    if record is None:
        raise check.fail("EDFI-CLIENT-SCENARIO-SENT", f"a POST to studentCohortAssociations for student "
                         f"{scenario_values.student_unique_id} (scenario {number})",
                         f"none among the {len(edfi_traffic.records)} Ed-Fi requests ({_writes_seen(edfi_traffic)})",
                         None)
    check.passed("EDFI-CLIENT-SCENARIO-SENT", f"request #{record.number} POST {record.raw_path}, matched to "
                 f"scenario {number} by its student", record)
    sis.request, sis.body = record, json_body(record)


@when("the client's update of the record of scenario 1 is found among its requests")
def scenario_update(edfi_traffic: EdfiTraffic, sis: SisScenario) -> None:
    record = edfi_traffic.update()
    if record is None:
        raise check.fail("EDFI-CLIENT-SCENARIO-SENT", "an update of the record of scenario 1 (a PUT to its id, or a "
                         "POST of its natural key with the end date)",
                         f"none among the {len(edfi_traffic.records)} Ed-Fi requests ({_writes_seen(edfi_traffic)})",
                         None)
    check.passed("EDFI-CLIENT-SCENARIO-SENT", f"request #{record.number} {record.method} {record.raw_path}", record)
    sis.request, sis.body = record, json_body(record)


# --- the write ------------------------------------------------------------------------------

@then("it is sent as JSON, with Content-Type application/json")
def sent_as_json(sis: SisScenario) -> None:
    record = sis.request
    assert record is not None
    check.holds(record.content_type == "application/json", "EDFI-CLIENT-JSON", "Content-Type application/json",
                f"Content-Type {record.content_type or 'none'}", record)
    problem = json_problem(record)
    check.holds(problem is None and isinstance(sis.body, dict), "EDFI-CLIENT-JSON", "a body that is a JSON object",
                problem or f"a JSON {type(sis.body).__name__ if sis.body is not None else 'nothing'}, not an object",
                record)
    sis.body, echoed = without_read_only(sis.body)
    if echoed:  # a record read, changed and written back: Ed-Fi APIs ignore what they generated themselves
        check.passed("EDFI-CLIENT-JSON", f"note: the body echoes {', '.join(echoed)}, which the API generated and "
                     "ignores on a write; they are left out of the checks below", record)
    sis.body, absent = without_absent_values(sis.body)
    if absent:  # a serialiser that writes every property of its record class: null and [] mean no value
        check.passed("EDFI-CLIENT-JSON", f"note: the body writes {', '.join(absent)} as null or [], which Ed-Fi "
                     "APIs read as absent; they are left out of the checks below", record)


@then("its body carries no id")
def no_id(sis: SisScenario) -> None:
    check.holds("id" not in sis.body, "EDFI-CLIENT-NO-ID", "a POST body without id (the API assigns it)",
                f"id {json.dumps(sis.body.get('id'))}", sis.request)


@then("its body carries no id, unless it is a PUT naming the record's own id")
def no_id_unless_put(sis: SisScenario) -> None:
    record = sis.request
    assert record is not None
    if record.method != "PUT":
        no_id(sis)
        return
    url_id = normalised_id(record.raw_path.rstrip("/").rsplit("/", 1)[-1])
    body_id = sis.body.get("id")
    check.holds(body_id is None or normalised_id(str(body_id)) == url_id, "EDFI-CLIENT-SAME-RECORD",
                "no id in the PUT body, or the id of the record it updates",
                f"id {json.dumps(body_id)} in a PUT to {url_id}", record)


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@then("its dates are written yyyy-mm-dd")
def dates_iso(sis: SisScenario, scenario_values: Association) -> None:
    expected = {"beginDate": scenario_values.begin_date, "endDate": scenario_values.end_date}
    for key in ("beginDate", "endDate"):
        if key in sis.body and not _valid_date(sis.body[key]):
            shown = f" (the sheet's date is {expected[key]})" if expected[key] else ""
            raise check.fail("EDFI-CLIENT-DATE-FORMAT", f"{key} written yyyy-mm-dd{shown}",
                             f"{key} {json.dumps(sis.body[key])}", sis.request)
    check.passed("EDFI-CLIENT-DATE-FORMAT", "dates written yyyy-mm-dd", sis.request)


@then("its body is valid against the request schema")
def valid_body(sis: SisScenario) -> None:
    assert sis.request is not None
    repeated = repeated_json_names(sis.request.request_body)
    check.holds(not repeated, "EDFI-CLIENT-SCHEMA", "a JSON body that names each property once",
                f"{', '.join(repeated)} written twice, with readers keeping one or the other", sis.request)
    check.valid_against(sis.body, REQUEST_SCHEMA, "EDFI-CLIENT-SCHEMA", sis.request)


def _same_values(sis: SisScenario, expected: Association, what: str) -> None:
    sent, wanted = _flat(sis.body), _flat(expected.body())
    for path in sorted(set(sent) | set(wanted)):
        if sent.get(path) != wanted.get(path):
            shown = "absent" if path not in wanted else json.dumps(wanted[path])
            got = "absent" if path not in sent else json.dumps(sent[path])
            raise check.fail("EDFI-CLIENT-VALUES", f"{path} = {shown} ({what})", f"{path} = {got}", sis.request)
    check.passed("EDFI-CLIENT-VALUES", f"every value of {what}", sis.request)


@then(parsers.parse("its body carries the values of scenario {number:d}"))
def scenario_values_sent(number: int, sis: SisScenario, scenario_values: Association) -> None:
    _same_values(sis, scenario_values, f"scenario {number}")


@then("its body carries the values of scenario 3: the end date added, nothing else changed")
def update_values_sent(sis: SisScenario, scenario_values: Association) -> None:
    _same_values(sis, scenario_values, "scenario 3: scenario 1's values with the end date")


@then("the cohort and the student it refers to were on the API before it")
def prerequisites_there(sis: SisScenario, edfi_traffic: EdfiTraffic, scenario_values: Association) -> None:
    record = sis.request
    assert record is not None
    described = (f'cohort "{scenario_values.cohort_identifier}" of education organization '
                 f"{scenario_values.education_organization_id} and student {scenario_values.student_unique_id}")
    if record.status in (403, 409):
        answer = record.response_body.decode("utf-8", errors="replace")[:300]
        raise check.fail("EDFI-CLIENT-PREREQUISITES", f"the {described} on the API before the association (already "
                         "there, or created by the client first)",
                         f"HTTP {record.status}: the API does not hold what the association refers to ({answer})",
                         record)
    created = [f"#{r.number}" for r in edfi_traffic.labelled(PREREQUISITE)
               if r.number < record.number and r.method == "POST" and r.status in (200, 201)]
    check.passed("EDFI-CLIENT-PREREQUISITES", f"the {described} were there"
                 + (f" (the client created some at request {', '.join(created)})" if created else ""), record)


@then("the API accepted it: 201 Created, or 200 OK")
def creation_accepted(sis: SisScenario) -> None:
    record = sis.request
    assert record is not None
    check.holds(record.status in (200, 201), "EDFI-CLIENT-ACCEPTED", "the API's answer 201 Created or 200 OK",
                f"HTTP {record.status}", record)


@then("the API accepted it: 204 No Content or 200 OK for a PUT, 200 OK for a POST")
def update_accepted(sis: SisScenario) -> None:
    record = sis.request
    assert record is not None
    allowed = (200, 204) if record.method == "PUT" else (200,)
    check.holds(record.status in allowed, "EDFI-CLIENT-ACCEPTED",
                f"the API's answer {' or '.join(str(s) for s in allowed)} to the {record.method}",
                f"HTTP {record.status}", record)


# --- scenario 3: the same record --------------------------------------------------------------

@then("it updates the record of scenario 1 in place, keeping its id")
def same_record(sis: SisScenario, edfi_traffic: EdfiTraffic) -> None:
    update = sis.request
    assert update is not None
    created = edfi_traffic.created.get(S1)
    if not created:
        raise check.fail("EDFI-CLIENT-SAME-RECORD", "an update of the record scenario 1 created",
                         "no record: scenario 1's POST created none (see CLIENT-SCA-S1)", update)
    deleted = [d for d in edfi_traffic.deletions_of(created) if d.number < update.number]
    if deleted:
        raise check.fail("EDFI-CLIENT-SAME-RECORD", f"an update of record {created} in place (a PUT to its id, or a "
                         "POST of its natural key)", f"a DELETE of it at request #{deleted[0].number} and a new record "
                         "created instead", update)
    if update.method == "PUT":
        url_id = normalised_id(update.raw_path.rstrip("/").rsplit("/", 1)[-1])
        check.holds(url_id == created, "EDFI-CLIENT-SAME-RECORD", f"a PUT to record {created}, scenario 1's",
                    f"a PUT to {url_id}", update)
        return
    answered = location_id(update)
    first = edfi_traffic.creation(S1)
    same_key = first is not None and natural_key(json_body(first)) == natural_key(sis.body)
    check.holds(answered == created if answered else same_key, "EDFI-CLIENT-SAME-RECORD",
                f"a POST of the natural key of record {created} (an upsert, same id)",
                f"a POST answered with record {answered}" if answered else "a POST of another natural key", update)
    check.passed("EDFI-CLIENT-SAME-RECORD", "note: a POST of the same natural key updates the record in place; the "
                 "sheet names PUT for scenario 3, and Ed-Fi's certification accepts POST or PUT for updates", update)


# --- the end of the session -----------------------------------------------------------------

def _stored(listen_result: ListenResult, values: Association) -> list[dict]:
    snapshot = listen_result.snapshot
    if snapshot is None or snapshot.records is None:
        raise HarnessError("edcert could not read the associations stored at the end of the session: "
                           f"{snapshot.problem if snapshot else 'the Ed-Fi suite was not listened to'}")
    return snapshot.holding(values)


def _holds_stored(condition: bool, expected: str, received: str, listen_result: ListenResult) -> None:
    from edcert.record import checks

    snapshot = listen_result.snapshot
    exchange = check.attached(snapshot.exchange, "end-of-session") if snapshot and snapshot.exchange else None
    checks.is_true(condition, "EDFI-CLIENT-STORED", expected, received, exchange)


@then(parsers.parse("at the end of the session the API holds the association of scenario {number:d}, found by its "
                    "natural key"))
def stored_at_end(number: int, listen_result: ListenResult, scenario_values: Association) -> None:
    found = _stored(listen_result, scenario_values)
    key = (f"beginDate {scenario_values.begin_date}, cohort \"{scenario_values.cohort_identifier}\" of "
           f"{scenario_values.education_organization_id}, student {scenario_values.student_unique_id}")
    _holds_stored(len(found) == 1, f"one association stored with {key}", f"{len(found)}", listen_result)
    if number == 2:  # scenario 1's record gains its end date in scenario 3
        _holds_stored(found[0].get("endDate") is None, "no endDate on the association of scenario 2",
                      f"endDate {found[0].get('endDate')}", listen_result)


@then("at the end of the session the API holds the record of scenario 1, same id, with the values of scenario 3")
def updated_at_end(listen_result: ListenResult, edfi_traffic: EdfiTraffic, scenario_values: Association) -> None:
    found = _stored(listen_result, scenario_values)
    _holds_stored(len(found) == 1, "one association stored with the natural key of scenario 1",
                  f"{len(found)}", listen_result)
    record = found[0]
    _holds_stored(normalised_id(str(record.get("id"))) == edfi_traffic.created.get(S1),
                  f"the record scenario 1 created ({edfi_traffic.created.get(S1)})", f"record {record.get('id')}",
                  listen_result)
    stored = {k: v for k, v in _flat(without_absent_values(record)[0]).items()
              if not k.startswith("_") and ".link." not in k}
    wanted = _flat(scenario_values.body())
    _holds_stored(stored == wanted, f"the values of scenario 3 ({json.dumps(wanted, sort_keys=True)})",
                  json.dumps(stored, sort_keys=True), listen_result)
