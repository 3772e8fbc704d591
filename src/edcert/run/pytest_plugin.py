"""The pytest side of edcert: options, the run's state, fixtures, and the reports at the end.

Loaded by the suite's conftest.py, so ``pytest`` in the repository and ``edcert run`` share every
option: --target, --suite, --report-dir, --seed, --timeout. Scenarios may run here or on parallel
pytest-xdist workers (``-n N``); either way this process learns every scenario's result from its
test reports (edcert.run.tracking ships them) and writes one certification report.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .. import __version__
from ..errors import EdcertError
from ..profile import Profile, load_profile
from ..record.catalogue import all_tags, catalogue, item_tags, scenario_id_of, shared_group_of
from ..record.run_state import RunState

pytest_plugins = ["edcert.run.tracking", "edcert.seal.plugin"]

_STATE_KEY = pytest.StashKey[RunState]()
_SPECS_KEY = pytest.StashKey[dict]()
_WAITING_KEY = pytest.StashKey[Any]()
#: The feature folders whose scenarios an API certification runs.
API_FEATURES = ("edfi", "linkit")


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


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _runs_workers(config: pytest.Config) -> bool:
    """Whether this process hands the scenarios to pytest-xdist workers instead of running them."""
    return bool(getattr(config.option, "numprocesses", None)) and getattr(config.option, "dist", "no") != "no"


def scenario_specs(config: pytest.Config) -> dict:
    return config.stash[_SPECS_KEY]


def register_tags(config: pytest.Config, specs: dict) -> None:
    """pytest-bdd makes each Gherkin tag a marker: declare them, so none is unknown."""
    for tag in sorted(all_tags(specs)):
        config.addinivalue_line("markers", f"{tag}: scenario tag from the feature files")


def use_catalogue(config: pytest.Config, specs: dict) -> None:
    """Make these the run's scenarios (the client side's, for edcert listen and readback): each known
    before any runs, the suites and formats the run leaves out not required."""
    config.stash[_SPECS_KEY] = specs
    register_tags(config, specs)
    state = config.stash.get(_STATE_KEY, None)
    if state is not None and not _is_worker(config):
        state.collected.clear()
        state.expect(specs)


def _runs_suite(config: pytest.Config) -> bool:
    """Whether this invocation includes the conformance suite (and not only the harness's own tests)."""
    from ..record.suite import suite_path

    bound = suite_path("steps", "test_features.py").resolve()
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::", 1)[0]).resolve()
        if path == bound or path in bound.parents:
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    from ..record.suite import suite_root
    from . import bdd_lookup

    bdd_lookup.install()

    specs = catalogue(suite_root() / "features", API_FEATURES)
    config.stash[_SPECS_KEY] = specs
    register_tags(config, specs)
    worker_input = getattr(config, "workerinput", {})
    seed = worker_input.get("edcert_seed", config.getoption("edcert_seed"))
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    profile_path = config.getoption("edcert_target")
    profile: Profile | None = None
    if profile_path:
        try:
            profile = load_profile(profile_path)
        except EdcertError as exc:
            raise pytest.UsageError(f"edcert: {exc}") from None
    state = RunState(report_dir=Path(config.getoption("edcert_report_dir")).resolve(), seed=seed,
                     timeout=float(config.getoption("edcert_timeout")), suite_option=config.getoption("edcert_suite"),
                     profile=profile, progress=bool(config.getoption("edcert_progress")) and not _is_worker(config),
                     config=config)
    state.builtin_url = worker_input.get("edcert_builtin_url")
    config.stash[_STATE_KEY] = state
    from ..http.waiting import reporter_on_stderr

    config.stash[_WAITING_KEY] = reporter_on_stderr()  # now, before pytest captures standard error again
    if _runs_workers(config) and getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"  # scenarios that share records stay together, in order
    if worker_input.get("edcert_loadgroup"):
        config.option.loadgroup = True  # a worker parses its own arguments: it learns the grouping here
    if _is_worker(config) or not _runs_suite(config):
        return  # a worker reports to the controller; the harness's own tests write no certification
    state.expect(specs)
    if getattr(config.option, "allure_report_dir", "missing") is None:
        config.option.allure_report_dir = str(state.report_dir / "allure-results")
    if getattr(config.option, "xmlpath", "missing") is None:
        config.option.xmlpath = str(state.report_dir / "junit.xml")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: every worker uses this run's seed and, without --target, the one built-in target."""
    state = node.config.stash[_STATE_KEY]
    node.workerinput["edcert_seed"] = state.seed
    node.workerinput["edcert_loadgroup"] = getattr(node.config.option, "dist", "no") == "loadgroup"
    if state.profile is None:
        node.workerinput["edcert_builtin_url"] = _builtin_url(state)


def _builtin_url(state: RunState) -> str:
    """The URL of the built-in reference target of this run, started here if nobody started it yet."""
    if state.builtin_url:
        return state.builtin_url
    from .builtin_target import STARTED

    if STARTED.process is not None:  # edcert run started it in a child process
        url = STARTED.process.url()
    else:
        from .. import reference

        target = reference.start()
        state.config.add_cleanup(target.stop)
        url = target.url
    state.builtin_url = url
    return url


def run_state(config: pytest.Config) -> RunState:
    return config.stash[_STATE_KEY]


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = config.stash.get(_STATE_KEY, None)
    if state is None:
        return []
    target = state.profile.source if state.profile else "the built-in reference target"
    return [f"edcert {__version__}: target {target}; seed {state.seed} (repeat with --seed {state.seed})"]


# --- which scenarios run --------------------------------------------------------------------

@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups, and before -k/-m deselect
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None:
        return
    specs = scenario_specs(config)
    kept, dropped = [], []
    for item in items:
        sid = scenario_id_of(item_tags(item))
        spec = specs.get(sid) if sid else None
        if spec is None:
            kept.append(item)
            continue
        if spec.suite and state.not_run_reason(spec.suite):
            dropped.append(item)
            continue
        reason = state.not_required_reason(spec)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
        group = shared_group_of(spec.tags)
        if group and getattr(config, "workerinput", {}).get("edcert_loadgroup"):
            _join_group(item, group)
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _join_group(item: pytest.Item, group: str) -> None:
    """Scenarios that share records run in order on one worker: pytest-xdist's loadgroup scheduling keeps
    together the items whose id ends in the same "@group". Its own xdist_group marker writes an attribute
    pytest 9.2 no longer reads (nodeids became structured), so the id is set here, as pytest keeps it."""
    grouped = f"{item.nodeid}@{group}"
    if hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(grouped)
    else:  # pragma: no cover - pytest before 9.2
        item._nodeid = grouped


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        state = item.config.stash.get(_STATE_KEY, None)
        sid = scenario_id_of(item_tags(item))
        if state is None or sid is None or sid not in state.collected or _is_worker(item.config):
            continue
        result = state.collected[sid]
        if result.required and result.message.startswith("did not run"):
            result.message = "not selected in this run (-k/-m selection)"


# --- results arriving from the runs of the scenarios ------------------------------------------

def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    from ..record.run_state import ACTIVE

    state = ACTIVE.state
    wire = getattr(report, "edcert_scenario", None)
    if state is None or wire is None or report.when != "teardown":
        return
    if state.config is not None and _is_worker(state.config):
        return
    result = state.collected.get(wire["id"])
    if result is None:
        return
    result.take(wire)
    if state.progress:
        from ..report.console import progress_line

        state.write(progress_line(result))


# --- the reports ----------------------------------------------------------------------------

def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo) -> None:
    from ..record.results import ERROR, current, where
    from ..record.run_state import ACTIVE

    state = ACTIVE.state
    if state is None:
        return
    state.interrupted = True
    running = current.scenario
    if running is not None and running.id in state.collected:  # it started but could not be decided
        result = state.collected[running.id]
        result.take(running.to_wire())
        result.status, result.message = ERROR, f"{where()} interrupted before the scenario finished"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_STATE_KEY, None)
    if state is None or not state.collected or _is_worker(session.config):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if state.interrupted and reporter is not None:
        # The report says the run was interrupted and where; pytest's "KeyboardInterrupt" banner, with the
        # line of edcert's code the signal happened to land on, would only read as a crash.
        reporter._keyboardinterrupt_memo = None
        reporter._report_keyboardinterrupt = lambda: None
    from ..report.writer import write_reports
    from .builtin_target import STARTED

    if STARTED.process is not None:  # every scenario is done with the built-in target
        STARTED.process.begin_stop()
    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED or state.interrupted
    _outage_is_not_a_failure(state)
    write_reports(state, interrupted=interrupted, allure_dir=getattr(session.config.option, "allure_report_dir", None))


