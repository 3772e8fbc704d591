"""The reports a certifying body acts on: what to fix first with its HTTP evidence, evidence.har, and the
same story in certification.json, junit.xml, Allure and the console."""

from __future__ import annotations

import json
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from edcert import reference
from edcert.record.suite import suite_path
from edcert.reference import Credentials

from .targets import RunResult, run_edcert, write_profile

HAR_SCHEMA = json.loads((Path(__file__).parent / "data" / "har-1.2.schema.json").read_text())
SECRETS = Credentials(edfi_client_id="report-client", edfi_client_secret="REPORT-edfi-secret-91f0c2",
                      linkit_access_key="report-access-key-77", linkit_secret="REPORT-linkit-secret-3d8e5a")
#: Faults giving failures of several requirements; a cohort the target lacks makes SCA-S2 an error.
FAULTS = ["begin-date-not-required", "signature-not-verified", "missing-location-header"]
MISSING_COHORT = '\n[edfi.scenarios.SCA-S2]\ncohort_identifier = "99"\n'



@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    base = tmp_path_factory.mktemp("failing-run")
    with reference.start(FAULTS, credentials=SECRETS) as target:
        env = write_profile(target, base / "profile.toml")
        with (base / "profile.toml").open("a") as profile:
            profile.write(MISSING_COHORT)
        result = run_edcert(["--target", str(base / "profile.toml"), "--seed", "7"], base / "reports", env)
        result.tokens = list(target.state.issued_tokens)  # type: ignore[attr-defined]
    assert result.exit_code == 1, result.stdout[-3000:]
    return result


