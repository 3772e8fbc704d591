"""What one running reference target knows: its store, its faults, its credentials and tokens."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

from .faults import check_fault_names
from .store import Store

DEFAULT_EDFI_CLIENT_ID = "edcert-reference"
DEFAULT_EDFI_CLIENT_SECRET = "edcert-reference-secret"
DEFAULT_LINKIT_ACCESS_KEY = "123456789-987654321"
DEFAULT_LINKIT_SECRET = "edcert-reference-linkit-secret"
TOKEN_LIFETIME_SECONDS = 1800


@dataclass
class Credentials:
    edfi_client_id: str = DEFAULT_EDFI_CLIENT_ID
    edfi_client_secret: str = DEFAULT_EDFI_CLIENT_SECRET
    linkit_access_key: str = DEFAULT_LINKIT_ACCESS_KEY
    linkit_secret: str = DEFAULT_LINKIT_SECRET


@dataclass
class ReferenceState:
    store: Store
    faults: frozenset[str]
    credentials: Credentials = field(default_factory=Credentials)
    tokens: dict[str, float] = field(default_factory=dict)
    issued_tokens: list[str] = field(default_factory=list)  # kept so tests can look for leaks
    verified_tags: set[str] = field(default_factory=set)  # used only by the tag-cache fault
    last_linkit_student: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.faults = check_fault_names(tuple(self.faults))

    def has(self, fault: str) -> bool:
        return fault in self.faults

    def issue_token(self, nbytes: int = 16) -> str:
        token = secrets.token_hex(nbytes)
        with self._lock:
            self.tokens[token] = time.monotonic() + TOKEN_LIFETIME_SECONDS
            self.issued_tokens.append(token)
        return token

    def token_valid(self, token: str) -> bool:
        with self._lock:
            expiry = self.tokens.get(token)
        return expiry is not None and expiry > time.monotonic()

    def token_prefix_valid(self, token: str, length: int) -> bool:
        """Whether the token starts like a valid one (only the fault of a prefix comparison asks)."""
        now = time.monotonic()
        with self._lock:
            return len(token) >= length and any(t[:length] == token[:length] and expiry > now
                                                for t, expiry in self.tokens.items())


async def never_answer() -> None:
    """Hold the request open until the server stops (the fault of a target that hangs)."""
    import asyncio

    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:  # the server is stopping; there is nobody left to answer
        return None
