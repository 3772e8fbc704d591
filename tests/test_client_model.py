"""The client request model holds together: every cell edcert listen must refuse has a reference-client fault
that sends it, caught under the cell's requirement; every allowed reading names a reason and, where one
exists, the conformant client that proves it is certified; every element a feature's table lists has a rule.
The fault matrix (test_client_matrix.py) runs the faults; this file checks the bookkeeping, without a session.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from edcert.client_side import request_rules
from edcert.client_side.traffic import RecordedExchange
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


# --- the rules, on requests made up here --------------------------------------------------------

class _Secret:
    def __init__(self, value: str) -> None:
        self.value = value

    def reveal(self) -> str:
        return self.value


class _Creds:
    edfi_client_id, edfi_client_secret = "edcert-listen-ab12", _Secret("s3cret-Value")


def _token_request(body: str, headers: list[tuple[str, str]], query: str = "") -> RecordedExchange:
    raw = body.encode()
    return RecordedExchange(1, 0.0, "127.0.0.1:1", "http", "127.0.0.1:9", "POST", "/oauth/token", query, headers,
                            raw, len(raw), 200, [])


def _basic(text: str, scheme: str = "Basic") -> tuple[str, str]:
    return ("authorization", f"{scheme} " + base64.b64encode(text.encode()).decode())


FORM_TYPE = ("content-type", "application/x-www-form-urlencoded")


def _departures(record: RecordedExchange) -> set[tuple[str, str]]:
    found = {rule(record, _Creds) for rule in set(request_rules.TOKEN_RULES.values())}
    return {(d.element, d.operator) for d in found if d}


@pytest.mark.parametrize("body, headers, query, expected", [
    ("grant_type=password&grant_type=client_credentials", [FORM_TYPE, _basic("edcert-listen-ab12:s3cret-Value")], "",
     {("grant_type", "duplicated")}),
    ("grant_type=client_credentials", [_basic("edcert-listen-ab12:s3cret-Value")], "", {("Content-Type", "missing")}),
    ("grant_type=client_credentials", [FORM_TYPE, _basic("EDCERT-LISTEN-AB12:s3cret-Value")], "",
     {("client id", "other case")}),
    ("grant_type=client_credentials", [FORM_TYPE, _basic("edcert-listen-ab12")], "", {("client secret", "missing")}),
    ("", [FORM_TYPE, _basic("edcert-listen-ab12:s3cret-Value")], "grant_type=client_credentials",
     {("grant_type", "moved")}),
])
def test_a_departing_token_request_is_named_by_its_cell(body, headers, query, expected) -> None:
    assert _departures(_token_request(body, headers, query)) == expected


@pytest.mark.parametrize("body, headers", [
    ("grant_type=client_credentials", [FORM_TYPE, _basic("edcert-listen-ab12:s3cret-Value", "basic")]),
    ("grant_type=client_credentials&client_id=edcert-listen-ab12&client_secret=s3cret-Value", [FORM_TYPE]),
    ('{"grant_type": "client_credentials", "client_id": "edcert-listen-ab12", "client_secret": "s3cret-Value"}',
     [("content-type", "application/json")]),
])
def test_the_token_requests_the_documents_allow_depart_from_nothing(body, headers) -> None:
    assert _departures(_token_request(body, headers)) == set()


def test_two_authorization_headers_and_a_repeated_json_name_are_found() -> None:
    record = _token_request("", [("authorization", "Bearer a"), ("authorization", "Bearer b")])
    assert request_rules.one_authorization(record, None).operator == "duplicated"
    assert request_rules.one_authorization(_token_request("", [("Authorization", "bearer a")]), None) is None
    assert request_rules.repeated_json_names(b'{"a": 1, "b": {"c": 1, "c": 2}}') == ["c"]
    assert request_rules.repeated_json_names(b'{"a": 1, "b": {"c": 1}}') == []
