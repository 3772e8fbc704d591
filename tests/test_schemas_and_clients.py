"""The suite's schemas are valid Draft 2020-12 with formats checked; the Ed-Fi client copes with any base URL."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from edcert.edfi.client import EdfiClient
from edcert.edfi.expect import error_member_text
from edcert.http.transport import HttpClient
from edcert.masking import Secret
from edcert.profile import EdfiProfile
from edcert.record.schemas import load_schema, schema_errors
from edcert.record.suite import suite_path

# schemas/edfi/specifications/ holds Ed-Fi's OpenAPI components as vendored, not JSON Schemas (tests/test_discovery.py)
SCHEMAS = sorted(p.relative_to(suite_path("schemas")).as_posix() for p in suite_path("schemas").rglob("*.json")
                 if "specifications" not in p.parts)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_formats_are_checked() -> None:
    record = {"cohortReference": {"cohortIdentifier": "1", "educationOrganizationId": 255901107},
              "studentReference": {"studentUniqueId": "111111"}, "beginDate": "2026-02-30"}
    assert any("beginDate" in e for e in schema_errors("edfi/studentCohortAssociation.schema.json", record))


@pytest.mark.parametrize("record_id", ["0123456789abcdef0123456789abcdef", "00000000-0000-4000-a000-000000000000",
                                       "ffc0a272", "WhT14ozRv-M80122NydSim1PK4FiQIxmPRXMTA"])
def test_ids_of_any_form_that_fits_a_url_segment_are_accepted(record_id: str) -> None:
    """32 hex (ODS/API), a dashed GUID (DMS), the Ed-Fi API guidelines' example, Meadowlark's base64url ids."""
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


def test_rfc9457_problem_details_with_extension_members_of_their_own_are_error_bodies() -> None:
    aspnet = {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "status": 400,
              "title": "One or more validation errors occurred.", "errors": {"$.beginDate": ["Invalid date."]},
              "traceId": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"}
    detail_only = {"status": 409, "detail": "The referenced Cohort does not exist."}
    assert schema_errors("edfi/error.schema.json", aspnet) == []
    assert schema_errors("edfi/error.schema.json", detail_only) == []
    for nothing_said in ({}, {"status": 400}, {"type": "about:blank", "title": ""}, {"title": 400},
                         {"title": "Bad Request", "status": "400"}, []):
        assert schema_errors("edfi/error.schema.json", nothing_said) != [], nothing_said


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


@pytest.mark.parametrize(("url", "same"), [
    ("https://api.example/v7.3/api/data/v3/ed-fi/x/1", True),
    ("https://API.example:443/v7.3/api/data/v3/ed-fi/x/1", True),
    ("http://api.example/v7.3/api/data/v3/ed-fi/x/1", False),
    ("https://api-internal.example/v7.3/api/data/v3/ed-fi/x/1", False),
    ("https://api.example:8443/ed-fi/x/1", False),
])
def test_credentials_go_only_to_the_apis_own_origin(url: str, same: bool) -> None:
    client = EdfiClient(EdfiProfile("https://api.example/v7.3/api/data/v3", "https://api.example/oauth/token", "id",
                                    Secret("secret-value")), HttpClient(1))
    assert client.same_origin(url) is same


def test_tokens_are_kept_until_shortly_before_they_expire(monkeypatch) -> None:
    from edcert.edfi import client as edfi_client

    now = [1000.0]
    monkeypatch.setattr(edfi_client.time, "monotonic", lambda: now[0])
    cache = edfi_client.TokenCache()
    assert not cache.valid()
    cache.store("token-value-1", 1800)
    now[0] += 1700
    assert cache.valid()
    now[0] += 45  # within the last minute of its life: fetch a new one
    assert not cache.valid()
    short = edfi_client.TokenCache()
    short.store("token-value-2", 10)
    now[0] += 8.5
    assert short.valid()
    now[0] += 1
    assert not short.valid()


def test_the_suite_edcert_runs_holds_every_part() -> None:
    from edcert.record.suite import suite_root, suite_sha256

    root = suite_root()
    for part in ("features/edfi/document_scenarios.feature", "features/linkit/program_assignment.feature",
                 "steps/test_features.py", "steps/edfi_common_steps.py", "steps/linkit_common_steps.py", "schemas/edfi",
                 "schemas/linkit", "fixtures/profiles/example.toml", "conftest.py", "pytest.ini"):
        assert (root / part).exists(), f"{part} is missing from {root}"
    assert len(suite_sha256()) == 64


def test_the_example_profiles_are_valid(monkeypatch) -> None:
    from edcert.profile import load_profile
    from edcert.record.suite import suite_path

    monkeypatch.setenv("EDFI_CLIENT_SECRET", "example-secret")
    monkeypatch.setenv("LINKIT_SECRET", "example-secret")
    suites = {p.name: load_profile(p).suites for p in suite_path("fixtures", "profiles").glob("*.toml")}
    assert suites == {"example.toml": ("edfi", "linkit"), "edfi-only.toml": ("edfi",),
                      "linkit-only.toml": ("linkit",), "api-url-only.toml": ("edfi",)}


@pytest.mark.parametrize("body", [
    {"error": "Conflict: the referenced Cohort does not exist"},
    {"error": {"message": "The identity fields of the document cannot be modified"}},
    {"error": [{"message": "{requestBody} must have required property 'cohortReference'", "path": "{requestBody}",
                "context": {"errorType": "required"}}]},
    {"error": {"message": "Reference validation failed",
               "failures": [{"resourceName": "Student", "identity": [{"studentUniqueId": "999"}]}]}},
])
def test_an_error_member_that_says_what_went_wrong_is_read(body: dict) -> None:
    assert error_member_text(body)


@pytest.mark.parametrize("body", [{"error": ""}, {"error": {}}, {"error": []}, {"error": {"code": 7}},
                                  {"error": [{"path": "{requestBody}", "context": {}}]},
                                  {"error": [{"message": "fine"}, {"path": "x"}]}, {"error": None}, ["error"]])
def test_an_error_member_without_a_readable_message_is_not(body: object) -> None:
    assert error_member_text(body) is None
