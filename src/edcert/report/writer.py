"""Write certification.json, certification.html and the Allure extras into the report directory."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..masking import mask, mask_data
from ..requirements import REQUIREMENTS
from ..run_state import RunState
from ..suite import suite_sha256
from .html import render_html
from .verdict import verdict

CATEGORIES = [
    {"name": "The target broke a requirement", "matchedStatuses": ["failed"]},
    {"name": "The target could not be reached", "matchedStatuses": ["broken"],
     "messageRegex": ".*(target unreachable|TargetUnreachable|connection refused|cannot be resolved|TLS).*"},
    {"name": "A prerequisite is missing on the target", "matchedStatuses": ["broken"],
     "messageRegex": ".*prerequisite.*"},
    {"name": "The harness failed", "matchedStatuses": ["broken"]},
]


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


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
        "scenarios": [s.as_dict() for s in state.collected.values()],
        "requirements": {r.id: r.as_dict() for r in REQUIREMENTS.values()},
    }


def write_allure_extras(state: RunState, allure_dir: str | None) -> None:
    if not allure_dir:
        return
    directory = Path(allure_dir)
    directory.mkdir(parents=True, exist_ok=True)
    properties = {"harness.version": __version__, "seed": str(state.seed), "timeout.seconds": f"{state.timeout:g}"}
    if state.profile is not None:
        properties["target.profile"] = state.profile.source
        if state.profile.edfi:
            properties["edfi.base_url"] = state.profile.edfi.base_url
            properties["edfi.token_url"] = state.profile.edfi.token_url
        if state.profile.linkit:
            properties["linkit.base_url"] = state.profile.linkit.base_url
    text = "".join(f"{k}={mask(v)}\n" for k, v in properties.items())
    _atomic_write(directory / "environment.properties", text)
    _atomic_write(directory / "categories.json", json.dumps(CATEGORIES, indent=2))


def write_reports(state: RunState, interrupted: bool, allure_dir: str | None) -> None:
    """Decide the verdict, then write every report of the run."""
    state.verdict, state.verdict_reason = verdict(list(state.collected.values()), state.covered_suites(), interrupted)
    document = mask_data(certification(state))
    _atomic_write(state.report_dir / "certification.json", json.dumps(document, indent=2))
    _atomic_write(state.report_dir / "certification.html", render_html(document))
    write_allure_extras(state, allure_dir)
