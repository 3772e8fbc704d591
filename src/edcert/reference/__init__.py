"""The built-in reference target: a conformant Ed-Fi + LinkIt! server with switchable named faults.

This sub-package stands apart from the harness: it imports nothing from edcert's checks,
steps, clients or schemas, so a mistake on one side cannot hide itself on the other.
The server (FastAPI, uvicorn) is imported only when a target is started: the fault registry
and the default credentials are cheap to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .faults import FAULTS, FAULTS_BY_NAME, Fault, UnknownFaultError, check_fault_names
from .state import (
    DEFAULT_EDFI_CLIENT_ID,
    DEFAULT_EDFI_CLIENT_SECRET,
    DEFAULT_LINKIT_ACCESS_KEY,
    DEFAULT_LINKIT_SECRET,
    Credentials,
)

if TYPE_CHECKING:
    from .server import RunningTarget, serve_forever, start

__all__ = [
    "FAULTS", "FAULTS_BY_NAME", "Fault", "UnknownFaultError", "check_fault_names",
    "RunningTarget", "serve_forever", "start", "Credentials",
    "DEFAULT_EDFI_CLIENT_ID", "DEFAULT_EDFI_CLIENT_SECRET", "DEFAULT_LINKIT_ACCESS_KEY", "DEFAULT_LINKIT_SECRET",
]


def __getattr__(name: str) -> Any:
    if name in ("RunningTarget", "serve_forever", "start"):
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
