"""The client side's cells: an element of a request the client sends, one way of getting it wrong, and what
edcert listen makes of it.

A cell listen must refuse names the requirement its failure names and the reference-client fault that
sends it (edcert.reference_clients), so the client fault matrix proves listen refuses it. A cell that is
a reading the documents allow is an exception with its reason, and names the conformant variant or the
independent client that proves listen certifies it, when one does. Identifiers are plain strings: this
package imports nothing from the harness or the reference clients.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Cell

HEADER = ("element", "operator", "edcert listen's verdict")


@dataclass(frozen=True)
class ClientCell(Cell):
    requirement: str = ""  # the requirement a refusal (or warning) names
    fault: str = ""  # the reference-client fault that sends this cell
    outcome: str = "fail"  # "fail": not certified; "warn": certified with a warning; "pass": an exception
    proof: str = ""  # for an exception: the conformant variant or independent client that sends it


def refused(element: str, operator: str, requirement: str, fault: str, how: str = "") -> ClientCell:
    """A cell listen must refuse: the scenario fails naming the requirement."""
    expected = f"fails {requirement}" + (f": {how}" if how else "")
    return ClientCell(element, operator, expected, requirement=requirement, fault=fault)


def warned(element: str, operator: str, requirement: str, fault: str, how: str = "") -> ClientCell:
    """An advisory cell: certified, with a warning naming the requirement."""
    expected = f"warning {requirement}" + (f": {how}" if how else "")
    return ClientCell(element, operator, expected, requirement=requirement, fault=fault, outcome="warn")


def allowed(element: str, operator: str, reason: str, proof: str = "") -> ClientCell:
    """A reading the documents allow: certified, never a failure."""
    return ClientCell(element, operator, "certified", exception=reason, outcome="pass", proof=proof)


def refusals(tables: tuple) -> list[ClientCell]:
    """Every cell of the tables that is refused or warned, in order."""
    return [cell for table in tables for cell in table.cells if isinstance(cell, ClientCell) and cell.fault]
