"""Steps of the Ed-Fi query feature: the only scenario that needs collection queries."""

from __future__ import annotations

from pytest_bdd import then, when

from edcert.edfi import actions, expect
from edcert.edfi.client import EdfiClient, id_in
from edcert.edfi.data import ASSOCIATIONS
from edcert.edfi.scenario import EdfiScenario
from edcert.record import checks
from edcert.record.generated import GeneratedData


@when("the collection is queried by the first association's natural key")
def query_first(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.values is not None and edfi.location is not None
    edfi.last = actions.query_until_listed(edfi_client, edfi.values.key_params(), id_in(edfi.location))


def _records(edfi_client: EdfiClient, edfi: EdfiScenario) -> list:
    assert edfi.last is not None
    expect.status(edfi.last, {200}, "EDFI-QUERY-BY-KEY", edfi_client, ASSOCIATIONS)
    records = checks.json_body(edfi.last, "EDFI-QUERY-BY-KEY")
    checks.is_true(isinstance(records, list), "EDFI-QUERY-BY-KEY", "a JSON array",
                   f"a JSON {type(records).__name__}", edfi.last)
    return records


@then("the answer is an array holding exactly the first association")
def exactly_the_first(edfi_client: EdfiClient, edfi: EdfiScenario) -> None:
    assert edfi.location is not None
    records = _records(edfi_client, edfi)
    wanted = id_in(edfi.location)
    ids = [record.get("id") if isinstance(record, dict) else None for record in records]
    checks.is_true(len(records) == 1 and actions.same_id(ids[0], wanted), "EDFI-QUERY-BY-KEY",
                   f"exactly the association {wanted}, for its four natural-key fields (another association of "
                   "the same cohort and student, differing only in beginDate, exists)",
                   f"{len(records)} record(s), ids {ids[:5]}", edfi.last)


@then("a query whose studentUniqueId matches nothing answers an empty array")
def nothing_matches(edfi_client: EdfiClient, edfi: EdfiScenario, generated: GeneratedData) -> None:
    assert edfi.values is not None
    nobody = edfi.values.with_(student_unique_id="edcert" + generated.digits(12))
    edfi.last = edfi_client.query(ASSOCIATIONS, nobody.key_params())
    records = _records(edfi_client, edfi)
    checks.is_true(records == [], "EDFI-QUERY-BY-KEY", "an empty array for a studentUniqueId no association has",
                   f"{len(records)} record(s)", edfi.last)
