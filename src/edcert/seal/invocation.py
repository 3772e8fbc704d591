"""The edcert command line of this process, as the user typed it, for the manifest."""

from __future__ import annotations


class _Invocation:
    command: list[str] | None = None  # ["edcert", "run", ...]; None under plain pytest


INVOCATION = _Invocation()
