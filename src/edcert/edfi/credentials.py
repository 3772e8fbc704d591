"""Authorization headers a resource must refuse: what a careless check lets through.

Each kind imitates a shortcut: a missing header that falls through, a scheme that is not checked,
any string taken as a token, a token compared by its first characters only, client credentials
accepted where a bearer token belongs.
"""

from __future__ import annotations

import base64

from ..errors import HarnessError
from ..generated import GeneratedData
from ..masking import register, register_basic

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
