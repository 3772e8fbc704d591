"""Step definitions of the Ed-Fi read-back feature: what an SIS stored, read back from an Ed-Fi API.

The API is only the witness here: when it cannot be read (no token, no answer, not a JSON list),
the scenario ends as an error of the run, never as the SIS's failure. The Ed-Fi client is the
API side's (edcert.edfi.client), without its API checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from pytest_bdd import given, then, when

from edcert.client_side.edfi_traffic import natural_key, normalised_id, without_absent_values
from edcert.client_side.readback_state import ReadbackState
from edcert.edfi.client import EdfiClient
from edcert.edfi.data import ASSOCIATIONS, Association
from edcert.errors import CheckFailed, PrerequisiteMissing, TargetUnreachable
from edcert.http import safe_json
from edcert.http.transport import Exchange
from edcert.record import checks

T = TypeVar("T")


@dataclass(repr=False)
class ReadBack:
    exchange: Exchange | None = None
    found: list[dict] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"ReadBack({len(self.found)} found)"


def _read(what: str, action: Callable[[], T]) -> T:
    """An exchange with the API; when the API does not answer, the run cannot decide."""
    try:
        return action()
    except CheckFailed as exc:
        raise TargetUnreachable(f"{what}: {exc}") from None


def _scenario(request: pytest.FixtureRequest) -> str:
    return next(m.name for m in request.node.iter_markers() if m.name.startswith("CLIENT-SCA-"))


def _stored_values(record: dict) -> dict[str, object]:
    """The record's values, without its id, its _etag-like metadata, the links the API adds, and optional
    properties written null or [] (an Ed-Fi API may render an empty collection as [])."""
    values: dict[str, object] = {}
    for key, value in without_absent_values(record)[0].items():
        if key == "id" or key.startswith("_") or key == "link":
            continue
        if isinstance(value, dict):
            values.update({f"{key}.{k}": v for k, v in value.items() if k != "link"})
        else:
            values[key] = value
    return values


def _expected_values(values: Association) -> dict[str, object]:
    return _stored_values(values.body())


@pytest.fixture(scope="session")
def readback_state(edfi_client: EdfiClient, edcert_run: Any) -> ReadbackState:
    return ReadbackState.load(edcert_run.report_dir, edfi_client.profile.base_url)


@given("the Ed-Fi API the SIS wrote to, read with the profile's client credentials")
def readback_api(edfi_client: EdfiClient) -> None:
    if edfi_client.tokens.valid():
        return
    profile = edfi_client.profile
    exchange = _read("the token endpoint", lambda: edfi_client.request_token(profile.client_id,
                                                                             profile.client_secret.reveal()))
    try:
        body = safe_json.loads(exchange.body)
        token, lifetime = body["access_token"], float(body.get("expires_in", 300))
    except (ValueError, KeyError, TypeError):
        raise TargetUnreachable(f"the Ed-Fi API did not issue a token for the profile's client credentials (HTTP "
                                f"{exchange.status_line}); check token_url, client_id and client_secret") from None
    edfi_client.tokens.store(token, lifetime)


@given("the id the first phase found for the association of scenario 1", target_fixture="first_phase")
def first_phase(readback_state: ReadbackState) -> dict:
    found = readback_state.found("CLIENT-SCA-S1")
    if found is None:
        raise PrerequisiteMissing("the first phase has not found the record of scenario 1 in this report directory; "
                                  "after the SIS did scenarios 1 and 2, run edcert readback --scenarios SCA-S1,SCA-S2 "
                                  "with the same --report-dir")
    return found


@when("the association is looked up on the API by its natural key", target_fixture="read_back")
def look_up(edfi_client: EdfiClient, scenario_values: Association) -> ReadBack:
    exchange = _read("the collection query", lambda: edfi_client.query(ASSOCIATIONS, scenario_values.key_params()))
    try:
        records = safe_json.loads(exchange.body)
    except ValueError:
        records = None
    if exchange.status != 200 or not isinstance(records, list):
        raise TargetUnreachable(f"the Ed-Fi API could not be read back: GET {exchange.url} answered HTTP "
                                f"{exchange.status_line}, not a JSON list")
    key = natural_key(scenario_values.body())
    return ReadBack(exchange, [r for r in records if natural_key(r) == key])


@then("exactly one association is found, with its id")
def one_found(read_back: ReadBack, scenario_values: Association) -> None:
    checks.is_true(len(read_back.found) == 1, "EDFI-CLIENT-STORED",
                   f"one association with beginDate {scenario_values.begin_date}, cohort "
                   f"\"{scenario_values.cohort_identifier}\" of {scenario_values.education_organization_id} and "
                   f"student {scenario_values.student_unique_id}",
                   f"{len(read_back.found)} association(s): the SIS did not store it" if not read_back.found else
                   f"{len(read_back.found)} associations", read_back.exchange)
    record_id = read_back.found[0].get("id")
    checks.is_true(isinstance(record_id, str) and bool(record_id), "EDFI-CLIENT-STORED", "the association's id",
                   f"id {record_id!r}", read_back.exchange)


@then("it carries every value of scenario 1, and no end date yet")
@then("it carries every value of scenario 2, and no end date yet")
def every_value(read_back: ReadBack, scenario_values: Association) -> None:
    stored, wanted = _stored_values(read_back.found[0]), _expected_values(scenario_values)
    for path in sorted(set(stored) | set(wanted)):
        checks.equals(stored.get(path), wanted.get(path), path, "EDFI-CLIENT-STORED", read_back.exchange)


@then("its id is kept in the report directory for the second phase")
def keep_id(read_back: ReadBack, readback_state: ReadbackState, scenario_values: Association,
            request: pytest.FixtureRequest) -> None:
    record_id = read_back.found[0]["id"]
    readback_state.remember(_scenario(request), record_id, scenario_values.body())
    checks.passed("EDFI-CLIENT-STORED", f"id {record_id} kept in {readback_state.path.name} for the second phase")


@then("exactly one association is found, the record the first phase found, same id")
def same_record(read_back: ReadBack, first_phase: dict, scenario_values: Association) -> None:
    one_found(read_back, scenario_values)
    record_id = read_back.found[0]["id"]
    checks.is_true(normalised_id(record_id) == normalised_id(first_phase["id"]), "EDFI-CLIENT-SAME-RECORD",
                   f"the record the first phase found (id {first_phase['id']}): scenario 3 updates it in place",
                   f"record {record_id}: the record of scenario 1 was replaced (a delete and re-create)",
                   read_back.exchange)


@then("reading it by its id gives the end date of scenario 3 and every other value unchanged")
def end_date_stored(read_back: ReadBack, edfi_client: EdfiClient, scenario_values: Association) -> None:
    url = f"{edfi_client.collection_url(ASSOCIATIONS)}/{read_back.found[0]['id']}"
    exchange = _read("the association by its id", lambda: edfi_client.get(url))
    try:
        record = safe_json.loads(exchange.body)
    except ValueError:
        record = None
    if exchange.status != 200 or not isinstance(record, dict):
        raise TargetUnreachable(f"the Ed-Fi API could not be read back: GET {url} answered HTTP {exchange.status_line}")
    stored, wanted = _stored_values(record), _expected_values(scenario_values)
    checks.equals(stored.get("endDate"), wanted.get("endDate"), "endDate", "EDFI-CLIENT-STORED", exchange)
    for path in sorted(set(stored) | set(wanted)):
        checks.equals(stored.get(path), wanted.get(path), path, "EDFI-CLIENT-STORED", exchange)