def _outage_is_not_a_failure(state: RunState) -> None:
    """When the target stopped answering altogether, the scenarios whose only failures were exchanges that got
    no answer at all met the same outage: the run could not decide them (error), the target broke nothing
    that edcert could see."""
    from ..http.target_health import STOPPED_ANSWERING, is_no_answer
    from ..record.results import ERROR, FAILED

    if not any(r.status == ERROR and STOPPED_ANSWERING in r.message for r in state.collected.values()):
        return
    for result in state.collected.values():
        failures = [c for c in result.checks if c.status == FAILED]
        if result.status == FAILED and failures and all(is_no_answer(c.message) for c in failures):
            result.status = ERROR
            result.message = (f"{failures[0].message} ({STOPPED_ANSWERING} later in the run: this exchange was one "
                              "of those it left unanswered)")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None or not state.collected or state.verdict is None or _is_worker(config):
        return
    from ..report.console import summary_lines

    for line in summary_lines(state):
        terminalreporter.write_line(line)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """JUnit names each test case by its scenario and counts edcert's errors as errors; then the verdict
    is the last line of the run."""
    waiting = config.stash.get(_WAITING_KEY, None)
    if waiting is not None:
        waiting.close()
    state = config.stash.get(_STATE_KEY, None)
    if state is None or _is_worker(config):
        return
    xmlpath = getattr(config.option, "xmlpath", None)
    if xmlpath and Path(xmlpath).exists():
        from ..report.junit import rewrite

        rewrite(Path(xmlpath), state)
    if state.verdict is not None:
        from ..seal.plugin import seal_report_dir

        for line in seal_report_dir(config, state.report_dir, state.interrupted):
            state.write(line)
        from ..report.console import verdict_line

        state.write(verdict_line(state))


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
    from .builtin_target import profile_for_url

    edcert_run.profile = profile_for_url(_builtin_url(edcert_run))
    yield edcert_run.profile


