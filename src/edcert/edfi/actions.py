"""What the Ed-Fi steps do again and again, in one place: POST a valid association, take its Location,
read it back, compare what was sent with what came back. Each names the requirement it proves."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from ..http import safe_json
from ..http.transport import Exchange
from ..inputs.data_standard import major
from ..record import checks
from . import expect, ownership, prerequisites, specification_schemas
from .client import EdfiClient
from .data import ASSOCIATIONS, Association, checked_payload
from .reads import read_settled, showing
from .scenario import EdfiScenario

REQUEST_SCHEMA = "edfi/studentCohortAssociation.request.schema.json"
RESPONSE_SCHEMA = "edfi/studentCohortAssociation.schema.json"
#: How long a new association may take to appear in collection queries. APIs that answer queries from a search
#: index fed by change data capture (the Data Management Service with its search database, Meadowlark) show a
#: write there a moment after it is made.
SEARCH_INDEX_WAIT = 10.0


def post_valid(client: EdfiClient, edfi: EdfiScenario, values: Association) -> Exchange:
    """POST a valid association; a refusal naming its cohort or student is a missing prerequisite."""
    edfi.last = client.post(ASSOCIATIONS, checked_payload(values.body(), REQUEST_SCHEMA))
    missing = prerequisites.missing(edfi.last, values, created=edfi.prerequisites_created,
                                    problems=edfi.prerequisite_problems)
    if missing is not None:
        raise missing
    not_owned = ownership.refused_as_not_owned(client, edfi, values, edfi.last)
    if not_owned is not None:
        raise not_owned
    return edfi.last


def created(client: EdfiClient, edfi: EdfiScenario, exchange: Exchange, allowed: set[int],
            note: str = "") -> str:
    """The POST answered one of the allowed statuses with a Location on the API's origin; returns the Location.

    A record the scenario made on generated values is removed when the scenario ends.
    """
    if not edfi.keep_records:
        remove_if_stored(client, edfi, exchange)
    if note and exchange.status in allowed:
        checks.passed("EDFI-POST-CREATED", f"HTTP {exchange.status_line} accepted: {note}", exchange)
    else:
        expect.status(exchange, allowed, "EDFI-POST-CREATED", client, ASSOCIATIONS)
    location = expect.location(client, exchange)
    leads_to_it(client, location)
    return location


def leads_to_it(client: EdfiClient, location: str) -> None:
    """What every later step on the record builds on: its Location answers 200 OK (asked again for a moment while
    it does not: an API whose reads lag shows it shortly). Otherwise the failure is the Location's, not theirs."""
    exchange = read_settled(client, location, lambda answer: answer.status == 200)
    if exchange.status != 200:
        raise checks.fail("EDFI-GET-BY-ID", "HTTP 200 OK at the Location of the association just POSTed",
                          f"HTTP {exchange.status_line}", exchange)


def create(client: EdfiClient, edfi: EdfiScenario, values: Association) -> str:
    """A record the scenario needs: POSTed (201 or 200, either way it exists now) and its Location taken."""
    return created(client, edfi, post_valid(client, edfi, values), {200, 201})


def remove_if_stored(client: EdfiClient, edfi: EdfiScenario, exchange: Exchange) -> None:
    """A request the target should have refused stored a record all the same: remove it when the scenario ends."""
    location = exchange.header("location")
    if 200 <= exchange.status < 300 and location:
        edfi.remove_afterwards(client, client.resolve_location(location))


def refused(edfi: EdfiScenario, statuses: set[int]) -> None:
    """The last request was refused with one of the statuses and an Ed-Fi error body."""
    assert edfi.last is not None
    checks.status_is(edfi.last, statuses, edfi.refusal_requirement)
    expect.error_bodies([("the refusal", edfi.last)])


