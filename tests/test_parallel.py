"""`edcert run -n N` gives the verdict, statuses and checks of a sequential run with the same seed:
scenarios that share records run in order on one worker, and one report comes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from edcert import reference

from .targets import RunResult, run_edcert, write_profile

SEED = "11"


def _signature(result: RunResult) -> tuple[str, list[tuple[str, str, list[tuple[str, str]]]]]:
    document = result.certification
    return document["verdict"], [(s["id"], s["status"], [(c["requirement"], c["status"]) for c in s["checks"]])
                                 for s in document["scenarios"]]


@pytest.mark.parametrize("faults", [[], ["signature-not-verified", "upsert-ignores-changes"]],
                         ids=["clean", "with-faults"])
def test_a_parallel_run_judges_as_a_sequential_one(tmp_path: Path, faults: list[str]) -> None:
    with reference.start(faults) as target:
        env = write_profile(target, tmp_path / "profile.toml")
        common = ["--target", str(tmp_path / "profile.toml"), "--seed", SEED]
        sequential = run_edcert(common, tmp_path / "sequential", env)
    with reference.start(faults) as target:  # a fresh target, as the sequential run had
        env = write_profile(target, tmp_path / "profile.toml")
        parallel = run_edcert([*common, "-n", "3"], tmp_path / "parallel", env, timeout=240)
    assert sequential.exit_code == parallel.exit_code == (1 if faults else 0), parallel.stdout[-3000:]
    assert _signature(parallel) == _signature(sequential)
    har = (tmp_path / "parallel" / "evidence.har").read_text()
    assert har.count('"pageref"') == sum(s["http_exchanges"] for s in parallel.certification["scenarios"])
