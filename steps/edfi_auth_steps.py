"""Steps of the Ed-Fi authentication feature: the token answer, a wrong secret, and every method of the
resource tried with each kind of invalid credentials."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from pytest_bdd import parsers, then, when

from edcert.edfi import actions, expect
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.credentials import MAY_BE_SERVED, SERVED, answer_ok, credentials_for, kind_of_cell
from edcert.edfi.data import ASSOCIATIONS, checked_payload, end_date_after
from edcert.edfi.expect import named
from edcert.edfi.scenario import EdfiScenario
from edcert.edfi.token import lifetime
from edcert.edfi.token_requests import MAY_ACCEPT, REPEATED, refusal_problem
from edcert.edfi.token_requests import requests_of as token_requests_of
from edcert.inputs.model import rows_of
from edcert.record import checks
from edcert.record.generated import GeneratedData

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

def _cells(datatable: list[list[str]]) -> list[tuple[str, str, str]]:
    """(element, operator, kind) of each row of the model's credentials table."""
    return [(element, operator, kind_of_cell(element, operator)) for element, operator in rows_of(datatable)]


def _with_access_token(url: str, token: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'access_token': token})}"


def _send_with_each(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                    datatable: list[list[str]], method: str, url: str, body: dict | None = None) -> None:
    token = edfi_client.bearer()
    secret = edfi_client.profile.client_secret.reveal()
    raw = json.dumps(body).encode() if body is not None else None
    for element, operator, kind in _cells(datatable):
        sent = credentials_for(kind, token, edfi_client.profile.client_id, secret, generated)
        target = url if sent.access_token is None else _with_access_token(url, sent.access_token)
        exchange = edfi_client.send_as(method, target, sent.authorization, raw)
        if exchange.status == 401 and kind in SERVED | MAY_BE_SERVED:
            # Credentials that may be served carry the issued token: it may have just expired, or been replaced by
            # a newer one (an API keeping one token per client); asked once more with a token fetched now.
            edfi_client.tokens.forget()
            sent = credentials_for(kind, edfi_client.bearer(), edfi_client.profile.client_id, secret, generated)
            target = url if sent.access_token is None else _with_access_token(url, sent.access_token)
            exchange = edfi_client.send_as(method, target, sent.authorization, raw)
        if method == "POST":
            actions.remove_if_stored(edfi_client, edfi, exchange)
        edfi.cases.append((f"{element}, {operator} ({kind})", exchange))
        edfi.kinds.append(kind)


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


@then("every one gets the answer its row names: 401 Unauthorized, unless the row says it is served")
def every_one_refused(edfi: EdfiScenario) -> None:
    cases = list(zip(edfi.cases, edfi.kinds, strict=True))
    refused_rightly_sent = [(name, exchange) for (name, exchange), kind in cases if kind in SERVED
                            and not answer_ok(kind, exchange.status)]
    if refused_rightly_sent:
        name, exchange = refused_rightly_sent[0]
        raise checks.fail("EDFI-AUTH-SCHEME-CASE", f"no 401 for {name}: the scheme is case-insensitive",
                          f"HTTP {exchange.status_line}", exchange)
    through = [(name, exchange) for (name, exchange), kind in cases if not answer_ok(kind, exchange.status)]
    if through:
        listed = "; ".join(f"{name} got HTTP {exchange.status_line}" for name, exchange in through)
        raise checks.fail("EDFI-AUTH-REQUIRED", f"{named({401})} for each kind of invalid credentials",
                          f"{len(through)} of {len(edfi.cases)} not refused: {listed} "
                          "(the exchange quoted is the first of them)", through[0][1])
    for (name, exchange), kind in cases:
        requirement = "EDFI-AUTH-SCHEME-CASE" if kind in SERVED else "EDFI-AUTH-REQUIRED"
        checks.passed(requirement, f"{name}: HTTP {exchange.status_line} from {exchange.request_line()}", exchange)


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


# --- the token request's cells (request model: edfi-token-request) --------------------------------------------

@when("a token is requested with each of these token requests:")
def token_requests(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData,
                   datatable: list[list[str]]) -> None:
    client_id, secret = edfi_client.profile.client_id, edfi_client.profile.client_secret.reveal()
    unknown = "edcert-unknown-" + generated.hex(20)
    edfi.token_cases = []
    for element, operator in rows_of(datatable):
        judged, requests = token_requests_of(element, operator, client_id, secret, unknown)
        for request in requests:
            exchange = edfi_client.token_request_as(request.basic, request.form)
            edfi.token_cases.append((f"{element}, {operator}: {request.label}", judged, exchange))


def _token_issued(exchange) -> bool:
    try:
        body = json.loads(exchange.body)
    except ValueError:
        return False
    return exchange.status == 200 and isinstance(body, dict) and "access_token" in body


@then("no request gets a token, each answered as its row names")
def no_token_for_any(edfi: EdfiScenario) -> None:
    problems = []
    for name, judged, exchange in edfi.token_cases:
        issued = _token_issued(exchange)
        if judged == MAY_ACCEPT:
            if issued or 400 <= exchange.status < 500:
                checks.passed("EDFI-TOKEN-REQUEST-REFUSED", f"{name}: HTTP {exchange.status_line}, "
                              + ("a token" if issued else "not supported (RFC 6749 2.3.1: MAY)"), exchange)
            else:
                problems.append((name, f"a token, or a refusal (4xx); got HTTP {exchange.status_line}", exchange))
            continue
        if issued and judged == REPEATED:
            checks.warn("EDFI-TOKEN-REQUEST-REFUSED", f"{name}: a token was issued; RFC 6749 3.2 says a parameter "
                        "MUST NOT be included more than once, and 5.2 answers it invalid_request", exchange)
            continue
        if issued or not 400 <= exchange.status < 500:
            problems.append((name, "a token was issued" if issued else f"HTTP {exchange.status_line}", exchange))
            continue
        form = refusal_problem(exchange.status, _json_or_none(exchange))
        if form:  # refused, and no token: the refusal's form departs from RFC 6749 5.2
            checks.warn("EDFI-TOKEN-REQUEST-REFUSED", f"{name}: refused without a token, but as {form}", exchange)
        else:
            checks.passed("EDFI-TOKEN-REQUEST-REFUSED", f"{name}: HTTP {exchange.status_line}, no token", exchange)
    if problems:
        listed = "; ".join(f"{name}: {problem}" for name, problem, _ in problems)
        raise checks.fail("EDFI-TOKEN-REQUEST-REFUSED", "no token for any of the wrong token requests (401, or 400 "
                          "with an RFC 6749 5.2 error)", f"{len(problems)} not refused: {listed} "
                          "(the exchange quoted is the first of them)",
                          problems[0][2])


def _json_or_none(exchange) -> object:
    try:
        return json.loads(exchange.body)
    except ValueError:
        return None
