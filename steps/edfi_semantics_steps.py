"""Steps of the Ed-Fi resource semantics feature: upsert, PUT replacing, key changes, DELETE, unknown ids,
a PUT whose body names another id, and optimistic locking with If-Match."""

from __future__ import annotations

from datetime import date, timedelta

from pytest_bdd import then, when

from edcert.edfi import actions, expect
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.data import SECOND_DATE_OFFSET, Association, checked_payload, end_date_after, unissued_id_like
from edcert.edfi.scenario import EdfiScenario
from edcert.record import checks
from edcert.record.generated import GeneratedData


def _put_body(location: str, values: Association) -> dict:
    """A PUT body carries the id of its URL: the Data Management Service requires it, the ODS/API ignores it."""
    return checked_payload({"id": id_in(location), **values.body()}, actions.REQUEST_SCHEMA)


# --- upsert ---------------------------------------------------------------------------------

@when("the same association is POSTed again with an end date")
def post_again_with_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None
    edfi.values = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date))
    exchange = actions.post_valid(edfi_client, edfi, edfi.values)
    actions.remove_if_stored(edfi_client, edfi, exchange)


@then("the API answers 200 OK with the same Location")
def upserted(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.last is not None and edfi.location is not None
    checks.status_is(edfi.last, {200}, "EDFI-UPSERT")
    location = checks.header_present(edfi.last, "Location", "EDFI-UPSERT")
    checks.equals(edfi_client.resolve_location(location), edfi.location, "Location of the second POST",
                  "EDFI-UPSERT", edfi.last)


@then("reading it back shows that end date")
def upsert_stored(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    end_date = edfi.values.end_date
    record = actions.read_back(edfi_client, edfi, edfi.location, lambda shown: shown.get("endDate") == end_date)
    checks.equals(record.get("endDate"), end_date, "endDate after POSTing it onto the existing "
                  "association", "EDFI-UPSERT-STORES", edfi.last)


# --- PUT ------------------------------------------------------------------------------------

@when("the association is PUT with another end date")
def put_with_another_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    edfi.values = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date, days=14))
    edfi.last = edfi_client.put(edfi.location, _put_body(edfi.location, edfi.values))


