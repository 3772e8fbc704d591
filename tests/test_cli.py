"""The edcert command: exit codes, profile mistakes, what lands in the report directory, secrets."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from edcert import reference
from edcert.reference import Credentials

from .targets import run_edcert, write_profile

PROFILE_OK = """\
[edfi]
base_url = "http://127.0.0.1:9/data/v3"
token_url = "http://127.0.0.1:9/oauth/token"
client_id = "id"
client_secret = "${EDCERT_SECRET}"
"""
SECRET = "long-enough-secret"


def _scenario_count() -> int:
    """Scenarios of the API suite, from the feature files (the suite grows; this test should not care)."""
    from edcert.record.catalogue import catalogue
    from edcert.record.suite import suite_path
    from edcert.run.pytest_plugin import API_FEATURES

    return len(catalogue(suite_path("features"), API_FEATURES))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_default_run_certifies_the_builtin_target_and_writes_every_report(tmp_path: Path) -> None:
    result = run_edcert(["--seed", "5"], tmp_path / "reports")
    assert result.exit_code == 0, result.stdout[-3000:] + result.stderr
    assert "CERTIFIED" in result.stdout and "seed 5" in result.stdout
    certification = result.certification
    assert certification["verdict"] == "certified" and certification["seed"] == 5
    assert certification["covers"] == ["edfi", "linkit"]
    assert re.fullmatch(r"[0-9a-f]{64}", certification["harness"]["suite_sha256"])
    assert (tmp_path / "reports" / "certification.html").read_text().count("CERTIFIED") >= 1
    junit = (tmp_path / "reports" / "junit.xml").read_text()
    count = _scenario_count()
    assert count == len(certification["scenarios"])
    assert f'tests="{count}"' in junit and 'name="SCA-S1 Create a student cohort association' in junit
    case_names = re.findall(r'<testcase [^>]*name="([^"]+)"', junit)
    assert len(case_names) == count and all(re.match(r"(SCA|LINKIT)-[A-Z0-9-]+ ", n) for n in case_names), case_names
    allure = tmp_path / "reports" / "allure-results"
    results = [json.loads(p.read_text()) for p in allure.glob("*-result.json")]
    assert len(results) == count
    s1 = next(r for r in results if r["name"].startswith("SCA-S1"))
    labels = {(label["name"], label["value"]) for label in s1["labels"]}
    assert {("epic", "Ed-Fi"), ("scenario_id", "SCA-S1"), ("severity", "critical"), ("tag", "SCA-S1")} <= labels
    assert [step["name"] for step in s1["steps"]][0].startswith("Given the vendor's Ed-Fi API")
    assert any(step.get("attachments") for step in s1["steps"]), "HTTP exchanges are attached to the steps"
    assert (allure / "environment.properties").read_text().count("seed=5") == 1
    assert json.loads((allure / "categories.json").read_text())[0]["name"] == "The target broke a requirement"


def _posted_begin_dates(report_dir: Path, scenario_prefix: str) -> list[str]:
    allure = report_dir / "allure-results"
    result = next(json.loads(p.read_text()) for p in allure.glob("*-result.json")
                  if json.loads(p.read_text())["name"].startswith(scenario_prefix))
    dates = []
    for step in result["steps"]:
        for attachment in step.get("attachments", []):
            text = (allure / attachment["source"]).read_text()
            if text.startswith("POST "):
                dates += re.findall(r'"beginDate": "([0-9-]+)"', text)
    return dates


def test_the_same_seed_generates_the_same_data(tmp_path: Path) -> None:
    first = run_edcert(["--seed", "99", "-k", "SCA-N7"], tmp_path / "a")
    second = run_edcert(["--seed", "99", "-k", "SCA-N7"], tmp_path / "b")
    other = run_edcert(["--seed", "100", "-k", "SCA-N7"], tmp_path / "c")
    assert first.scenario("SCA-N7")["status"] == "passed"
    dates = _posted_begin_dates(tmp_path / "a", "SCA-N7")
    assert dates and dates == _posted_begin_dates(tmp_path / "b", "SCA-N7")
    assert dates != _posted_begin_dates(tmp_path / "c", "SCA-N7")
    assert first.certification["seed"] == second.certification["seed"] == 99 and other.certification["seed"] == 100


def test_a_selection_of_scenarios_is_incomplete_not_certified(tmp_path: Path) -> None:
    result = run_edcert(["-k", "SCA-S1"], tmp_path / "r")
    assert result.exit_code == 3
    assert result.certification["verdict"] == "incomplete"
    assert result.scenario("SCA-S1")["status"] == "passed"
    assert result.scenario("SCA-S2")["status"] == "skipped"


def test_a_profile_with_one_api_certifies_that_suite_alone(tmp_path: Path) -> None:
    with reference.start() as target:
        env = write_profile(target, tmp_path / "full.toml")
        text = (tmp_path / "full.toml").read_text()
        (tmp_path / "edfi.toml").write_text(text.split("[linkit]")[0])
        result = run_edcert(["--target", str(tmp_path / "edfi.toml")], tmp_path / "r", env)
        assert result.exit_code == 0, result.stdout[-2000:]
        assert result.certification["covers"] == ["edfi"]
        assert "no [linkit] section" in result.certification["suites"]["linkit"]
        suite_only = run_edcert(["--target", str(tmp_path / "full.toml"), "--suite", "linkit"], tmp_path / "s", env)
        assert suite_only.exit_code == 0 and suite_only.certification["covers"] == ["linkit"]


def test_an_unreachable_target_is_exit_3_with_errors_not_failures(tmp_path: Path) -> None:
    port = _free_port()
    profile = tmp_path / "p.toml"
    profile.write_text(PROFILE_OK.replace("127.0.0.1:9", f"127.0.0.1:{port}"))
    result = run_edcert(["--target", str(profile)], tmp_path / "r", {"EDCERT_SECRET": "s3cr3t-value"})
    assert result.exit_code == 3, result.stdout
    certification = result.certification
    assert certification["verdict"] == "incomplete"
    s1 = result.scenario("SCA-S1")
    assert s1["status"] == "error" and "connection refused" in s1["message"]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(("profile", "environment", "names"), [
    (None, {}, ["does not exist"]),
    ("[edfi\nbase_url = 1", {}, ["not valid TOML"]),
    (PROFILE_OK + "colour = 'blue'\n", {"EDCERT_SECRET": SECRET}, ["[edfi] colour", "not a known key"]),
    (PROFILE_OK.replace('client_id = "id"\n', ""), {"EDCERT_SECRET": SECRET}, ["[edfi] client_id", "missing"]),
    (PROFILE_OK, {}, ["[edfi] client_secret", "${EDCERT_SECRET}"]),
    (PROFILE_OK, {"EDCERT_SECRET": ""}, ["[edfi] client_secret", "is empty"]),
    (PROFILE_OK + "school_year = '2026'\n", {"EDCERT_SECRET": SECRET}, ["[edfi] school_year", "integer"]),
    (PROFILE_OK.replace("http://127.0.0.1:9/data", "ftp://127.0.0.1:9/data"), {"EDCERT_SECRET": SECRET},
     ["[edfi] base_url", "http or https"]),
    ("[linkt]\nbase_url = 'http://x'\n", {}, ["[linkt]", "not a known section"]),
    (PROFILE_OK + "[edfi.scenarios.SCA-S3]\ncohort_identifier = '1'\n", {"EDCERT_SECRET": SECRET},
     ["[edfi.scenarios.SCA-S3]", "SCA-S1"]),
    ("[linkit]\nbase_url = 'http://x'\naccess_key = 'k'\nsecret = 'signing-secret-1'\nsigner = 'nope_module:sign'\n", {},
     ["signer", "nope_module"]),
])
def test_profile_mistakes_exit_2_with_one_line_naming_the_file_and_key(
        tmp_path: Path, profile: str | None, environment: dict, names: list[str]) -> None:
    path = tmp_path / "vendor.toml"
    if profile is not None:
        path.write_text(profile)
    env = {k: v for k, v in os.environ.items() if k != "EDCERT_SECRET"}
    env.update(environment)
    completed = subprocess.run([sys.executable, "-m", "edcert", "run", "--target", str(path),
                                "--report-dir", str(tmp_path / "r")], capture_output=True, text=True, env=env,
                               timeout=60, check=False)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("edcert: "), completed.stderr
    if "signer" not in names:
        assert "vendor.toml" in lines[0]
    for name in names:
        assert name in lines[0]
    assert "Traceback" not in completed.stdout + completed.stderr


@pytest.mark.parametrize("args", [["--suite", "both"], ["--timeout", "-1"], ["--seed", "x"], ["--bogus-flag"],
                                  ["--timeout", "nan"], ["--timeout", "inf"], ["--timeout", "1e300"],
                                  ["--timeout", "0"]])
def test_bad_invocations_exit_2(tmp_path: Path, args: list[str]) -> None:
    completed = subprocess.run([sys.executable, "-m", "edcert", "run", "--report-dir", str(tmp_path), *args],
                               capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr


CANARY = Credentials(edfi_client_id="canary-client", edfi_client_secret="CANARY-edfi-secret-7f3a9c61d2",
                     linkit_access_key="canary-access-key-55", linkit_secret="CANARY-linkit-key-4b2d81e90a")


def _all_text(directory: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in directory.rglob("*") if p.is_file())


def test_canary_no_secret_reaches_a_report_or_the_output(tmp_path: Path) -> None:
    # A fault makes some checks fail, so failure messages and tracebacks are exercised as well.
    with reference.start(["missing-location-header", "signature-not-verified"], credentials=CANARY) as target:
        env = write_profile(target, tmp_path / "p.toml")
        result = run_edcert(["--target", str(tmp_path / "p.toml")], tmp_path / "reports", env)
        plain = subprocess.run([sys.executable, "-m", "pytest", str(Path(__file__).parents[1] / "steps"), "-p",
                                "no:cacheprovider", "--tb=long", "-l", "-rA", "--target", str(tmp_path / "p.toml"),
                                "--report-dir", str(tmp_path / "pytest-reports")], capture_output=True, text=True,
                               env={**os.environ, **env}, timeout=120, check=False,
                               cwd=Path(__file__).parents[1])
        tokens = list(target.state.issued_tokens)
    assert result.exit_code == 1 and plain.returncode == 1
    secrets = [CANARY.edfi_client_secret, CANARY.linkit_secret, *tokens]
    import base64

    secrets.append(base64.b64encode(f"{CANARY.edfi_client_id}:{CANARY.edfi_client_secret}".encode()).decode())
    haystacks = {"edcert run output": result.stdout + result.stderr, "report dir": _all_text(tmp_path / "reports"),
                 "pytest output": plain.stdout + plain.stderr, "pytest reports": _all_text(tmp_path / "pytest-reports")}
    assert tokens, "the run must have obtained tokens"
    for where, text in haystacks.items():
        for secret in secrets:
            assert secret not in text, f"a secret leaked into the {where}"
        assert not re.search(r"tag=[0-9a-f]{40}", text), f"a signature leaked into the {where}"
    assert "***" in haystacks["report dir"]


SYSTEM_VALUES = """
[edfi.scenarios.SCA-S1]
cohort_identifier = "77"
student_unique_id = "777777"
"""


def test_missing_prerequisites_are_errors_or_created_when_asked(tmp_path: Path) -> None:
    with reference.start() as target:
        env = write_profile(target, tmp_path / "base.toml")
        edfi_part = (tmp_path / "base.toml").read_text().split("[linkit]")[0]
        (tmp_path / "strict.toml").write_text(edfi_part + SYSTEM_VALUES)
        strict = run_edcert(["--target", str(tmp_path / "strict.toml")], tmp_path / "strict", env)
        (tmp_path / "create.toml").write_text(edfi_part.replace("[edfi]\n", "[edfi]\ncreate_prerequisites = true\n")
                                              + SYSTEM_VALUES)
        created = run_edcert(["--target", str(tmp_path / "create.toml"), "--seed", "4"], tmp_path / "create", env)
        students = [r.body for r in target.state.store.all("students")]
    assert strict.exit_code == 3, strict.stdout[-2000:]
    s1 = strict.scenario("SCA-S1")
    assert s1["status"] == "error" and not [c for c in s1["checks"] if c["status"] == "failed"]
    assert "prerequisite missing" in s1["message"] and "HTTP 409 Conflict" in s1["message"]
    assert 'the cohort "77" at education organization 255901107' in s1["message"]
    assert "create them on the target, or set create_prerequisites = true" in s1["message"]
    assert strict.scenario("SCA-S2")["status"] == "passed"
    assert created.exit_code == 0, created.stdout[-2000:]
    student = next(s for s in students if s["studentUniqueId"] == "777777")
    assert set(student) == {"studentUniqueId", "firstName", "lastSurname", "birthDate"}


@pytest.mark.parametrize("order", [["LINKIT-EX2-JSON", "LINKIT-EX2-JSON", "LINKIT-EX1-XML", "LINKIT-EX1-XML"],
                                   ["LINKIT-EX1-JSON", "LINKIT-EX1-JSON", "LINKIT-EX2-XML", "LINKIT-EX2-XML"]])
def test_each_linkit_example_runs_alone_in_any_order_and_twice(tmp_path: Path, order: list[str]) -> None:
    with reference.start() as target:
        env = write_profile(target, tmp_path / "p.toml")
        for index, sid in enumerate(order):
            result = run_edcert(["--target", str(tmp_path / "p.toml"), "-k", sid], tmp_path / f"r{index}", env)
            assert result.scenario(sid)["status"] == "passed", result.stdout[-2000:]


def test_report_without_allure_prints_how_to_install_it(tmp_path: Path) -> None:
    results = tmp_path / "allure-results"
    results.mkdir()
    (results / "x-result.json").write_text("{}")
    completed = subprocess.run([sys.executable, "-m", "edcert", "report", "--report-dir", str(tmp_path)],
                               capture_output=True, text=True, timeout=60, check=False,
                               env={**os.environ, "PATH": "/nonexistent"}, cwd=tmp_path)
    assert completed.returncode == 3
    assert "npm install -g allure@3.18.0" in completed.stdout and "Traceback" not in completed.stderr


def test_a_target_under_a_tenant_and_school_year_prefix_is_certified(tmp_path: Path) -> None:
    with reference.start(prefix="/tenant1/2026") as target:
        prefixed = f"{target.url}/tenant1/2026"
        env = write_profile(target, tmp_path / "p.toml", edfi_base_url=f"{prefixed}/data/v3",
                            token_url=f"{prefixed}/oauth/token", linkit_base_url=f"{prefixed}/linkit")
        result = run_edcert(["--target", str(tmp_path / "p.toml")], tmp_path / "r", env)
    assert result.exit_code == 0, result.stdout[-3000:]
    assert result.certification["target"]["edfi"]["base_url"].endswith("/tenant1/2026/data/v3")


def test_a_suite_the_profile_lacks_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "edfi.toml").write_text(PROFILE_OK)
    completed = subprocess.run([sys.executable, "-m", "edcert", "run", "--target", str(tmp_path / "edfi.toml"),
                                "--suite", "linkit", "--report-dir", str(tmp_path / "r")], capture_output=True,
                               text=True, timeout=60, check=False, env={**os.environ, "EDCERT_SECRET": SECRET})
    assert completed.returncode == 2
    assert "--suite linkit" in completed.stderr and "no [linkit] section" in completed.stderr


def test_serve_on_a_busy_port_exits_2_without_a_traceback() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        completed = subprocess.run([sys.executable, "-m", "edcert", "serve", "--port", str(port)],
                                   capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 2
    assert "is the port in use?" in completed.stderr and "Traceback" not in completed.stderr


# --- local input: every mistake is exit 2 with one line, never a traceback, never a secret ----------

def _refused(tmp_path: Path, args: list[str], env: dict[str, str] | None = None) -> str:
    """Run edcert; it must exit 2 with one line on stderr and no traceback. Returns that line."""
    completed = subprocess.run([sys.executable, "-m", "edcert", "run", *args], capture_output=True, text=True,
                               env={**os.environ, **(env or {})}, timeout=60, check=False, cwd=tmp_path)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2, output
    assert "Traceback" not in output and "INTERNALERROR" not in output, output
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("edcert: "), completed.stderr
    return output


LINKIT_OK = """\
[linkit]
base_url = "http://127.0.0.1:9/linkit"
access_key = "k"
secret = "${EDCERT_SECRET}"
"""


@pytest.mark.parametrize(("profile", "names"), [
    ("a = " + "[" * 10_000 + "]" * 10_000 + "\n", ["nests arrays or tables too deeply"]),
    (LINKIT_OK + 'student_id = "\u0661\u0665\u0661\u0665\u0665\u0667"\n', ["[linkit] student_id", "digits 0-9"]),
    (LINKIT_OK + 'signer = "os:system"\n', ["signer 'os:system'", "standard library"]),
    (LINKIT_OK + 'signer = "edcert.linkit.signing:format_timestamp"\n', ["does not take two arguments"]),
    (LINKIT_OK + 'signer = "vendor_signer_none:sign"\n', ["returned NoneType", "trial call"]),
    (LINKIT_OK + 'signer = "vendor_signer_raises:sign"\n', ["failed on a trial call", "KeyError"]),
])
def test_bad_local_input_exits_2_with_one_line(tmp_path: Path, profile: str, names: list[str]) -> None:
    (tmp_path / "vendor_signer_none.py").write_text("def sign(string_to_sign, secret):\n    return None\n")
    (tmp_path / "vendor_signer_raises.py").write_text("def sign(string_to_sign, secret):\n    raise KeyError(1)\n")
    (tmp_path / "vendor.toml").write_text(profile)
    output = _refused(tmp_path, ["--target", "vendor.toml", "--report-dir", "r"],
                      {"EDCERT_SECRET": SECRET, "PYTHONPATH": str(tmp_path)})
    for name in names:
        assert name in output


def test_an_endless_profile_file_is_refused_within_bounds(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "edcert", "run", "--target", "/dev/zero", "--report-dir",
                                str(tmp_path / "r")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killer = threading.Timer(60, process.kill)
    killer.start()
    _, status, usage = os.wait4(process.pid, 0)
    killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 2 and b"larger than 1024 KiB" in process.stderr.read()
    assert usage.ru_maxrss < 200 * 1024, "the profile is read with a bound"
    process.stdout.close()
    process.stderr.close()


@pytest.mark.parametrize("key", ["base_url", "token_url"])
def test_a_password_in_a_url_is_refused_without_showing_it(tmp_path: Path, key: str) -> None:
    profile = PROFILE_OK.replace(f'{key} = "http://', f'{key} = "http://vendor:${{EDCERT_URL_PASSWORD}}@')
    (tmp_path / "vendor.toml").write_text(profile)
    output = _refused(tmp_path, ["--target", "vendor.toml", "--report-dir", "r"],
                      {"EDCERT_SECRET": SECRET, "EDCERT_URL_PASSWORD": "canary-url-password-71"})
    assert f"[edfi] {key}" in output and "user name or password" in output
    assert "canary-url-password-71" not in output


def test_a_secret_too_short_to_mask_is_refused_without_showing_it(tmp_path: Path) -> None:
    (tmp_path / "vendor.toml").write_text(PROFILE_OK)
    output = _refused(tmp_path, ["--target", "vendor.toml", "--report-dir", "r"], {"EDCERT_SECRET": "Qz7#kx"})
    assert "[edfi] client_secret is shorter than 8 characters" in output and "Qz7#kx" not in output


def test_an_unwritable_report_dir_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere on a normal file system; /proc refuses even root
        unwritable = Path("/proc/self")
    else:
        unwritable = tmp_path / "read-only"
        unwritable.mkdir()
        unwritable.chmod(0o555)
    output = _refused(tmp_path, ["--report-dir", str(unwritable)])
    assert "cannot write into it" in output
    output = _refused(tmp_path, ["--report-dir", "/proc/self/edcert-reports"])
    assert "cannot create it" in output


def test_a_stale_read_only_report_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "junit.xml").write_text("<testsuites/>")
    (tmp_path / "r" / "junit.xml").chmod(0o444)
    output = _refused(tmp_path, ["--report-dir", "r"])
    assert "junit.xml is read-only" in output


def test_a_report_dir_in_use_by_a_running_edcert_is_refused(tmp_path: Path) -> None:
    import fcntl

    (tmp_path / "r").mkdir()
    with open(tmp_path / "r" / ".edcert.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242")
        held.flush()
        output = _refused(tmp_path, ["--report-dir", "r"])
    assert "in use by another edcert run (pid 4242)" in output


def test_a_new_run_clears_the_previous_runs_outputs(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "allure-results").mkdir(parents=True)
    (reports / "allure-results" / "stale-result.json").write_text("{}")
    (reports / "allure-report").mkdir()
    (reports / "allure-report" / "index.html").write_text("stale")
    for name in ("evidence.har", "certification.json", "certification.html", "junit.xml"):
        (reports / name).write_text("stale")
    (reports / "notes.txt").write_text("the user's own")
    result = run_edcert(["-k", "SCA-N2"], reports)
    assert result.exit_code == 3 and result.scenario("SCA-N2")["status"] == "passed"
    assert not (reports / "allure-report").exists()
    assert not (reports / "allure-results" / "stale-result.json").exists()
    fresh = [(reports / name).read_text() for name in ("junit.xml", "certification.html", "evidence.har")]
    assert not any(text == "stale" for text in fresh)
    assert (reports / "notes.txt").read_text() == "the user's own"
