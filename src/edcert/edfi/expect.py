"""Ed-Fi checks made of edcert.record.checks' primitives: each names its requirement and the exchange it rests on,
and a check over a table of cases names every case that broke it."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..http.transport import Exchange
from ..record import checks
from ..record.schemas import schema_errors
from .answers import base_url_advice
from .client import EdfiClient
from .reads import read_settled

ERROR_SCHEMA = "edfi/error.schema.json"


def named(statuses: Iterable[int]) -> str:
    """HTTP statuses in words: "HTTP 201 Created or 200 OK"."""
    return "HTTP " + checks.statuses_in_words(statuses)


def status(exchange: Exchange, allowed: Iterable[int], requirement: str, client: EdfiClient, resource: str) -> None:
    """status_is, with a hint at base_url when the collection URL itself answered 404."""
    allowed = set(allowed)
    advice = base_url_advice(exchange, client.collection_url(resource))
    if exchange.status not in allowed and advice:
        raise checks.fail(requirement, named(allowed),
                          f"HTTP {exchange.status_line}{advice}", exchange)
    checks.status_is(exchange, allowed, requirement)


def location(client: EdfiClient, exchange: Exchange, requirement: str = "EDFI-LOCATION") -> str:
    """The answer's Location, resolved against base_url, on the API's own origin."""
    value = checks.header_present(exchange, "Location", requirement)
    resolved = client.resolve_location(value)
    checks.is_true(client.same_origin(resolved), requirement,
                   f"a Location on the API's own origin ({client.profile.base_url})",
                   f"Location {value}; edcert sends no credentials to another origin", exchange)
    return resolved


def still_there(client: EdfiClient, url: str, requirement: str, what: str) -> None:
    """GET of an association that must still exist answers 200 OK."""
    exchange = read_settled(client, url, lambda answer: answer.status == 200)
    if exchange.status != 200:
        raise checks.fail(requirement, f"HTTP 200 OK: {what}", f"HTTP {exchange.status_line}", exchange)
    checks.passed(requirement, what, exchange)


def refused_each(cases: list[tuple[str, Exchange]], allowed: Iterable[int], requirement: str) -> None:
    """Every case of a table was refused with one of the allowed statuses; a failure names each case that was not."""
    allowed = set(allowed)
    through = [(name, exchange) for name, exchange in cases if exchange.status not in allowed]
    if through:
        listed = "; ".join(f"{name}: HTTP {exchange.status_line}" for name, exchange in through)
        raise checks.fail(requirement, f"{named(allowed)} for every case", f"{len(through)} of {len(cases)} not "
                          f"refused: {listed} (the exchange quoted is the first of them)", through[0][1])
    for name, exchange in cases:
        checks.passed(requirement, f"{name}: HTTP {exchange.status_line} from {exchange.request_line()}", exchange)


def error_bodies(cases: list[tuple[str, Exchange]]) -> None:
    """Every refusal carries an Ed-Fi error body (ODS/API 5 message, or problem details), naming the case if not."""
    for name, exchange in cases:
        try:
            body = json.loads(exchange.body)
        except (ValueError, RecursionError):
            raise checks.fail("EDFI-ERROR-BODY", f"an Ed-Fi JSON error body for {name}",
                              f"HTTP {exchange.status_line} with Content-Type {exchange.content_type or 'none'} "
                              "that does not parse as JSON", exchange) from None
        errors = schema_errors(ERROR_SCHEMA, body)
        explained = error_member_text(body) if errors else None
        if explained:
            # A JSON object that says what went wrong in an "error" member neither Ed-Fi shape uses (Meadowlark
            # writes text, an object with a message, or a list of them): readable, in a form of its own.
            checks.warn("EDFI-ERROR-BODY", f"{name}: the error body explains the refusal in \"error\" "
                        f"({_quoted(explained)}), a member neither Ed-Fi shape uses (ODS/API 5 writes "
                        "\"message\", ODS/API 7.2+ and DMS problem details)", exchange)
            continue
        if errors:
            unreadable = " (its \"error\" member holds no readable message)" if _has_error_member(body) else ""
            raise checks.fail("EDFI-ERROR-BODY", f"an Ed-Fi error body for {name} (schemas/{ERROR_SCHEMA})",
                              "; ".join(errors[:3]) + unreadable, exchange)
        checks.passed("EDFI-ERROR-BODY", f"{name}: an Ed-Fi error body", exchange)


def error_member_text(body: object) -> str | None:
    """What an "error" member says, when it says it readably: text, an object whose "message" is text, or a
    non-empty list of such objects (or texts), each readable; None otherwise."""
    if not isinstance(body, dict):
        return None
    value = body.get("error")
    items = value if isinstance(value, list) else [value]
    texts = [_message_of(item) for item in items]
    if not texts or not all(texts):
        return None
    return "; ".join(text for text in texts if text)


def _message_of(item: object) -> str | None:
    if isinstance(item, dict):
        item = item.get("message")
    return item.strip() if isinstance(item, str) and item.strip() else None


def _has_error_member(body: object) -> bool:
    return isinstance(body, dict) and "error" in body


def _quoted(text: str, limit: int = 120) -> str:
    return json.dumps(text if len(text) <= limit else text[:limit] + "...")
