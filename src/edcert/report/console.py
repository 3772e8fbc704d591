"""What the terminal shows: a line per finished scenario saying what failed in words, a summary of
what to fix with identical errors collapsed, the counts as edcert counts them, and the verdict last."""

from __future__ import annotations

import re

from ..record.results import ERROR, FAILED, PASSED, SKIPPED, ScenarioResult
from ..record.run_state import RunState

_MARK = {PASSED: "PASS", FAILED: "FAIL", ERROR: "ERROR", SKIPPED: "SKIP"}
_WHERE = re.compile(r"^\[[^\]]*\]\s*")
VERDICT_WORDS = {"certified": "CERTIFIED", "not-certified": "NOT CERTIFIED", "incomplete": "INCOMPLETE"}


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def what_happened(result: ScenarioResult, width: int = 150) -> str:
    """In words: the requirement that failed and expected vs received, or why the run could not decide."""
    failed = next((c for c in result.checks if c.status == FAILED), None)
    if failed is not None:
        step = f" at '{failed.step}'" if failed.step else ""
        return _shorten(f"{failed.requirement}{step}: {failed.detail or _WHERE.sub('', failed.message)}", width)
    if result.status in (ERROR, SKIPPED) and result.message:
        return _shorten(_WHERE.sub("", result.message), width)
    if result.warnings:
        return _shorten(f"warning {result.warnings[0].requirement}: {result.warnings[0].detail}", width)
    return ""


class _LastNote:
    text = ""


_last_note = _LastNote()


def progress_line(result: ScenarioResult) -> str:
    """The scenario's line as it finishes, with what failed in words; a note the previous scenario already
    showed (a target that cannot be reached fails every scenario alike) is not repeated."""
    warnings = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    line = f"  {_MARK.get(result.status, result.status.upper()):5} {result.title} ({result.duration:.2f} s{warnings})"
    note = what_happened(result) if result.status != PASSED else ""
    repeated = bool(note) and note == _last_note.text
    _last_note.text = note
    if repeated:
        return f"{line} - same as above"
    return f"{line}\n        {note}" if note else line


def counts(state: RunState) -> str:
    results = list(state.collected.values())
    parts = [f"{sum(r.status == s for r in results)} {s}" for s in (PASSED, FAILED, ERROR, SKIPPED)]
    warned = sum(bool(r.warnings) for r in results)
    return ", ".join(parts) + (f"; {warned} with warnings" if warned else "")


def summary_lines(state: RunState) -> list[str]:
    """What to fix: each distinct problem once, with the scenarios it hit."""
    troubled = [r for r in state.collected.values() if r.status in (FAILED, ERROR)]
    lines = ["", "-" * 100]
    if troubled:
        lines.append("What to fix (the first failure of each scenario; every check and its HTTP evidence is in "
                     "certification.html):")
        grouped: dict[str, list[str]] = {}
        for result in troubled:
            grouped.setdefault(f"{result.status}: {what_happened(result, 400)}", []).append(result.id)
        for note, ids in grouped.items():
            more = ", ..." if len(ids) > 4 else ""
            who = ids[0] if len(ids) == 1 else f"{len(ids)} scenarios ({', '.join(ids[:4])}{more})"
            lines.append(f"  {who} {note}")
    warned = [r for r in state.collected.values() if r.status == PASSED and r.warnings]
    if warned:
        lines.append("Warnings (advice; they do not fail a scenario):")
        lines += [f"  {r.id}: {what_happened(r, 200)}" for r in warned]
    lines.append(f"Scenarios: {counts(state)}")
    judged = next((r.facts["data_standard"] for r in state.collected.values() if "data_standard" in r.facts), None)
    if isinstance(judged, dict):
        why = "declared by the API" if judged.get("why") == "declared" else \
            "the profile's data_standard" if judged.get("why") == "profile" else "none known"
        lines.append(f"Ed-Fi Data Standard judged: {judged.get('version') or 'every version'} ({why})")
    return lines


def verdict_line(state: RunState) -> str:
    from ..seal.plugin import kind_note

    words = VERDICT_WORDS.get(state.verdict or "", "?") + kind_note(state.config)
    return (f"edcert verdict: {words} ({state.verdict_reason}); seed {state.seed}; "
            f"report {state.report_dir / 'certification.html'}")
