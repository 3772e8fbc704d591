"""The client request model holds together: every cell edcert listen must refuse has a reference-client fault
that sends it, caught under the cell's requirement; every allowed reading names a reason and, where one
exists, the conformant client that proves it is certified; every element a feature's table lists has a rule.
The fault matrix (test_client_matrix.py) runs the faults; this file checks the bookkeeping, without a session.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edcert.client_side import request_rules
from edcert.inputs import client_edfi, client_linkit
from edcert.inputs.client_cells import ClientCell, refusals
from edcert.reference_clients import CLIENT_FAULTS_BY_NAME
from edcert.reference_clients.variants import CLIENT_VARIANTS
from edcert.requirements.client import CLIENT

from . import test_client_independent

ROOT = Path(__file__).resolve().parents[1]
TABLES = (*client_edfi.TABLES, *client_linkit.TABLES)
CELLS = [cell for table in TABLES for cell in table.cells]


def test_every_cell_is_a_client_cell_with_a_known_requirement() -> None:
    known = {r.id for r in CLIENT}
    for cell in CELLS:
        assert isinstance(cell, ClientCell), cell
        assert cell.outcome in ("fail", "warn", "pass"), cell
        if cell.outcome == "pass":
            assert cell.exception and not cell.fault, cell
        else:
            assert cell.requirement in known and cell.fault and not cell.exception, cell


@pytest.mark.parametrize("cell", refusals(TABLES), ids=lambda c: f"{c.element}-{c.operator}")
def test_every_refused_cell_has_a_fault_caught_under_its_requirement(cell: ClientCell) -> None:
    fault = CLIENT_FAULTS_BY_NAME.get(cell.fault)
    assert fault is not None, f"no reference-client fault {cell.fault}"
    assert cell.requirement in fault.requirements, (cell, fault.requirements)
    assert fault.outcome == cell.outcome, (cell, fault.outcome)


def test_every_allowed_reading_names_a_client_that_exists() -> None:
    independent = {case.name for case in test_client_independent.CONFORMANT}
    for cell in CELLS:
        if cell.outcome != "pass" or not cell.proof:
            continue
        kind, _, names = cell.proof.partition(" ")
        for name in names.split(", "):
            assert name in (CLIENT_VARIANTS if kind.startswith("variant") else independent), cell.proof


def test_every_element_a_feature_judges_has_a_rule() -> None:
    rules = {"client-edfi-token": request_rules.TOKEN_RULES, "client-edfi-bearer": request_rules.BEARER_RULES,
             "client-linkit-url": request_rules.linkit_rules("k", 900, lambda call: True)}
    marked = set()
    for feature in (ROOT / "features" / "client").rglob("*.feature"):
        marked |= set(re.findall(r"# request model: (\S+)", feature.read_text()))
    assert marked == set(rules)
    for table in TABLES:
        if table.name in rules:
            judged = {c.element for c in table.cells if getattr(c, "outcome", "") == "fail"}
            assert judged <= set(rules[table.name]), judged - set(rules[table.name])
