"""The pytest side of edcert: options, fixtures, scenario bookkeeping and the reports.

Loaded by the suite's conftest.py, so ``pytest`` in the repository and ``edcert run``
share every option: --target, --suite, --report-dir, --seed, --timeout.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import __version__
from .errors import CheckFailed, EdcertError, HarnessError, PrerequisiteMissing, TargetUnreachable
from .masking import mask
from .profile import Profile, load_profile
from .results import ERROR, FAILED, PASSED, SKIPPED, CheckResult, ScenarioResult, current, where
from .run_state import RunState

#: Scenario identifiers: SCA-S1, LINKIT-EX1-JSON, ...; client-side scenarios carry the CLIENT- prefix.
SCENARIO_ID = re.compile(r"^(CLIENT-)?(SCA|LINKIT)-[A-Z0-9]+(-[A-Z0-9]+)*$")
SUITE_NAMES = ("edfi", "linkit")
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
_STATE_KEY = pytest.StashKey[RunState]()
_TITLES_KEY = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("edcert", "edcert conformance suite")
    group.addoption("--target", dest="edcert_target", metavar="PROFILE.toml", default=None,
                    help="target profile (TOML); without it the built-in reference target is started")
    group.addoption("--suite", dest="edcert_suite", choices=("edfi", "linkit", "all"), default="all",
                    help="which suite to run (default: all the profile has)")
    group.addoption("--report-dir", dest="edcert_report_dir", metavar="DIR", default="reports",
                    help="where Allure results, JUnit XML and the certification report go (default: reports)")
    group.addoption("--seed", dest="edcert_seed", type=int, default=None,
                    help="seed of every piece of generated data (default: random, always printed)")
    timeout_help = "bound of each HTTP exchange in seconds (default 30)"
    try:
        group.addoption("--timeout", dest="edcert_timeout", type=float, default=30.0, help=timeout_help)
    except ValueError:  # another plugin (pytest-timeout) owns --timeout
        pass
    group.addoption("--edcert-timeout", dest="edcert_timeout", type=float, default=30.0, help=timeout_help)
    group.addoption("--edcert-progress", dest="edcert_progress", action="store_true",
                    help="print one line per finished scenario and no pytest progress (used by edcert run)")


def _read_features(root: Path) -> tuple[set[str], dict[str, str]]:
    """Every tag of the feature files, and each scenario's title by its identifier."""
    tags: set[str] = set()
    titles: dict[str, str] = {}
    pending: list[str] = []
    for feature in sorted((root / "features").rglob("*.feature")):
        for line in feature.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text.startswith("@"):
                pending = [t.lstrip("@") for t in text.split()]
                tags.update(pending)
            elif text.startswith(("Scenario:", "Scenario Outline:")):
                sid = scenario_id_of(set(pending))
                if sid:
                    titles[sid] = text.split(":", 1)[1].strip()
                pending = []
    return tags, titles


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    from .suite import suite_root

    tags, titles = _read_features(suite_root())
    for tag in sorted(tags):
        config.addinivalue_line("markers", f"{tag}: scenario tag from the feature files")
    config.stash[_TITLES_KEY] = titles
    if hasattr(config, "workerinput"):
        return
    report_dir = Path(config.getoption("edcert_report_dir")).resolve()
    seed = config.getoption("edcert_seed")
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    profile_path = config.getoption("edcert_target")
    profile: Profile | None = None
    if profile_path:
        try:
            profile = load_profile(profile_path)
        except EdcertError as exc:
            raise pytest.UsageError(f"edcert: {exc}") from None
    state = RunState(report_dir=report_dir, seed=seed, timeout=float(config.getoption("edcert_timeout")),
                     suite_option=config.getoption("edcert_suite"), profile=profile,
                     progress=bool(config.getoption("edcert_progress")), config=config)
    config.stash[_STATE_KEY] = state
    if getattr(config.option, "allure_report_dir", "missing") is None:
        config.option.allure_report_dir = str(report_dir / "allure-results")
        config.option.clean_alluredir = True
    if getattr(config.option, "xmlpath", "missing") is None:
        config.option.xmlpath = str(report_dir / "junit.xml")


def run_state(config: pytest.Config) -> RunState:
    return config.stash[_STATE_KEY]


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = config.stash.get(_STATE_KEY, None)
    if state is None:
        return []
    target = state.profile.source if state.profile else "the built-in reference target"
    return [f"edcert {__version__}: target {target}; seed {state.seed} (repeat with --seed {state.seed})"]


