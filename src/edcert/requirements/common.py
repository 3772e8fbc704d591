"""Requirements that hold for every API edcert certifies."""

from __future__ import annotations

from .base import Requirement

COMMON = (
    Requirement("TARGET-ANSWERS", "the target answers each request within --timeout with a complete HTTP response",
                "edcert contract: --timeout; RFC 9110 section 15 (every request gets a final response)",
                "--timeout bounds each HTTP exchange (default 30 s): a target that hangs makes a check fail with "
                "a timeout message; the run never hangs."),
)
