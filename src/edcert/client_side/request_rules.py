"""The client request model's rules: for each element of a request a client sends, how it departs from the
model, if it does.

Each rule is a small function of one element returning a Departure: the model's cell it found (element and
operator) and what was received, in the words a failure shows; or None. The steps of the client features
call them for the rows of the model's tables (edcert.inputs.client_edfi, client_linkit), and a failure names
the requirement of the cell found.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

from .linkit_traffic import LinkitCall, parse_timestamp
from .recorder import bearer_token
from .traffic import RecordedExchange

FORM, JSON = "application/x-www-form-urlencoded", "application/json"


@dataclass(frozen=True)
class Departure:
    element: str
    operator: str
    received: str


Rule = Callable[[Any, Any], "Departure | None"]


# --- any request ------------------------------------------------------------------------------

def repeated_names(pairs: list[tuple[str, str]]) -> list[str]:
    """Names given more than once (compared without regard to case)."""
    names = [name.lower() for name, _ in pairs]
    return sorted({name for name in names if names.count(name) > 1})


def headers_named(record: RecordedExchange, name: str) -> list[str]:
    return [value for key, value in record.request_headers if key.lower() == name.lower()]


def repeated_json_names(raw: bytes) -> list[str]:
    """Names an object of the JSON body gives twice (a reader keeps one of them, and readers differ)."""
    found: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict:
        found.extend(repeated_names([(name, "") for name, _ in pairs]))
        return dict(pairs)

    try:
        json.loads(raw, object_pairs_hook=hook)
    except ValueError:
        return []
    return sorted(set(found))


# --- Ed-Fi: the token request -------------------------------------------------------------------

def token_fields(record: RecordedExchange) -> list[tuple[str, str]]:
    """The fields of a token request's body as sent, repeated ones included."""
    if record.content_type == JSON:
        try:
            body = json.loads(record.request_body)
        except ValueError:
            return []
        return [(k, str(v)) for k, v in body.items()] if isinstance(body, dict) else []
    return parse_qsl(record.request_body.decode("utf-8", errors="replace"), keep_blank_values=True)


