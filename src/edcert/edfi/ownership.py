"""A 403 on a write to a record that exists and that another client wrote: ownership-based authorization (an
authorization strategy of Ed-Fi APIs; Meadowlark applies it to every document). The API is right about its own
data, so the scenario ends `error` with the answer quoted and what to do, never `failed`, unless the profile says
the records on the target are this client's (`owns_existing_records = true`)."""

from __future__ import annotations

from ..errors import RecordOfAnotherClient
from ..http.transport import Exchange
from .answers import describe
from .client import EdfiClient
from .data import ASSOCIATIONS, Association, checked_payload, spare_date
from .scenario import EdfiScenario

REQUEST_SCHEMA = "edfi/studentCohortAssociation.request.schema.json"


def refused_as_not_owned(client: EdfiClient, edfi: EdfiScenario, values: Association,
                         exchange: Exchange) -> RecordOfAnotherClient | None:
    """The error to report when a valid write was refused with 403 because the record belongs to another client.

    The record exists if the collection query found it before the POST. If the query could not tell, the same
    association with a date of the scenario's own is POSTed once: accepted, it shows that this client may write
    such associations, so the refusal concerns the existing record alone (the probe is deleted afterwards).
    """
    queried = edfi.lookup is not None and edfi.existed_before is not None  # the query told whether it existed
    if exchange.status != 403 or client.profile.owns_existing_records or (queried and not edfi.existed_before):
        return None
    if queried:
        shown = "the collection query found it before the POST"
    else:
        probe = client.post(ASSOCIATIONS, checked_payload(
            values.with_(begin_date=spare_date(edfi.scenario_id).isoformat(), end_date=None).body(), REQUEST_SCHEMA))
        location = probe.header("location")
        if 200 <= probe.status < 300 and location:
            edfi.remove_afterwards(client, client.resolve_location(location))
        if probe.status not in (200, 201):
            return None
        shown = (f"the same association with another beginDate was accepted ({probe.request_line()} answered "
                 f"HTTP {probe.status_line}), so this client may write such associations and the refusal concerns "
                 "the record already there")
    return RecordOfAnotherClient(
        f"the target refused to write an association that exists and that client {client.profile.client_id} may "
        f"not own: {describe(exchange)}. It exists: {shown}. An API that authorizes writes by ownership lets only "
        "the client that wrote a record change it; this is the target's decision, not a defect edcert can judge. "
        "Certify with the client that wrote the records, or remove them from the target and run again; if they "
        "are this client's, set owns_existing_records = true in [edfi] and the refusal is judged as a failure.")
