"""Token requests of the request model (src/edcert/inputs/edfi.py, edfi-token-request): each cell as the
requests it sends, and how a token endpoint's answer to one is read.

RFC 6749 2.3.1 makes the Basic header the client authentication every server must support, and the form body
one it MAY support: cells about the client's credentials are sent both ways (the body alone where the cell is
about the form body's parameters), grant_type cells with the right Basic credentials. grant_type comes last in a
form body, so that an empty client_secret is never the end of a text (where a secret scanner reads on past it).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ..errors import HarnessError
from ..masking import register, register_basic

GRANT = ("grant_type", "client_credentials")
#: The error codes of RFC 6749 section 5.2.
RFC6749_ERRORS = frozenset({"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                            "unsupported_grant_type", "invalid_scope"})

REFUSE = "refuse"  # no token: 401, or 400 with an RFC 6749 5.2 error
MAY_ACCEPT = "may accept"  # a token, or a refusal as unsupported (the form body)
REPEATED = "repeated"  # no token; a token is a warning (the right value came first)


@dataclass(frozen=True)
class TokenRequest:
    """One request of a cell: where the credentials travel, the form body's parameters in order."""

    label: str
    basic: str | None  # the Authorization header's value (None: no header)
    form: tuple[tuple[str, str], ...]


def _basic(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


def _swapped(secret: str) -> str:
    return secret.swapcase()


def requests_of(element: str, operator: str, client_id: str, secret: str, unknown: str) -> tuple[str, list[TokenRequest]]:
    """How the cell is judged and the requests that send it; `unknown` is a value never issued."""
    register(unknown)
    register_basic(client_id, unknown)
    register_basic("", secret)
    right = (("client_id", client_id), ("client_secret", secret))
    cell = (element, operator)

    def both(label: str, basic_id: str, basic_secret: str | None, form: tuple[tuple[str, str], ...]
             ) -> list[TokenRequest]:
        header = _basic(basic_id if basic_secret is None else f"{basic_id}:{basic_secret}")
        return [TokenRequest(f"{label} (Basic)", header, (GRANT,)),
                TokenRequest(f"{label} (form body)", None, (*form, GRANT))]

    if cell == ("client credentials", "moved"):
        return MAY_ACCEPT, [TokenRequest("client_id and client_secret in the form body", None, (*right, GRANT))]
    if cell == ("client_id", "missing"):
        return REFUSE, [TokenRequest("client_secret alone in the form body", None, (("client_secret", secret), GRANT))]
    if cell == ("client_id", "empty"):
        return REFUSE, both("an empty client_id", "", secret, (("client_id", ""), ("client_secret", secret)))
    if cell == ("client_id", "unknown"):
        register_basic(unknown, secret)
        return REFUSE, both("an unknown client_id with the right secret", unknown, secret,
                            (("client_id", unknown), ("client_secret", secret)))
    if cell == ("client_id", "duplicated"):
        return REPEATED, [TokenRequest("client_id twice, the right one first", None,
                                       (("client_id", client_id), ("client_id", unknown),
                                        ("client_secret", secret), GRANT))]
    if cell == ("client_secret", "missing"):
        return REFUSE, both("no client_secret", client_id, None, (("client_id", client_id),))
    if cell == ("client_secret", "empty"):
        return REFUSE, both("an empty client_secret", client_id, "", (("client_id", client_id), ("client_secret", "")))
    if cell == ("client_secret", "unknown"):
        return REFUSE, both("the secret of nothing", client_id, unknown,
                            (("client_id", client_id), ("client_secret", unknown)))
    if cell == ("client_secret", "other case"):
        swapped = _swapped(secret)
        if swapped == secret:
            return REFUSE, []  # a secret without letters has no other case
        register(swapped)
        register_basic(client_id, swapped)
        return REFUSE, both("the secret in the other letter case", client_id, swapped,
                            (("client_id", client_id), ("client_secret", swapped)))
    if cell == ("client_secret", "duplicated"):
        return REPEATED, [TokenRequest("client_secret twice, the right one first", None,
                                       (("client_id", client_id), ("client_secret", secret),
                                        ("client_secret", unknown), GRANT))]
    basic = _basic(f"{client_id}:{secret}")
    grants = {
        ("grant_type", "missing"): (REFUSE, "no grant_type", ()),
        ("grant_type", "empty"): (REFUSE, "an empty grant_type", (("grant_type", ""),)),
        ("grant_type", "unknown"): (REFUSE, "grant_type password", (("grant_type", "password"),)),
        ("grant_type", "duplicated"): (REPEATED, "grant_type twice, client_credentials first",
                                       (GRANT, ("grant_type", "password"))),
    }
    if cell in grants:
        judged, label, form = grants[cell]
        return judged, [TokenRequest(f"{label}, right Basic credentials", basic, form)]
    raise HarnessError(f"feature table names a token request ({element!r}, {operator!r}) that the request model's "
                       "edfi-token-request table does not hold")


def refusal_problem(status: int, body: object) -> str:
    """Why an answer is not a refusal RFC 6749 5.2 describes; empty when it is one."""
    if status == 401:
        return ""
    if status != 400:
        return f"HTTP {status}, not 401 or 400"
    error = body.get("error") if isinstance(body, dict) else None
    if error not in RFC6749_ERRORS:
        return f"HTTP 400 whose error is {error!r}, not an RFC 6749 5.2 code ({', '.join(sorted(RFC6749_ERRORS))})"
    return ""
