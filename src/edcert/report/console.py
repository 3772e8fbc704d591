"""What the terminal shows: a line per finished scenario, then a summary table and the verdict."""

from __future__ import annotations

from ..results import ScenarioResult
from ..run_state import RunState

_MARK = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "skipped": "SKIP"}


def progress_line(result: ScenarioResult) -> str:
    warnings = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    return f"  {_MARK.get(result.status, result.status.upper()):5} {result.title[:92]} ({result.duration:.2f} s{warnings})"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def summary_lines(state: RunState) -> list[str]:
    lines = ["", f"{'scenario':18} {'status':8} first failure or note"]
    lines.append("-" * 100)
    for result in state.collected.values():
        note = result.first_failure or result.message
        if not note and result.warnings:
            note = "warning: " + result.warnings[0].message
        lines.append(f"{result.id:18} {result.status:8} {_shorten(note, 72)}")
    lines.append("-" * 100)
    troubled = [r for r in state.collected.values() if r.status in ("failed", "error")]
    if troubled:
        lines.append("What to fix (first failure of each scenario; every check is in certification.html):")
        lines += [f"  {r.first_failure or r.message}" for r in troubled]
        lines.append("-" * 100)
    lines.append(f"edcert verdict: {state.verdict.upper() if state.verdict else '?'} "
                 f"({state.verdict_reason}); seed {state.seed}; report {state.report_dir / 'certification.html'}")
    return lines
