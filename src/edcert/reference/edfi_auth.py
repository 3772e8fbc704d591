"""OAuth2 of the reference target's Ed-Fi API: the client credentials token endpoint, and the bearer
check every resource request passes. Faults bend both where the real bugs sit."""

from __future__ import annotations

import base64
import binascii
import time
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..untrusted import Unreadable, read_json  # a leaf module: it imports nothing from the harness
from .edfi_errors import token_error, unauthenticated
from .state import TOKEN_LIFETIME_SECONDS, ReferenceState

_PREFIX_COMPARED = 16  # the fault token-prefix-accepted compares this many characters


def _basic(value: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("bad-basic") from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise ValueError("bad-basic")
    return client_id, secret


def _client_credentials(state: ReferenceState, request: Request,
                        raw: bytes) -> tuple[dict[str, str], tuple[str, str] | None]:
    """The form or JSON fields of a token request, and Basic credentials if any."""
    content_type = request.headers.get("content-type", "")
    fields: dict[str, str] = {}
    if raw:
        if "json" in content_type:
            try:
                parsed = read_json(raw)
            except Unreadable:
                parsed = None
            if isinstance(parsed, dict):
                fields = {k: str(v) for k, v in parsed.items()}
        else:
            parsed_form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
            if any(len(v) > 1 for v in parsed_form.values()) and not state.has("token-repeated-parameters-read-first"):
                raise ValueError("repeated")  # RFC 6749 3.2: parameters MUST NOT be included more than once
            fields = {k: v[0] for k, v in parsed_form.items()}
    basic = None
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            raise ValueError("non-basic")
        basic = _basic(value)
    return fields, basic


def _token_answer(state: ReferenceState) -> dict[str, object]:
    answer: dict[str, object] = {"access_token": state.issue_token(4 if state.has("token-too-short") else 16),
                                 "expires_in": TOKEN_LIFETIME_SECONDS, "token_type": "bearer"}
    if state.has("token-expires-in-as-string"):
        answer["expires_in"] = str(TOKEN_LIFETIME_SECONDS)
    if state.has("token-expires-in-epoch"):
        answer["expires_in"] = int(time.time()) + TOKEN_LIFETIME_SECONDS
    if state.has("token-expires-in-missing"):
        del answer["expires_in"]
    if state.has("token-type-missing"):
        del answer["token_type"]
    return answer


def build_token_router(state: ReferenceState) -> APIRouter:
    router = APIRouter()

    @router.post("/oauth/token", tags=["Ed-Fi OAuth2"],
                 summary="client_credentials grant; credentials in a Basic header or in the body")
    async def token(request: Request) -> Response:
        raw = await request.body()
        try:
            fields, basic = _client_credentials(state, request, raw)
        except ValueError as problem:
            if str(problem) == "repeated":
                return token_error(400, "invalid_request", "A parameter is repeated.")
            return token_error(401, "invalid_client", "Authorization header is not valid Basic credentials.")
        if fields.get("grant_type") != "client_credentials" and not state.has("token-grant-type-not-checked"):
            return token_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
        body_creds = (fields.get("client_id"), fields.get("client_secret"))
        if basic and any(body_creds):
            return token_error(400, "invalid_request", "Credentials given both in the header and the body.")
        client_id, secret = basic if basic else body_creds
        if not _issues_token(state, client_id, secret, from_body=not basic):
            if not client_id or secret is None:
                return token_error(401, "invalid_request", "Client credentials are missing.")
            return token_error(401, "invalid_client", "Invalid client credentials.")
        return JSONResponse(_token_answer(state), headers={"Cache-Control": "no-store"})

    return router


def _issues_token(state: ReferenceState, client_id: str | None, secret: str | None, from_body: bool) -> bool:
    """Whether these credentials get a token: the client's own, or what a token fault lets through."""
    creds = state.credentials
    if client_id and secret is not None and _client_known(state, client_id, secret):
        return True
    known_id = client_id == creds.edfi_client_id
    return bool(
        (known_id and state.has("token-accepts-any-secret") and secret is not None)
        or (known_id and not secret and state.has("token-accepts-empty-secret"))
        or (secret == creds.edfi_client_secret and state.has("token-accepts-unknown-client"))
        or (known_id and isinstance(secret, str) and secret.lower() == creds.edfi_client_secret.lower()
            and state.has("token-secret-case-insensitive"))
        or (known_id and from_body and state.has("token-body-secret-not-checked")))


def _client_known(state: ReferenceState, client_id: str, secret: str) -> bool:
    creds = state.credentials
    return client_id == creds.edfi_client_id and secret == creds.edfi_client_secret


def authenticate(state: ReferenceState, request: Request) -> JSONResponse | None:
    """None when the request carries a valid bearer token (or a fault lets it through), else the 401."""
    write = request.method in ("POST", "PUT", "DELETE")
    header = request.headers.get("authorization")
    if not header:
        if state.has("no-token-accepted") or (write and state.has("writes-without-token")):
            return None
        if request.query_params.get("access_token") and state.has("query-token-unchecked"):
            return None  # a token in the URL taken on trust
        return unauthenticated("Authorization header is missing.")
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme != "Bearer" and scheme.lower() == "bearer" and state.has("bearer-scheme-case-sensitive"):
        return unauthenticated("Invalid Authorization header.")
    if scheme.lower() == "bearer" and state.has("bearer-prefix-stripped"):
        value = value.replace("Bearer ", "").strip()  # the scheme removed wherever it appears
    creds = state.credentials
    if scheme.lower() == "bearer" and ((value == creds.edfi_client_secret and state.has("client-secret-accepted-as-bearer"))
                                       or (value == creds.edfi_client_id and state.has("client-id-accepted-as-bearer"))):
        return None
    if scheme.lower() == "basic" and state.has("basic-accepted-on-resources"):
        try:
            if _client_known(state, *_basic(value)):
                return None
        except ValueError:
            pass
    if scheme.lower() != "bearer":
        if state.has("bearer-scheme-not-checked") and state.token_valid(header.split()[-1]):
            return None
        return unauthenticated("Invalid Authorization header.")
    if state.token_valid(value) or (state.has("any-bearer-token-accepted") and value):
        return None
    if state.has("token-prefix-accepted") and state.token_prefix_valid(value, _PREFIX_COMPARED):
        return None
    return unauthenticated("Invalid Authorization header.")
