"""The Ed-Fi suite against the reference target as a whole: decided without collection queries, leaving
nothing behind, twice in a row, creating prerequisites when asked, renewing a token the API refuses."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edcert import reference
from edcert.edfi.client import EdfiClient
from edcert.http.transport import HttpClient
from edcert.run.builtin_target import profile_for

from .targets import RunResult, run_edcert, write_profile

QUERY_FAULTS = ("collection-queries-answer-500", "query-refuses-reference-key-fields")


def _edfi_run(fault: str | None, directory: Path, *extra: str) -> RunResult:
    directory.mkdir()
    with reference.start([fault] if fault else []) as target:
        env = write_profile(target, directory / "profile.toml")
        return run_edcert(["--target", str(directory / "profile.toml"), "--suite", "edfi", "--seed", "11",
                           "--timeout", "5", *extra], directory / "reports", env)


def test_without_collection_queries_only_the_query_scenarios_fail(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(QUERY_FAULTS, pool.map(lambda f: _edfi_run(f, tmp_path / f), QUERY_FAULTS), strict=True))
    for fault, result in results.items():
        scenarios = {s["id"]: s for s in result.certification["scenarios"] if s["suite"] == "edfi"}
        for sid in ("SCA-N23", "SCA-N38", "SCA-N40"):  # the scenarios that query the collection
            query = scenarios.pop(sid)
            if sid != "SCA-N23" and query["status"] == "passed":  # they need only the queries the fault serves
                continue
            assert query["status"] == "failed", (fault, query)
            assert {c["requirement"] for c in query["checks"] if c["status"] == "failed"} == {"EDFI-QUERY-BY-KEY"}
        assert len(scenarios) >= 20
        for sid, scenario in scenarios.items():
            assert scenario["status"] == "passed", (fault, sid, scenario.get("message"), scenario["checks"][-3:])
        s1_notes = [c["message"] for c in scenarios["SCA-S1"]["checks"] if c["requirement"] == "EDFI-POST-CREATED"]
        assert any("cannot be told" in note for note in s1_notes), s1_notes


def test_the_suite_leaves_only_the_document_records_and_passes_twice(tmp_path: Path) -> None:
    with reference.start() as target:
        env = write_profile(target, tmp_path / "profile.toml")
        runs = [run_edcert(["--target", str(tmp_path / "profile.toml"), "--suite", "edfi", "--seed", "3"],
                           tmp_path / f"reports{n}", env) for n in (1, 2)]
        associations = [r.body for r in target.state.store.all("studentCohortAssociations")]
    for result in runs:
        assert result.exit_code == 0, result.stdout[-3000:]
    begin_dates = sorted(a["beginDate"][5:] for a in associations)
    assert begin_dates == ["09-14", "09-14"], associations  # scenarios 1 (and 3) and 2; nothing else stays
    s1_second = runs[1].scenario("SCA-S1")
    assert any("found it before the POST" in c["message"] for c in s1_second["checks"])


def test_create_prerequisites_creates_cohort_student_and_school_association(tmp_path: Path) -> None:
    with reference.start() as target:
        env = write_profile(target, tmp_path / "base.toml")
        edfi_part = (tmp_path / "base.toml").read_text().split("[linkit]")[0]
        (tmp_path / "p.toml").write_text(edfi_part.replace("[edfi]\n", "[edfi]\ncreate_prerequisites = true\n"
                                                           "school_year = 2031\n")
                                         + '[edfi.scenarios.SCA-S2]\ncohort_identifier = "88"\n'
                                           'student_unique_id = "888888"\n')
        result = run_edcert(["--target", str(tmp_path / "p.toml"), "-m", "SCA-S2 or SCA-S1"], tmp_path / "r", env)
        links = [r.body for r in target.state.store.all("studentSchoolAssociations")]
        cohorts = [r.body["cohortIdentifier"] for r in target.state.store.all("cohorts")]
    assert result.scenario("SCA-S2")["status"] == "passed", result.stdout[-3000:]
    assert "88" in cohorts
    assert {"studentReference": {"studentUniqueId": "888888"}, "schoolReference": {"schoolId": 255901001},
            "entryDate": "2031-08-15", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"} \
        in links
    assert any(link["studentReference"]["studentUniqueId"] == "111111"
               and link["entryGradeLevelDescriptor"].endswith("#First grade") for link in links)


def test_prerequisites_that_cannot_be_created_stop_only_what_needs_them(tmp_path: Path) -> None:
    # 255901 is the district, not a school: the StudentSchoolAssociation is refused (409), the cohort and the
    # student are created, and the reference target, like any API without relationship authorization,
    # accepts the association all the same.
    with reference.start() as target:
        env = write_profile(target, tmp_path / "base.toml")
        edfi_part = (tmp_path / "base.toml").read_text().split("[linkit]")[0]
        (tmp_path / "p.toml").write_text(edfi_part.replace("[edfi]\n", "[edfi]\ncreate_prerequisites = true\n")
                                         + '[edfi.scenarios.SCA-S1]\ncohort_identifier = "99"\n'
                                           'education_organization_id = 255901\nstudent_unique_id = "999999"\n'
                                           '[edfi.scenarios.SCA-S2]\ncohort_identifier = "98"\n'
                                           'education_organization_id = 999999\n')
        result = run_edcert(["--target", str(tmp_path / "p.toml"), "-m", "SCA-S1 or SCA-N4 or SCA-S2"],
                            tmp_path / "r", env)
        links = [r.body for r in target.state.store.all("studentSchoolAssociations")]
    for sid in ("SCA-S1", "SCA-N4"):
        assert result.scenario(sid)["status"] == "passed", result.stdout[-3000:]
    assert not [link for link in links if link["studentReference"]["studentUniqueId"] == "999999"]
    # An education organization nobody knows: the cohort cannot be created, and the error quotes why.
    s2 = result.scenario("SCA-S2")
    assert s2["status"] == "error", s2
    assert 'edcert could not create them (create_prerequisites = true): creating the cohort "98"' in s2["message"]
    assert "HTTP 409 Conflict" in s2["message"]


@pytest.fixture
def client_and_target(monkeypatch: pytest.MonkeyPatch):
    import contextlib
    import types

    from edcert.record import checks

    # Checks show themselves as Allure steps; outside a scenario there is no Allure test to hold them.
    monkeypatch.setattr(checks, "allure", types.SimpleNamespace(step=lambda title: contextlib.nullcontext()))
    with reference.start(["token-expires-in-missing"]) as target:
        http = HttpClient(5)
        yield EdfiClient(profile_for(target).edfi, http), target
        http.close()


def test_a_token_without_lifetime_is_renewed_when_the_api_refuses_it(client_and_target) -> None:
    client, target = client_and_target
    first = client.bearer()
    assert client.tokens.valid() and client.bearer() == first  # no expires_in: kept, not fetched again
    with target.state._lock:
        target.state.tokens.clear()  # the API forgets it (expired, revoked)
    answer = client.query("studentCohortAssociations", {"studentUniqueId": "111111"})
    assert answer.status == 200
    assert len(target.state.issued_tokens) == 2 and client.bearer() != first


def test_a_token_that_cannot_be_sent_is_refused_before_any_resource_request(tmp_path: Path) -> None:
    result = _edfi_run("token-too-short", tmp_path / "short", "-m", "SCA-S1 or SCA-N12")
    for sid in ("SCA-S1", "SCA-N12"):
        failed = [c for c in result.scenario(sid)["checks"] if c["status"] == "failed"]
        assert failed and failed[0]["requirement"] == "EDFI-TOKEN" and "8 characters" in failed[0]["message"]
    assert result.exit_code == 1