# --- which scenarios run --------------------------------------------------------------------

def _scenario_tags(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers()}


def scenario_id_of(tags: set[str]) -> str | None:
    return next((t for t in sorted(tags) if SCENARIO_ID.match(t)), None)


def suite_of(tags: set[str]) -> str | None:
    return next((s for s in SUITE_NAMES if s in tags), None)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None:
        return
    kept, dropped = [], []
    for item in items:
        tags = _scenario_tags(item)
        suite, sid = suite_of(tags), scenario_id_of(tags)
        if suite is None or sid is None:
            kept.append(item)
            continue
        title = config.stash[_TITLES_KEY].get(sid, sid)
        state.collected[sid] = ScenarioResult(sid, suite, title, required="required" in tags,
                                              status=SKIPPED, message="did not run")
        reason = state.not_run_reason(suite)
        if reason:
            state.collected[sid].status = SKIPPED
            state.collected[sid].required = False
            state.collected[sid].message = reason
            dropped.append(item)
            continue
        fmt = "xml" if "xml" in tags else "json" if "json" in tags else None
        if fmt and state.linkit_formats() is not None and fmt not in state.linkit_formats():
            item.add_marker(pytest.mark.skip(reason=f"format {fmt} is not in the profile's [linkit] formats"))
            state.collected[sid].required = False
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        state = item.config.stash.get(_STATE_KEY, None)
        sid = scenario_id_of(_scenario_tags(item))
        if state is None or sid is None or sid not in state.collected:
            continue
        result = state.collected[sid]
        if result.status != SKIPPED:
            result.status = SKIPPED
            result.message = "not selected in this run (-k/-m selection)"


# --- the scenario being run -----------------------------------------------------------------

@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    import allure

    state = request.config.stash.get(_STATE_KEY, None)
    tags = set(scenario.tags) | set(feature.tags)
    sid = scenario_id_of(tags)
    if state is None or sid is None:
        return
    result = state.collected.get(sid) or ScenarioResult(sid, suite_of(tags) or "", scenario.name)
    result.title = scenario.name
    result.status, result.checks, result.message = PASSED, [], ""
    state.collected[sid] = result
    state.started_at[sid] = time.monotonic()
    current.scenario, current.step = result, None
    suite = suite_of(tags)
    allure.dynamic.label("epic", "Ed-Fi" if suite == "edfi" else "LinkIt!")
    allure.dynamic.story(_story(tags))
    allure.dynamic.label("scenario_id", sid)
    severity = next((s for s in SEVERITIES if s in tags), "normal")
    allure.dynamic.severity(allure.severity_level(severity))


def _story(tags: set[str]) -> str:
    if "security" in tags:
        return "Security"
    if "negative" in tags:
        return "Negative"
    return "Document scenarios"


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
        result.add(CheckResult("TARGET-ANSWERS", FAILED, message))
        exception.args = (message,)
        exception.recorded = True  # type: ignore[attr-defined]
    elif not isinstance(exception, CheckFailed):
        # Anything but a check's failure means the run could not decide: never blamed on the target.
        kind = {TargetUnreachable: "target unreachable", PrerequisiteMissing: "prerequisite missing",
                HarnessError: "harness error"}.get(type(exception), "harness error")
        result.status = ERROR
        result.message = mask(f"{where()} {kind}: {exception}" if isinstance(exception, EdcertError)
                              else f"{where()} {kind}: {exception.__class__.__name__}: {exception}")
        if isinstance(exception, EdcertError):
            exception.args = (result.message,)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    sid = scenario_id_of(_scenario_tags(item))
    if report.longrepr is not None and not isinstance(report.longrepr, tuple):
        report.longrepr = mask(str(report.longrepr))
    report.sections = [(title, mask(text)) for title, text in report.sections]
    state = item.config.stash.get(_STATE_KEY, None)
    if state is None or sid is None or sid not in state.collected:
        return
    result = state.collected[sid]
    if report.when == "setup" and report.skipped:
        result.status = SKIPPED
        result.message = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else "skipped"
        state.finish(sid)
    elif report.when == "setup" and report.failed:
        result.status = ERROR
        excinfo = call.excinfo
        detail = f"{excinfo.type.__name__}: {excinfo.value}" if excinfo else "setup failed"
        result.message = mask(f"[{sid}] could not set up the scenario: {detail}")
        state.finish(sid)
    elif report.when == "call":
        excinfo = call.excinfo
        if excinfo is None:
            result.status = PASSED if result.status != ERROR else ERROR
        elif excinfo.errisinstance(pytest.skip.Exception):
            result.status = SKIPPED
        elif excinfo.errisinstance(CheckFailed):
            result.status = FAILED
            if not result.first_failure:
                result.message = mask(str(excinfo.value))
        else:
            result.status = ERROR
            if not result.message:
                result.message = mask(f"[{sid}] harness error: {excinfo.type.__name__}: {excinfo.value}")
        state.finish(sid)
    elif report.when == "teardown":
        current.scenario, current.step = None, None


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None or not state.progress:
        return None
    # edcert run prints its own line per scenario; keep pytest's progress letters out of the way.
    if report.when == "call" or (report.when == "setup" and not report.passed):
        return report.outcome, "", ""
    if report.when in ("setup", "teardown") and report.passed:
        return "", "", ""
    return None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    from .report.console import progress_line
    from .run_state import ACTIVE

    state = ACTIVE.state
    if state is None or not state.progress or report.when != "teardown":
        return
    sid = state.last_finished
    if sid is not None and sid in state.collected:
        state.last_finished = None
        state.write(progress_line(state.collected[sid]))


