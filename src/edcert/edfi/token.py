"""What a token answer must hold (RFC 6749 section 5.1, RFC 6750 section 2.1), read without trusting it.

A token is usable when it can be sent as RFC 6750 bearer credentials: token_type "bearer" (any case)
and an access_token that is a b64token of at least 22 characters, the fewest that can carry the 128
bits RFC 6749 section 10.10 requires of a token nobody may guess. A token that is not usable is never
sent. expires_in is RECOMMENDED: when it is missing or is not a lifetime in seconds, the token is used
until the API refuses it, then renewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
MIN_TOKEN_CHARACTERS = 22
#: A lifetime of 10^9 seconds is 31 years; a value this large can only be an absolute (Unix) time.
ABSOLUTE_TIME_FLOOR = 1_000_000_000


@dataclass(frozen=True)
class Lifetime:
    """expires_in, read: seconds when it is a lifetime; otherwise why not (missing is advisory only)."""

    seconds: float | None
    missing: bool = False
    problem: str = ""


def token_problems(body: object) -> list[str]:
    """Why the answer carries no bearer token that may be sent; empty when it does."""
    if not isinstance(body, dict):
        return [f"a JSON {type(body).__name__} instead of a JSON object"]
    problems = []
    token_type = body.get("token_type")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        problems.append("no token_type" if token_type is None else f"token_type {_shown(token_type)}, not bearer")
    token = body.get("access_token")
    if not isinstance(token, str):
        problems.append("no access_token" if token is None else f"access_token is a JSON {type(token).__name__}")
    elif not B64TOKEN.fullmatch(token):
        problems.append("access_token has characters a bearer token cannot carry (RFC 6750 b64token)")
    elif len(token) < MIN_TOKEN_CHARACTERS:
        problems.append(f"access_token of {len(token)} characters; at least {MIN_TOKEN_CHARACTERS} are needed to "
                        "carry the 128 random bits RFC 6749 section 10.10 requires")
    return problems


def lifetime(body: dict) -> Lifetime:
    """expires_in as a lifetime in seconds, or why it is not one."""
    if "expires_in" not in body:
        return Lifetime(None, missing=True)
    value = body["expires_in"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return Lifetime(None, problem=f"expires_in is {_shown(value)} (a JSON {type(value).__name__}), not a number "
                                      "of seconds")
    if value <= 0:
        return Lifetime(None, problem=f"expires_in is {value}: a token that is already expired")
    if value >= ABSOLUTE_TIME_FLOOR:
        moment = _as_unix_time(value)
        return Lifetime(None, problem=f"expires_in is {value}, which can only be an absolute time ({moment}); as a "
                                      f"lifetime it would be {value / 31_557_600:.0f} years, so a client would "
                                      "never renew the token")
    return Lifetime(float(value))


def _as_unix_time(value: float) -> str:
    for unit, divisor in (("seconds", 1), ("milliseconds", 1000)):
        try:
            moment = datetime.fromtimestamp(value / divisor, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            continue
        if moment.year < 2200:
            return f"as Unix time in {unit}: {moment:%Y-%m-%d %H:%M:%S} UTC"
    return "too large even for a Unix time"


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:40] + "..."