class _Outline(HTMLParser):
    """The page's sections in order, and the text of every element marking an identifier."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []
        self.identifiers: list[str] = []
        self.exchanges_in_fixes = 0
        self._fix_depth = 0
        self._capture = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "h2":
            self.order.append(attributes.get("id") or "")
        if tag == "section" and "fix" in classes:
            self.order.append("fix")
        if "exchange" in classes and self.order and self.order[-1] == "fix":
            self.exchanges_in_fixes += 1
        self._capture = "req" in classes or "id" in classes

    def handle_data(self, data: str) -> None:
        if self._capture and data.strip():
            self.identifiers.append(data.strip())
            self._capture = False


def _report_text(directory: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in directory.rglob("*") if p.is_file())


def test_the_html_puts_what_to_fix_first_with_the_exchange_of_each_failure(failing: RunResult) -> None:
    html = (failing.report_dir / "certification.html").read_text()
    outline = _Outline()
    outline.feed(html)
    assert outline.order.index("what-to-fix") < outline.order.index("scenarios") < outline.order.index("details")
    failed_requirements = {c["requirement"] for s in failing.certification["scenarios"] for c in s["checks"]
                           if c["status"] == "failed"}
    fixes = [m for m in re.findall(r"<section class='fix' id='fix-([A-Z0-9-]+)'>", html)]
    assert set(fixes) == failed_requirements
    assert outline.exchanges_in_fixes >= len(fixes), "every failure shows the exchange it rests on"
    assert "Why this is required" in html and "curl -i" in html
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "white-space:nowrap" in css.split("td.id,code.id,.req{")[1].split("}")[0], "identifiers never break"
    for identifier in outline.identifiers:
        assert "\n" not in identifier


def test_evidence_har_is_har_1_2_and_holds_every_exchange(failing: RunResult) -> None:
    har = json.loads((failing.report_dir / "evidence.har").read_text())
    Draft202012Validator(HAR_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(har)
    entries = har["log"]["entries"]
    scenarios = failing.certification["scenarios"]
    assert len(entries) == sum(s["http_exchanges"] for s in scenarios) > 0
    ids = {e["_edcert"]["id"] for e in entries}
    cited = {e for s in scenarios for c in s["checks"] for e in c["evidence"]}
    assert cited and cited <= ids, "each check names entries that exist"
    assert all(e["pageref"] == e["_edcert"]["scenario"] for e in entries)
    assert any(e["_edcert"]["checks"] for e in entries)


def test_no_secret_in_any_report_file(failing: RunResult) -> None:
    text = _report_text(failing.report_dir) + failing.stdout + failing.stderr
    for secret in (SECRETS.edfi_client_secret, SECRETS.linkit_secret, *failing.tokens):  # type: ignore[attr-defined]
        assert secret not in text


def test_errors_are_errors_everywhere(failing: RunResult) -> None:
    statuses = {s["id"]: s["status"] for s in failing.certification["scenarios"]}
    errors = [sid for sid, status in statuses.items() if status == "error"]
    failures = [sid for sid, status in statuses.items() if status == "failed"]
    assert errors and failures
    junit = (failing.report_dir / "junit.xml").read_text()
    assert f'errors="{len(errors)}" failures="{len(failures)}"' in junit
    assert junit.count("<error ") == len(errors)
    lines = failing.stdout.strip().splitlines()
    assert lines[-1].startswith("edcert verdict: NOT CERTIFIED"), lines[-3:]
    assert f"{len(failures)} failed, " in failing.stdout and f"{len(errors)} error" in failing.stdout


def test_allure_shows_each_failure_once_and_no_object_reprs(failing: RunResult) -> None:
    results = [json.loads(p.read_text()) for p in (failing.report_dir / "allure-results").glob("*-result.json")]
    failed = [r for r in results if r["status"] == "failed"]
    assert failed
    for result in failed:
        message = result["statusDetails"]["message"]
        text = json.dumps(result)
        assert not message.startswith("edcert.")
        assert text.count(json.dumps(message)[1:60]) == 1, result["name"]
        assert "_ShownAsFailed" not in text and " object at 0x" not in text


def test_report_files_share_one_mode(failing: RunResult) -> None:
    modes = {stat.S_IMODE(p.stat().st_mode) for p in failing.report_dir.iterdir() if p.is_file()}
    assert len(modes) == 1, modes


def test_identical_errors_are_one_console_line(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('[edfi]\nbase_url = "http://127.0.0.1:9/data/v3"\ntoken_url = "http://127.0.0.1:9/oauth/token"\n'
                       'client_id = "id"\nclient_secret = "${EDCERT_SECRET}"\n')
    result = run_edcert(["--target", str(profile), "--timeout", "1"], tmp_path / "r",
                        {"EDCERT_SECRET": "unreachable-secret"})
    assert result.exit_code == 3
    summary = result.stdout.split("What to fix", 1)[1]
    assert summary.count("connection refused") == 1, summary
    assert re.search(r"\d+ scenarios \(SCA-", summary)
    assert result.stdout.strip().splitlines()[-1].startswith("edcert verdict: INCOMPLETE")


def test_summary_tables_many_runs_and_gates_on_the_worst(failing: RunResult, tmp_path: Path) -> None:
    import subprocess
    import sys

    certified = tmp_path / "certified"
    certified.mkdir()
    document = {**failing.certification, "verdict": "certified",
                "scenarios": [{**s, "status": "passed", "checks": []} for s in failing.certification["scenarios"]]}
    (certified / "certification.json").write_text(json.dumps(document))
    out = tmp_path / "summary"
    completed = subprocess.run([sys.executable, "-m", "edcert", "summary", str(failing.report_dir), str(certified),
                                "--report-dir", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 1, completed.stderr
    runs = json.loads((out / "summary.json").read_text())["runs"]
    assert [r["verdict"] for r in runs] == ["not-certified", "certified"]
    assert "EDFI-REQUIRED-VALUES" in runs[0]["failed_requirements"] and runs[1]["failed_requirements"] == []
    assert runs[0]["seed"] == 7 and runs[0]["suite_sha256"] == failing.certification["harness"]["suite_sha256"]
    assert "NOT CERTIFIED" in (out / "summary.html").read_text()
    only_certified = subprocess.run([sys.executable, "-m", "edcert", "summary", str(certified), "--report-dir",
                                     str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert only_certified.returncode == 0
    missing = subprocess.run([sys.executable, "-m", "edcert", "summary", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_reports_name_the_profile_by_its_file_name_not_its_local_path(failing: RunResult) -> None:
    local = str(failing.report_dir.parent)
    assert failing.certification["target"]["source"] == "profile.toml"
    environment = (failing.report_dir / "allure-results" / "environment.properties").read_text()
    assert "target.profile=profile.toml" in environment
    for name in ("certification.json", "certification.html", "allure-results/environment.properties"):
        assert local not in (failing.report_dir / name).read_text(), name


def test_junit_has_a_class_per_feature_file_and_names_the_suite(failing: RunResult) -> None:
    import xml.etree.ElementTree as ElementTree

    tree = ElementTree.parse(failing.report_dir / "junit.xml")
    suites = list(tree.iter("testsuite"))
    assert [suite.get("name") for suite in suites] == ["edcert api conformance"]
    classes = {case.get("classname") for case in tree.iter("testcase")}
    features = suite_path("features")
    assert classes == {".".join(p.relative_to(features).with_suffix("").parts)
                       for folder in ("edfi", "linkit") for p in (features / folder).glob("*.feature")}
    assert "edfi.authentication" in classes


def test_the_lock_is_removed_and_no_message_ends_mid_sentence(failing: RunResult) -> None:
    assert not (failing.report_dir / ".edcert.lock").exists()
    text = _report_text(failing.report_dir) + failing.stdout
    assert "First of them" not in text
    har = (failing.report_dir / "evidence.har").read_text()
    shapes = {header["value"] for entry in json.loads(har)["log"]["entries"]
              for header in entry["request"]["headers"] if header["name"].lower() == "authorization"}
    assert {"Bearer ***", "Basic ***", "*** (the issued token, no scheme)"} <= shapes, shapes
