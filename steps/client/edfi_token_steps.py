"""Step definitions of the Ed-Fi client's authentication: its token requests, its bearer tokens, and whether
it gets a new token when the API answers 401 (scenarios CLIENT-SCA-N1 to N3).
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl

from pytest_bdd import given, then, when

from edcert.client_side import client_checks as check
from edcert.client_side.edfi_traffic import EdfiTraffic, form_fields
from edcert.client_side.recorder import bearer_token
from edcert.client_side.session import ListenResult
from edcert.client_side.traffic import RecordedExchange

from .edfi_listen_steps import SisScenario

# --- authentication -------------------------------------------------------------------------

@when("the client's token requests are found among its requests", target_fixture="token_requests")
def token_requests(edfi_traffic: EdfiTraffic) -> list[RecordedExchange]:
    found = edfi_traffic.token_requests()
    if not found:
        raise check.fail("EDFI-CLIENT-TOKEN", f"a token request to {edfi_traffic.paths.token_path}",
                         f"none among the {len(edfi_traffic.records)} Ed-Fi requests", None)
    return found


@then("each one is a POST with grant_type client_credentials")
def grant_type(token_requests: list[RecordedExchange]) -> None:
    for record in token_requests:
        check.holds(record.method == "POST", "EDFI-CLIENT-TOKEN", "a POST to the token URL", record.method, record)
        grant = form_fields(record).get("grant_type")
        check.holds(grant == "client_credentials", "EDFI-CLIENT-TOKEN", "grant_type=client_credentials in the body",
                    f"grant_type {grant!r}", record)


def _basic(record: RecordedExchange) -> tuple[str, str] | None:
    scheme, _, value = (record.request_header("authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    return client_id, secret


@then("each one carries the client's id and secret in a Basic header or in the body, never in the URL")
def credentials_placed(token_requests: list[RecordedExchange], listen_result: ListenResult) -> None:
    creds = listen_result.credentials
    for record in token_requests:
        in_url = {k for k, _ in parse_qsl(record.query)} & {"client_id", "client_secret"}
        check.holds(not in_url, "EDFI-CLIENT-TOKEN", "credentials in a Basic header or in the body",
                    f"{' and '.join(sorted(in_url))} in the URL's query string, where logs and proxies keep them",
                    record)
        basic, fields = _basic(record), form_fields(record)
        in_body = fields.get("client_id") is not None or fields.get("client_secret") is not None
        check.holds(bool(basic) != in_body, "EDFI-CLIENT-TOKEN", "credentials in a Basic header or in the body",
                    "both (the Ed-Fi API refuses that)" if basic and in_body else "neither", record)
        client_id, secret = basic or (fields.get("client_id"), fields.get("client_secret"))
        check.holds(client_id == creds.edfi_client_id and secret == creds.edfi_client_secret.reveal(),
                    "EDFI-CLIENT-TOKEN", "the client id and secret edcert listen gave",
                    "another client id or secret", record)


@then("the token endpoint issued a token to the client")
def token_issued(token_requests: list[RecordedExchange], edfi_traffic: EdfiTraffic) -> None:
    check.holds(bool(edfi_traffic.issued), "EDFI-CLIENT-TOKEN", "a token issued (HTTP 200 with access_token)",
                f"HTTP {token_requests[-1].status} to every token request", token_requests[-1])


@then("the client keeps its token instead of getting one for every call")
def token_reused(token_requests: list[RecordedExchange], edfi_traffic: EdfiTraffic) -> None:
    resources = edfi_traffic.resource_requests()
    if len(resources) > 1 and len(token_requests) >= len(resources):
        check.warn("EDFI-CLIENT-TOKEN-REUSE", f"the client got {len(token_requests)} tokens for {len(resources)} "
                   "resource requests, a token for every call; a token serves until it expires (expires_in)",
                   token_requests[-1])
        return
    check.passed("EDFI-CLIENT-TOKEN-REUSE", f"{len(token_requests)} token request(s) for {len(resources)} resource "
                 "requests")


@when("the client's resource requests are found among its requests", target_fixture="resource_requests")
def resource_requests(edfi_traffic: EdfiTraffic) -> list[RecordedExchange]:
    found = edfi_traffic.resource_requests()
    check.holds(bool(found), "EDFI-CLIENT-BEARER", "resource requests with a bearer token",
                f"no resource request among the {len(edfi_traffic.records)} Ed-Fi requests", None)
    return found


@then("each one carries Authorization: Bearer with a token issued to the client before it")
def bearer_everywhere(resource_requests: list[RecordedExchange], edfi_traffic: EdfiTraffic) -> None:
    for record in resource_requests:
        token = bearer_token(record)
        if token is None:
            raise check.fail("EDFI-CLIENT-BEARER", "Authorization: Bearer <token>",
                             f"Authorization {(record.request_header('authorization') or 'absent').split(' ')[0]}",
                             record)
        issued_at = edfi_traffic.issued.get(token)
        check.holds(issued_at is not None and issued_at < record.number, "EDFI-CLIENT-BEARER",
                    "a token the token endpoint issued to the client earlier in the session",
                    "a token it never issued", record)
    check.passed("EDFI-CLIENT-BEARER", f"all {len(resource_requests)} resource requests carry an issued token")


@given("edcert listen answered 401 Unauthorized to the second request made with the client's first token")
def renewal_probe(edfi_traffic: EdfiTraffic, sis: SisScenario) -> None:
    sis.probe = edfi_traffic.renewal_probe()


@then("the client's next resource request carries a token it got after that 401")
def renewed(edfi_traffic: EdfiTraffic, sis: SisScenario) -> None:
    probe = sis.probe
    if probe is None:
        check.passed("EDFI-CLIENT-RENEWS-TOKEN", "the client never used its first token twice, so edcert had no "
                     "reason to answer 401 (a token for every call is advice in CLIENT-SCA-N1)")
        return
    later = [r for r in edfi_traffic.resource_requests() if r.number > probe.number]
    if not later:
        raise check.fail("EDFI-CLIENT-RENEWS-TOKEN", f"a new token, then a resource request after the 401 to request "
                         f"#{probe.number}", "no resource request after it", probe)
    following = later[0]
    token = bearer_token(following)
    issued_at = edfi_traffic.issued.get(token or "")
    check.holds(issued_at is not None and issued_at > probe.number, "EDFI-CLIENT-RENEWS-TOKEN",
                f"request #{following.number} with a token obtained after the 401 to request #{probe.number}",
                "the same token again" if token == bearer_token(probe) else "a token obtained before the 401",
                following)
