"""Step definitions of the Ed-Fi StudentCohortAssociation feature.

Steps are thin: they read their words, call the Ed-Fi client, and call the checks with the
requirement each one proves. URLs, tokens and payload rules live in edcert.edfi.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from edcert import checks
from edcert.edfi.client import EdfiClient
from edcert.edfi.data import (
    ASSOCIATIONS,
    Association,
    checked_payload,
    cohort_body,
    current_school_year,
    document_date,
    student_body,
)
from edcert.errors import HarnessError, PrerequisiteMissing
from edcert.generated import GeneratedData
from edcert.profile import Profile
from edcert.transport import Exchange

REQUEST_SCHEMA = "edfi/studentCohortAssociation.request.schema.json"
RESPONSE_SCHEMA = "edfi/studentCohortAssociation.schema.json"
ERROR_SCHEMA = "edfi/error.schema.json"

#: The document's values of each scenario (SCA-S3 and the negative scenarios use scenario 1's).
DOCUMENT_VALUES = {
    1: {"cohortReference.educationOrganizationId": "255901107",
        "cohortReference.cohortIdentifier": '"1" if possible, or system value',
        "studentReference.studentUniqueId": "111111"},
    2: {"cohortReference.educationOrganizationId": "255901001",
        "cohortReference.cohortIdentifier": '"2" if possible, or system value',
        "studentReference.studentUniqueId": "222222"},
}
DOCUMENT_VALUES[3] = DOCUMENT_VALUES[1]


@dataclass(repr=False)
class EdfiScenario:
    """What one scenario has sent and received so far."""

    values: Association | None = None
    existed_before: bool = False
    last: Exchange | None = None
    location: str | None = None
    record: dict | None = None
    refusal_requirement: str = ""
    temporary: bool = False  # generated values: whatever is created is removed afterwards
    cleanup: list[str] = field(default_factory=list)


    def __repr__(self) -> str:
        return f"EdfiScenario(last={self.last!r})"


@pytest.fixture
def edfi(edfi_client: EdfiClient) -> Iterator[EdfiScenario]:
    scenario = EdfiScenario()
    yield scenario
    for url in scenario.cleanup:  # records made by negative scenarios do not stay on the target
        try:
            edfi_client.delete(url)
        except Exception:  # best effort: a failed clean-up must not hide the verdict
            pass


def _unquote(cell: str) -> str:
    cell = cell.split(" if possible")[0].strip()
    return cell[1:-1] if len(cell) >= 2 and cell[0] == cell[-1] == '"' else cell


def _values(profile: Profile, number: int, table: dict[str, str] | None) -> Association:
    """The document's values, replaced by the profile's "system values" where it gives them."""
    document = DOCUMENT_VALUES[number]
    if table is not None:
        for prop, value in document.items():
            if table.get(prop) != value:
                raise HarnessError(f"feature table of scenario {number} says {prop} = {table.get(prop)!r}, but the "
                                   f"source document says {value!r}; fix the feature file")
    assert profile.edfi is not None
    overrides = profile.edfi.scenarios.get("SCA-S2" if number == 2 else "SCA-S1")
    year = profile.edfi.school_year or current_school_year()
    begin = document_date((table or {}).get("beginDate", "9/14/[Current School Year]"), year)
    end_cell = (table or {}).get("endDate")
    return Association(
        cohort_identifier=(overrides and overrides.cohort_identifier)
        or _unquote(document["cohortReference.cohortIdentifier"]),
        education_organization_id=(overrides and overrides.education_organization_id)
        or int(document["cohortReference.educationOrganizationId"]),
        student_unique_id=(overrides and overrides.student_unique_id)
        or document["studentReference.studentUniqueId"],
        begin_date=begin,
        end_date=document_date(end_cell, year) if end_cell else None,
    )


def _post(edfi_client: EdfiClient, edfi: EdfiScenario, body: dict) -> Exchange:
    edfi.last = edfi_client.post(ASSOCIATIONS, body)
    return edfi.last


def _post_to_be_refused(edfi_client: EdfiClient, edfi: EdfiScenario, body: dict, requirement: str) -> None:
    """POST a body the target must refuse; if it stores it all the same, it is removed afterwards."""
    edfi.refusal_requirement = requirement
    exchange = _post(edfi_client, edfi, body)
    location = exchange.header("location")
    if 200 <= exchange.status < 300 and location:
        edfi.cleanup.append(edfi_client.resolve_location(location))


# --- Background and Given -------------------------------------------------------------------

@given("the vendor's Ed-Fi API, with a bearer token for the profile's client credentials")
def bearer_token(edfi_client: EdfiClient) -> None:
    if edfi_client.tokens.valid():
        checks.passed("EDFI-TOKEN", "bearer token obtained earlier in this run, not yet expired")
    edfi_client.bearer()


@given(parsers.parse("the values of scenario {number:d}:"))
def values_from_table(number: int, datatable: list[list[str]], target_profile: Profile, edfi: EdfiScenario) -> None:
    table = {row[0].strip(): row[1].strip() for row in datatable[1:]}
    edfi.values = _values(target_profile, number, table)


@given(parsers.parse("the values of scenario {number:d}"))
def values_of_scenario(number: int, target_profile: Profile, edfi: EdfiScenario) -> None:
    edfi.values = _values(target_profile, number, None)


@given(parsers.parse("the values of scenario {number:d}, with a beginDate generated from the seed"))
def values_with_generated_date(number: int, target_profile: Profile, edfi: EdfiScenario,
                               generated: GeneratedData) -> None:
    # A date far from 9/14 keeps the record apart from scenarios 1-3 and from earlier runs.
    begin = generated.date_between(date(2000, 1, 1), date(2019, 12, 31))
    edfi.values = _values(target_profile, number, None).with_(begin_date=begin.isoformat())
    edfi.temporary = True


@given("the cohort and the student they refer to exist on the target")
def prerequisites(edfi_client: EdfiClient, target_profile: Profile, edfi: EdfiScenario, generated: GeneratedData) -> None:
    values = edfi.values
    assert values is not None and target_profile.edfi is not None
    create = target_profile.edfi.create_prerequisites
    wanted = [
        ("cohorts", {"cohortIdentifier": values.cohort_identifier,
                     "educationOrganizationId": values.education_organization_id},
         f'cohort "{values.cohort_identifier}" at education organization {values.education_organization_id}',
         lambda: cohort_body(values.cohort_identifier, values.education_organization_id)),
        ("students", {"studentUniqueId": values.student_unique_id},
         f'student "{values.student_unique_id}"', lambda: student_body(values.student_unique_id, generated)),
    ]
    for resource, key, described, build in wanted:
        found = edfi_client.find(resource, key)
        if found is None:
            raise PrerequisiteMissing(f"prerequisite {described} could not be looked up: GET "
                                      f"{edfi_client.collection_url(resource)} with its key did not answer a JSON "
                                      "list; check base_url in the profile")
        if found:
            continue
        if not create:
            raise PrerequisiteMissing(f"prerequisite {described} not found on the target; create it or set "
                                      "create_prerequisites = true")
        exchange = edfi_client.post(resource, build())
        if exchange.status not in (200, 201):
            raise PrerequisiteMissing(f"prerequisite {described} was missing and creating it failed: POST answered "
                                      f"HTTP {exchange.status_line}: {exchange.excerpt()}")


@given("the association of scenario 1 exists on the target")
def scenario_one_exists(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    base = edfi.values.with_(end_date=None)
    found = edfi_client.find(ASSOCIATIONS, base.key_params())
    if not found:
        exchange = edfi_client.post(ASSOCIATIONS, checked_payload(base.body(), REQUEST_SCHEMA))
        if exchange.status not in (200, 201):
            raise PrerequisiteMissing(f"the association of scenario 1 is not on the target and could not be created "
                                      f"(HTTP {exchange.status_line}); see SCA-S1")
        found = edfi_client.find(ASSOCIATIONS, base.key_params())
    if not found or not isinstance(found[0].get("id"), str):
        raise PrerequisiteMissing("the association of scenario 1 cannot be found by its natural key with its id; "
                                  "see SCA-S1")
    edfi.location = f"{edfi_client.collection_url(ASSOCIATIONS)}/{found[0]['id']}"
    edfi.record = found[0]


@given("the association is POSTed and created")
def posted_and_created(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    exchange = _post(edfi_client, edfi, checked_payload(edfi.values.body(), REQUEST_SCHEMA))
    location = exchange.header("location")
    if exchange.status not in (200, 201) or not location:
        raise PrerequisiteMissing(f"the association to change could not be created (HTTP {exchange.status_line}, "
                                  f"Location {location!r}); see SCA-N7 and SCA-S1")
    edfi.location = edfi_client.resolve_location(location)
    edfi.cleanup.append(edfi.location)


# --- When -----------------------------------------------------------------------------------

@when("the association is POSTed")
def post_association(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    body = checked_payload(edfi.values.body(), REQUEST_SCHEMA)
    edfi.existed_before = bool(edfi_client.find(ASSOCIATIONS, edfi.values.key_params()))
    _post(edfi_client, edfi, body)


@when("the association is POSTed without beginDate")
def post_without_begin_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    body = checked_payload(edfi.values.body(), REQUEST_SCHEMA)
    del body["beginDate"]
    _post_to_be_refused(edfi_client, edfi, body, "EDFI-BEGIN-DATE-REQUIRED")


@when("the association is POSTed for a student that does not exist")
def post_unknown_student(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    unknown = edfi.values.with_(student_unique_id="edcert" + generated.digits(12))
    _post_to_be_refused(edfi_client, edfi, checked_payload(unknown.body(), REQUEST_SCHEMA), "EDFI-STUDENT-MUST-EXIST")


@when("the association is POSTed for a cohort that does not exist")
def post_unknown_cohort(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    unknown = edfi.values.with_(cohort_identifier="edcert" + generated.digits(10))
    _post_to_be_refused(edfi_client, edfi, checked_payload(unknown.body(), REQUEST_SCHEMA), "EDFI-COHORT-MUST-EXIST")


@when("the collection is queried by the association's natural key without a bearer token")
def query_without_token(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    edfi.last = edfi_client.query(ASSOCIATIONS, edfi.values.key_params(), authorized=False)


@when("a token is requested for the profile's client id with a wrong secret")
def token_with_wrong_secret(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    edfi.last = edfi_client.request_token(edfi_client.profile.client_id,
                                          "edcert-wrong-" + generated.hex(24))


@when("the association is PUT with its end date")
def put_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None and edfi.record is not None
    body = {"id": edfi.record["id"], **edfi.values.body()}
    edfi.last = edfi_client.put(edfi.location, checked_payload(body, REQUEST_SCHEMA))


@when("the association is PUT with a different beginDate")
def put_changed_begin_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    changed = edfi.values.with_(
        begin_date=(date.fromisoformat(edfi.values.begin_date or "") + timedelta(days=1)).isoformat())
    body = {"id": edfi.location.rstrip("/").rsplit("/", 1)[-1], **changed.body()}
    edfi.refusal_requirement = "EDFI-KEY-CHANGE-REFUSED"
    edfi.last = edfi_client.put(edfi.location, checked_payload(body, REQUEST_SCHEMA))


@when("the association is DELETEd")
def delete_association(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    edfi.last = edfi_client.delete(edfi.location)


# --- Then -----------------------------------------------------------------------------------

@then("it is created: 201 Created, or 200 OK if it already existed")
def created(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    checks.status_is(edfi.last, {200, 201} if edfi.existed_before else {201}, "EDFI-POST-CREATED")
    location = checks.header_present(edfi.last, "Location", "EDFI-LOCATION")
    resolved = edfi_client.resolve_location(location)
    checks.is_true(edfi_client.same_origin(resolved), "EDFI-LOCATION",
                   f"a Location on the API's own host ({edfi_client.profile.base_url})",
                   f"Location {location}; edcert sends no credentials to another host", edfi.last)
    edfi.location = resolved
    if edfi.temporary:
        edfi.cleanup.append(edfi.location)


def _read_back(edfi_client: EdfiClient, edfi: EdfiScenario) -> dict:
    assert edfi.location is not None
    exchange = edfi_client.get(edfi.location)
    checks.status_is(exchange, {200}, "EDFI-GET-BY-ID")
    body = checks.json_body(exchange, "EDFI-GET-BY-ID")
    checks.matches_schema(body, RESPONSE_SCHEMA, "EDFI-SCHEMA", exchange)
    edfi.last = exchange
    return body


@then("its Location header leads to the association")
def location_leads_to_it(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    record = _read_back(edfi_client, edfi)
    checks.is_true(isinstance(record.get("id"), str) and bool(record.get("id")), "EDFI-ID",
                   "the association to carry its id", f"no id in {sorted(record)}", edfi.last)
    if "_etag" not in record:
        checks.warn("EDFI-ETAG", "the association carries no _etag; optimistic locking will not work for clients")
    else:
        checks.passed("EDFI-ETAG", "_etag present")
    edfi.record = record


def _sent_values(body: dict, prefix: str = "") -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in body.items():
        if key == "id":
            continue
        if isinstance(value, dict):
            values.update(_sent_values(value, f"{prefix}{key}."))
        else:
            values[f"{prefix}{key}"] = value
    return values


def _read(record: dict, path: str) -> object:
    value: object = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same_values(record: dict, sent: dict, requirement: str, exchange: Exchange | None) -> None:
    for path, value in _sent_values(sent).items():
        checks.equals(_read(record, path), value, path, requirement, exchange)


@then("reading it back gives every value sent, unchanged")
def values_unchanged(edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.record is not None
    _same_values(edfi.record, edfi.values.body(), "EDFI-ROUND-TRIP", edfi.last)


@then("querying the collection by its natural key finds exactly that association")
def query_by_key(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.record is not None
    exchange = edfi_client.query(ASSOCIATIONS, edfi.values.key_params())
    checks.status_is(exchange, {200}, "EDFI-QUERY-BY-KEY")
    records = checks.json_body(exchange, "EDFI-QUERY-BY-KEY")
    checks.is_true(isinstance(records, list), "EDFI-QUERY-BY-KEY", "a JSON array",
                   f"a JSON {type(records).__name__}", exchange)
    checks.is_true(len(records) == 1, "EDFI-QUERY-BY-KEY", "exactly 1 record for the four natural-key fields",
                   f"{len(records)} records", exchange)
    found_id = records[0].get("id") if isinstance(records[0], dict) else None
    checks.equals(found_id, edfi.record.get("id"), "id of the record found", "EDFI-QUERY-BY-KEY", exchange)
    # A server that ignores the filter also answers exactly one record when only one exists: a key that
    # matches nothing must answer an empty array.
    nothing = edfi_client.query(ASSOCIATIONS, edfi.values.with_(begin_date="1901-01-01").key_params())
    checks.status_is(nothing, {200}, "EDFI-QUERY-BY-KEY")
    records = checks.json_body(nothing, "EDFI-QUERY-BY-KEY")
    checks.is_true(records == [], "EDFI-QUERY-BY-KEY", "an empty array for a natural key that matches nothing",
                   f"{len(records) if isinstance(records, list) else 'not a list of'} record(s)", nothing)


@then("POSTing the same association again updates it in place")
def post_again_upserts(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    exchange = _post(edfi_client, edfi, checked_payload(edfi.values.body(), REQUEST_SCHEMA))
    checks.status_is(exchange, {200}, "EDFI-UPSERT")
    location = checks.header_present(exchange, "Location", "EDFI-UPSERT")
    checks.equals(edfi_client.resolve_location(location), edfi.location, "Location of the second POST",
                  "EDFI-UPSERT", exchange)


@then("the update is accepted: 204 No Content, or 200 OK")
def update_accepted(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    checks.status_is(edfi.last, {204, 200}, "EDFI-PUT-ACCEPTED")


@then("reading it back shows the end date and every other value unchanged")
def end_date_stored(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    record = _read_back(edfi_client, edfi)
    _same_values(record, edfi.values.body(), "EDFI-PUT-STORED", edfi.last)


def _refused(exchange: Exchange, statuses: set[int], requirement: str) -> None:
    checks.status_is(exchange, statuses, requirement)
    body = checks.json_body(exchange, "EDFI-ERROR-BODY")
    checks.matches_schema(body, ERROR_SCHEMA, "EDFI-ERROR-BODY", exchange)


@then("the API rejects it with 400 Bad Request")
def rejected_400(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    _refused(edfi.last, {400}, edfi.refusal_requirement)


@then("the API rejects it with 409 Conflict or 403 Forbidden")
def rejected_409_or_403(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    _refused(edfi.last, {409, 403}, edfi.refusal_requirement)


@then("the API rejects it with 409 Conflict")
def rejected_409(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    _refused(edfi.last, {409}, edfi.refusal_requirement)


@then("the API refuses it with 401 Unauthorized")
def refused_401(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    checks.status_is(edfi.last, {401}, "EDFI-AUTH-REQUIRED")


@then("the token endpoint refuses it with 401 Unauthorized, or 400 Bad Request and error invalid_client")
def token_refused(edfi: EdfiScenario) -> None:
    exchange = edfi.last
    assert exchange is not None
    checks.status_is(exchange, {401, 400}, "EDFI-BAD-SECRET-REFUSED")
    if exchange.status == 400:
        body = checks.json_body(exchange, "EDFI-BAD-SECRET-REFUSED")
        checks.equals(body.get("error") if isinstance(body, dict) else None, "invalid_client", "error",
                      "EDFI-BAD-SECRET-REFUSED", exchange)


@then("the API answers 204 No Content")
def deleted(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    checks.status_is(edfi.last, {204}, "EDFI-DELETE")


@then("reading it afterwards answers 404 Not Found")
def gone(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    exchange = edfi_client.get(edfi.location)
    checks.status_is(exchange, {404}, "EDFI-DELETE-STORED")
