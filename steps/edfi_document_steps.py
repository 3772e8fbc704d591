"""Steps of the Ed-Fi sheet's scenarios 1 to 3: create two associations, read them back, upsert, and add
an end date to the first with PUT. Their records stay on the target as evidence."""

from __future__ import annotations

from pytest_bdd import given, then, when

from edcert.edfi import actions
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.data import checked_payload
from edcert.edfi.scenario import EdfiScenario
from edcert.record import checks


@given("the association of scenario 1 exists on the target")
def scenario_one_exists(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    # POSTed again without its end date: an upsert answers the Location of the record scenario 1 made
    # (or creates it when scenario 1 has not run), and no collection query is needed to find it.
    assert edfi.values is not None
    edfi.location = actions.create(edfi_client, edfi, edfi.values.with_(end_date=None))


@then("its Location header leads to the association")
def location_leads_to_it(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    record = actions.read_back(edfi_client, edfi, edfi.location)
    checks.is_true(isinstance(record.get("id"), str) and bool(record.get("id")), "EDFI-ID",
                   "the association to carry its id", f"no id in {sorted(record)}", edfi.last)
    if "_etag" not in record:
        checks.warn("EDFI-ETAG", "the association carries no _etag; optimistic locking will not work for clients",
                    edfi.last)
    else:
        checks.passed("EDFI-ETAG", "_etag present", edfi.last)
    edfi.record = record


@then("reading it back gives every value sent, unchanged")
def values_unchanged(edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.record is not None
    actions.same_values(edfi.record, edfi.values.body(), "EDFI-ROUND-TRIP", edfi.last)


@then("POSTing the same association again updates it in place")
def post_again_upserts(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    exchange = actions.post_valid(edfi_client, edfi, edfi.values)
    checks.status_is(exchange, {200}, "EDFI-UPSERT")
    location = checks.header_present(exchange, "Location", "EDFI-UPSERT")
    checks.equals(edfi_client.resolve_location(location), edfi.location, "Location of the second POST",
                  "EDFI-UPSERT", exchange)


@when("the association is PUT with its end date")
def put_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    body = checked_payload({"id": id_in(edfi.location), **edfi.values.body()}, actions.REQUEST_SCHEMA)
    edfi.last = edfi_client.put(edfi.location, body)


@then("reading it back shows the end date and every other value unchanged")
def end_date_stored(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    sent = edfi.values.body()
    record = actions.read_back(edfi_client, edfi, edfi.location,
                               lambda shown: all(actions.value_at(shown, path) == value
                                                 for path, value in actions.sent_values(sent).items()))
    actions.same_values(record, sent, "EDFI-PUT-STORED", edfi.last)
