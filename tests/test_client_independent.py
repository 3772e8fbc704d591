"""edcert listen against clients it never saw: written from the documents alone (tests/independent_clients.py).

Every conformant client, in each way real clients differ where the documents allow it, must be certified,
with a warning only where the documents make the point advisory; every faulty client, one defect each,
must not be, and the scenario that catches it must fail naming a requirement that fits the defect. An
Ed-Fi case and a LinkIt! case share a listen session (the two APIs share nothing and each is judged on its
own scenarios), three sessions at a time.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import independent_clients as clients
from .client_runs import Run, listen_with_client

EDFI = ("CLIENT-SCA-S1", "CLIENT-SCA-S2", "CLIENT-SCA-S3", "CLIENT-SCA-N1", "CLIENT-SCA-N2", "CLIENT-SCA-N3")
LINKIT_JSON = ("CLIENT-LINKIT-EX1-JSON", "CLIENT-LINKIT-EX2-JSON")
LINKIT_XML = ("CLIENT-LINKIT-EX1-XML", "CLIENT-LINKIT-EX2-XML")
LINKIT = (*LINKIT_JSON, *LINKIT_XML)


@dataclass(frozen=True)
class Case:
    """One client. A conformant one (`caught` empty) must pass `judged` with warnings only under `warns`; a
    faulty one must fail every scenario of `caught`, each naming one of the requirements listed for it."""

    name: str
    api: str
    make: Callable[[dict], clients.SisClient | clients.LinkItApp]
    judged: tuple[str, ...] = ()
    warns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    caught: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _edfi(name: str, make: Callable, **expected) -> Case:
    return Case(name, "edfi", make, EDFI, **expected)


def _linkit(name: str, make: Callable, judged: tuple[str, ...] = LINKIT, **expected) -> Case:
    return Case(name, "linkit", make, judged, **expected)


def _on(scenarios: tuple[str, ...], *requirements: str) -> dict[str, tuple[str, ...]]:
    return {sid: requirements for sid in scenarios}


Sis, App = clients.SisClient, clients.LinkItApp
CONFORMANT = [
    # Ed-Fi: the ways SISs get their token, find the record and write scenario 3.
    _edfi("sis-basic-put", Sis),
    _edfi("sis-form-credentials-no-accept", lambda c: Sis(c, credentials="form", accept=False)),
    _edfi("sis-read-then-put-whole-document", lambda c: Sis(c, read_first=True, find_by="query")),
    _edfi("sis-post-upsert", lambda c: Sis(c, update="post", credentials="form")),
    _edfi("sis-prerequisites-charset-token-lifetime",
          lambda c: Sis(c, prerequisites=True, content_type="application/json; charset=utf-8", token="lifetime")),
    _edfi("sis-put-without-id", lambda c: Sis(c, put_id=False, find_by="query")),
    _edfi("sis-token-per-call", lambda c: Sis(c, token="per-call"),
          warns={"CLIENT-SCA-N1": ("EDFI-CLIENT-TOKEN-REUSE",)}),
    _edfi("sis-null-end-date", clients.NullsForAbsentValues),
    _edfi("sis-empty-sections", clients.EmptySections),
    _edfi("sis-token-request-in-json", clients.JsonTokenRequest),
    _edfi("sis-pascal-case-resource", clients.PascalCaseResource),
    _edfi("sis-lower-case-bearer", clients.LowerCaseBearer),
    _edfi("sis-high-school-first", clients.HighSchoolFirst),
    # LinkIt!: where StudentID goes, how the timestamp is written and escaped, the formats and headers.
    _linkit("app-student-id-both", App),
    _linkit("app-student-id-body-only-integer-charset",
            lambda c: App(c, student_id="body", integer_student_id=True,
                          content_types={"json": "application/json; charset=utf-8"})),
    _linkit("app-student-id-header-only", lambda c: App(c, student_id="header")),
    _linkit("app-unpadded-seconds", lambda c: App(c, seconds="unpadded")),
    _linkit("app-timestamp-as-the-parameter-table", lambda c: App(c, seconds="unpadded", escapes="none")),
    _linkit("app-zero-padded-timestamp", clients.ZeroPaddedTimestamp),
    _linkit("app-upper-case-escapes", lambda c: App(c, escapes="upper"),
            warns=_on(LINKIT, "LINKIT-CLIENT-ESCAPES")),
    _linkit("app-percent-encoded-timestamp", clients.PercentEncodedTimestamp,
            warns=_on(LINKIT, "LINKIT-CLIENT-ESCAPES")),
    _linkit("app-json-only", lambda c: App(c, formats=("json",)), judged=LINKIT_JSON),
    _linkit("app-xml-only-declared-plain-text-xml",
            lambda c: App(c, formats=("xml",), xml_declaration=True, xml_namespaces=False,
                          content_types={"xml": "text/xml; charset=utf-8"}), judged=LINKIT_XML),
    _linkit("app-xml-with-byte-order-mark", lambda c: clients.XmlWriterBody(c, student_id="body")),
    # The document names no Accept header: without one the answer's format is left to the server (advisory).
    _linkit("app-no-accept", lambda c: App(c, accept=False), warns=_on(LINKIT, "LINKIT-CLIENT-ACCEPT")),
    _linkit("app-xml-without-accept", lambda c: App(c, formats=("xml",), accept=False), judged=LINKIT_XML,
            warns=_on(LINKIT_XML, "LINKIT-CLIENT-ACCEPT")),
]
FAULTY = [
    _edfi("sis-begin-date-one-day-off", clients.BeginDateOneDayOff,
          caught=_on(("CLIENT-SCA-S1", "CLIENT-SCA-S2"), "EDFI-CLIENT-VALUES")),
    _edfi("sis-student-unique-id-as-number", clients.StudentUniqueIdAsNumber,
          caught=_on(("CLIENT-SCA-S1", "CLIENT-SCA-S2"), "EDFI-CLIENT-SCHEMA", "EDFI-CLIENT-VALUES")),
    _edfi("sis-datetime-dates", clients.DateTimeEndDate,
          caught=_on(("CLIENT-SCA-S1", "CLIENT-SCA-S2"), "EDFI-CLIENT-DATE-FORMAT")),
    _edfi("sis-id-in-post", clients.IdInPost, caught=_on(("CLIENT-SCA-S1", "CLIENT-SCA-S2"), "EDFI-CLIENT-NO-ID")),
    _edfi("sis-end-date-on-the-wrong-record", clients.EndDateOnTheWrongRecord,
          caught=_on(("CLIENT-SCA-S3",), "EDFI-CLIENT-SAME-RECORD", "EDFI-CLIENT-SCENARIO-SENT",
                     "EDFI-CLIENT-STORED")),
    _edfi("sis-scenario-3-changes-begin-date", clients.ChangedBeginDate,
          caught=_on(("CLIENT-SCA-S3",), "EDFI-CLIENT-VALUES", "EDFI-CLIENT-SAME-RECORD")),
    _edfi("sis-scenario-3-by-patch", clients.Scenario3ByPatch,
          caught=_on(("CLIENT-SCA-S3",), "EDFI-CLIENT-SCENARIO-SENT")),
    _edfi("sis-password-grant", clients.PasswordGrant, caught=_on(("CLIENT-SCA-N1",), "EDFI-CLIENT-TOKEN")),
    _edfi("sis-same-token-after-401", clients.SameTokenAfter401,
          caught=_on(("CLIENT-SCA-N3",), "EDFI-CLIENT-RENEWS-TOKEN")),
    _linkit("app-sha256-tag", clients.Sha256Tag, caught=_on(LINKIT, "LINKIT-CLIENT-TAG")),
    _linkit("app-tag-without-the-base-path", clients.TagWithoutBasePath, caught=_on(LINKIT, "LINKIT-CLIENT-TAG")),
    _linkit("app-escapes-rewritten-after-signing", clients.EscapesRewrittenAfterSigning,
            caught=_on(LINKIT, "LINKIT-CLIENT-TAG")),
    _linkit("app-iso-timestamp", clients.IsoTimestamp, caught=_on(LINKIT, "LINKIT-CLIENT-TIMESTAMP")),
    _linkit("app-new-york-timestamp", clients.LocalTimestamp, caught=_on(LINKIT, "LINKIT-CLIENT-TIMESTAMP")),
    _linkit("app-no-student-id-in-xml", clients.NoStudentIdInXml,
            caught=_on(LINKIT_XML, "LINKIT-CLIENT-STUDENT-ID", "LINKIT-CLIENT-BODY")),
    _linkit("app-xml-in-a-namespace", lambda c: clients.DataContractXml(c, student_id="body"),
            caught=_on(LINKIT_XML, "LINKIT-CLIENT-BODY")),
    _linkit("app-xml-asking-for-json", clients.XmlAskingForJson, caught=_on(LINKIT_XML, "LINKIT-CLIENT-ACCEPT")),
    _linkit("app-upper-case-verb", clients.UpperCaseVerb,
            caught=_on(LINKIT, "LINKIT-CLIENT-EXAMPLE-SENT", "LINKIT-CLIENT-PARAMETERS")),
    _linkit("app-access-key-under-another-name", clients.AccessKeyUnderAnotherName,
            caught=_on(LINKIT, "LINKIT-CLIENT-PARAMETERS")),
]


def _sessions() -> list[tuple[Case | None, Case | None]]:
    """Each session one Ed-Fi client and one LinkIt! client, conformant ones first: the first sessions hold
    conformant clients only, and each must be certified as a whole."""
    def of(api: str) -> list[Case]:
        return [case for case in (*CONFORMANT, *FAULTY) if case.api == api]

    return list(itertools.zip_longest(of("edfi"), of("linkit")))


SESSIONS = {"+".join(case.name for case in pair if case): pair for pair in _sessions()}


def _client(pair: tuple[Case | None, Case | None]) -> Callable[[Path], str]:
    def run(config_file: Path) -> str:
        config = json.loads(config_file.read_text())
        said = []
        for case in pair:
            if case is None:
                continue
            client = case.make(config)
            try:
                client.run()
            except Exception as error:  # noqa: BLE001 - a faulty client may break; what it sent is judged
                said.append(f"{case.name}: {type(error).__name__}: {error}")
            said += [f"{case.name}: {line}" for line in client.errors]
        return "\n".join(said)
    return run


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    base = tmp_path_factory.mktemp("independent")

    def session(name: str) -> Run:
        pair = SESSIONS[name]
        suite = "all" if all(pair) else next(case.api for case in pair if case)
        directory = base / str(list(SESSIONS).index(name))
        return listen_with_client(directory, suite=suite, other_client=_client(pair),
                                  listen_args=("--idle-timeout", "60"))

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(SESSIONS, pool.map(session, SESSIONS), strict=True))


def _run_of(case: Case, sessions: dict[str, Run]) -> Run:
    return next(sessions[name] for name, pair in SESSIONS.items() if case in pair)


def _checks(scenario: dict, status: str) -> list[dict]:
    return [check for check in scenario["checks"] if check["status"] == status]


def _explain(run: Run, scenario: dict) -> str:
    checks = [f"{c['status']} {c['requirement']}: {c['message'][:300]}" for c in scenario["checks"]
              if c["status"] != "passed"]
    return f"{scenario['id']} {scenario['status']}: {scenario.get('message')}\n" + "\n".join(checks) + \
        f"\nclient: {run.client_output[-1500:]}"


@pytest.mark.parametrize("case", CONFORMANT, ids=lambda case: case.name)
def test_a_conformant_client_is_certified(case: Case, sessions: dict[str, Run]) -> None:
    run = _run_of(case, sessions)
    for sid in case.judged:
        scenario = run.scenario(sid)
        assert scenario["status"] == "passed", _explain(run, scenario)
        warned = {check["requirement"] for check in _checks(scenario, "warning")}
        assert warned == set(case.warns.get(sid, ())), _explain(run, scenario)
    unused = [s for s in run.certification["scenarios"] if s["suite"] == case.api and s["id"] not in case.judged]
    assert all(s["status"] == "skipped" and not s["required"] for s in unused), unused


@pytest.mark.parametrize("session", [name for name, pair in SESSIONS.items() if all(c in CONFORMANT for c in pair)])
def test_a_session_of_conformant_clients_is_certified(session: str, sessions: dict[str, Run]) -> None:
    run = sessions[session]
    assert run.exit_code == 0 and run.certification["verdict"] == "certified", run.explain()


@pytest.mark.parametrize("case", FAULTY, ids=lambda case: case.name)
def test_a_faulty_client_is_caught_naming_a_fitting_requirement(case: Case, sessions: dict[str, Run]) -> None:
    run = _run_of(case, sessions)
    assert run.exit_code == 1 and run.certification["verdict"] == "not-certified", run.explain()
    for sid, requirements in case.caught.items():
        scenario = run.scenario(sid)
        assert scenario["status"] == "failed", _explain(run, scenario)
        failed = {check["requirement"] for check in _checks(scenario, "failed")}
        assert failed & set(requirements), f"not on {requirements}\n" + _explain(run, scenario)
