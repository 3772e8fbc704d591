"""The suite's schemas are valid Draft 2020-12 with formats checked; the Ed-Fi client copes with any base URL."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from edcert.edfi.client import EdfiClient
from edcert.masking import Secret
from edcert.profile import EdfiProfile
from edcert.schemas import load_schema, schema_errors
from edcert.suite import suite_path
from edcert.transport import HttpClient

SCHEMAS = sorted(p.relative_to(suite_path("schemas")).as_posix() for p in suite_path("schemas").rglob("*.json"))


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_formats_are_checked() -> None:
    record = {"cohortReference": {"cohortIdentifier": "1", "educationOrganizationId": 255901107},
              "studentReference": {"studentUniqueId": "111111"}, "beginDate": "2026-02-30"}
    assert any("beginDate" in e for e in schema_errors("edfi/studentCohortAssociation.schema.json", record))


@pytest.mark.parametrize("record_id", ["0123456789abcdef0123456789abcdef", "00000000-0000-4000-a000-000000000000"])
def test_ids_with_or_without_dashes_are_accepted(record_id: str) -> None:
    record = {"id": record_id, "cohortReference": {"cohortIdentifier": "1", "educationOrganizationId": 255901107,
                                                   "link": {"rel": "Cohort", "href": "/ed-fi/cohorts/x"}},
              "studentReference": {"studentUniqueId": "111111"}, "beginDate": "2026-09-14",
              "_lastModifiedDate": "2026-09-14T10:00:00.1234567Z", "_ext": {"sample": {}}}
    assert schema_errors("edfi/studentCohortAssociation.schema.json", record) == []


def test_error_bodies_of_every_ods_generation_are_accepted() -> None:
    ods5 = {"message": "The value supplied for the related 'cohort' resource does not exist."}
    ods7 = {"detail": "The referenced 'Cohort' item does not exist.", "type": "urn:ed-fi:api:data-conflict",
            "title": "Unresolved Reference", "status": 409, "correlationId": None, "errors": [], "validationErrors": {}}
    assert schema_errors("edfi/error.schema.json", ods5) == []
    assert schema_errors("edfi/error.schema.json", ods7) == []
    assert schema_errors("edfi/error.schema.json", "Conflict") != []


@pytest.mark.parametrize(("base", "location", "resolved"), [
    ("https://api.example/v7.3/api/data/v3", "https://api.example/v7.3/api/data/v3/ed-fi/x/1",
     "https://api.example/v7.3/api/data/v3/ed-fi/x/1"),
    ("https://api.example/tenant1/2026/data/v3", "/ed-fi/x/1", "https://api.example/tenant1/2026/data/v3/ed-fi/x/1"),
    ("https://api.example/tenant1/data", "/tenant1/data/ed-fi/x/1", "https://api.example/tenant1/data/ed-fi/x/1"),
    ("https://api.example/api/data/v3", "ed-fi/x/1", "https://api.example/api/data/v3/ed-fi/x/1"),
])
def test_locations_resolve_under_any_base_url(base: str, location: str, resolved: str) -> None:
    client = EdfiClient(EdfiProfile(base, "https://api.example/oauth/token", "id", Secret("secret-value")),
                        HttpClient(1))
    assert client.resolve_location(location) == resolved
    assert client.collection_url("studentCohortAssociations") == f"{base}/ed-fi/studentCohortAssociations"