# --- the reports ----------------------------------------------------------------------------

def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_STATE_KEY, None)
    if state is None or not state.collected:
        return
    from .report.writer import write_reports

    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED or state.interrupted
    write_reports(state, interrupted=interrupted, allure_dir=getattr(session.config.option, "allure_report_dir", None))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Name each JUnit test case by its scenario (identifier and title) instead of its Python name."""
    xmlpath = getattr(config.option, "xmlpath", None)
    titles = config.stash.get(_TITLES_KEY, {})
    if not xmlpath or not titles or not Path(xmlpath).exists() or hasattr(config, "workerinput"):
        return
    from .report.junit import name_scenarios

    name_scenarios(Path(xmlpath), titles)


def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo) -> None:
    from .run_state import ACTIVE

    if ACTIVE.state is not None:
        ACTIVE.state.interrupted = True


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None or not state.collected or state.verdict is None:
        return
    from .report.console import summary_lines

    for line in summary_lines(state):
        terminalreporter.write_line(line)


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def edcert_run(request: pytest.FixtureRequest) -> RunState:
    """The run's settings and results."""
    return run_state(request.config)


@pytest.fixture(scope="session")
def target_profile(edcert_run: RunState) -> Iterator[Profile]:
    """The profile under test; the built-in reference target is started when none was given."""
    if edcert_run.profile is not None:
        yield edcert_run.profile
        return
    from .builtin_target import STARTED, profile_for, profile_for_url

    if STARTED.process is not None:  # edcert run started it in a child process
        edcert_run.profile = profile_for_url(STARTED.process.url())
        yield edcert_run.profile
        return
    from . import reference

    target = reference.start()
    edcert_run.profile = profile_for(target)
    try:
        yield edcert_run.profile
    finally:
        target.stop()


@pytest.fixture(scope="session")
def http_client(edcert_run: RunState, target_profile: Profile) -> Iterator[Any]:
    """Bounded exchanges, only to the profile's own origins."""
    from .evidence import attach_exchange
    from .target_urls import profile_origins
    from .transport import HttpClient

    client = HttpClient(edcert_run.timeout, observer=attach_exchange,
                        allowed_origins=profile_origins(target_profile))
    yield client
    client.close()


@pytest.fixture(scope="session")
def edfi_client(target_profile: Profile, http_client: Any) -> Any:
    from .edfi.client import EdfiClient

    if target_profile.edfi is None:
        pytest.skip("the profile has no [edfi] section")
    return EdfiClient(target_profile.edfi, http_client)


@pytest.fixture(scope="session")
def linkit_client(target_profile: Profile, http_client: Any) -> Any:
    from .linkit.client import LinkitClient

    if target_profile.linkit is None:
        pytest.skip("the profile has no [linkit] section")
    return LinkitClient(target_profile.linkit, http_client)


@pytest.fixture
def generated(edcert_run: RunState, request: pytest.FixtureRequest) -> Any:
    """Values generated from the run's seed and the scenario, so they are the same whatever runs before."""
    from .generated import GeneratedData

    sid = scenario_id_of(_scenario_tags(request.node)) or request.node.nodeid
    return GeneratedData(edcert_run.seed, sid)
