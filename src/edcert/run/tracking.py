"""Which scenario runs, what it found, and how pytest reports it.

Runs in the process that executes a scenario (this one, or a parallel worker): it opens the
scenario's result before its first step, records errors the checks did not record themselves,
decides the scenario's status, and ships the result, masked, on the teardown report. The
process that writes the reports (pytest_plugin) adopts whatever arrives, so a sequential and a
parallel run give the same reports.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from ..errors import CheckFailed, EdcertError, HarnessError, PrerequisiteMissing, RecordOfAnotherClient, TargetUnreachable
from ..masking import mask, mask_data
from ..record.catalogue import item_tags, scenario_id_of, suite_of
from ..record.results import ERROR, FAILED, PASSED, SKIPPED, CheckResult, ScenarioResult, current, where

_RESULT_KEY = pytest.StashKey[ScenarioResult]()
_STARTED_KEY = pytest.StashKey[float]()
#: What an exception that is not a check's failure means for the run: never the target's fault.
_ERROR_KINDS = {TargetUnreachable: "target unreachable", PrerequisiteMissing: "prerequisite missing",
                RecordOfAnotherClient: "record of another client", HarnessError: "harness error"}


def _result_for(item: pytest.Item) -> ScenarioResult | None:
    result = item.stash.get(_RESULT_KEY, None)
    if result is None:
        tags = item_tags(item)
        sid = scenario_id_of(tags)
        if sid is None:
            return None
        title = getattr(getattr(item, "obj", None), "__scenario_title__", None) or sid
        result = ScenarioResult(sid, suite_of(tags) or "", title, status=PASSED)
        item.stash[_RESULT_KEY] = result
    return result


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    import allure

    tags = set(scenario.tags) | set(feature.tags)
    result = _result_for(request.node)
    if result is None:
        return
    result.title = scenario.name
    current.scenario, current.step = result, None
    request.node.stash[_STARTED_KEY] = time.monotonic()
    suite = suite_of(tags)
    allure.dynamic.label("epic", {"edfi": "Ed-Fi", "linkit": "LinkIt!"}.get(suite or "", "edcert"))
    allure.dynamic.story("Security" if "security" in tags else "Negative" if "negative" in tags
                         else "Document scenarios")
    allure.dynamic.label("scenario_id", result.id)
    from ..record.catalogue import SEVERITIES

    severity = next((s for s in SEVERITIES if s in tags), "normal")
    allure.dynamic.severity(allure.severity_level(severity))


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                           step_func: Any) -> None:
    current.step = f"{step.keyword.strip()} {step.name}"


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: dict, exception: BaseException) -> None:
    result = current.scenario
    if result is None:
        return
    if isinstance(exception, CheckFailed) and not getattr(exception, "recorded", False):
        # Raised below the checks (a timeout, a broken connection): the target did not answer properly.
        message = mask(f"{where()} TARGET-ANSWERS (the target answers each request within --timeout with a "
                       f"complete HTTP response): {exception}")
        result.add(CheckResult("TARGET-ANSWERS", FAILED, message, [], current.step or "", mask(str(exception))))
        exception.args = (message,)
        exception.recorded = True  # type: ignore[attr-defined]
    elif not isinstance(exception, CheckFailed):
        kind = _ERROR_KINDS.get(type(exception), "harness error")
        result.status = ERROR
        detail = str(exception) if isinstance(exception, EdcertError) else \
            f"{exception.__class__.__name__}: {exception}"
        result.message = mask(f"{where()} {kind}: {detail}")
        if isinstance(exception, EdcertError):
            exception.args = (result.message,)


def _status_of_call(result: ScenarioResult, call: pytest.CallInfo) -> None:
    excinfo = call.excinfo
    if excinfo is None:
        result.status = ERROR if result.status == ERROR else PASSED
    elif excinfo.errisinstance(pytest.skip.Exception):
        result.status = SKIPPED
        result.message = str(excinfo.value)
    elif excinfo.errisinstance(CheckFailed):
        result.status = FAILED
        if not result.first_failure:
            result.message = mask(str(excinfo.value))
    else:
        result.status = ERROR
        if not result.message:
            result.message = mask(f"[{result.id}] harness error: {excinfo.type.__name__}: {excinfo.value}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.longrepr is not None and not isinstance(report.longrepr, tuple):
        report.longrepr = mask(str(report.longrepr))
    report.sections = [(title, mask(text)) for title, text in report.sections]
    result = _result_for(item)
    if result is None:
        return
    if report.when == "setup" and report.skipped:
        result.status = SKIPPED
        result.message = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else "skipped"
    elif report.when == "setup" and report.failed:
        excinfo = call.excinfo
        detail = f"{excinfo.type.__name__}: {excinfo.value}" if excinfo else "setup failed"
        result.status = ERROR
        result.message = mask(f"[{result.id}] could not set up the scenario: {detail}")
    elif report.when == "call":
        _status_of_call(result, call)
        started = item.stash.get(_STARTED_KEY, None)
        result.duration = time.monotonic() - started if started is not None else 0.0
        report.edcert_status = result.status  # pytest counts an edcert error as an error, not a failure
    elif report.when == "teardown":
        wire = result.to_wire()
        entries = wire.pop("entries")  # masked as each exchange was recorded (report.har.entry)
        report.edcert_scenario = {**mask_data(wire), "entries": entries}
        current.scenario, current.step = None, None


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    from ..record.run_state import ACTIVE

    quiet = ACTIVE.state is not None and ACTIVE.state.progress
    if report.when == "call" and getattr(report, "edcert_status", None) == ERROR:
        return ("error", "", "") if quiet else ("error", "E", "ERROR")
    if not quiet:
        return None
    # edcert run prints its own line per scenario; keep pytest's progress letters out of the way.
    if report.when == "call" or (report.when == "setup" and not report.passed):
        return report.outcome, "", ""
    if report.when in ("setup", "teardown") and report.passed:
        return "", "", ""
    return None
