"""Every check can fail: the suite certifies the clean reference target and catches every fault.

Each case starts its own reference target (in this process) and runs `edcert run` against it
in a subprocess; the cases run three at a time. The clean target runs the whole suite; each
fault runs the scenarios that must catch it (selected by their tags with -m), which is what
the fault claims and keeps the matrix fast as the suite grows.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edcert import reference
from edcert.docs import fault_tables
from edcert.record.suite import suite_path
from edcert.requirements import REQUIREMENTS
from edcert.requirements.client import CLIENT

from .fault_judgement import assert_caught, assert_passed_without_warnings, assert_warned
from .targets import RunResult, run_edcert, write_profile

SEED = "20261122"
TIMEOUT = "1"  # faults that never answer cost one timeout per request
#: Faults run against the whole suite of their API: their scenarios must be exactly the ones that fail, so a
#: check that builds on the state the fault breaks is shown to say so instead of failing on its own requirement.
WHOLE_SUITE = ("put-not-stored", "etag-unchanged-by-put")


def _selection(fault: str | None) -> list[str]:
    if fault is None:
        return []
    if fault in WHOLE_SUITE:
        return ["--suite", reference.FAULTS_BY_NAME[fault].api]
    return ["-m", " or ".join(reference.FAULTS_BY_NAME[fault].caught_by)]


def _run_case(fault: str | None, base: Path) -> RunResult:
    directory = base / (fault or "clean")
    directory.mkdir()
    selection = _selection(fault)
    signer = reference.FAULTS_BY_NAME[fault].signer if fault else None
    with reference.start([fault] if fault else []) as target:
        env = write_profile(target, directory / "profile.toml", linkit_signer=signer)
        return run_edcert(["--target", str(directory / "profile.toml"), "--seed", SEED, "--timeout", TIMEOUT,
                           *selection], directory / "reports", env)


def _selected_cases(session: pytest.Session) -> list[str | None]:
    """The cases the selected tests need (all of them, unless -k picked a few)."""
    cases: list[str | None] = []
    for item in session.items:
        if item.module is not None and item.module.__name__ != __name__:
            continue
        params = getattr(item, "callspec", None)
        if params is not None and "fault" in params.params:
            cases.append(params.params["fault"].name)
        elif item.name == "test_clean_reference_target_is_certified_without_warnings":
            cases.insert(0, None)
    return cases


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> dict[str | None, RunResult]:
    base = tmp_path_factory.mktemp("fault-matrix")
    cases = _selected_cases(request.session)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda case: _run_case(case, base), cases))
    return dict(zip(cases, results, strict=True))


def _feature_scenario_ids() -> set[str]:
    ids: set[str] = set()
    for feature in suite_path("features").rglob("*.feature"):
        ids.update(re.findall(r"@((?:SCA|LINKIT)-[A-Z0-9-]+)", feature.read_text()))
    return ids


def test_clean_reference_target_is_certified_without_warnings(matrix: dict[str | None, RunResult]) -> None:
    result = matrix[None]
    assert result.exit_code == 0, result.stdout[-3000:] + result.stderr[-2000:]
    certification = result.certification
    assert certification["verdict"] == "certified"
    assert {s["id"] for s in certification["scenarios"]} == _feature_scenario_ids()
    assert_passed_without_warnings(certification)


@pytest.mark.parametrize("fault", reference.FAULTS, ids=lambda fault: fault.name)
def test_fault_is_caught_by_its_scenarios(fault: reference.Fault, matrix: dict[str | None, RunResult]) -> None:
    result = matrix[fault.name]
    if fault.outcome == "warn":  # advisory: the scenarios pass, with a warning naming the requirement
        assert result.certification["verdict"] != "not-certified", result.stdout[-3000:]
        assert_warned(result.certification, fault.caught_by, fault.requirements)
        return
    assert result.exit_code == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert_caught(result.certification, fault.caught_by, fault.requirements)
    if fault.name in WHOLE_SUITE:  # exactly its scenarios fail, each on one of its requirements only
        scenarios = result.certification["scenarios"]
        assert {s["id"] for s in scenarios if s["status"] != "passed" and s["suite"] == fault.api} == \
            {s["id"] for s in scenarios if s["id"] in fault.caught_by}, result.stdout[-3000:]
        assert {c["requirement"] for s in scenarios for c in s["checks"] if c["status"] == "failed"} <= \
            set(fault.requirements)


def test_every_fault_says_what_catches_it() -> None:
    scenario_ids = _feature_scenario_ids()
    assert len([f for f in reference.FAULTS if f.api == "edfi"]) >= 12
    assert len([f for f in reference.FAULTS if f.api == "linkit"]) >= 12
    for fault in reference.FAULTS:
        assert fault.caught_by, f"{fault.name} names no scenario that catches it"
        assert set(fault.caught_by) <= scenario_ids, f"{fault.name} names unknown scenarios"
        assert fault.requirements and set(fault.requirements) <= set(REQUIREMENTS), fault.name
        assert fault.outcome in ("fail", "warn")


def test_every_requirement_is_exercised_by_a_fault() -> None:
    exercised = {r for fault in reference.FAULTS for r in fault.requirements}
    client_side = {r.id for r in CLIENT}  # exercised by the reference clients' faults (tests/test_client_matrix.py)
    assert set(REQUIREMENTS) - client_side - exercised == set()


def test_readme_fault_tables_match_the_registry() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert fault_tables.replace_block(readme) == readme, "run: python -m edcert.docs.fault_tables README.md"
