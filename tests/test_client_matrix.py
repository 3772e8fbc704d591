"""Every client check can fail: edcert listen certifies the conformant reference clients and catches
each client fault.

Each case is one edcert listen session with the reference clients (both subprocesses, listen ended
with SIGTERM as soon as the client is done), three at a time. An Ed-Fi fault and a LinkIt! fault
share a session: the two APIs share nothing, and each fault is judged on its own scenarios. Advisory
faults share a session of their own, which must still be certified.
"""

from __future__ import annotations

import base64
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edcert.docs import fault_tables
from edcert.record.suite import suite_path
from edcert.reference_clients import CLIENT_FAULTS, ClientFault
from edcert.requirements import REQUIREMENTS
from edcert.requirements.client import CLIENT

from .client_runs import SYSTEM_VALUES, Run, listen_with_client
from .fault_judgement import assert_caught, assert_passed_without_warnings, assert_warned


def _reach(fault: ClientFault) -> frozenset[str]:
    """The scenarios a fault can disturb: those it names, or every scenario of its API; a flood fills the whole
    session's bounds, so the other API's requests would not be kept either."""
    if fault.kind == "bounded traffic":
        return frozenset({"edfi:all", "linkit:all"})
    if fault.reach:
        return frozenset(fault.reach)
    return frozenset({f"{fault.api}:all"})


def _disjoint(taken: set[str], reach: frozenset[str]) -> bool:
    """No scenario in both; "<api>:all" stands for every scenario of the API."""
    def expand(scenarios: set[str] | frozenset[str]) -> set[str]:
        return {p for s in scenarios for p in ([_PREFIX[s[:-4]]] if s.endswith(":all") else [s])}

    mine, theirs = expand(reach), expand(taken)
    return not any(a.startswith(b) or b.startswith(a) for a in mine for b in theirs)


_PREFIX = {"edfi": "CLIENT-SCA-", "linkit": "CLIENT-LINKIT-"}


