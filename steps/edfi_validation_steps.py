"""Steps of the Ed-Fi validation feature: tables of wrong associations, each sent alone and each to be
rejected with 400 and an Ed-Fi error body; references to records that do not exist."""

from __future__ import annotations

from datetime import date

from pytest_bdd import then, when

from edcert.edfi import actions, expect, prerequisites
from edcert.edfi.answers import describe, named_references
from edcert.edfi.client import EdfiClient
from edcert.edfi.data import (
    ASSOCIATIONS,
    checked_payload,
    generated_date,
    json_cell,
    long_text,
    malformed_bodies,
    read_both_ways,
    us_date,
    with_value,
    without,
)
from edcert.edfi.scenario import EdfiScenario
from edcert.errors import HarnessError, PrerequisiteMissing
from edcert.record import checks
from edcert.record.generated import GeneratedData


def _rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    header = [cell.strip() for cell in datatable[0]]
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in datatable[1:]]


def _valid_body(edfi: EdfiScenario) -> dict:
    assert edfi.values is not None
    return checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)


def _post_each(edfi_client: EdfiClient, edfi: EdfiScenario, requirement: str, cases: dict[str, dict]) -> None:
    """POST each wrong body alone; whatever the target stores all the same is removed afterwards."""
    edfi.refusal_requirement = requirement
    for name, body in cases.items():
        exchange = edfi_client.post(ASSOCIATIONS, body)
        actions.remove_if_stored(edfi_client, edfi, exchange)
        edfi.cases.append((name, exchange))


