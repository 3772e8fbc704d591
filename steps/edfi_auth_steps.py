"""Steps of the Ed-Fi authentication feature: the token answer, a wrong secret, and every method of the
resource tried with each kind of invalid credentials."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from pytest_bdd import parsers, then, when

from edcert import checks
from edcert.edfi import actions, expect
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.credentials import EXPLAINED, INVALID_CREDENTIALS, invalid_authorization
from edcert.edfi.data import ASSOCIATIONS, checked_payload, end_date_after
from edcert.edfi.expect import named
from edcert.edfi.scenario import EdfiScenario
from edcert.edfi.token import lifetime
from edcert.errors import HarnessError
from edcert.generated import GeneratedData

TOKEN_SCHEMA = "edfi/token-response.schema.json"


# --- the token endpoint ---------------------------------------------------------------------

@when("a token is requested with the profile's client credentials")
def token_requested(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    edfi.last = edfi_client.request_token(edfi_client.profile.client_id, edfi_client.profile.client_secret.reveal())


@then("the token endpoint answers 200 OK with a bearer token that may be sent")
def token_usable(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    # Kept in place of the one from the Background: an API may keep only the newest token of a client.
    edfi_client.keep_token(edfi.last)


@then("the answer gives the token's lifetime in seconds, as RFC 6749 recommends")
def token_lifetime(edfi: EdfiScenario) -> None:
    assert edfi.last is not None
    body = json.loads(edfi.last.body)
    life = lifetime(body)
    if life.missing:
        checks.warn("EDFI-TOKEN", "the token answer has no expires_in (RFC 6749 5.1: RECOMMENDED); clients cannot "
                    "tell when to renew the token, and renew it when the API refuses it", edfi.last)
    elif life.problem:
        raise checks.fail("EDFI-TOKEN", "expires_in, the lifetime of the token in seconds (RFC 6749 5.1)",
                          life.problem, edfi.last)
    else:
        checks.passed("EDFI-TOKEN", f"expires_in {life.seconds:g} s", edfi.last)
    checks.matches_schema(body, TOKEN_SCHEMA, "EDFI-TOKEN", edfi.last)


@when("a token is requested for the profile's client id with a wrong secret")
def token_with_wrong_secret(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    edfi.last = edfi_client.request_token(edfi_client.profile.client_id, "edcert-wrong-" + generated.hex(24))


@then("the token endpoint refuses it with 401 Unauthorized, or 400 Bad Request and error invalid_client")
def token_refused(edfi: EdfiScenario) -> None:
    exchange = edfi.last
    assert exchange is not None
    checks.status_is(exchange, {401, 400}, "EDFI-BAD-SECRET-REFUSED")
    if exchange.status == 400:
        body = checks.json_body(exchange, "EDFI-BAD-SECRET-REFUSED")
        checks.equals(body.get("error") if isinstance(body, dict) else None, "invalid_client", "error",
                      "EDFI-BAD-SECRET-REFUSED", exchange)


# --- each method with each kind of invalid credentials --------------------------------------

def _kinds(datatable: list[list[str]]) -> list[str]:
    kinds = [row[0].strip() for row in datatable[1:]]
    unknown = [kind for kind in kinds if kind not in INVALID_CREDENTIALS]
    if unknown:
        raise HarnessError(f"feature table names unknown credentials {unknown}; known: {list(INVALID_CREDENTIALS)}")
    return kinds


def _send_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                    datatable: list[list[str]], method: str, url: str, body: dict | None = None) -> None:
    token = edfi_client.bearer()
    secret = edfi_client.profile.client_secret.reveal()
    raw = json.dumps(body).encode() if body is not None else None
    for kind in _kinds(datatable):
        authorization = invalid_authorization(kind, token, edfi_client.profile.client_id, secret, generated)
        exchange = edfi_client.send_as(method, url, authorization, raw)
        if method == "POST":
            actions.remove_if_stored(edfi_client, edfi, exchange)
        edfi.cases.append((f"{kind} ({EXPLAINED[kind]})", exchange))


@when(parsers.parse("the collection is queried by the association's natural key with each kind of invalid "
                    "credentials:"))
def query_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                    datatable: list[list[str]]) -> None:
    assert edfi.values is not None
    url = f"{edfi_client.collection_url(ASSOCIATIONS)}?{urlencode(edfi.values.key_params())}"
    _send_with_each(edfi_client, edfi, generated, datatable, "GET", url)


@when("the association is read by its id with each kind of invalid credentials:")
def read_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                   datatable: list[list[str]]) -> None:
    assert edfi.location is not None
    _send_with_each(edfi_client, edfi, generated, datatable, "GET", edfi.location)


@when("the association is POSTed with each kind of invalid credentials:")
def post_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                   datatable: list[list[str]]) -> None:
    assert edfi.values is not None
    body = checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)
    _send_with_each(edfi_client, edfi, generated, datatable, "POST", edfi_client.collection_url(ASSOCIATIONS), body)


@when("the association is PUT with an end date, with each kind of invalid credentials:")
def put_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                  datatable: list[list[str]]) -> None:
    assert edfi.values is not None and edfi.location is not None
    changed = edfi.values.with_(end_date=end_date_after(edfi.values.begin_date))
    body = checked_payload({"id": id_in(edfi.location), **changed.body()}, actions.REQUEST_SCHEMA)
    _send_with_each(edfi_client, edfi, generated, datatable, "PUT", edfi.location, body)


@when("the association is DELETEd with each kind of invalid credentials:")
def delete_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                     datatable: list[list[str]]) -> None:
    assert edfi.location is not None
    _send_with_each(edfi_client, edfi, generated, datatable, "DELETE", edfi.location)


@then("every one is refused with 401 Unauthorized")
def every_one_refused(edfi: EdfiScenario) -> None:
    through = [(name, exchange) for name, exchange in edfi.cases if exchange.status != 401]
    if through:
        listed = "; ".join(f"{name} got HTTP {exchange.status_line}" for name, exchange in through)
        raise checks.fail("EDFI-AUTH-REQUIRED", f"{named({401})} for each kind of invalid credentials",
                          f"{len(through)} of {len(edfi.cases)} not refused: {listed} "
                          "(the exchange quoted is the first of them)",
                          through[0][1])
    for name, exchange in edfi.cases:
        checks.passed("EDFI-AUTH-REQUIRED", f"{name}: HTTP {exchange.status_line} from {exchange.request_line()}",
                      exchange)


@then("reading it back with a valid token shows it unchanged, without an end date")
def unchanged_after_refused_puts(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None and edfi.values is not None
    record = actions.read_back(edfi_client, edfi, edfi.location)
    checks.equals(record.get("endDate"), None, "endDate after the refused PUTs", "EDFI-REFUSED-CHANGES-NOTHING",
                  edfi.last)
    actions.same_values(record, edfi.values.body(), "EDFI-REFUSED-CHANGES-NOTHING", edfi.last)


@then("reading it back with a valid token shows it is still there")
def still_there_after_refused_deletes(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    expect.still_there(edfi_client, edfi.location, "EDFI-REFUSED-CHANGES-NOTHING",
                       "the association is still there after the refused DELETEs")
