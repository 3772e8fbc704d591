"""Steps of the scenarios generated from the request model (src/edcert/inputs/edfi.py): every value of the body
broken on POST and on PUT, every natural-key field changed by PUT, varied by POST and named in a reference,
and every write read back exactly with a new ETag. The collection query's filters and paging have
steps of their own (edfi_model_query_steps.py)."""

from __future__ import annotations

from datetime import date, timedelta

from pytest_bdd import given, then, when

from edcert.edfi import actions, prerequisites
from edcert.edfi.body_cells import bodies_of
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.data import (
    ASSOCIATIONS,
    COHORTS,
    SECOND_DATE_OFFSET,
    Association,
    checked_payload,
    end_date_after,
    generated_date,
)
from edcert.edfi.model_rows import SCENARIO_2, cells_of, scenario_2_values
from edcert.edfi.scenario import EdfiScenario, scenario_values, school_year
from edcert.errors import HarnessError
from edcert.profile import Profile
from edcert.record import checks
from edcert.record.generated import GeneratedData


def _put_body(location: str, values: Association) -> dict:
    return checked_payload({"id": id_in(location), **values.body()}, actions.REQUEST_SCHEMA)


# --- Given ------------------------------------------------------------------------------------------------------

@given("the cohort and the student of scenario 2 exist on the target as well")
def scenario_2_prerequisites(edfi_client: EdfiClient, target_profile: Profile, edfi: EdfiScenario,
                             generated: GeneratedData, edfi_prerequisites_created: dict) -> None:
    other = scenario_values(target_profile, 2, None)
    edfi.others[SCENARIO_2] = other
    assert target_profile.edfi is not None
    if not target_profile.edfi.create_prerequisites:
        return
    key = (other.cohort_identifier, other.education_organization_id, other.student_unique_id)
    if key not in edfi_prerequisites_created:
        edfi_prerequisites_created[key] = prerequisites.create(
            edfi_client, other, school_year=school_year(target_profile), high_school=True, generated=generated)
    edfi.prerequisite_problems = [*edfi.prerequisite_problems, *edfi_prerequisites_created[key]]


def _with_student(values: Association, other: Association) -> Association:
    return values.with_(student_unique_id=other.student_unique_id)


def _with_cohort(values: Association, other: Association) -> Association:
    return values.with_(cohort_identifier=other.cohort_identifier,
                        education_organization_id=other.education_organization_id)


@given("associations differing from it only in the student, and only in the cohort, are POSTed and created")
def student_and_cohort_variants(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    other = scenario_2_values(edfi)
    for name, values in (("other student", _with_student(edfi.values, other)),
                         ("other cohort", _with_cohort(edfi.values, other))):
        if values.key_params() != edfi.values.key_params():  # the profile may give both scenarios one student
            edfi.others[name] = values
            edfi.other_locations[name] = actions.create(edfi_client, edfi, values)


# --- every value of the body broken, on POST and on PUT ---------------------------------------------------------

@when("the association is POSTed with each value of the model broken in turn:")
def post_each_broken(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                     datatable: list[list[str]]) -> None:
    assert edfi.values is not None
    body = checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)
    edfi.refusal_requirement = "EDFI-BODY-RULES"
    for cell in cells_of(datatable, "edfi-association-body"):
        for label, raw in bodies_of(cell, body, generated):
            exchange = edfi_client.post_raw(ASSOCIATIONS, raw)
            actions.remove_if_stored(edfi_client, edfi, exchange)
            edfi.cases.append((label, exchange))


@when("the association is PUT with each value of the model broken in turn:")
def put_each_broken(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                    datatable: list[list[str]]) -> None:
    assert edfi.values is not None and edfi.location is not None
    body = _put_body(edfi.location, edfi.values)
    edfi.refusal_requirement = "EDFI-PUT-VALIDATED"
    for cell in cells_of(datatable, "edfi-association-body"):
        for label, raw in bodies_of(cell, body, generated):
            edfi.cases.append((label, edfi_client.put_raw(edfi.location, raw)))


