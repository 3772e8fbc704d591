"""Steps of the scenarios generated from the request model (src/edcert/inputs/edfi.py): every value of the body
broken on POST and on PUT, every natural-key field changed by PUT, varied by POST, named in a reference and
used as a query filter, and every write read back exactly with a new ETag."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

from pytest_bdd import given, then, when

from edcert.edfi import actions, expect, prerequisites
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
from edcert.edfi.scenario import EdfiScenario, scenario_values, school_year
from edcert.errors import HarnessError
from edcert.http import safe_json
from edcert.http.transport import Exchange
from edcert.inputs.edfi import BY_NAME
from edcert.inputs.model import rows_of
from edcert.profile import Profile
from edcert.record import checks
from edcert.record.generated import GeneratedData

SCENARIO_2 = "scenario 2"


def _cells(datatable: list[list[str]], table: str) -> list:
    model = BY_NAME[table]
    return [model.cell(element, operator) for element, operator in rows_of(datatable)]


def _put_body(location: str, values: Association) -> dict:
    return checked_payload({"id": id_in(location), **values.body()}, actions.REQUEST_SCHEMA)


def _other(edfi: EdfiScenario) -> Association:
    other = edfi.others.get(SCENARIO_2)
    if other is None:
        raise HarnessError("the scenario names scenario 2's values without the step that sets them up")
    return other


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
    other = _other(edfi)
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
    for cell in _cells(datatable, "edfi-association-body"):
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
    for cell in _cells(datatable, "edfi-association-body"):
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
    other = _other(edfi)
    for cell in _cells(datatable, "edfi-key-change"):
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
    other = _other(edfi)
    edfi.sent_values = []
    edfi.kinds = []
    known = {(edfi.values.cohort_identifier, edfi.values.education_organization_id),
             (other.cohort_identifier, other.education_organization_id)}
    for cell in _cells(datatable, "edfi-references"):
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
    other = _other(edfi)
    first = id_in(edfi.location)
    second = generated_date(generated, edfi.scenario_id, second=True).isoformat()
    variants = {"beginDate": edfi.values.with_(begin_date=second),
                "studentReference.studentUniqueId": _with_student(edfi.values, other),
                "cohortReference": _with_cohort(edfi.values, other), "the natural key": edfi.values}
    for cell in _cells(datatable, "edfi-natural-key"):
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


# --- the query's key filters ------------------------------------------------------------------------------------

_PARAMS = {"beginDate": "begin_date", "studentUniqueId": "student_unique_id", "cohortIdentifier": "cohort_identifier",
           "educationOrganizationId": "education_organization_id"}


def _scenario_records(edfi: EdfiScenario) -> dict[str, tuple[Association, str]]:
    assert edfi.values is not None and edfi.location is not None
    records = {"the first association": (edfi.values, id_in(edfi.location))}
    if edfi.second_values is not None and edfi.second_location is not None:
        records["the second association"] = (edfi.second_values, id_in(edfi.second_location))
    for name, values in edfi.others.items():
        if name in edfi.other_locations:
            records[f"the association of the {name}"] = (values, id_in(edfi.other_locations[name]))
    return records


def _filters(element: str, operator: str, edfi: EdfiScenario) -> dict[str, object]:
    assert edfi.values is not None
    first = edfi.values.key_params()
    if element not in _PARAMS:
        raise HarnessError(f"the request model names a query filter {element!r} edcert does not know")
    if operator == "alone":
        return {element: first[element]}
    other = edfi.second_values if element == "beginDate" else _other(edfi)
    assert other is not None
    return {**first, element: getattr(other, _PARAMS[element])}


def _ids_of(exchange: Exchange) -> list[str] | None:
    if exchange.status != 200:
        return None
    try:
        records = safe_json.loads(exchange.body)
    except ValueError:
        return None
    if not isinstance(records, list):
        return None
    return [r.get("id") for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _query_until(edfi_client: EdfiClient, params: dict[str, object], wanted: list[str]) -> Exchange:
    """The query, asked again for a while as long as a wanted association is missing (a lagging search index)."""
    deadline = time.monotonic() + actions.SEARCH_INDEX_WAIT
    pause = 0.1
    while True:
        exchange = edfi_client.query(ASSOCIATIONS, {**params, "limit": 500})
        ids = _ids_of(exchange)
        if ids is None or time.monotonic() + pause > deadline or all(
                any(actions.same_id(i, w) for i in ids) for w in wanted):
            return exchange
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


@when("the collection is queried with each of these key filters:")
def query_each_filter(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    records = _scenario_records(edfi)
    edfi.query_cases = []
    for element, operator in rows_of(datatable):
        params = _filters(element, operator, edfi)
        expected = [name for name, (values, _) in records.items()
                    if all(str(values.key_params()[k]) == str(v) for k, v in params.items())]
        exchange = _query_until(edfi_client, params, [records[name][1] for name in expected])
        edfi.query_cases.append((f"{element} {operator}: {json.dumps(params)}", expected, exchange))


@then("each answer holds exactly the scenario's associations that match its filters")
def exactly_the_matching(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    records = _scenario_records(edfi)
    for name, expected, exchange in edfi.query_cases:
        ids = _ids_of(exchange)
        if ids is None:
            expect.status(exchange, {200}, "EDFI-QUERY-BY-KEY", edfi_client, ASSOCIATIONS)
            raise checks.fail("EDFI-QUERY-BY-KEY", "a JSON array of associations", "another answer", exchange)
        listed = {record for record, (_, rid) in records.items() if any(actions.same_id(i, rid) for i in ids)}
        missing, extra = set(expected) - listed, listed - set(expected)
        if missing or extra:
            raise checks.fail("EDFI-QUERY-FILTERS", f"for {name}: exactly {sorted(expected) or 'none'} of the "
                              "scenario's associations", f"{sorted(listed) or 'none'} ({len(ids)} record(s) in all)",
                              exchange)
        checks.passed("EDFI-QUERY-FILTERS", f"{name}: {sorted(expected) or 'none of the scenario'}", exchange)


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


# --- the query's paging -----------------------------------------------------------------------------------------

def _page(edfi_client: EdfiClient, params: dict[str, object]) -> tuple[Exchange, list[str] | None]:
    exchange = edfi_client.query(ASSOCIATIONS, params)
    return exchange, _ids_of(exchange)


@when("the collection is queried by the first association's beginDate with each of these paging parameters:")
def query_each_paging(edfi_client: EdfiClient, edfi: EdfiScenario, datatable: list[list[str]]) -> None:
    assert edfi.values is not None
    ours = sorted(rid for values, rid in _scenario_records(edfi).values() if values.begin_date == edfi.values.begin_date)
    # Asked until a lagging search index lists them all; this answer is the whole of the matches.
    settled = _query_until(edfi_client, {"beginDate": edfi.values.begin_date}, ours)
    edfi.query_cases = [("beginDate alone", ours, settled)]
    edfi.paging = rows_of(datatable)


@then("each answer pages the matches as its row names")
def paged_as_named(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.query_cases
    base = {"beginDate": edfi.values.begin_date}
    _, expected, settled = edfi.query_cases[0]
    ours = set(expected)
    everything = _ids_of(settled)
    if everything is None:
        expect.status(settled, {200}, "EDFI-QUERY-BY-KEY", edfi_client, ASSOCIATIONS)
        raise checks.fail("EDFI-QUERY-BY-KEY", "a JSON array of associations", "another answer", settled)
    matches = len(everything)

    def ours_in(ids: list[str]) -> set[str]:
        return {rid for rid in ours if any(actions.same_id(i, rid) for i in ids)}

    for element, operator in edfi.paging:
        name = f"{element}, {operator}"
        if operator == "malformed":
            exchange, _ = _page(edfi_client, {**base, element: "abc"})
            checks.status_is(exchange, {400}, "EDFI-QUERY-PAGING")
        elif element == "limit":
            exchange, ids = _page(edfi_client, {**base, "limit": 1})
            checks.is_true(ids is not None and len(ids) == 1, "EDFI-QUERY-PAGING", f"{name}: one association for "
                           f"limit=1 ({matches} match)", f"{'no array' if ids is None else len(ids)}", exchange)
        elif element == "offset":
            seen: list[str] = []
            exchange = None
            for offset in range(matches + 1):
                exchange, ids = _page(edfi_client, {**base, "limit": 1, "offset": offset})
                if ids is None or len(ids) > 1 or (offset == matches and ids):
                    raise checks.fail("EDFI-QUERY-PAGING", f"{name}: one association at each offset below {matches}, "
                                      "none at the end", f"{'no array' if ids is None else len(ids)} at offset "
                                      f"{offset}", exchange)
                seen += ids
            if len(set(seen)) != len(seen) or ours_in(seen) != ours:
                raise checks.fail("EDFI-QUERY-PAGING", f"{name}: pages that together hold each match once",
                                  f"{len(seen)} id(s) over the pages, {len(set(seen))} distinct, "
                                  f"{len(ours_in(seen))} of the scenario's {len(ours)}", exchange)
            checks.passed("EDFI-QUERY-PAGING", f"{name}: {matches} pages of one, each match once", exchange)
        elif element == "totalCount":
            exchange, _ = _page(edfi_client, {**base, "totalCount": "true"})
            total = exchange.header("total-count")
            checks.is_true(total is not None and total.strip() == str(matches), "EDFI-QUERY-PAGING",
                           f"{name}: Total-Count {matches}, the number of matches", f"Total-Count {total}", exchange)
        else:
            raise HarnessError(f"the request model names a paging cell {name!r} edcert cannot send")
