"""The request model: its cells are well formed and every feature and the README carry its tables as
generated."""

from __future__ import annotations

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
