"""Hostile and broken targets: a clear verdict, no traceback, the report written, nothing leaked.

Ed-Fi points at a misbehaving server and LinkIt! at a healthy reference target (or the other
way round for the XML cases), so the test also shows the unaffected suite still runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edcert import reference

from .hostile import XML_BOMB, HostileServer, xxe_document
from .targets import RunResult, run_edcert, write_profile

EDFI_IDS = [f"SCA-S{n}" for n in (1, 2, 3)] + [f"SCA-N{n}" for n in range(1, 8)]
SECRET_FILE_CONTENT = "edcert-xxe-canary-3141592653"


def _run(tmp: Path, *, edfi_url: str | None = None, linkit_url: str | None = None, timeout: str = "1") -> RunResult:
    with reference.start() as target:
        edfi_base = f"{edfi_url}/data/v3" if edfi_url else None
        token = f"{edfi_url}/oauth/token" if edfi_url else None
        env = write_profile(target, tmp / "profile.toml", edfi_base_url=edfi_base, token_url=token,
                            linkit_base_url=f"{linkit_url}/linkit" if linkit_url else None)
        return run_edcert(["--target", str(tmp / "profile.toml"), "--timeout", timeout, "--seed", "3"],
                          tmp / "reports", env, timeout=170)


def _assert_clear_verdict(result: RunResult, affected: list[str], healthy_prefix: str, phrase: str) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert result.exit_code in (1, 3), output[-3000:]
    certification = result.certification  # written in every case
    assert certification["verdict"] in ("not-certified", "incomplete")
    for sid in affected:
        scenario = result.scenario(sid)
        assert scenario["status"] in ("failed", "error"), scenario
        message = next((c["message"] for c in scenario["checks"] if c["status"] == "failed"), scenario.get("message"))
        assert message and phrase.lower() in message.lower(), f"{sid}: {message}"
        assert f"[{sid}" in message
    healthy = [s for s in certification["scenarios"] if s["id"].startswith(healthy_prefix)]
    assert healthy and all(s["status"] == "passed" for s in healthy), "the other suite still runs and passes"


EDFI_CASES = {
    # mode: (phrase in the message, --timeout)
    "hang": ("no answer within", "0.5"),
    "slow": ("did not finish within", "0.5"),
    "html": ("HTTP 502 Bad Gateway", "1"),
    "invalid-json": ("does not parse as JSON", "1"),
    "wrong-type": ("is not of type 'object'", "1"),
    "empty": ("does not parse as JSON", "1"),
    "huge": ("over 1048576 bytes", "2"),
    "redirect-loop": ("302 Found", "1"),
    "close-midway": ("broke in the middle of the answer", "1"),
}


@pytest.fixture(scope="module")
def edfi_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    base = tmp_path_factory.mktemp("hostile")

    def one(mode: str) -> RunResult:
        directory = base / mode
        directory.mkdir()
        with HostileServer(mode) as server:
            return _run(directory, edfi_url=server.url, timeout=EDFI_CASES[mode][1])

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(EDFI_CASES, pool.map(one, EDFI_CASES), strict=True))


@pytest.mark.parametrize("mode", list(EDFI_CASES))
def test_a_broken_edfi_target_fails_with_one_clear_message(mode: str, edfi_results: dict[str, RunResult]) -> None:
    _assert_clear_verdict(edfi_results[mode], EDFI_IDS, "LINKIT-", EDFI_CASES[mode][0])


def test_connection_refused_is_an_error_and_exit_3(tmp_path: Path) -> None:
    with HostileServer("html") as server:
        url = server.url  # the port is free again once the server stops
    result = _run(tmp_path, edfi_url=url)
    _assert_clear_verdict(result, EDFI_IDS, "LINKIT-", "connection refused")
    assert result.exit_code == 3 and result.scenario("SCA-S1")["status"] == "error"


def test_an_unresolvable_host_is_an_error(tmp_path: Path) -> None:
    result = _run(tmp_path, edfi_url="http://edcert-target.invalid")
    _assert_clear_verdict(result, EDFI_IDS, "LINKIT-", "cannot be resolved")
    assert result.exit_code == 3


def test_a_tls_handshake_failure_is_an_error(tmp_path: Path) -> None:
    with HostileServer("not-tls") as server:
        result = _run(tmp_path, edfi_url=f"https://127.0.0.1:{server.port}")
    _assert_clear_verdict(result, EDFI_IDS, "LINKIT-", "TLS handshake failed")
    assert result.exit_code == 3


def test_a_redirect_to_another_host_is_not_followed_with_credentials(tmp_path: Path) -> None:
    with HostileServer("html", host="127.0.0.2") as elsewhere, \
            HostileServer("redirect-away", payload=elsewhere.url.encode()) as server:
        result = _run(tmp_path, edfi_url=server.url)
        assert elsewhere.requests == []
    _assert_clear_verdict(result, EDFI_IDS, "LINKIT-", "307 Temporary Redirect")


@pytest.mark.parametrize("kind", ["bomb", "xxe"])
def test_hostile_xml_is_refused_as_a_target_failure(tmp_path: Path, kind: str) -> None:
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET_FILE_CONTENT)
    payload = XML_BOMB if kind == "bomb" else xxe_document(str(secret_file))
    with HostileServer("xml", payload=payload) as server:
        result = _run(tmp_path, linkit_url=server.url)
    xml_ids = [f"LINKIT-EX{n}-XML" for n in (1, 2)] + [f"LINKIT-SEC{n}-XML" for n in range(1, 7)]
    _assert_clear_verdict(result, xml_ids, "SCA-", "edcert refuses to expand")
    for sid in xml_ids:
        assert result.scenario(sid)["status"] == "failed"
    everything = result.stdout + result.stderr + "".join(
        p.read_text(errors="replace") for p in (tmp_path / "reports").rglob("*") if p.is_file())
    assert SECRET_FILE_CONTENT not in everything
    assert "lollollol" not in everything


def test_sigint_writes_an_incomplete_report_with_the_finished_scenarios(tmp_path: Path) -> None:
    with reference.start(["deassign-never-answers"]) as target:
        env = write_profile(target, tmp_path / "profile.toml")
        process = subprocess.Popen(
            [sys.executable, "-m", "edcert", "run", "--target", str(tmp_path / "profile.toml"), "--timeout", "60",
             "--report-dir", str(tmp_path / "reports")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **env, "PYTHONUNBUFFERED": "1"})
        assert process.stdout is not None
        deadline = time.monotonic() + 60
        for line in process.stdout:
            if "LINKIT-EX1-JSON" in line or time.monotonic() > deadline:
                break
        time.sleep(0.5)  # now waiting on the deassign that never answers
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 3, out + err
    assert "Traceback" not in out + err
    report = RunResult(3, out, err, tmp_path / "reports").certification
    assert report["verdict"] == "incomplete"
    statuses = {s["id"]: s["status"] for s in report["scenarios"]}
    assert statuses["SCA-S1"] == "passed" and statuses["LINKIT-EX1-JSON"] == "passed"
    assert statuses["LINKIT-SEC6-XML"] == "skipped"
