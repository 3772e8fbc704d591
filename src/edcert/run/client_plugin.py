"""The pytest plugin of the client side, loaded with ``-p edcert.run.client_plugin`` by edcert listen
and edcert readback (never by the API suite).

It registers the client features' tags, marks the run's role "client", says what was certified
(``state.subject``) and which scenarios the verdict covers (the client's, and for readback the phase's),
and gives the client steps their fixtures: the recorded traffic of the listen session (handed over in
this process, secrets and all, never written to disk unmasked) and the values the client had to write.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from ..client_side.readback_state import readback_scenarios
from ..client_side.session import HANDOFF, ListenResult
from ..client_side.specs import client_specs
from ..client_side.values import SystemValues
from ..edfi.data import current_school_year


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("edcert-client", "edcert client side (edcert listen, edcert readback)")
    group.addoption("--edcert-client", dest="edcert_client", choices=("listen", "readback"), default=None,
                    help="judge a client: the traffic of this process's listen session, or what it stored (readback)")
    group.addoption("--readback-scenarios", dest="edcert_readback_scenarios", default="SCA-S1,SCA-S2",
                    metavar="IDS", help="readback: SCA-S1,SCA-S2 (first phase) or SCA-S3 (second phase)")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    from .pytest_plugin import register_tags, run_state, use_catalogue

    for folders in (("edfi", "linkit"), ("readback",)):  # listen and readback judge the same identifiers
        register_tags(config, client_specs(folders))
    mode = config.getoption("edcert_client")
    if mode is None or hasattr(config, "workerinput"):
        return

    state = run_state(config)
    state.role = "client"
    if mode == "listen":
        if HANDOFF.result is None:
            raise pytest.UsageError("edcert: --edcert-client listen judges the traffic of an edcert listen session "
                                    "in this process; run edcert listen")
        state.subject = HANDOFF.result.subject()
        use_catalogue(config, client_specs(("edfi", "linkit")))
        return
    try:
        chosen = readback_scenarios(config.getoption("edcert_readback_scenarios"))
    except ValueError as exc:
        raise pytest.UsageError(f"edcert: {exc}") from None
    if state.profile is None or state.profile.edfi is None:
        raise pytest.UsageError("edcert: readback reads an Ed-Fi API: give --target a profile with an [edfi] section")
    state.subject = {"source": f"edcert readback: the SIS that wrote into the Ed-Fi API of {state.profile.name}",
                     "phase": "second (scenario 3)" if chosen == ("SCA-S3",) else "first (scenarios 1 and 2)",
                     "scenarios": [f"CLIENT-{s}" for s in chosen],
                     "edfi": {k: v for k, v in state.profile.for_report()["edfi"].items()
                              if k not in ("create_prerequisites", "owns_existing_records")}}
    use_catalogue(config, client_specs(("readback",), chosen))


def _tags(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers()}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    mode = config.getoption("edcert_client")
    if mode is None:
        return
    from .pytest_plugin import run_state

    state = run_state(config)
    if mode == "readback":
        chosen = {f"CLIENT-{s}" for s in readback_scenarios(config.getoption("edcert_readback_scenarios"))}
        dropped = [item for item in items if not _tags(item) & chosen]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        for item in dropped:  # the other phase's scenarios are not part of this run's verdict
            for sid in _tags(item) - chosen:
                state.collected.pop(sid, None)
        items[:] = [item for item in items if item not in dropped]
        return
    result = HANDOFF.result
    if result is None:
        return
    declared = result.settings.values.formats
    # A format counts as used when any call in it arrived, not only a call that reads as an example: a
    # client whose JSON calls all lack their verb (or name another program) made JSON calls, and fails them.
    used = {call.fmt for call in result.linkit_traffic().calls}
    for item in items:
        tags = _tags(item)
        fmt = "xml" if "xml" in tags else "json" if "json" in tags else None
        if "linkit" not in tags or fmt is None or fmt in (declared or used) or (not declared and not used):
            continue
        why = (f"format {fmt} is not in the declared [linkit] formats" if declared else
               f"the client made no {fmt.upper()} call; a LinkIt! client may use one format")
        item.add_marker(pytest.mark.skip(reason=why))
        for sid in tags:
            if re.match(r"^CLIENT-LINKIT-", sid) and sid in state.collected:
                state.collected[sid].required = False


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def client_values(request: pytest.FixtureRequest) -> tuple[SystemValues, int]:
    """The values the client must have written, and the school year of their dates."""
    if request.config.getoption("edcert_client") == "listen":
        if HANDOFF.result is None:
            pytest.skip("no edcert listen session in this process")
        settings = HANDOFF.result.settings
        return settings.values, settings.school_year
    from .pytest_plugin import run_state

    profile = run_state(request.config).profile
    assert profile is not None and profile.edfi is not None
    values = SystemValues(source=profile.name, edfi=dict(profile.edfi.scenarios))
    return values, profile.edfi.school_year or current_school_year()


@pytest.fixture(scope="session")
def listen_result() -> ListenResult:
    """The listen session being judged."""
    if HANDOFF.result is None:
        pytest.skip("no edcert listen session in this process")
    return HANDOFF.result


@pytest.fixture(scope="session")
def edfi_traffic(listen_result: ListenResult) -> Any:
    """The session's Ed-Fi requests, each matched to its scenario."""
    return listen_result.edfi_traffic()


@pytest.fixture(scope="session")
def linkit_traffic(listen_result: ListenResult) -> Any:
    """The session's LinkIt! calls, each matched to its example."""
    return listen_result.linkit_traffic()
