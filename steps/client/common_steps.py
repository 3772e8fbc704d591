"""Steps both client-side judges share: the values a scenario must have written."""

from __future__ import annotations

from pytest_bdd import given, parsers

from edcert.client_side.values import SystemValues
from edcert.edfi.data import Association


@given(parsers.parse("the values of scenario {number:d}:"), target_fixture="scenario_values")
def scenario_values(number: int, datatable: list[list[str]], client_values: tuple[SystemValues, int]) -> Association:
    """The sheet's values of the scenario, or the vendor's system values, for the school year."""
    values, school_year = client_values
    table = {row[0].strip(): row[1].strip() for row in datatable[1:]}
    return values.association(number, school_year, table)
