"""The built-in reference target: a conformant Ed-Fi + LinkIt! server with switchable named faults.

This sub-package stands apart from the harness: it imports nothing from edcert's checks,
steps, clients or schemas, so a mistake on one side cannot hide itself on the other.
"""

from .faults import FAULTS, FAULTS_BY_NAME, Fault, UnknownFaultError, check_fault_names
from .server import RunningTarget, serve_forever, start
from .state import (
    DEFAULT_EDFI_CLIENT_ID,
    DEFAULT_EDFI_CLIENT_SECRET,
    DEFAULT_LINKIT_ACCESS_KEY,
    DEFAULT_LINKIT_SECRET,
    Credentials,
)

__all__ = [
    "FAULTS", "FAULTS_BY_NAME", "Fault", "UnknownFaultError", "check_fault_names",
    "RunningTarget", "serve_forever", "start", "Credentials",
    "DEFAULT_EDFI_CLIENT_ID", "DEFAULT_EDFI_CLIENT_SECRET", "DEFAULT_LINKIT_ACCESS_KEY", "DEFAULT_LINKIT_SECRET",
]
