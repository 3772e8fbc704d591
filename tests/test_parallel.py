"""`edcert run -n N` gives the verdict, statuses and checks of a sequential run with the same seed:
scenarios that share records run in order on one worker, and one report comes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from edcert import reference

from .edfi_servers import CLIENT_ID, CLIENT_SECRET, IndependentEdfi
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


LAGGING = frozenset({"read-lag", "slow-answers"})
EDFI_PROFILE = """\
[edfi]
base_url = "{base_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret = "${{EDCERT_TEST_EDFI_SECRET}}"
"""


def test_a_parallel_run_judges_as_a_sequential_one_on_an_api_whose_reads_lag(tmp_path: Path) -> None:
    """An independent Ed-Fi API that serves requests concurrently and shows each write to reads a moment later;
    both runs go to the same server, one after the other, as a vendor's staging API is certified twice."""
    with IndependentEdfi("ods7", LAGGING) as server:
        (tmp_path / "profile.toml").write_text(EDFI_PROFILE.format(
            base_url=server.base_url, token_url=server.token_url, client_id=CLIENT_ID))
        common = ["--target", str(tmp_path / "profile.toml"), "--suite", "edfi", "--seed", SEED, "--timeout", "5"]
        env = {"EDCERT_TEST_EDFI_SECRET": CLIENT_SECRET}
        sequential = run_edcert(common, tmp_path / "sequential", env)
        parallel = run_edcert([*common, "-n", "2"], tmp_path / "parallel", env, timeout=240)
    assert sequential.exit_code == parallel.exit_code == 0, sequential.stdout[-3000:] + parallel.stdout[-3000:]
    assert _signature(parallel) == _signature(sequential)
