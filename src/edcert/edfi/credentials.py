"""Authorization headers a resource must refuse: what a careless check lets through.

Each kind imitates a shortcut: a missing header that falls through, a scheme that is not checked,
any string taken as a token, a token compared by its first characters only, client credentials
accepted where a bearer token belongs.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ..errors import HarnessError
from ..masking import register, register_basic
from ..record.generated import GeneratedData

NO_HEADER = "no Authorization header"
MALFORMED = "a malformed Authorization header"
NEVER_ISSUED = "a bearer token that was never issued"
ALTERED = "the issued bearer token with a character altered"
BASIC = "Basic credentials instead of a bearer token"
INVALID_CREDENTIALS = (NO_HEADER, MALFORMED, NEVER_ISSUED, ALTERED, BASIC)

#: How each kind is built, for the report reader.
EXPLAINED = {
    NO_HEADER: "no Authorization header at all",
    MALFORMED: "the issued token without its Bearer scheme",
    NEVER_ISSUED: "Bearer and a random string of the issued token's length and alphabet",
    ALTERED: "the issued token with one character changed near its end",
    BASIC: "Basic and the profile's client id and secret, as sent to the token endpoint",
}

_HEX = "0123456789abcdef"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def invalid_authorization(kind: str, token: str, client_id: str, secret: str,
                          generated: GeneratedData) -> str | None:
    """The Authorization header value of one kind of invalid credentials (None: send no header)."""
    if kind == NO_HEADER:
        return None
    if kind == MALFORMED:
        return token
    if kind == NEVER_ISSUED:
        alphabet = _HEX if all(c in _HEX for c in token) else _B64
        return "Bearer " + "".join(alphabet[generated.integer(0, len(alphabet) - 1)] for _ in token)
    if kind == ALTERED:
        altered = altered_token(token)
        register(altered)  # all but one character of the real token: as secret as the token itself
        return f"Bearer {altered}"
    if kind == BASIC:
        register_basic(client_id, secret)
        return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    raise HarnessError(f"feature table names unknown credentials {kind!r}; known: {', '.join(INVALID_CREDENTIALS)}")


def altered_token(token: str) -> str:
    """The token with its second-to-last significant character changed.

    Not the last: in a base64 signature (a JWT's) the last character may carry padding bits only,
    so changing it can leave the decoded token the same, and a correct server would accept it.
    Near the end, so that a server comparing only a prefix of the token lets it through.
    """
    core = token.rstrip("=")
    index = max(len(core) - 2, 0)
    while index > 0 and not core[index].isalnum():
        index -= 1
    original = core[index]
    if original in _HEX:
        replacement = _HEX[(_HEX.index(original) + 1) % 16]
    elif original.isdigit():
        replacement = str((int(original) + 1) % 10)
    elif original.isalpha():
        base = "a" if original.islower() else "A"
        replacement = chr((ord(original) - ord(base) + 1) % 26 + ord(base))
    else:
        replacement = "A"
    return token[:index] + replacement + token[index + 1:]


# --- the request model's cells (src/edcert/inputs/edfi.py: edfi-credentials-read and -write) ---------------------

SECRET_AS_BEARER = "the client secret sent as the bearer token"
CLIENT_ID_AS_BEARER = "the client id sent as the bearer token"
BEARER_TWICE = "the Bearer scheme written twice"
EMPTY_BEARER = "Bearer with no token after it"
LOWER_CASE_SCHEME = "the scheme written in lower case"
TOKEN_IN_QUERY = "the issued token in an access_token query parameter"
UNISSUED_IN_QUERY = "a token never issued in an access_token query parameter"

#: Each cell of the model, by (element, operator): the kind of credentials it sends.
CELL_KINDS: dict[tuple[str, str], str] = {
    ("Authorization header", "missing"): NO_HEADER,
    ("Bearer scheme", "missing"): MALFORMED,
    ("Bearer scheme", "duplicated"): BEARER_TWICE,
    ("Bearer scheme", "other case"): LOWER_CASE_SCHEME,
    ("bearer token", "empty"): EMPTY_BEARER,
    ("bearer token", "unknown"): NEVER_ISSUED,
    ("issued bearer token", "unknown"): ALTERED,
    ("client credentials", "moved"): BASIC,
    ("client_secret", "moved"): SECRET_AS_BEARER,
    ("client_id", "moved"): CLIENT_ID_AS_BEARER,
    ("bearer token", "moved"): TOKEN_IN_QUERY,
    ("access_token query parameter", "unknown"): UNISSUED_IN_QUERY,
}
#: Kinds that carry the issued token rightly: a lower-case scheme must not be refused as unauthenticated (whatever
#: else the request gets, a collection without search support answering 500 for instance), a token in the query
#: may be served or refused.
SERVED = frozenset({LOWER_CASE_SCHEME})
MAY_BE_SERVED = frozenset({TOKEN_IN_QUERY})
#: Malformed credentials RFC 6750 3.1 lets a server answer 400 (invalid_request) as well as 401.
MALFORMED_REQUEST = frozenset({BEARER_TWICE, EMPTY_BEARER})


def answer_ok(kind: str, status: int | None) -> bool:
    """Whether the answer is the one the kind must get: 401, but not 401 for SERVED, anything for MAY_BE_SERVED."""
    if kind in MAY_BE_SERVED:
        return True
    if kind in SERVED:
        return status != 401
    if kind in MALFORMED_REQUEST:
        return status in (400, 401)
    return status == 401


@dataclass(frozen=True)
class Credentials:
    """What one cell sends: the Authorization header (None: none at all) and any access_token parameter."""

    authorization: str | None
    access_token: str | None = None


def credentials_for(kind: str, token: str, client_id: str, secret: str, generated: GeneratedData) -> Credentials:
    """The credentials of one kind of the model (the five kinds above, and the model's further cells)."""
    if kind in INVALID_CREDENTIALS:
        return Credentials(invalid_authorization(kind, token, client_id, secret, generated))
    if kind == SECRET_AS_BEARER:
        return Credentials(f"Bearer {secret}")
    if kind == CLIENT_ID_AS_BEARER:
        return Credentials(f"Bearer {client_id}")
    if kind == BEARER_TWICE:
        return Credentials(f"Bearer Bearer {token}")
    if kind == EMPTY_BEARER:
        return Credentials("Bearer")  # the transport sends no header value with trailing whitespace
    if kind == LOWER_CASE_SCHEME:
        return Credentials(f"bearer {token}")
    if kind == TOKEN_IN_QUERY:
        return Credentials(None, token)
    if kind == UNISSUED_IN_QUERY:
        never = invalid_authorization(NEVER_ISSUED, token, client_id, secret, generated) or ""
        return Credentials(None, never.removeprefix("Bearer "))
    raise HarnessError(f"unknown kind of credentials {kind!r}")


def kind_of_cell(element: str, operator: str) -> str:
    try:
        return CELL_KINDS[(element, operator)]
    except KeyError:
        raise HarnessError(f"feature table names credentials ({element!r}, {operator!r}) that the request model's "
                           f"edfi-credentials tables do not hold; known: {sorted(CELL_KINDS)}") from None
