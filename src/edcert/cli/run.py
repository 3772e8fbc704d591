"""`edcert run`: certify a target (the built-in reference target without --target)."""

from __future__ import annotations

import argparse
import random
import sys
import types
from pathlib import Path

from .. import __version__
from ..errors import UsageError
from .common import EXIT_INCOMPLETE, EXIT_USAGE, seconds, stopped_like_ctrl_c


def add_parser(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="certify a target (the built-in reference target without --target)",
                              description="Run the conformance suite against a target and write the reports. "
                              "Any further arguments (-k, -m, ...) go to pytest.")
    run.add_argument("--target", metavar="PROFILE.toml", help="target profile; default: the built-in reference target")
    run.add_argument("--suite", choices=("edfi", "linkit", "all"), default="all")
    run.add_argument("--report-dir", default="reports", metavar="DIR")
    run.add_argument("--seed", type=int, help="seed of all generated data (default: random, always printed)")
    run.add_argument("--timeout", type=seconds, default=30.0, metavar="SECONDS",
                     help="bound of each HTTP exchange (default 30)")
    run.add_argument("--allure-html", action="store_true",
                     help="also render the Allure results as one HTML file (needs the allure npm package)")
    run.add_argument("--sign-key", metavar="KEY", help="sign the report's manifest.json with this Ed25519 private key "
                     "(edcert keygen writes one)")
    run.add_argument("--bundle", action="store_true", help="also write the sealed report directory as one zip, DIR.zip")


def _check_profile(path: str, suite: str) -> None:
    from ..linkit.signing import load_signer
    from ..profile import load_profile

    profile = load_profile(path)
    if suite != "all" and suite not in profile.suites:
        raise UsageError(f"--suite {suite}: the profile {path} has no [{suite}] section; add it or choose "
                         f"--suite {' or '.join(profile.suites)}")
    if profile.linkit is not None:
        load_signer(profile.linkit.signer)


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..record.report_dir import ReportDir

    if args.target:
        _check_profile(args.target, args.suite)
    if args.sign_key:
        from ..seal.keys import load_private

        load_private(Path(args.sign_key))
    for option in extra:
        if not option.startswith("-") and Path(option).exists():
            raise UsageError(f"unexpected argument {option!r}: edcert runs its own suite; select scenarios with -k or -m")
    started = None
    with stopped_like_ctrl_c():
        try:
            if not args.target:  # first of all: its start-up then overlaps everything below
                from ..run.builtin_target import STARTED, BuiltinTargetProcess

                started = STARTED.process = BuiltinTargetProcess()
            with ReportDir(Path(args.report_dir).resolve()) as claimed:
                return _run(args, extra, claimed.path)
        finally:
            if started is not None:
                started.stop()


def _without_code_generator() -> None:
    """pytest-bdd imports its test-code generator (Mako, and through it Pygments' lexers) at start-up, for
    --generate-missing, which edcert run never offers: a stand-in for Mako's template lookup saves that
    import (about 50 ms of every run). Plain pytest in the repository keeps the real one."""
    if "mako.lookup" in sys.modules:
        return
    stand_in = types.ModuleType("mako.lookup")

    class TemplateLookup:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def get_template(self, name: str) -> None:
            raise UsageError("edcert run does not generate test code; run pytest --generate-missing instead")

    stand_in.TemplateLookup = TemplateLookup  # type: ignore[attr-defined]
    sys.modules["mako.lookup"] = stand_in


def _parallel(extra: list[str]) -> bool:
    return any(option in ("-n", "--numprocesses") or option.startswith(("-n", "--numprocesses=")) for option in extra)


def _run(args: argparse.Namespace, extra: list[str], report_dir: Path) -> int:
    import pytest

    from ..record.run_state import ACTIVE
    from ..record.suite import suite_root
    from ..seal.runkind import current_run_kind

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    root = suite_root()
    kind = current_run_kind(extra)
    if not kind.certification_run:
        print(f"edcert: {kind.sentence()}", flush=True)
    print(f"edcert {__version__}: certifying {args.target or 'the built-in reference target'} "
          f"(suite {args.suite}, seed {seed}, timeout {args.timeout:g} s)", flush=True)
    pytest_args = [
        str(root / "steps" / "test_features.py"), "-c", str(root / "pytest.ini"), "--rootdir", str(root),
        "-qq", "--tb=no", "-rN", "--no-header", "--edcert-progress",
        # Cheap at start-up: no cache, no assertion rewriting (checks never use bare asserts), no hook for
        # unraisable exceptions.
        "-p", "no:cacheprovider", "--assert=plain", "-p", "no:unraisableexception",
        "--suite", args.suite, "--report-dir", str(report_dir), "--seed", str(seed),
        "--edcert-timeout", str(args.timeout),
        # The report directory was cleared already; parallel workers must not clear each other's results.
        "--alluredir", str(report_dir / "allure-results"),
        "--junitxml", str(report_dir / "junit.xml"), "-o", "junit_family=xunit2",
    ]
    if args.target:
        pytest_args += ["--target", str(Path(args.target).resolve())]
    if args.sign_key:
        pytest_args += ["--sign-key", str(Path(args.sign_key).resolve())]
    if args.bundle:
        pytest_args.append("--bundle")
    if not _parallel(extra):
        pytest_args += ["-p", "no:xdist"]  # not needed without -n; loading it costs start-up time
    ACTIVE.state = None
    _without_code_generator()
    code = pytest.main(pytest_args + extra)
    state = ACTIVE.state
    if code == pytest.ExitCode.USAGE_ERROR:
        return EXIT_USAGE
    if args.allure_html:
        from ..report.allure_html import render_allure_html

        print(render_allure_html(report_dir))
    if state is None or state.verdict is None:
        print("edcert: the run ended before any scenario could be judged", file=sys.stderr)
        return EXIT_INCOMPLETE
    from ..record.verdict import EXIT_CODES

    return EXIT_CODES[state.verdict]