@pytest.fixture(scope="session")
def http_client(edcert_run: RunState, target_profile: Profile, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Bounded exchanges, only to the profile's own origins."""
    from ..http.target_health import TargetHealth
    from ..http.transport import HttpClient
    from ..profile import profile_origins
    from ..record.evidence import attach_exchange
    from ..record.results import current

    def label() -> str:
        scenario = current.scenario
        return scenario.id if scenario is not None else ""

    client = HttpClient(edcert_run.timeout, observer=attach_exchange,
                        allowed_origins=profile_origins(target_profile), health=TargetHealth(),
                        waiting=request.config.stash.get(_WAITING_KEY, None), label=label)
    yield client
    client.close()


@pytest.fixture(scope="session")
def edfi_resolution(edcert_run: RunState, target_profile: Profile) -> Any:
    """The [edfi] profile with the URLs it leaves to the API's discovery document filled in, and the Data
    Standard judged. The discovery document is read once per process, outside every scenario's evidence
    (SCA-D1 reads it again as its own evidence), so a parallel run's evidence is that of a sequential one."""
    from ..edfi.discovery import resolve
    from ..http.transport import HttpClient
    from ..profile import profile_origins

    if target_profile.edfi is None:
        pytest.skip("the profile has no [edfi] section")
    allowed = profile_origins(target_profile)
    quiet = HttpClient(edcert_run.timeout, allowed_origins=allowed)
    try:
        return resolve(target_profile.edfi, quiet, allowed)
    finally:
        quiet.close()


@pytest.fixture(scope="session")
def edfi_client(edfi_resolution: Any, http_client: Any) -> Any:
    from ..edfi.client import EdfiClient

    return EdfiClient(edfi_resolution.profile, http_client, edfi_resolution)


@pytest.fixture(scope="session")
def linkit_client(target_profile: Profile, http_client: Any) -> Any:
    from ..linkit.client import LinkitClient

    if target_profile.linkit is None:
        pytest.skip("the profile has no [linkit] section")
    return LinkitClient(target_profile.linkit, http_client)


@pytest.fixture
def generated(edcert_run: RunState, request: pytest.FixtureRequest) -> Any:
    """Values generated from the run's seed and the scenario, so they are the same whatever runs before."""
    from ..record.generated import GeneratedData

    sid = scenario_id_of(item_tags(request.node)) or request.node.nodeid
    return GeneratedData(edcert_run.seed, sid)
