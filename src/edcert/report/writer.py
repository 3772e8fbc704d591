"""Write every report of a run into the report directory: certification.json and .html, evidence.har,
and the Allure extras (environment, categories, one message per failure)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..masking import mask_data
from ..record.files import atomic_write
from ..record.har import dumps as har_dumps
from ..record.results import SKIPPED
from ..record.run_state import RunState
from ..record.suite import suite_sha256
from ..record.verdict import verdict
from ..requirements import REQUIREMENTS
from ..seal.plugin import report_head, report_seal
from .allure_extras import tidy_allure_results, write_allure_extras
from .html import render_html


#: Report files are read by people and CI alike: one mode for all of them (the umask still applies).
def certification(state: RunState) -> dict:
    """The contract's certification.json document for a run whose verdict is decided."""
    covered = state.covered_suites()
    suites = {}
    for suite in ("edfi", "linkit"):
        not_run = state.not_run_reason(suite)
        suites[suite] = "covered by the verdict" if suite in covered else (not_run or "not run")
    if state.subject is not None:
        target = state.subject
    else:
        target = state.profile.for_report() if state.profile else {"source": "built-in reference target"}
    used = {c.requirement for s in state.collected.values() for c in s.checks}
    return {
        "verdict": state.verdict,
        "verdict_reason": state.verdict_reason,
        "role": state.role,
        "covers": list(covered),
        "suites": suites,
        "harness": {"name": "edcert", "version": __version__, "suite_sha256": suite_sha256()},
        "target": target,
        "seed": state.seed,
        "started_at": state.started,
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "timeout_seconds": state.timeout,
        "evidence": "evidence.har",
        "scenarios": [s.as_dict() for s in state.collected.values()],
        "requirements": {r.id: r.as_dict() for r in REQUIREMENTS.values() if r.id in used},
        **_facts(state),
    }


def _facts(state: RunState) -> dict:
    """What the scenarios learnt of the target: the Data Standard judged and the discovery document's URLs.

    Every Ed-Fi scenario learns the same (the run reads the discovery document once per process); without
    one that ran, the profile alone tells."""
    facts: dict = {}
    for result in state.collected.values():
        for key, value in result.facts.items():
            facts.setdefault(key, value)
    if "data_standard" not in facts and state.role == "api" and "edfi" in state.covered_suites():
        from ..inputs.data_standard import judge

        edfi = state.profile.edfi if state.profile is not None else None
        facts["data_standard"] = judge(edfi.data_standard if edfi else None, None).as_dict()
        facts["data_standard"]["note"] = "no Ed-Fi scenario ran: judged from the profile alone"
    return facts


def write_reports(state: RunState, interrupted: bool, allure_dir: str | None) -> None:
    """Decide the verdict, then write every report of the run."""
    if interrupted:
        for result in state.collected.values():
            if result.status == SKIPPED and result.message.startswith("did not run"):
                result.message = "did not run: the run was interrupted"
    state.verdict, state.verdict_reason = verdict(list(state.collected.values()), state.covered_suites(), interrupted)
    state.interrupted = interrupted
    har = har_dumps(list(state.collected.values()))
    document = {**report_head(state.config), **mask_data(certification(state))}
    document["seal"] = report_seal(state.config, document, har, interrupted)
    atomic_write(state.report_dir / "certification.json", json.dumps(document, indent=2))
    atomic_write(state.report_dir / "evidence.har", har)
    atomic_write(state.report_dir / "certification.html", render_html(document, list(state.collected.values())))
    if allure_dir:
        write_allure_extras(state, Path(allure_dir))
        tidy_allure_results(Path(allure_dir))

