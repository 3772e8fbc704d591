"""edcert listen: how a session ends, what it says it covered, what it writes, and what it refuses."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .client_runs import Run, listen_with_client

SESSIONS = {
    "nobody-called": {"client": False},
    "edfi-only-ends-when-idle": {"suite": "edfi", "listen_args": ("--idle-timeout", "1"), "stop": None},
    "linkit-json-only-ctrl-c": {"suite": "linkit", "formats": "json", "stop": signal.SIGINT},
    "edfi-client-but-all-suites": {"suite": "all", "client_suite": "edfi"},
}


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    base = tmp_path_factory.mktemp("listen")
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = pool.map(lambda name: listen_with_client(base / name, **SESSIONS[name]), SESSIONS)
        return dict(zip(SESSIONS, runs, strict=True))


def test_a_session_nobody_called_is_incomplete(sessions: dict[str, Run]) -> None:
    run = sessions["nobody-called"]
    assert run.exit_code == 3, run.explain()
    certification = run.certification
    assert certification["verdict"] == "incomplete" and certification["role"] == "client"
    assert certification["target"]["listen"]["ended_by"] == "SIGTERM"
    assert {s["status"] for s in certification["scenarios"]} == {"error"}
    assert "no request at all arrived" in certification["scenarios"][0]["message"]
    for name in ("certification.html", "junit.xml", "client-traffic.json", "allure-results"):
        assert (run.report_dir / name).exists(), name


def test_listen_ends_by_itself_when_the_client_is_idle(sessions: dict[str, Run]) -> None:
    run = sessions["edfi-only-ends-when-idle"]
    assert run.exit_code == 0, run.explain()
    certification = run.certification
    assert certification["covers"] == ["edfi"] and certification["verdict"] == "certified"
    assert certification["target"]["listen"]["ended_by"].startswith("--idle-timeout")
    linkit = [s for s in certification["scenarios"] if s["suite"] == "linkit"]
    assert all(s["status"] == "skipped" and not s["required"] for s in linkit)


def test_ctrl_c_ends_the_session_and_a_one_format_client_is_judged_on_its_format(sessions: dict[str, Run]) -> None:
    run = sessions["linkit-json-only-ctrl-c"]
    assert run.exit_code == 0, run.explain()
    certification = run.certification
    assert certification["target"]["listen"]["ended_by"] == "Ctrl-C"
    statuses = {s["id"]: (s["status"], s["required"]) for s in certification["scenarios"] if s["suite"] == "linkit"}
    assert statuses == {"CLIENT-LINKIT-EX1-JSON": ("passed", True), "CLIENT-LINKIT-EX2-JSON": ("passed", True),
                        "CLIENT-LINKIT-EX1-XML": ("skipped", False), "CLIENT-LINKIT-EX2-XML": ("skipped", False)}


def test_an_api_the_client_never_called_makes_the_verdict_incomplete(sessions: dict[str, Run]) -> None:
    run = sessions["edfi-client-but-all-suites"]
    assert run.exit_code == 3, run.explain()
    linkit = [s for s in run.certification["scenarios"] if s["suite"] == "linkit"]
    assert {s["status"] for s in linkit} == {"error"}
    assert "--suite edfi" in linkit[0]["message"]


def test_the_configuration_is_written_for_the_owner_alone_in_the_contract_shape(sessions: dict[str, Run]) -> None:
    config = sessions["nobody-called"].report_dir.parent / "client.json"
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    document = json.loads(config.read_text())
    assert set(document) == {"edfi", "linkit", "school_year"}
    assert set(document["edfi"]) == {"base_url", "token_url", "client_id", "client_secret"}
    assert set(document["linkit"]) == {"base_url", "access_key", "secret"}
    assert document["edfi"]["base_url"].startswith("http://127.0.0.1:")
    assert document["edfi"]["client_secret"] not in ("edcert-reference-secret",)  # never the demo credentials
    printed = (sessions["nobody-called"].report_dir.parent / "listen.out").read_text()
    assert document["edfi"]["client_secret"] in printed and document["linkit"]["secret"] in printed


def _listen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edcert", "listen", *args], capture_output=True, text=True,
                          timeout=30, check=False)


def test_config_out_inside_the_report_dir_is_refused(tmp_path: Path) -> None:
    done = _listen("--report-dir", str(tmp_path / "r"), "--config-out", str(tmp_path / "r" / "client.json"))
    assert done.returncode == 2 and "report directory" in done.stderr and len(done.stderr.splitlines()) == 1


def test_values_are_read_strictly_and_without_secrets(tmp_path: Path) -> None:
    values = tmp_path / "values.toml"
    values.write_text('[edfi]\nclient_secret = "${NOT_SET_ANYWHERE}"\n[edfi.scenarios.SCA-S1]\ncohort_identifer = "7"\n')
    done = _listen("--report-dir", str(tmp_path / "r"), "--values", str(values))
    assert done.returncode == 2 and "cohort_identifer" in done.stderr and len(done.stderr.splitlines()) == 1