def _sessions() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Session name -> (faults, with system values). Faults that cannot disturb each other's scenarios share a
    session: an Ed-Fi fault and a LinkIt! fault always can (the two APIs share nothing), and the request-model
    faults, each touching one part of the client's work, share with the faults of other parts. The advisory
    faults, which touch different things, share one session that must still be certified."""
    sessions: dict[str, tuple[tuple[str, ...], bool]] = {"clean": ((), False), "clean-with-system-values": ((), True)}
    packed: list[tuple[set[str], list[str], bool]] = []
    for fault in (f for f in CLIENT_FAULTS if f.outcome == "fail"):
        reach = _reach(fault)
        for taken, names, with_values in packed:
            if with_values == fault.needs_values and _disjoint(taken, reach):
                taken |= reach
                names.append(fault.name)
                break
        else:
            packed.append((set(reach), [fault.name], fault.needs_values))
    for _, names, with_values in packed:
        sessions["+".join(names)] = (tuple(names), with_values)
    advisory = tuple(f.name for f in CLIENT_FAULTS if f.outcome == "warn")
    sessions["+".join(advisory)] = (advisory, False)
    return sessions


SESSIONS = _sessions()
#: Other conformant readings of the documents, three sessions' worth (scenario 3 is done one way in each).
VARIANTS = {
    "conformant-variants-1": ("form-credentials", "update-with-post", "student-id-in-header-only",
                              "unescaped-timestamp", "xml-first"),
    "conformant-variants-2": ("read-modify-write", "student-id-in-body-only", "integer-student-id"),
    "conformant-variants-3": ("lower-case-schemes", "upper-case-record-id"),
}


def _session_of(fault: str) -> str:
    return next(name for name, (faults, _) in SESSIONS.items() if fault in faults)


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    base = tmp_path_factory.mktemp("client-matrix")
    values = base / "values.toml"
    values.write_text(SYSTEM_VALUES)

    def run(name: str) -> Run:
        if name in VARIANTS:
            return listen_with_client(base / name, variants=VARIANTS[name])
        faults, with_values = SESSIONS[name]
        return listen_with_client(base / re.sub(r"\W+", "-", name), faults=faults,
                                  values=values if with_values else None)

    names = [*SESSIONS, *VARIANTS]
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(names, pool.map(run, names), strict=True))


def _client_scenario_ids(folders: tuple[str, ...]) -> set[str]:
    ids: set[str] = set()
    for folder in folders:
        for feature in suite_path("features", "client", folder).rglob("*.feature"):
            ids.update(re.findall(r"@(CLIENT-[A-Z0-9-]+)", feature.read_text()))
    return ids


@pytest.mark.parametrize("session", ["clean", "clean-with-system-values", *VARIANTS])
def test_conformant_clients_are_certified_without_warnings(session: str, matrix: dict[str, Run]) -> None:
    result = matrix[session]
    assert result.exit_code == 0, result.explain()
    certification = result.certification
    assert certification["verdict"] == "certified" and certification["role"] == "client"
    assert {s["id"] for s in certification["scenarios"]} == _client_scenario_ids(("edfi", "linkit"))
    assert_passed_without_warnings(certification)


@pytest.mark.parametrize("fault", CLIENT_FAULTS, ids=lambda fault: fault.name)
def test_client_fault_is_caught_by_its_scenarios(fault: ClientFault, matrix: dict[str, Run]) -> None:
    result = matrix[_session_of(fault.name)]
    if fault.outcome == "warn":
        assert result.exit_code == 0 and result.certification["verdict"] == "certified", result.explain()
        assert_warned(result.certification, fault.caught_by, fault.requirements)
        return
    assert result.exit_code == 1, result.explain()
    named = assert_caught(result.certification, fault.caught_by, fault.requirements)
    # A failure shows the request that broke the requirement; a missing request shows what was sent instead.
    assert any(c["evidence"] or "among" in c["message"] for c in named), "the failure shows its request"


def test_no_secret_of_a_session_reaches_its_reports(matrix: dict[str, Run]) -> None:
    for name, run in matrix.items():
        config = json.loads((run.report_dir.parent / "client.json").read_text())
        edfi = config["edfi"]
        basic = base64.b64encode(f"{edfi['client_id']}:{edfi['client_secret']}".encode()).decode()
        secrets = (edfi["client_secret"], config["linkit"]["secret"], basic)
        files = [path for path in run.report_dir.rglob("*") if path.is_file()]
        assert len(files) > 5, name
        for path in files:
            text = path.read_text(errors="replace")
            assert not [s for s in secrets if s in text], f"{name}: a secret in {path.name}"
            credential = re.search(r"(?i)authorization[\"']?\s*[:=]\s*[\"']?(bearer|basic)\s+[A-Za-z0-9+/=._~-]{12,}", text)
            assert not credential, f"{name}: a credential in {path.name}: {credential}"


def test_every_client_fault_says_what_catches_it() -> None:
    listen_ids = _client_scenario_ids(("edfi", "linkit"))
    readback_ids = _client_scenario_ids(("readback",))
    client_requirements = {r.id for r in CLIENT}
    for fault in CLIENT_FAULTS:
        assert fault.caught_by and set(fault.caught_by) <= listen_ids, fault.name
        assert set(fault.readback) <= readback_ids, fault.name
        assert fault.requirements and set(fault.requirements) <= client_requirements, fault.name
        assert fault.outcome in ("fail", "warn") and fault.api in ("edfi", "linkit")
    assert {r for r in client_requirements} <= set(REQUIREMENTS)


def test_every_client_requirement_is_exercised_by_a_client_fault() -> None:
    exercised = {r for fault in CLIENT_FAULTS for r in fault.requirements}
    assert {r.id for r in CLIENT} - exercised == set()


def test_readme_tables_list_the_client_faults() -> None:
    rendered = fault_tables.render()
    for fault in CLIENT_FAULTS:
        assert f"`{fault.name}`" in rendered
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert fault_tables.replace_block(readme) == readme, "run: python -m edcert.docs.fault_tables README.md"
