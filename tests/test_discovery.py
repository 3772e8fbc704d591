"""A profile may give only the Ed-Fi API's root: the discovery document gives the token URL and the resource base;
the Data Standard it declares picks the rules, and the report says which was judged and why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from edcert import reference
from edcert.edfi import declarations, discovery
from edcert.errors import ProfileError
from edcert.http.target_urls import origin
from edcert.http.transport import Exchange
from edcert.inputs import data_standard
from edcert.profile import profile_from_dict, profile_origins

from .targets import run_edcert

ROOT_ONLY = """\
[edfi]
api_url = "{api_url}"
client_id = "{client_id}"
client_secret = "${{EDCERT_TEST_EDFI_SECRET}}"
"""


def _root_only(target: reference.RunningTarget, path: Path) -> dict[str, str]:
    creds = target.state.credentials
    path.write_text(ROOT_ONLY.format(api_url=target.url, client_id=creds.edfi_client_id))
    return {"EDCERT_TEST_EDFI_SECRET": creds.edfi_client_secret}


def test_a_profile_holding_only_the_root_certifies_the_builtin_target(tmp_path: Path) -> None:
    with reference.start() as target:
        env = _root_only(target, tmp_path / "root.toml")
        result = run_edcert(["--target", str(tmp_path / "root.toml"), "--seed", "7", "--timeout", "5", "-n", "2"],
                            tmp_path / "reports", env)
        certification = result.certification
        assert result.exit_code == 0, result.stdout[-3000:]
        assert certification["verdict"] == "certified"
        assert certification["data_standard"]["version"] == "3.3.1-b"
        assert certification["data_standard"]["why"] == "declared"
        found = certification["edfi_discovery"]
        assert found["token_url"] == target.token_url and found["base_url"] == target.edfi_base_url
        assert set(found["from_discovery"]) == {"token_url", "base_url"}
        assert {s["id"] for s in certification["scenarios"] if s["status"] == "passed"} >= {"SCA-D1", "SCA-D2",
                                                                                           "SCA-D3", "SCA-S1"}
        html = (tmp_path / "reports" / "certification.html").read_text()
        assert "Ed-Fi Data Standard judged: <b>3.3.1-b</b>" in html


def test_without_a_discovery_document_every_ed_fi_scenario_fails_on_edfi_discovery(tmp_path: Path) -> None:
    with reference.start(["discovery-missing"]) as target:
        env = _root_only(target, tmp_path / "root.toml")
        result = run_edcert(["--target", str(tmp_path / "root.toml"), "--seed", "7", "--timeout", "5",
                             "-m", "SCA-S1 or SCA-D1 or SCA-N15"], tmp_path / "reports", env)
    scenarios = {s["id"]: s for s in result.certification["scenarios"]}
    for sid in ("SCA-S1", "SCA-D1", "SCA-N15"):
        assert scenarios[sid]["status"] == "failed", scenarios[sid]
        failed = [c for c in scenarios[sid]["checks"] if c["status"] == "failed"]
        assert failed[0]["requirement"] == "EDFI-DISCOVERY" and "404" in failed[0]["message"], failed


def test_the_profile_names_the_data_standard_and_it_wins(tmp_path: Path) -> None:
    with reference.start() as target:
        env = _root_only(target, tmp_path / "root.toml")
        with (tmp_path / "root.toml").open("a") as profile:
            profile.write('data_standard = "5.2.0"\n')
        result = run_edcert(["--target", str(tmp_path / "root.toml"), "--seed", "7", "--timeout", "5",
                             "-m", "SCA-D3 or SCA-N15"], tmp_path / "reports", env)
    judged = result.certification["data_standard"]
    assert (judged["version"], judged["why"], judged["declared"]) == ("5.2.0", "profile", "3.3.1-b")
    # The reference target applies Data Standard 3 rules: held to 5.2's, it refuses a 36-character cohortIdentifier.
    d3 = next(s for s in result.certification["scenarios"] if s["id"] == "SCA-D3")
    assert d3["status"] == "failed" and "EDFI-DATA-STANDARD-RULES" in d3["checks"][-1]["message"]


# --- the profile ---------------------------------------------------------------------------------

def _profile(edfi: dict) -> object:
    return profile_from_dict({"edfi": {"client_id": "c", "client_secret": "a-secret-value", **edfi}}, "p.toml")


def test_api_url_alone_is_a_profile_and_its_origin_may_receive_credentials() -> None:
    profile = _profile({"api_url": "https://vendor.example/api"})
    assert profile.edfi.api_url == "https://vendor.example/api" and not profile.edfi.resolved
    assert profile_origins(profile) == {("https", "vendor.example", 443)}
    assert profile.for_report()["edfi"]["api_url"] == "https://vendor.example/api"


@pytest.mark.parametrize(("edfi", "words"), [
    ({"token_url": "https://v.example/oauth/token"}, ["[edfi] base_url", "is missing", "api_url"]),
    ({"api_url": "https://v.example/api", "data_standard": "2.0"}, ["[edfi] data_standard", "3.x"]),
    ({"api_url": "ftp://v.example/api"}, ["[edfi] api_url", "http or https"]),
])
def test_profile_mistakes_name_the_key(edfi: dict, words: list[str]) -> None:
    with pytest.raises(ProfileError) as raised:
        _profile(edfi)
    for word in words:
        assert word in str(raised.value)


# --- the discovery document ----------------------------------------------------------------------

MEADOWLARK = {"version": "1.0.0", "dataModels": [{"name": "Ed-Fi", "version": "3.3.1-b"}],
              "urls": {"dependencies": "https://m.example/local/metadata/data/v3/dependencies",
                       "openApiMetadata": "https://m.example/local/metadata/",
                       "oauth": "https://m.example/local/oauth/token",
                       "dataManagementApi": "https://m.example/local/v3.3b/"}}


def _answer(body: object, status: int = 200) -> Exchange:
    return Exchange("GET", "https://m.example/local", {}, None, status=status, reason="OK",
                    body=json.dumps(body).encode())


class _Http:
    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange

    def send(self, method: str, url: str, **_: object) -> Exchange:
        return self.exchange


def test_meadowlark_s_document_is_valid_with_a_warning_for_its_missing_suite() -> None:
    found = discovery.read("https://m.example/local", _answer(MEADOWLARK))
    assert found.valid and found.declared_standard == "3.3.1-b"
    assert found.advice == ("no suite (the guidelines' sample and the Discovery API schema carry one)",)
    assert found.urls["dataManagementApi"] == "https://m.example/local/v3.3b/"


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"error": "not found"}, 404, "HTTP 404"),
    ([MEADOWLARK], 200, "JSON list"),
    ({**MEADOWLARK, "urls": {"oauth": "https://m.example/t"}}, 200, "no urls.dataManagementApi"),
    ({**MEADOWLARK, "dataModels": "Ed-Fi 3.3"}, 200, "no dataModels"),
    ({**MEADOWLARK, "urls": {**MEADOWLARK["urls"], "oauth": "javascript:alert(1)"}}, 200, "not a usable URL"),
])
def test_invalid_documents_say_why(body: object, status: int, words: str) -> None:
    found = discovery.read("https://m.example/local", _answer(body, status))
    assert not found.valid and any(words in p for p in found.problems), found.problems


def test_explicit_urls_win_and_another_origin_never_gets_the_secret() -> None:
    document = {**MEADOWLARK, "urls": {**MEADOWLARK["urls"], "oauth": "https://idp.elsewhere.example/token"}}
    profile = _profile({"api_url": "https://m.example/local"})
    resolution = discovery.resolve(profile.edfi, _Http(_answer(document)), profile_origins(profile))
    assert resolution.profile.base_url == "https://m.example/local/v3.3b"
    assert resolution.profile.token_url == "" and "idp.elsewhere.example" in resolution.unusable[0]
    explicit = _profile({"api_url": "https://m.example/local", "base_url": "https://m.example/local/data/v3",
                         "token_url": "https://idp.elsewhere.example/token"})
    resolution = discovery.resolve(explicit.edfi, _Http(_answer(document)), profile_origins(explicit))
    assert resolution.profile.base_url == "https://m.example/local/data/v3" and resolution.profile.discovered == ()
    assert origin("https://idp.elsewhere.example/token") in profile_origins(explicit)


# --- the Data Standard ---------------------------------------------------------------------------

@pytest.mark.parametrize(("version", "cohort", "integer"), [
    ("3.3.1-b", 20, 2**31 - 1), ("4.0.0", 20, 2**31 - 1), ("5.0.0", 36, 2**63 - 1), ("v5.2", 36, 2**63 - 1),
    ("6.1.0", 36, 2**63 - 1)])
def test_bounds_follow_the_version(version: str, cohort: int, integer: int) -> None:
    bounds = data_standard.bounds_for(version)
    assert (bounds.cohort_identifier_max, bounds.cohort_identifier_over) == (cohort, cohort + 1)
    assert (bounds.education_organization_id_max, bounds.education_organization_id_over) == (integer, integer + 1)


def test_an_unknown_version_is_judged_under_every_version() -> None:
    judged = data_standard.judge(None, "9.9")
    assert judged.why == "unknown" and judged.bounds is data_standard.EVERY_VERSION
    assert judged.bounds.too_long("cohortReference.cohortIdentifier") == 37
    assert judged.bounds.longest("cohortReference.cohortIdentifier") == 20
    assert data_standard.judge("4.0", "5.0.0").as_dict()["why"] == "profile"


# --- the OpenAPI metadata ------------------------------------------------------------------------

def test_the_reference_target_s_metadata_declares_what_it_does() -> None:
    with reference.start() as target:
        import requests

        links = requests.get(f"{target.url}/metadata/", timeout=5).json()
        link = declarations.specification_link(links)
        assert link is not None
        declaration = declarations.read(requests.get(link, timeout=5).json(), link)
    assert declaration.required >= {"beginDate", "cohortReference.cohortIdentifier", "studentReference"}
    assert "endDate" not in declaration.required
    assert declaration.max_lengths == {"cohortReference.cohortIdentifier": 20, "studentReference.studentUniqueId": 32}
    assert declaration.operations == {"collection": {"GET", "POST"}, "item": {"GET", "PUT", "DELETE"}}


def test_a_swagger_2_document_is_read_too() -> None:
    document = {"swagger": "2.0", "paths": {
        "/ed-fi/studentCohortAssociations": {"post": {"parameters": [
            {"in": "body", "schema": {"$ref": "#/definitions/edFi_studentCohortAssociation"}}]}, "get": {}},
        "/ed-fi/studentCohortAssociations/{id}": {"get": {}, "delete": {}}},
        "definitions": {"edFi_studentCohortAssociation": {"required": ["beginDate"], "properties": {
            "beginDate": {"type": "string"},
            "cohortReference": {"$ref": "#/definitions/ref"}}},
            "ref": {"required": ["cohortIdentifier"], "properties": {"cohortIdentifier": {"type": "string",
                                                                                          "maxLength": 36}}}}}
    declaration = declarations.read(document, "swagger.json")
    assert declaration.required == {"beginDate", "cohortReference.cohortIdentifier"}
    assert declaration.max_lengths == {"cohortReference.cohortIdentifier": 36}
    assert declaration.operations == {"collection": {"GET", "POST"}, "item": {"GET", "DELETE"}}


def test_the_fixture_profile_is_valid() -> None:
    completed = subprocess.run([sys.executable, "-c", "from edcert.profile import load_profile; "
                                "print(load_profile('fixtures/profiles/api-url-only.toml').edfi.api_url)"],
                               capture_output=True, text=True, env={"EDFI_CLIENT_SECRET": "edcert-reference-secret",
                                                                    "PATH": "/usr/bin"},
                               cwd=Path(__file__).resolve().parents[1], check=False)
    assert completed.stdout.strip() == "http://127.0.0.1:8765", completed.stderr


def test_the_data_management_service_s_document_is_valid_and_its_templates_are_not_followed() -> None:
    document = {"applicationName": "Ed-Fi Alliance Data Management Service", "informationalVersion": "RC 1",
                "dataModels": [{"name": "Ed-Fi", "version": "5.2.0"}],
                "urls": {"dependencies": "https://d.example/metadata/dependencies",
                         "openApiMetadata": "https://d.example/metadata/specifications",
                         "oauth": "https://d.example/{districtId}/{schoolYear}/oauth/token",
                         "dataManagementApi": "https://d.example/{districtId}/{schoolYear}/data"}}
    profile = _profile({"api_url": "https://d.example"})
    resolution = discovery.resolve(profile.edfi, _Http(_answer(document)), profile_origins(profile))
    assert resolution.discovery.valid and resolution.standard.version == "5.2.0"
    assert not resolution.profile.resolved
    assert any("template" in u and "write token_url" in u for u in resolution.unusable), resolution.unusable


# --- the schemas Ed-Fi publishes -----------------------------------------------------------------

def test_the_derived_schemas_are_what_the_vendored_specifications_give() -> None:
    from jsonschema import Draft202012Validator

    from edcert.edfi import specification_schemas

    assert specification_schemas.main([]) == 0, "run: python -m edcert.edfi.specification_schemas --write"
    for path in specification_schemas.derived_files():
        Draft202012Validator.check_schema(json.loads(path.read_text()))
    for version, path in specification_schemas.vendored_versions().items():
        source = json.loads(path.read_text())["source"]
        assert source["repository"] == "Ed-Fi-Alliance-OSS/Ed-Fi-API-Standards"
        assert len(source["commit"]) == 40 and source["data_standard"] == version
        assert source["path"].startswith(f"api-specifications/resources-ds-{version}/")


def test_the_published_3_3_schema_holds_that_data_standard_s_bounds() -> None:
    from edcert.edfi import specification_schemas
    from edcert.record.schemas import schema_errors

    name = specification_schemas.for_standard(3)
    assert name == "edfi/ds-3.3/studentCohortAssociation.schema.json"
    record = {"id": "0123456789abcdef0123456789abcdef", "beginDate": "2026-09-14", "endDate": None,
              "cohortReference": {"cohortIdentifier": "1", "educationOrganizationId": 255901107,
                                  "link": {"rel": "Cohort", "href": "/ed-fi/cohorts/x"}},
              "studentReference": {"studentUniqueId": "111111"}, "_etag": "1", "_lastModifiedDate": "x"}
    assert schema_errors(name, record) == []
    longer = {**record, "cohortReference": {"cohortIdentifier": "x" * 21, "educationOrganizationId": 2**31}}
    errors = schema_errors(name, longer)
    assert any("cohortIdentifier" in e for e in errors) and any("educationOrganizationId" in e for e in errors)
    assert specification_schemas.for_standard(5) == "edfi/ds-5.0/studentCohortAssociation.schema.json"
    assert specification_schemas.for_standard(4) is None  # not vendored: the tolerant schema alone
