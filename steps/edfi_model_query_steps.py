"""Steps of the request model's scenarios on the collection query (src/edcert/inputs/edfi.py): each natural-key
filter, alone and with the others (SCA-N38), and each paging parameter (SCA-N40)."""

from __future__ import annotations

import json

from pytest_bdd import then, when

from edcert.edfi import actions, expect
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.data import (
    ASSOCIATIONS,
    Association,
)
from edcert.edfi.model_rows import scenario_2_values
from edcert.edfi.scenario import EdfiScenario
from edcert.errors import HarnessError
from edcert.http import safe_json
from edcert.http.transport import Exchange
from edcert.inputs.model import rows_of
from edcert.record import checks

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
    other = edfi.second_values if element == "beginDate" else scenario_2_values(edfi)
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
    """The query (up to 500 records), asked again for a while as long as a wanted association is missing."""
    return actions.query_until_listed(edfi_client, {**params, "limit": 500}, *wanted)


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