def read_back(client: EdfiClient, edfi: EdfiScenario, url: str,
              wanted: Callable[[dict], bool] = lambda record: True) -> dict:
    """GET by id: 200 with an association valid against the response schema; asked again while the record made
    or changed just before is not yet there or does not yet show what is wanted (reads that lag writes)."""
    exchange = read_settled(client, url, showing(wanted))
    checks.status_is(exchange, {200}, "EDFI-GET-BY-ID")
    body = checks.json_body(exchange, "EDFI-GET-BY-ID")
    checks.matches_schema(body, RESPONSE_SCHEMA, "EDFI-SCHEMA", exchange)
    # And the schema Ed-Fi publishes for the Data Standard judged, where edcert vendors it.
    published = specification_schemas.for_standard(major(client.standard.version))
    if published is not None and client.standard.bounds.known:
        checks.matches_schema(body, published, "EDFI-SCHEMA", exchange)
    edfi.last = exchange
    return body


def etag_of(exchange: Exchange, record: dict | None = None) -> str | None:
    """The ETag an answer gives: its ETag header, or the record's _etag, quoted as a header carries it."""
    etag = exchange.header("etag")
    if not etag and isinstance(record, dict) and isinstance(record.get("_etag"), str) and record["_etag"]:
        etag = f'"{record["_etag"]}"'
    return etag or None


def same_etag(left: str, right: str) -> bool:
    """ETags compared by their opaque value: a weak prefix and the quotes are not part of it."""
    def opaque(tag: str) -> str:
        tag = tag.strip()
        return (tag[2:] if tag.startswith("W/") else tag).strip('"')
    return opaque(left) == opaque(right)


def sent_values(body: dict, prefix: str = "") -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in body.items():
        if key == "id":
            continue
        if isinstance(value, dict):
            values.update(sent_values(value, f"{prefix}{key}."))
        else:
            values[f"{prefix}{key}"] = value
    return values


def value_at(record: dict, path: str) -> object:
    value: object = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def same_values(record: dict, sent: dict, requirement: str, exchange: Exchange | None) -> None:
    """Every value sent reads back unchanged."""
    for path, value in sent_values(sent).items():
        checks.equals(value_at(record, path), value, path, requirement, exchange)


#: Values of the association a body may leave out; read back, one not sent must be absent, null or empty.
OPTIONAL_VALUES = ("endDate", "sections")


def stored_exactly(record: dict, sent: dict, requirement: str, exchange: Exchange | None, what: str) -> None:
    """The association read back holds every value sent, unchanged, and no optional value that was not sent.

    Members the API adds (id, _etag, _lastModifiedDate, link objects inside references, other members of its own)
    contradict nothing and are allowed.
    """
    problems = []
    for path, value in sent_values(sent).items():
        found = value_at(record, path)
        if found != value:
            problems.append(f"{path} = {json.dumps(found)} (sent {json.dumps(value)})")
    for name in OPTIONAL_VALUES:
        if name not in sent and record.get(name) not in (None, [], ""):
            problems.append(f"{name} = {json.dumps(record.get(name))[:80]} (not sent)")
    if problems:
        raise checks.fail(requirement, f"the association exactly as {what} sent it", "; ".join(problems), exchange)
    checks.passed(requirement, f"the association read back holds exactly what {what} sent", exchange)


def showing_sent(sent: dict) -> Callable[[dict], bool]:
    """Whether a record read back shows every value sent (what a read that lags its write waits for)."""
    return lambda record: all(value_at(record, path) == value for path, value in sent_values(sent).items())


def same_id(left: object, right: str) -> bool:
    """Ids compared as the API may write them: 32 hex characters, or a dashed GUID, in either case."""
    return isinstance(left, str) and left.replace("-", "").lower() == right.replace("-", "").lower()


def query_until_listed(client: EdfiClient, params: dict[str, object], *wanted_ids: str,
                       wait: float = SEARCH_INDEX_WAIT) -> Exchange:
    """The collection query, asked again for up to `wait` seconds while it answers an array without every wanted
    association (a search index that has not caught up yet); any other answer is returned at once."""
    deadline = time.monotonic() + wait
    pause = 0.1
    while True:
        exchange = client.query(ASSOCIATIONS, params)
        if exchange.status != 200 or time.monotonic() + pause > deadline:
            return exchange
        try:
            records = safe_json.loads(exchange.body)
        except ValueError:
            return exchange
        if not isinstance(records, list) or all(any(isinstance(r, dict) and same_id(r.get("id"), wanted)
                                                    for r in records) for wanted in wanted_ids):
            return exchange
        time.sleep(pause)
        pause = min(pause * 2, 1.0)