def basic_credentials(record: RecordedExchange) -> tuple[str, str | None] | None:
    """(client id, secret or None without a colon) of a Basic header; None without one; ("", "") when it
    does not decode."""
    scheme, _, value = (record.request_header("authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, colon, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    return (client_id, secret if colon else None)


def token_method(record: RecordedExchange, _: Any) -> Departure | None:
    if record.method == "POST":
        return None
    return Departure("method", "another valid value", f"method {record.method}, not POST")


def token_content_type(record: RecordedExchange, _: Any) -> Departure | None:
    if record.content_type in (FORM, JSON):
        return None
    return Departure("Content-Type", "unknown" if record.content_type else "missing",
                     f"Content-Type {record.content_type or 'absent'}, not {FORM} (RFC 6749 4.4.2)")


def grant_type(record: RecordedExchange, _: Any) -> Departure | None:
    def departure(operator: str, text: str) -> Departure:
        return Departure("grant_type", operator, text)

    if any(k == "grant_type" for k, _ in parse_qsl(record.query, keep_blank_values=True)):
        return departure("moved", "grant_type in the URL's query string, not in the body")
    given = [v for k, v in token_fields(record) if k == "grant_type"]
    if len(given) > 1:
        return departure("duplicated", f"grant_type given {len(given)} times ({', '.join(given)}); RFC 6749 3.2: "
                         "a parameter MUST NOT be included more than once")
    if not given:
        return departure("missing", "no grant_type")
    value = given[0]
    if value == "client_credentials":
        return None
    if not value:
        return departure("empty", "grant_type empty")
    if value.lower() == "client_credentials":
        return departure("other case", f"grant_type {value!r}; the value is case-sensitive")
    known = ("authorization_code", "password", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code")
    return departure("another valid value" if value in known else "unknown", f"grant_type {value!r}, not "
                     "client_credentials")


def credentials(record: RecordedExchange, creds: Any) -> Departure | None:
    """The client's own id and secret, once: in a Basic header or in the body, never in the URL."""
    in_url = {k for k, _ in parse_qsl(record.query)} & {"client_id", "client_secret"}
    if in_url:
        return Departure("client id" if "client_id" in in_url else "client secret", "moved",
                         f"{' and '.join(sorted(in_url))} in the URL's query string, where logs and proxies keep them")
    fields = token_fields(record)
    named = [k for k, _ in fields if k in ("client_id", "client_secret")]
    basic, body = basic_credentials(record), dict(fields)
    if (basic and named) or len(named) != len(set(named)):
        return Departure("client secret", "duplicated", "the credentials given twice (a Basic header and the body, "
                         "or twice in the body); the Ed-Fi API refuses both")
    if basic is None and not named:
        scheme = (record.request_header("authorization") or "").partition(" ")[0]
        if scheme.lower() == "bearer":
            return Departure("client secret", "moved", "Authorization: Bearer instead of the client's credentials")
        return Departure("client id", "missing", "no credentials" + (f" (an Authorization {scheme} header is not "
                                                                     "Basic)" if scheme else ""))
    if basic == ("", ""):
        return Departure("Basic credentials", "malformed", "a Basic header that is not base64 of id:secret")
    client_id, secret = basic or (body.get("client_id"), body.get("client_secret"))
    if client_id is None or client_id == "":
        return Departure("client id", "missing" if client_id is None else "empty",
                         "no client id" if client_id is None else "an empty client id")
    if secret is None or secret == "":
        return Departure("client secret", "missing" if secret is None else "empty",
                         "no client secret" if secret is None else "an empty client secret")
    if client_id != creds.edfi_client_id:
        other_case = client_id.lower() == creds.edfi_client_id.lower()
        return Departure("client id", "other case" if other_case else "unknown",
                         "the client id in another letter case" if other_case else "another client id")
    expected = creds.edfi_client_secret.reveal()
    if secret != expected:
        other_case = secret.lower() == expected.lower()
        return Departure("client secret", "other case" if other_case else "unknown",
                         "the secret in another letter case" if other_case else "another client secret")
    return None


TOKEN_RULES: dict[str, Rule] = {
    "method": token_method, "Content-Type": token_content_type, "grant_type": grant_type,
    "client id": credentials, "client secret": credentials, "Basic credentials": credentials,
}


# --- Ed-Fi: the bearer token on resource requests -------------------------------------------------

def one_authorization(record: RecordedExchange, _: Any) -> Departure | None:
    given = headers_named(record, "authorization")
    if len(given) > 1:
        return Departure("Authorization", "duplicated", f"{len(given)} Authorization headers; a request carries one")
    if not given:
        in_query = any(k == "access_token" for k, _ in parse_qsl(record.query))
        return Departure("bearer token", "moved", "the token in the URL's query string (access_token), where logs "
                         "and proxies keep it") if in_query else Departure("Authorization", "missing",
                                                                           "no Authorization header")
    return Departure("Authorization", "empty", "an empty Authorization header") if not given[0].strip() else None


def bearer_scheme(record: RecordedExchange, _: Any) -> Departure | None:
    header = (record.request_header("authorization") or "").strip()
    if not header:
        return None  # judged under "Authorization"
    scheme, space, _ = header.partition(" ")
    if scheme.lower() == "bearer":
        return None
    if not space:
        return Departure("bearer scheme", "missing", "a value with no scheme (Authorization: <token>)")
    return Departure("bearer scheme", "another valid value", f"Authorization scheme {scheme!r}, not Bearer")


def issued_token(record: RecordedExchange, context: Any) -> Departure | None:
    issued, creds = context
    header = (record.request_header("authorization") or "").strip()
    if header.partition(" ")[0].lower() != "bearer":
        return None  # judged under "Authorization" and "bearer scheme"
    token = bearer_token(record)
    if token is None:
        return Departure("bearer token", "empty", "Authorization: Bearer with no token")
    at = issued.get(token)
    if at is not None and at < record.number:
        return None
    if token == creds.edfi_client_secret.reveal():
        return Departure("bearer token", "another valid value", "the client secret sent as the bearer token")
    if token.strip('"') in issued:
        return Departure("bearer token", "malformed", "the token in double quotes")
    if any(token.lower() == known.lower() for known in issued):
        return Departure("bearer token", "other case", "an issued token in another letter case")
    return Departure("bearer token", "unknown", "a token the token endpoint never issued to the client")


BEARER_RULES: dict[str, Rule] = {
    "Authorization": one_authorization, "bearer scheme": bearer_scheme, "bearer token": issued_token,
}


# --- LinkIt!: the signed URL ----------------------------------------------------------------------

def put_method(call: LinkitCall, _: Any) -> Departure | None:
    method, override = call.record.method, call.record.request_header("x-http-method-override")
    if override:
        return Departure("method", "moved", f"method {method} with X-HTTP-Method-Override: {override}")
    if method == "PUT":
        return None
    return Departure("method", "other case" if method.upper() == "PUT" else "another valid value",
                     f"method {method}, not PUT")


def matched(call: LinkitCall, _: Any) -> Departure | None:
    """The program and the verb: a call is matched to its example by them, so a call of another program or
    verb is not the example's call (LINKIT-CLIENT-EXAMPLE-SENT, where the call is looked for)."""
    return None


def _once(name: str, value: Callable[[LinkitCall, Any], Departure | None] | None = None) -> Rule:
    def rule(call: LinkitCall, context: Any) -> Departure | None:
        values = [v for k, v in call.params if k.lower() == name]
        if len(values) > 1:
            shown = "" if name == "tag" else f" ({', '.join(values)})"  # a tag is shown masked, or not at all
            return Departure(name, "duplicated", f"{name} given {len(values)} times{shown}; a server reads one of "
                             "them, and servers differ on which")
        if not values:
            moved = call.record.request_header(name) is not None
            return Departure(name, "moved" if moved else "missing",
                             f"no {name} in the URL" + (" (it came as a header)" if moved else ""))
        return value(call, context) if value else None
    return rule


def _timestamp(call: LinkitCall, window: Any) -> Departure | None:
    text = call.param("timestamp") or ""
    if not text:
        return Departure("timestamp", "empty", "timestamp empty")
    stamp = parse_timestamp(text)
    if stamp is None:
        return Departure("timestamp", "malformed", f"timestamp {text!r}, not M/d/yyyy h:mm:ss AM|PM")
    offset = (stamp - datetime.fromtimestamp(call.record.received_at, timezone.utc)).total_seconds()
    if abs(offset) <= window:
        return None
    return Departure("timestamp", "out of range", f"timestamp {text!r}, {offset / 60:+.0f} minutes from its arrival")


def tag_last(call: LinkitCall, _: Any) -> Departure | None:
    if call.params and call.params[-1][0].lower() == "tag":
        return None
    return Departure("tag position", "moved", "the tag is not the URL's last parameter")


def linkit_rules(access_key: str, window: float, tag_ok: Callable[[LinkitCall], bool]) -> dict[str, Rule]:
    """The rules of the signed URL, for the access key listen gave and the tag scheme it verifies."""
    def key(call: LinkitCall, _: Any) -> Departure | None:
        sent = call.param("accesskey") or ""
        if sent == access_key:
            return None
        operator = "empty" if not sent else "another valid value" if sent == "123456789-987654321" else "unknown"
        return Departure("accesskey", operator, f"accesskey {sent!r}, not the key edcert listen gave")

    def tag(call: LinkitCall, _: Any) -> Departure | None:
        if not call.param("tag"):
            return Departure("tag", "empty", "tag empty")
        return None if tag_ok(call) else Departure("tag", "unknown", "a tag that does not verify")

    return {"method": put_method, "program id": matched, "verb": _once("verb"),
            "timestamp": _once("timestamp", lambda call, _: _timestamp(call, window)),
            "accesskey": _once("accesskey", key), "tag": _once("tag", tag), "tag position": tag_last,
            "signed string": lambda call, _: None if tag_ok(call) or not call.param("tag") else
            Departure("signed string", "another valid value", "a tag that does not verify over the path and query "
                      "as sent")}
