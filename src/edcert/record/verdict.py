"""From scenario statuses to a verdict and an exit code."""

from __future__ import annotations

from .results import ERROR, FAILED, PASSED, SKIPPED, ScenarioResult

CERTIFIED, NOT_CERTIFIED, INCOMPLETE = "certified", "not-certified", "incomplete"
EXIT_CODES = {CERTIFIED: 0, NOT_CERTIFIED: 1, INCOMPLETE: 3}


def _listed(ids: list[str], shown: int = 8) -> str:
    """Scenario ids for a sentence: all of them when few, else the first few and how many more."""
    if len(ids) <= shown:
        return ", ".join(ids)
    return f"{', '.join(ids[:shown])} and {len(ids) - shown} more"


def verdict(scenarios: list[ScenarioResult], covered: tuple[str, ...], interrupted: bool) -> tuple[str, str]:
    """The verdict and one sentence saying why.

    certified: every required scenario of the covered suites ran and passed.
    not-certified: a required scenario failed (the target broke a requirement).
    incomplete: interrupted, or a required scenario could not decide (error) or did not run.
    """
    judged = [s for s in scenarios if s.suite in covered and s.required]
    failed = [s.id for s in judged if s.status == FAILED]
    errors = [s.id for s in judged if s.status == ERROR]
    not_run = [s.id for s in judged if s.status == SKIPPED]
    if failed:
        return NOT_CERTIFIED, f"required scenario(s) failed: {_listed(failed)}"
    if interrupted:
        return INCOMPLETE, "the run was interrupted before every scenario finished"
    if not covered:
        return INCOMPLETE, "no suite ran: the profile and --suite select nothing"
    if errors:
        return INCOMPLETE, f"the run could not decide scenario(s): {_listed(errors)}"
    if not_run:
        return INCOMPLETE, f"required scenario(s) did not run: {_listed(not_run)}"
    if not judged or not all(s.status == PASSED for s in judged):
        return INCOMPLETE, "no required scenario ran"
    return CERTIFIED, f"all {len(judged)} required scenarios passed"
