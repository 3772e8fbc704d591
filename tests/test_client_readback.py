"""edcert readback certifies the conformant SIS's writes and fails each faulty SIS's writes that show in
the stored data.

Each case is a reference target (in this process) that the reference SIS writes into: scenarios 1
and 2, then phase 1 of edcert readback; scenario 3, then phase 2 (when the fault shows only there).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edcert import reference
from edcert.reference_clients import CLIENT_FAULTS, CLIENT_FAULTS_BY_NAME, ClientFault

from .client_runs import SYSTEM_VALUES, Run, readback, run_client
from .targets import write_profile

READBACK_FAULTS = [fault for fault in CLIENT_FAULTS if fault.readback]
CASES = ["clean", *(fault.name for fault in READBACK_FAULTS)]


def _run_case(name: str, base: Path) -> dict[str, Run]:
    fault = CLIENT_FAULTS_BY_NAME.get(name)
    directory = base / name
    directory.mkdir()
    faults = (name,) if fault else ()
    with reference.start() as target:
        profile = directory / "profile.toml"
        env = write_profile(target, profile)
        values = None
        if fault is not None and fault.needs_values:
            values = directory / "values.toml"
            values.write_text(SYSTEM_VALUES.split("[linkit]")[0])
            profile.write_text(profile.read_text().split("[linkit]")[0] + values.read_text())
        creds = target.state.credentials
        config = directory / "client.json"
        config.write_text(json.dumps({"edfi": {"base_url": target.edfi_base_url, "token_url": target.token_url,
                                               "client_id": creds.edfi_client_id,
                                               "client_secret": creds.edfi_client_secret}}))
        phases: dict[str, Run] = {}
        run_client(config, faults=faults, suite="edfi", values=values, scenarios="SCA-S1,SCA-S2")
        phases["first"] = readback(directory / "reports", profile, "SCA-S1,SCA-S2", env)
        if fault is None or "CLIENT-SCA-S3" in fault.readback:
            run_client(config, faults=faults, suite="edfi", values=values, scenarios="SCA-S3")
            phases["second"] = readback(directory / "reports", profile, "SCA-S3", env)
        return phases


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Run]]:
    base = tmp_path_factory.mktemp("client-readback")
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(CASES, pool.map(lambda name: _run_case(name, base), CASES), strict=True))


def test_conformant_sis_is_certified_in_both_phases(cases: dict[str, dict[str, Run]]) -> None:
    first, second = cases["clean"]["first"], cases["clean"]["second"]
    assert first.exit_code == 0, first.explain()
    assert [s["id"] for s in first.certification["scenarios"]] == ["CLIENT-SCA-S1", "CLIENT-SCA-S2"]
    assert first.certification["role"] == "client"
    state = json.loads((first.report_dir / "readback-state.json").read_text())
    assert set(state["records"]) == {"CLIENT-SCA-S1", "CLIENT-SCA-S2"}
    assert second.exit_code == 0, second.explain()
    assert [s["id"] for s in second.certification["scenarios"]] == ["CLIENT-SCA-S3"]
    assert not [c for s in second.certification["scenarios"] for c in s["checks"] if c["status"] != "passed"]


@pytest.mark.parametrize("fault", READBACK_FAULTS, ids=lambda fault: fault.name)
def test_faulty_writes_fail_the_read_back(fault: ClientFault, cases: dict[str, dict[str, Run]]) -> None:
    phases = cases[fault.name]
    for sid in fault.readback:
        run = phases["second" if sid == "CLIENT-SCA-S3" else "first"]
        assert run.exit_code == 1, run.explain()
        scenario = run.scenario(sid)
        assert scenario["status"] == "failed", scenario
        failures = [c for c in scenario["checks"] if c["status"] == "failed"]
        assert any(c["requirement"] in fault.requirements for c in failures), (failures, fault.requirements)


def test_second_phase_without_the_first_is_incomplete(tmp_path: Path) -> None:
    with reference.start() as target:
        env = write_profile(target, tmp_path / "profile.toml")
        result = readback(tmp_path / "reports", tmp_path / "profile.toml", "SCA-S3", env)
    assert result.exit_code == 3, result.explain()
    assert "first phase" in result.scenario("CLIENT-SCA-S3")["message"]


def test_readback_refuses_mixed_phases_and_a_profile_without_edfi(tmp_path: Path) -> None:
    profile = tmp_path / "linkit.toml"
    profile.write_text('[linkit]\nbase_url = "http://127.0.0.1:9/linkit"\naccess_key = "k"\nsecret = "s3cret-long-enough"\n')
    mixed = readback(tmp_path / "r1", profile, "SCA-S1,SCA-S3", {})
    assert mixed.exit_code == 2 and "second run" in mixed.stderr
    no_edfi = readback(tmp_path / "r2", profile, "SCA-S1", {})
    assert no_edfi.exit_code == 2 and "[edfi]" in no_edfi.stderr
