"""The request model: its cells are well formed and every feature and the README carry its tables as
generated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edcert.inputs.catalogue import all_tables
from edcert.inputs.model import Cell, Table
from edcert.inputs.render import rendered_feature, stale_files

ROOT = Path(__file__).resolve().parents[1]


def test_features_and_readme_carry_the_tables_as_generated():
    assert stale_files(ROOT, all_tables(), write=False) == [], "run: python -m edcert.inputs --write"


def test_an_unknown_operator_is_refused():
    with pytest.raises(ValueError):
        Cell("client_secret", "sideways", "401")


def test_a_cell_listed_twice_is_refused():
    with pytest.raises(ValueError):
        Table("t", "r", "REQ", "S", (Cell("a", "missing", "400"), Cell("a", "missing", "401")))


def test_a_marked_table_is_replaced_and_exceptions_are_left_out():
    table = Table("demo", "a request", "REQ", "S1", (
        Cell("client_id", "missing", "401"),
        Cell("client_id", "other case", "", exception="ids may be case-insensitive"),
    ))
    text = "  When it is sent:\n    # request model: demo\n    | old |\n  Then done"
    new = rendered_feature(text, {"demo": table})
    assert new.splitlines() == [
        "  When it is sent:",
        "    # request model: demo",
        "    | element   | operator | expected answer |",
        "    | client_id | missing  | 401             |",
        "  Then done",
    ]


# --- the Ed-Fi tables: every cell can be sent ---------------------------------------------------------------------

def test_every_ed_fi_cell_has_a_way_to_be_sent() -> None:
    from edcert.edfi.body_cells import bodies_of
    from edcert.edfi.credentials import credentials_for, kind_of_cell
    from edcert.edfi.token_requests import requests_of
    from edcert.inputs.edfi import BY_NAME
    from edcert.record.generated import GeneratedData

    generated = GeneratedData(1, "SCA-N33")
    token = "0123456789abcdef0123456789abcdef"
    for table in ("edfi-credentials-read", "edfi-credentials-write"):
        for cell in BY_NAME[table].cells:
            if not cell.exception:
                credentials_for(kind_of_cell(cell.element, cell.operator), token, "client", "secret-value", generated)
    for cell in BY_NAME["edfi-token-request"].cells:
        if not cell.exception:
            judged, requests = requests_of(cell.element, cell.operator, "client", "Secret-Value", "unknown-1234567")
            assert requests, cell
    body = {"cohortReference": {"cohortIdentifier": "1", "educationOrganizationId": 255901107},
            "studentReference": {"studentUniqueId": "111111"}, "beginDate": "2010-01-01"}
    for cell in BY_NAME["edfi-association-body"].cells:
        if not cell.exception:
            sent = bodies_of(cell, body, generated)
            assert sent and all(raw != json.dumps(body).encode() for _, raw in sent), cell


def test_lengths_and_ranges_are_wrong_under_every_data_standard() -> None:
    from edcert.inputs.edfi import LOOSEST, Bounds, tables

    body = {t.name: t for t in tables(LOOSEST)}["edfi-association-body"]
    assert body.cell("cohortReference.cohortIdentifier", "too long").values == (37,)  # 20 (DS 3, 4), 36 (DS 5+)
    assert body.cell("studentReference.studentUniqueId", "too long").values == (33,)
    assert body.cell("cohortReference.educationOrganizationId", "out of range").values == (2**63, -(2**63) - 1)
    strict = {t.name: t for t in tables(Bounds(cohort_identifier_max=20, education_organization_id_max=2**31 - 1,
                                               education_organization_id_min=-(2**31)))}
    assert strict["edfi-association-body"].cell("cohortReference.cohortIdentifier", "too long").values == (21,)
