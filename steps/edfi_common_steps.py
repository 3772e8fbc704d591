"""Steps every Ed-Fi feature shares: the token, the scenario's values, its prerequisites, the records it
creates and the answers most scenarios expect.

Steps are thin: they read their words, call the Ed-Fi client, and call the checks with the requirement
each one proves. URLs, tokens and payload rules live in edcert.edfi.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_bdd import given, parsers, then, when

from edcert.edfi import actions, prerequisites
from edcert.edfi.client import EdfiClient
from edcert.edfi.data import end_date_after, generated_date, spare_date
from edcert.edfi.scenario import EdfiScenario, scenario_values, school_year
from edcert.profile import Profile
from edcert.record import checks
from edcert.record.generated import GeneratedData
from edcert.record.results import current
from edcert.run.pytest_plugin import scenario_id_of


@pytest.fixture
def edfi(edfi_client: EdfiClient, request: pytest.FixtureRequest) -> Iterator[EdfiScenario]:
    sid = scenario_id_of({mark.name for mark in request.node.iter_markers()}) or request.node.name
    scenario = EdfiScenario(sid)
    yield scenario
    for url in scenario.cleanup:  # records made on generated values do not stay on the target
        try:
            if edfi_client.same_origin(url):
                edfi_client.delete(url)
        except Exception:  # best effort: a failed clean-up must not hide the verdict
            pass


@pytest.fixture(scope="session")
def edfi_prerequisites_created() -> dict[tuple[str, int, str], list[str]]:
    """Prerequisites created in this run, with what went wrong creating them (upserts: creating them again
    would change nothing)."""
    return {}


# --- Background and Given -------------------------------------------------------------------

@given("the vendor's Ed-Fi API, with a bearer token for the profile's client credentials")
def bearer_token(edfi_client: EdfiClient) -> None:
    if current.scenario is not None:  # every Ed-Fi scenario tells the report what it judged by
        current.scenario.facts.update(edfi_client.resolution.as_facts())
    edfi_client.require_urls()
    edfi_client.bearer()  # fetched and judged on first use, then kept until it expires or is refused
    checks.passed("EDFI-TOKEN", f"a bearer token for client {edfi_client.profile.client_id} from "
                  f"{edfi_client.profile.token_url}")


@given(parsers.parse("the values of scenario {number:d}:"))
def values_from_table(number: int, datatable: list[list[str]], target_profile: Profile, edfi: EdfiScenario) -> None:
    table = {row[0].strip(): row[1].strip() for row in datatable[1:]}
    edfi.number, edfi.keep_records = number, True
    edfi.values = scenario_values(target_profile, number, table)


@given(parsers.parse("the values of scenario {number:d}"))
def values_of_scenario(number: int, target_profile: Profile, edfi: EdfiScenario) -> None:
    edfi.number = number
    edfi.values = scenario_values(target_profile, number, None)


@given(parsers.parse("the values of scenario {number:d}, with a beginDate generated from the seed"))
def values_with_generated_date(number: int, target_profile: Profile, edfi: EdfiScenario,
                               generated: GeneratedData) -> None:
    begin = generated_date(generated, edfi.scenario_id)
    edfi.number = number
    edfi.values = scenario_values(target_profile, number, None).with_(begin_date=begin.isoformat())


@given(parsers.parse("the values of scenario {number:d}, with a beginDate generated from the seed, and an end date"))
def values_with_generated_dates(number: int, target_profile: Profile, edfi: EdfiScenario,
                                generated: GeneratedData) -> None:
    values_with_generated_date(number, target_profile, edfi, generated)
    assert edfi.values is not None
    edfi.values = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date))


@given("the cohort and the student they refer to exist on the target")
def prerequisites_exist(edfi_client: EdfiClient, target_profile: Profile, edfi: EdfiScenario,
                        generated: GeneratedData, edfi_prerequisites_created: dict) -> None:
    values = edfi.values
    assert values is not None and target_profile.edfi is not None
    if not target_profile.edfi.create_prerequisites:
        return  # assumed; a refusal naming the cohort or student is reported as missing, never blamed
    edfi.prerequisites_created = True
    key = (values.cohort_identifier, values.education_organization_id, values.student_unique_id)
    if key not in edfi_prerequisites_created:
        edfi_prerequisites_created[key] = prerequisites.create(
            edfi_client, values, school_year=school_year(target_profile), high_school=edfi.number == 2,
            generated=generated)
    edfi.prerequisite_problems = edfi_prerequisites_created[key]


@given("the association is POSTed and created")
def posted_and_created(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    edfi.location = actions.create(edfi_client, edfi, edfi.values)


@given("the association is POSTed and created, with the ETag the API gives it")
def posted_with_etag(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    posted_and_created(edfi_client, edfi)
    assert edfi.last is not None and edfi.location is not None
    etag = edfi.last.header("etag")
    if not etag:  # not on the POST answer: perhaps on the record itself
        record = actions.read_back(edfi_client, edfi, edfi.location)
        etag = edfi.last.header("etag") or (f'"{record["_etag"]}"' if isinstance(record.get("_etag"), str) else None)
    edfi.etag = etag
    if etag is None:
        checks.warn("EDFI-IF-MATCH", "the API gives the association no ETag (no ETag header on POST or GET, no "
                    "_etag): optimistic locking with If-Match cannot be used by clients, and is not checked",
                    edfi.last)


@given("a second association, differing only in its beginDate, is POSTed and created")
def second_created(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    second = generated_date(generated, edfi.scenario_id, second=True)
    edfi.second_values = edfi.values.with_(begin_date=second.isoformat(), end_date=None)
    edfi.second_location = actions.create(edfi_client, edfi, edfi.second_values)


# --- When -----------------------------------------------------------------------------------

@when("the association is POSTed")
def post_association(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    if edfi.keep_records:
        # The document's values may be on the target already (an earlier run); the query tells, if it works.
        found, edfi.lookup = edfi_client.find("studentCohortAssociations", edfi.values.key_params())
        edfi.existed_before = None if found is None else bool(found)
    actions.post_valid(edfi_client, edfi, edfi.values)


@when("the association is DELETEd")
def delete_association(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    edfi.last = edfi_client.delete(edfi.location)


# --- Then -----------------------------------------------------------------------------------

@then("it is created: 201 Created, or 200 OK if it already existed")
def created_or_existed(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    note = "the collection query found it before the POST" if edfi.existed_before else ""
    if edfi.existed_before is None:
        told = (f"GET {edfi.lookup.url} answered HTTP {edfi.lookup.status_line}" if edfi.lookup is not None
                else "the collection query got no answer")
        note = (f"whether the association existed before cannot be told, because the collection query did not "
                f"work ({told}); 201 and 200 are both accepted")
    allowed = {200, 201} if edfi.existed_before is not False else {201}
    edfi.location = actions.created(edfi_client, edfi, edfi.last, allowed, note)


@then("it is created: 201 Created")
def created_new(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    edfi.location = actions.created(edfi_client, edfi, edfi.last, {201})


@then("the update is accepted: 204 No Content, or 200 OK")
def update_accepted(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    checks.status_is(edfi.last, {204, 200}, "EDFI-PUT-ACCEPTED")


@then("the API rejects it with 400 Bad Request")
def rejected_400(edfi: EdfiScenario) -> None:
    actions.refused(edfi, {400})


@then("the DELETE is accepted: 204 No Content, or 200 OK")
def deleted(edfi: EdfiScenario) -> None:
    # RFC 9110 9.3.5: 204 when the deletion is enacted and nothing more is said, 200 when the answer describes
    # it. Not 202: the deletion may not have happened yet, and the scenario reads it back at once.
    assert edfi.last is not None
    checks.status_is(edfi.last, {204, 200}, "EDFI-DELETE")


def answers_200_for_new(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    """What a 200 for the POST after refused requests builds on: that the API answers 201 for a new association.
    One never POSTed before (on a date of the scenario's own) tells; a 200 for it too is the POST's failure."""
    assert edfi.values is not None
    fresh = edfi.values.with_(begin_date=spare_date(edfi.scenario_id).isoformat(), end_date=None)
    probe = actions.post_valid(edfi_client, edfi, fresh)
    actions.remove_if_stored(edfi_client, edfi, probe)
    if probe.status == 200:
        raise checks.fail("EDFI-POST-CREATED", "HTTP 201 Created for an association never POSTed before",
                          f"HTTP {probe.status_line}, so a 200 OK does not show that the refused requests stored "
                          "the association", probe)


@then(parsers.parse("POSTing it with {what} afterwards creates it: 201 Created, so nothing was stored before"))
def nothing_stored_before(what: str, edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    exchange = actions.post_valid(edfi_client, edfi, edfi.values)
    actions.remove_if_stored(edfi_client, edfi, exchange)
    if exchange.status == 200:
        answers_200_for_new(edfi_client, edfi)
        raise checks.fail("EDFI-REFUSED-CHANGES-NOTHING", "HTTP 201 Created: the requests refused before stored "
                          "nothing", f"HTTP {exchange.status_line}: the association already existed, stored by a "
                          "request the API answered with a refusal", exchange)
    edfi.location = actions.created(edfi_client, edfi, exchange, {201})
    checks.passed("EDFI-REFUSED-CHANGES-NOTHING", "HTTP 201 Created: the refused requests had stored nothing",
                  exchange)
