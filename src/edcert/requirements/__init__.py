"""Every behaviour edcert requires, with the source that requires it, quoted.

Checks name one of these identifiers; failure messages, Allure and the certification report
carry it, and the report shows the quote, so a reader goes from a red line to the sentence
that demands it without any file edcert does not ship. Each API side keeps its own module;
this package assembles the registry.
"""

from __future__ import annotations

from .base import Requirement
from .client import CLIENT
from .common import COMMON
from .edfi import EDFI
from .edfi_discovery import EDFI_DISCOVERY
from .linkit import LINKIT

REQUIREMENTS: dict[str, Requirement] = {}
for _requirement in (*EDFI, *EDFI_DISCOVERY, *LINKIT, *COMMON, *CLIENT):
    if _requirement.id in REQUIREMENTS:
        raise RuntimeError(f"requirement {_requirement.id} is defined twice")
    REQUIREMENTS[_requirement.id] = _requirement


def requirement(requirement_id: str) -> Requirement:
    return REQUIREMENTS[requirement_id]


__all__ = ["REQUIREMENTS", "Requirement", "requirement"]