@then("reading it back shows it exactly as it was created: the refused PUTs changed nothing")
def unchanged_after_refused_puts(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    record = actions.read_back(edfi_client, edfi, edfi.location)
    actions.stored_exactly(record, edfi.values.body(), "EDFI-PUT-VALIDATED", edfi.last, "the POST that created it")


# --- the natural key changed by PUT ------------------------------------------------------------------------------

_KEY_CHANGE_ALLOWED = {"beginDate": {400}}


def _key_changed(element: str, values: Association, other: Association) -> Association:
    if element == "beginDate":  # this scenario's second date, never another scenario's
        moved = date.fromisoformat(values.begin_date or "") + timedelta(days=SECOND_DATE_OFFSET)
        return values.with_(begin_date=moved.isoformat())
    if element == "studentReference.studentUniqueId":
        return _with_student(values, other)
    if element == "cohortReference":
        return _with_cohort(values, other)
    if element == "cohortReference.cohortIdentifier":
        return values.with_(cohort_identifier=other.cohort_identifier)
    if element == "cohortReference.educationOrganizationId":
        return values.with_(education_organization_id=other.education_organization_id)
    raise HarnessError(f"the request model names a key field {element!r} edcert cannot change")


@when("the association is PUT with each natural-key field changed in turn:")
def put_each_key_change(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    assert edfi.values is not None and edfi.location is not None
    other = scenario_2_values(edfi)
    for cell in cells_of(datatable, "edfi-key-change"):
        changed = _key_changed(cell.element, edfi.values, other)
        if changed.key_params() == edfi.values.key_params():
            checks.passed("EDFI-KEY-CHANGE-REFUSED", f"{cell.element}: not sent, scenario 2's value is scenario 1's")
            continue
        exchange = edfi_client.put(edfi.location, _put_body(edfi.location, changed))
        edfi.cases.append((f"{cell.element} changed to {cell.sent}", exchange))
        edfi.allowed.append(frozenset(_KEY_CHANGE_ALLOWED.get(cell.element, {400, 403, 409})))


@then("the API refuses every one as its row names, and reading it back shows it unchanged")
def key_changes_refused(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    through = [(name, exchange, allowed) for (name, exchange), allowed in zip(edfi.cases, edfi.allowed, strict=True)
               if exchange.status not in allowed]
    if through:
        listed = "; ".join(f"{name}: HTTP {exchange.status_line}" for name, exchange, _ in through)
        raise checks.fail("EDFI-KEY-CHANGE-REFUSED", "a refusal for every change of a natural-key field (400 Bad "
                          "Request; 409 or 403 where the changed reference does not resolve)",
                          f"{len(through)} of {len(edfi.cases)} not refused: {listed} "
                          "(the exchange quoted is the first of them)", through[0][1])
    for name, exchange in edfi.cases:
        checks.passed("EDFI-KEY-CHANGE-REFUSED", f"{name}: HTTP {exchange.status_line}", exchange)
    record = actions.read_back(edfi_client, edfi, edfi.location)
    # Read back by its id: had a PUT moved it, the record there would show the changed key.
    actions.stored_exactly(record, edfi.values.body(), "EDFI-KEY-CHANGE-REFUSED", edfi.last, "the POST that created it")


# --- references that resolve only in part -----------------------------------------------------------------------

@when("the association is POSTed with each reference that resolves only in part:")
def post_partial_references(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                            datatable: list[list[str]]) -> None:
    assert edfi.values is not None
    other = scenario_2_values(edfi)
    edfi.sent_values = []
    edfi.kinds = []
    known = {(edfi.values.cohort_identifier, edfi.values.education_organization_id),
             (other.cohort_identifier, other.education_organization_id)}
    for cell in cells_of(datatable, "edfi-references"):
        if cell.operator == "unknown":
            # An int32 (valid under every Data Standard) no school district or school is numbered with.
            wrong = edfi.values.with_(education_organization_id=generated.integer(2_000_000_000, 2_147_000_000))
        elif cell.element == "cohortReference.educationOrganizationId":
            wrong = edfi.values.with_(education_organization_id=other.education_organization_id)
        else:
            wrong = edfi.values.with_(cohort_identifier=other.cohort_identifier)
        if (wrong.cohort_identifier, wrong.education_organization_id) in known:
            checks.passed("EDFI-REFERENCE-RESOLVES", f"{cell.element}: not sent, that cohort is scenario 1's or 2's")
            continue
        exchange = edfi_client.post(ASSOCIATIONS, checked_payload(wrong.body(), actions.REQUEST_SCHEMA))
        actions.remove_if_stored(edfi_client, edfi, exchange)
        edfi.cases.append((f"{cell.element}: {cell.sent}", exchange))
        edfi.sent_values.append(wrong)
        edfi.kinds.append(cell.operator)


@then("each is refused with 409 Conflict or 403 Forbidden, unless that cohort exists there")
def partial_references_refused(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    for (name, exchange), wrong, operator in zip(edfi.cases, edfi.sent_values, edfi.kinds, strict=True):
        if exchange.status in (403, 409):
            checks.passed("EDFI-REFERENCE-RESOLVES", f"{name}: HTTP {exchange.status_line}", exchange)
            continue
        cohort = f'cohort "{wrong.cohort_identifier}" at education organization {wrong.education_organization_id}'
        if 200 <= exchange.status < 300:
            found, lookup = edfi_client.find(COHORTS, {"cohortIdentifier": wrong.cohort_identifier,
                                                       "educationOrganizationId": wrong.education_organization_id})
            if found:
                checks.passed("EDFI-REFERENCE-RESOLVES", f"{name}: accepted, and the {cohort} exists", lookup)
                continue
            if found is None and operator == "unknown":
                raise checks.fail("EDFI-REFERENCE-RESOLVES", f"409 Conflict or 403 Forbidden for {name}: the "
                                  "education organization was generated for this run, so no cohort can exist there",
                                  f"HTTP {exchange.status_line}: accepted", exchange)
            if found is None:
                checks.warn("EDFI-REFERENCE-RESOLVES", f"{name}: accepted (HTTP {exchange.status_line}); whether the "
                            f"{cohort} exists cannot be told, the cohorts query did not work", exchange)
                continue
            raise checks.fail("EDFI-REFERENCE-RESOLVES", f"409 Conflict or 403 Forbidden for {name}: the cohorts "
                              f"query finds no {cohort}", f"HTTP {exchange.status_line}: stored", exchange)
        raise checks.fail("EDFI-REFERENCE-RESOLVES", f"409 Conflict or 403 Forbidden for {name}",
                          f"HTTP {exchange.status_line}", exchange)


# --- the natural key varied by POST -----------------------------------------------------------------------------

@when("associations differing from it in one natural-key field, and then the same one, are POSTed in turn:")
def post_key_variants(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                      datatable: list[list[str]]) -> None:
    assert edfi.values is not None and edfi.location is not None
    other = scenario_2_values(edfi)
    first = id_in(edfi.location)
    second = generated_date(generated, edfi.scenario_id, second=True).isoformat()
    variants = {"beginDate": edfi.values.with_(begin_date=second),
                "studentReference.studentUniqueId": _with_student(edfi.values, other),
                "cohortReference": _with_cohort(edfi.values, other), "the natural key": edfi.values}
    for cell in cells_of(datatable, "edfi-natural-key"):
        values = variants.get(cell.element)
        if values is None:
            raise HarnessError(f"the request model names a key variant {cell.element!r} edcert cannot build")
        same = cell.operator == "duplicated"
        if not same and values.key_params() == edfi.values.key_params():
            checks.passed("EDFI-NATURAL-KEY", f"{cell.element}: not sent, scenario 2's value is scenario 1's")
            continue
        exchange = actions.post_valid(edfi_client, edfi, values)
        actions.remove_if_stored(edfi_client, edfi, exchange)
        location = exchange.header("location")
        got = id_in(edfi_client.resolve_location(location)) if location else None
        name = f"{cell.element}, {cell.operator} ({cell.sent})"
        if same and (exchange.status != 200 or got is None or not actions.same_id(got, first)):
            raise checks.fail("EDFI-NATURAL-KEY", f"HTTP 200 OK with the first association's Location for {name}",
                              f"HTTP {exchange.status_line}, Location {location}", exchange)
        if not same and (exchange.status != 201 or got is None or actions.same_id(got, first)):
            raise checks.fail("EDFI-NATURAL-KEY", f"HTTP 201 Created with another association's Location for {name}: "
                              "a new natural key", f"HTTP {exchange.status_line}, Location {location} (the first "
                              f"association is {first})", exchange)
        checks.passed("EDFI-NATURAL-KEY", f"{name}: HTTP {exchange.status_line}, Location {location}", exchange)


@then("reading the first back shows it unchanged")
def first_unchanged(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    record = actions.read_back(edfi_client, edfi, edfi.location)
    actions.stored_exactly(record, edfi.values.body(), "EDFI-NATURAL-KEY", edfi.last, "the POST that created it")


# --- every write read back exactly, with a new ETag -------------------------------------------------------------

@when("the association is POSTed with its end date, as a new natural key")
def post_new_with_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.values.end_date is not None
    edfi.etags = []
    actions.post_valid(edfi_client, edfi, edfi.values)
    edfi.write = "the POST of a new natural key"


@when("the same association is POSTed again with another end date")
def post_again_other_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    edfi.values = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date, days=14))
    exchange = actions.post_valid(edfi_client, edfi, edfi.values)
    actions.remove_if_stored(edfi_client, edfi, exchange)
    edfi.write = "the POST of the existing natural key"


@when("the association is PUT with a third end date")
def put_third_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    edfi.values = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date, days=21))
    edfi.last = edfi_client.put(edfi.location, _put_body(edfi.location, edfi.values))
    edfi.write = "the PUT"


@then("reading it back shows exactly what that write sent, with an ETag it did not have before")
def stored_with_new_etag(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    sent = edfi.values.body()
    record = actions.read_back(edfi_client, edfi, edfi.location, actions.showing_sent(sent))
    actions.stored_exactly(record, sent, "EDFI-WRITE-STORED", edfi.last, edfi.write)
    assert edfi.last is not None
    etag = actions.etag_of(edfi.last, record)
    if etag is None:
        if any(edfi.etags):
            raise checks.fail("EDFI-ETAG-CHANGES", f"an ETag after {edfi.write}, as after the writes before",
                              "no ETag header and no _etag", edfi.last)
        checks.warn("EDFI-ETAG", f"no ETag after {edfi.write} (no ETag header, no _etag): whether writes change it "
                    "is not checked", edfi.last)
        edfi.etags.append(None)
        return
    if any(before is not None and actions.same_etag(etag, before) for before in edfi.etags):
        raise checks.fail("EDFI-ETAG-CHANGES", f"a new ETag after {edfi.write}", f"the ETag it had before, {etag}",
                          edfi.last)
    checks.passed("EDFI-ETAG-CHANGES", f"ETag {etag} after {edfi.write}, new", edfi.last)
    edfi.etags.append(etag)