@when("the association is POSTed with each of these required values left out in turn:")
def post_without_each(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    body = _valid_body(edfi)
    _post_each(edfi_client, edfi, "EDFI-REQUIRED-VALUES",
               {f"{row['left out']} left out": without(body, row["left out"]) for row in _rows(datatable)})


@when("the association is POSTed with each of these values of the wrong type:")
def post_wrong_types(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    body = _valid_body(edfi)
    bounds = edfi_client.standard.bounds
    # "past the largest": one more than the judged Data Standard's integer holds (int32 before 5, int64 from it;
    # past int64 when no version is known).
    values = {"past the largest": bounds.education_organization_id_over}
    _post_each(edfi_client, edfi, "EDFI-VALUE-TYPES",
               {f"{row['property']} = {values.get(row['value'], row['value'])} ({row['wrong because']})":
                with_value(body, row["property"], values[row["value"]] if row["value"] in values
                           else json_cell(row["value"])) for row in _rows(datatable)})


@when("the association is POSTed with each of these dates that do not exist:")
def post_impossible_dates(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    body = _valid_body(edfi)
    _post_each(edfi_client, edfi, "EDFI-DATES",
               {f"{row['property']} {row['value']}": with_value(body, row["property"], row["value"])
                for row in _rows(datatable)})


@when("the association is POSTed with each of these values one character longer than the Data Standard judged allows:")
def post_too_long(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]],
                  generated: GeneratedData) -> None:
    body = _valid_body(edfi)
    standard = edfi_client.standard
    cases = {}
    for row in _rows(datatable):
        length = standard.bounds.too_long(row["property"])
        cases[f"{row['property']} of {length} characters (longest allowed under {standard.bounds.name}: "
              f"{length - 1 if standard.bounds.known else row['longest allowed']})"] = \
            with_value(body, row["property"], long_text(length, generated))
    _post_each(edfi_client, edfi, "EDFI-MAX-LENGTH", cases)


@when("the association is POSTed with an id of its own")
def post_with_id(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    body = {"id": generated.hex(32), **_valid_body(edfi)}
    edfi.refusal_requirement = "EDFI-POST-NO-ID"
    edfi.last = edfi_client.post(ASSOCIATIONS, body)
    actions.remove_if_stored(edfi_client, edfi, edfi.last)


@when("the association is POSTed as each of these bodies:")
def post_malformed(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    bodies = malformed_bodies(_valid_body(edfi))
    edfi.refusal_requirement = "EDFI-BODY-IS-OBJECT"
    for row in _rows(datatable):
        if row["body"] not in bodies:
            raise HarnessError(f"feature table names unknown body {row['body']!r}; known: {list(bodies)}")
        exchange = edfi_client.post_raw(ASSOCIATIONS, bodies[row["body"]])
        actions.remove_if_stored(edfi_client, edfi, exchange)
        edfi.cases.append((row["body"], exchange))


@then("the API rejects every one with 400 Bad Request and an Ed-Fi error body")
def rejected_each(edfi: EdfiScenario) -> None:
    expect.refused_each(edfi.cases, {400}, edfi.refusal_requirement)
    expect.error_bodies(edfi.cases)


# --- a date written M/D/YYYY ----------------------------------------------------------------

@when("an association is POSTed with its beginDate written M/D/YYYY, as the Ed-Fi sheet writes dates")
def post_us_date(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    # Its own date, readable both ways (day and month 12 or less), so a misreading shows.
    day = generated_date(generated, edfi.scenario_id, second=True, fits=read_both_ways)
    edfi.second_values = edfi.values.with_(begin_date=day.isoformat())
    body = {**_valid_body(edfi), "beginDate": us_date(day)}
    edfi.last = edfi_client.post(ASSOCIATIONS, body)
    actions.remove_if_stored(edfi_client, edfi, edfi.last)


@then("the API rejects it with 400 Bad Request, or stores that same date and reads it back as yyyy-mm-dd")
def us_date_rejected_or_read_right(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    exchange, values = edfi.last, edfi.second_values
    assert exchange is not None and values is not None and values.begin_date is not None
    sent = us_date(date.fromisoformat(values.begin_date))
    if exchange.status == 400:
        checks.passed("EDFI-DATES", f"beginDate {sent} rejected: HTTP {exchange.status_line}", exchange)
        expect.error_bodies([(f"beginDate {sent}", exchange)])
        return
    missing = prerequisites.missing(exchange, values, created=edfi.prerequisites_created,
                                    problems=edfi.prerequisite_problems)
    if missing is not None:
        raise missing
    if not 200 <= exchange.status < 300:
        raise checks.fail("EDFI-DATES", f"HTTP 400 Bad Request for beginDate {sent}, or its acceptance",
                          f"HTTP {exchange.status_line}", exchange)
    location = expect.location(edfi_client, exchange)
    record = actions.read_back(edfi_client, edfi, location)
    checks.equals(record.get("beginDate"), values.begin_date, f"beginDate read back after sending {sent} "
                  "(the Ed-Fi sheet writes dates month first)", "EDFI-DATES", edfi.last)


# --- references to records that do not exist -----------------------------------------------

@when("the association is POSTed for a student that does not exist")
def post_unknown_student(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    unknown = edfi.values.with_(student_unique_id="edcert" + generated.digits(12))
    edfi.refusal_requirement = "EDFI-STUDENT-MUST-EXIST"
    edfi.last = edfi_client.post(ASSOCIATIONS, checked_payload(unknown.body(), actions.REQUEST_SCHEMA))
    actions.remove_if_stored(edfi_client, edfi, edfi.last)


@when("the association is POSTed for a cohort that does not exist")
def post_unknown_cohort(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    unknown = edfi.values.with_(cohort_identifier="edcert" + generated.digits(10))
    edfi.refusal_requirement = "EDFI-COHORT-MUST-EXIST"
    edfi.last = edfi_client.post(ASSOCIATIONS, checked_payload(unknown.body(), actions.REQUEST_SCHEMA))
    actions.remove_if_stored(edfi_client, edfi, edfi.last)


def _refused_for(edfi: EdfiScenario, unknown: str, existing: str) -> None:
    """A refusal that names only the record the scenario relies on shows that one is missing, not the unknown one."""
    assert edfi.last is not None and edfi.values is not None
    names = named_references(edfi.last)
    if edfi.last.status in (403, 409) and existing in names and unknown not in names:
        created = ("; edcert could not create them: " + "; ".join(edfi.prerequisite_problems)
                   if edfi.prerequisite_problems else "")
        raise PrerequisiteMissing(f"the target refused the association for its {existing}, not for the unknown "
                                  f"{unknown}: {describe(edfi.last)}. The scenario needs "
                                  f"{prerequisites.described(edfi.values)}; create them on the target, or set "
                                  f"create_prerequisites = true{created}")


@then("the API rejects it with 409 Conflict or 403 Forbidden")
def rejected_409_or_403(edfi: EdfiScenario) -> None:
    _refused_for(edfi, "student", "cohort")
    actions.refused(edfi, {409, 403})


@then("the API rejects it with 409 Conflict")
def rejected_409(edfi: EdfiScenario) -> None:
    _refused_for(edfi, "cohort", "student")
    actions.refused(edfi, {409})