@then("reading it back shows the new end date: the PUT was stored")
def put_was_stored(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    """What a later check of this PUT's effects builds on: a PUT that stores nothing shows nothing about them."""
    assert edfi.location is not None and edfi.values is not None
    end_date = edfi.values.end_date
    record = actions.read_back(edfi_client, edfi, edfi.location, lambda shown: shown.get("endDate") == end_date)
    checks.equals(record.get("endDate"), end_date, "endDate after a PUT changing it (read back by id)",
                  "EDFI-PUT-STORED", edfi.last)


@when("the association is PUT without its end date")
def put_without_end_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    edfi.last = edfi_client.put(edfi.location, _put_body(edfi.location, edfi.values.with_(end_date=None)))


@then("reading it back shows no end date")
def end_date_removed(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None and edfi.values is not None
    record = actions.read_back(edfi_client, edfi, edfi.location, lambda shown: shown.get("endDate") is None)
    checks.equals(record.get("endDate"), None, "endDate after a PUT without it (absent or null)",
                  "EDFI-PUT-REPLACES", edfi.last)
    actions.same_values(record, edfi.values.with_(end_date=None).body(), "EDFI-PUT-REPLACES", edfi.last)


@when("the association is PUT with a different beginDate")
def put_changed_begin_date(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    # A date of this scenario's own (its second), never another scenario's.
    moved = (date.fromisoformat(edfi.values.begin_date or "") + timedelta(days=SECOND_DATE_OFFSET)).isoformat()
    edfi.refusal_requirement = "EDFI-KEY-CHANGE-REFUSED"
    edfi.last = edfi_client.put(edfi.location, _put_body(edfi.location, edfi.values.with_(begin_date=moved)))


@when("the first association is PUT with an end date and the second association's id in its body")
def put_with_other_id(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None and edfi.second_location is not None
    changed = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date))
    body = checked_payload({"id": id_in(edfi.second_location), **changed.body()}, actions.REQUEST_SCHEMA)
    edfi.last = edfi_client.put(edfi.location, body)


@then("the API refuses it with 400 Bad Request, or accepts it for the first association")
def other_id_refused_or_ignored(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    checks.status_is(edfi.last, {400, 204, 200}, "EDFI-PUT-URL-ID")


@then("reading the second association back shows it unchanged")
def second_unchanged(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.second_location is not None and edfi.second_values is not None
    exchange = actions.read_settled(edfi_client, edfi.second_location, lambda answer: answer.status == 200)
    checks.status_is(exchange, {200}, "EDFI-PUT-URL-ID")
    record = checks.json_body(exchange, "EDFI-PUT-URL-ID")
    edfi.last = exchange
    checks.equals(record.get("endDate") if isinstance(record, dict) else record, None,
                  "endDate of the association whose id the PUT body carried", "EDFI-PUT-URL-ID", exchange)
    actions.same_values(record, edfi.second_values.body(), "EDFI-PUT-URL-ID", exchange)


# --- DELETE and ids that do not exist -------------------------------------------------------

@then("reading it afterwards answers 404 Not Found")
def gone(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    exchange = actions.read_settled(edfi_client, edfi.location, lambda answer: answer.status == 404)
    checks.status_is(exchange, {404}, "EDFI-DELETE-STORED")
    edfi.removed(edfi.location)


@then("the second association is still there")
def second_still_there(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.second_location is not None
    expect.still_there(edfi_client, edfi.second_location, "EDFI-DELETE-STORED",
                       "the association differing only in beginDate is still there after the DELETE of the first")


@then("DELETEing it again answers 404 Not Found")
def deleted_twice(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    checks.status_is(edfi_client.delete(edfi.location), {404}, "EDFI-UNKNOWN-ID")


@then("a PUT to its id answers 404 Not Found, and does not bring it back")
def put_to_deleted(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None and edfi.values is not None
    checks.status_is(edfi_client.put(edfi.location, _put_body(edfi.location, edfi.values)), {404}, "EDFI-UNKNOWN-ID")
    checks.status_is(actions.read_settled(edfi_client, edfi.location, lambda answer: answer.status == 404), {404},
                     "EDFI-UNKNOWN-ID")
    edfi.removed(edfi.location)


@then("reading an id that was never issued answers 404 Not Found")
def never_issued(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.location is not None
    base, _, issued = edfi.location.split("?", 1)[0].rstrip("/").rpartition("/")
    checks.status_is(edfi_client.get(f"{base}/{unissued_id_like(issued, generated)}"), {404}, "EDFI-UNKNOWN-ID")


# --- If-Match -------------------------------------------------------------------------------

def _etag_given(edfi: EdfiScenario) -> bool:
    """Optimistic locking is checked only where the API gives ETags (the Given step warned otherwise)."""
    return edfi.etag is not None


@when("the association is PUT with an end date and If-Match carrying that ETag")
def put_with_current_etag(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    if not _etag_given(edfi):
        return
    edfi.values = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date))
    edfi.last = edfi_client.put_if_match(edfi.location, _put_body(edfi.location, edfi.values), edfi.etag or "")


@when("the association is PUT with another end date and If-Match carrying that ETag, now stale")
def put_with_stale_etag(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    if not _etag_given(edfi):
        return
    other = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date, days=14))
    edfi.last = edfi_client.put_if_match(edfi.location, _put_body(edfi.location, other), edfi.etag or "")


@when("the association is DELETEd with If-Match carrying that ETag, now stale")
def delete_with_stale_etag(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    if not _etag_given(edfi):
        return
    edfi.last = edfi_client.delete_if_match(edfi.location, edfi.etag or "")


@then("the update is accepted: 204 No Content, or 200 OK, where the API gives ETags")
def update_with_etag_accepted(edfi: EdfiScenario) -> None:
    if _etag_given(edfi):
        assert edfi.last is not None
        checks.status_is(edfi.last, {204, 200}, "EDFI-IF-MATCH")


@then("reading it back shows that end date, with a new ETag, where the API gives ETags")
def stored_with_new_etag(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    """The stale If-Match that follows is stale only if this update was stored and changed the ETag."""
    assert edfi.location is not None and edfi.values is not None
    if not _etag_given(edfi):
        return
    put, end_date = edfi.last, edfi.values.end_date
    record = actions.read_back(edfi_client, edfi, edfi.location, lambda shown: shown.get("endDate") == end_date)
    checks.equals(record.get("endDate"), end_date, "endDate after the PUT carrying the current If-Match (a PUT "
                  "that stores nothing makes no ETag stale, so If-Match cannot be checked)", "EDFI-PUT-STORED",
                  edfi.last)
    new = actions.etag_of(edfi.last, record) or (actions.etag_of(put) if put is not None else None)
    if new is None:
        checks.warn("EDFI-IF-MATCH", "the association read back after its update carries no ETag (no ETag header, "
                    "no _etag): the ETag given at creation is taken as the one now stale", edfi.last)
        return
    checks.is_true(not actions.same_etag(new, edfi.etag or ""), "EDFI-ETAG-CHANGES",
                   f"an ETag that changed with the update (it was {edfi.etag} before)",
                   f"ETag {new} after the update, the same as before it: a request carrying the ETag it had "
                   "before the update cannot be told from a current one", edfi.last)


@then("the API answers 412 Precondition Failed")
def precondition_failed(edfi: EdfiScenario) -> None:
    if _etag_given(edfi):
        assert edfi.last is not None
        if edfi.last.method == "DELETE" and edfi.last.status == 405:  # no DELETE at all: nothing to say of If-Match
            raise checks.fail("EDFI-DELETE", "DELETE of an association to be served (a stale If-Match then refused "
                              "with 412)", f"HTTP {edfi.last.status_line}: the API does not allow DELETE, so its "
                              "If-Match cannot be checked", edfi.last)
        checks.status_is(edfi.last, {412}, "EDFI-IF-MATCH")


@then("reading it back shows the first end date: the stale requests changed nothing")
def stale_changed_nothing(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None and edfi.values is not None
    if not _etag_given(edfi):
        return
    end_date = edfi.values.end_date
    exchange = actions.read_settled(edfi_client, edfi.location,
                                    actions.showing(lambda shown: shown.get("endDate") == end_date))
    checks.status_is(exchange, {200}, "EDFI-REFUSED-CHANGES-NOTHING")
    record = checks.json_body(exchange, "EDFI-REFUSED-CHANGES-NOTHING")
    checks.equals(record.get("endDate") if isinstance(record, dict) else record, edfi.values.end_date,
                  "endDate after the PUT and DELETE with a stale If-Match", "EDFI-REFUSED-CHANGES-NOTHING", exchange)
