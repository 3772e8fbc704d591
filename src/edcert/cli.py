"""The edcert command: run (certify a target), serve (the reference target), report (Allure HTML).

Exit codes of `edcert run`: 0 certified, 1 not certified, 2 invalid invocation or profile,
3 the run could not complete (target unreachable, interrupted). User mistakes end in one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from . import __version__
from .errors import EdcertError, UsageError

EXIT_OK, EXIT_NOT_CERTIFIED, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see edcert {self.prog.split()[-1]} --help)")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="edcert", description="Conformance test harness for Ed-Fi v3 StudentCohortAssociation "
                     "and LinkIt! program assignment APIs.")
    parser.add_argument("--version", action="version", version=f"edcert {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="certify a target (the built-in reference target without --target)",
                              description="Run the conformance suite against a target and write the reports. "
                              "Any further arguments (-k, -m, ...) go to pytest.")
    run.add_argument("--target", metavar="PROFILE.toml", help="target profile; default: the built-in reference target")
    run.add_argument("--suite", choices=("edfi", "linkit", "all"), default="all")
    run.add_argument("--report-dir", default="reports", metavar="DIR")
    run.add_argument("--seed", type=int, help="seed of all generated data (default: random, always printed)")
    run.add_argument("--timeout", type=_positive, default=30.0, metavar="SECONDS",
                     help="bound of each HTTP exchange (default 30)")
    run.add_argument("--allure-html", action="store_true",
                     help="also render the Allure results as one HTML file (needs the allure npm package)")

    serve = commands.add_parser("serve", help="run the built-in reference target in the foreground")
    serve.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="switch on a named fault (repeatable); see --list-faults")
    serve.add_argument("--db", metavar="PATH", help="keep the state in this SQLite file (default: a temporary one)")
    serve.add_argument("--list-faults", action="store_true", help="list the faults and exit")

    report = commands.add_parser("report", help="render the Allure results as one self-contained HTML file")
    report.add_argument("--report-dir", default="reports", metavar="DIR")
    return parser


def _check_profile(path: str, suite: str) -> None:
    from .linkit.signing import load_signer
    from .profile import load_profile

    profile = load_profile(path)
    if suite != "all" and suite not in profile.suites:
        raise UsageError(f"--suite {suite}: the profile {path} has no [{suite}] section; add it or choose "
                         f"--suite {' or '.join(profile.suites)}")
    if profile.linkit is not None:
        load_signer(profile.linkit.signer)


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    import pytest

    from .run_state import ACTIVE
    from .suite import suite_root

    if args.target:
        _check_profile(args.target, args.suite)
    for option in extra:
        if not option.startswith("-") and Path(option).exists():
            raise UsageError(f"unexpected argument {option!r}: edcert runs its own suite; select scenarios with -k or -m")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    report_dir = Path(args.report_dir).resolve()
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--report-dir {args.report_dir}: cannot create it ({exc.strerror})") from None
    root = suite_root()
    print(f"edcert {__version__}: certifying {args.target or 'the built-in reference target'} "
          f"(suite {args.suite}, seed {seed}, timeout {args.timeout:g} s)", flush=True)
    pytest_args = [
        str(root / "steps" / "test_features.py"), "-c", str(root / "pytest.ini"), "--rootdir", str(root),
        "-p", "no:cacheprovider", "-q", "--tb=no", "-rN", "--no-header", "--edcert-progress",
        "--suite", args.suite, "--report-dir", str(report_dir), "--seed", str(seed),
        "--edcert-timeout", str(args.timeout),
        "--alluredir", str(report_dir / "allure-results"), "--clean-alluredir",
        "--junitxml", str(report_dir / "junit.xml"), "-o", "junit_family=xunit2",
    ]
    if args.target:
        pytest_args += ["--target", str(Path(args.target).resolve())]
    ACTIVE.state = None
    if not args.target:
        from .builtin_target import STARTED, BuiltinTargetProcess

        STARTED.process = BuiltinTargetProcess()
    try:
        code = pytest.main(pytest_args + extra)
    finally:
        if not args.target:
            STARTED.process.stop()
    state = ACTIVE.state
    if code == pytest.ExitCode.USAGE_ERROR:
        return EXIT_USAGE
    if args.allure_html:
        from .report.allure_html import render_allure_html

        print(render_allure_html(report_dir))
    if state is None or state.verdict is None:
        print("edcert: the run ended before any scenario could be judged", file=sys.stderr)
        return EXIT_INCOMPLETE
    from .report.verdict import EXIT_CODES

    return EXIT_CODES[state.verdict]


def _serve(args: argparse.Namespace) -> int:
    from . import reference

    if args.list_faults:
        width = max(len(f.name) for f in reference.FAULTS)
        for fault in reference.FAULTS:
            print(f"{fault.name:{width}}  [{fault.api}] {fault.description}")
        return EXIT_OK
    try:
        reference.check_fault_names(args.fault)
    except reference.UnknownFaultError as exc:
        raise UsageError(str(exc)) from None

    def ready(target: reference.RunningTarget) -> None:
        creds = target.state.credentials
        print(f"edcert reference target on {target.url} (faults: {', '.join(args.fault) or 'none'})")
        print(f"  Ed-Fi   base_url  {target.edfi_base_url}   token_url {target.token_url}")
        print(f"          client_id {creds.edfi_client_id}   client_secret {creds.edfi_client_secret}")
        print(f"  LinkIt! base_url  {target.linkit_base_url}   access_key {creds.linkit_access_key}"
              f"   secret {creds.linkit_secret}")
        print(f"  API docs {target.url}/docs    Ctrl-C stops it", flush=True)

    try:
        reference.serve_forever(args.fault, port=args.port, db=args.db, on_ready=ready)
    except RuntimeError as exc:
        raise UsageError(f"{exc}; is the port in use?") from None
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .report.allure_html import render_allure_html

    message = render_allure_html(Path(args.report_dir).resolve())
    print(message)
    return EXIT_OK if message.startswith("Allure report:") else EXIT_INCOMPLETE


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args, extra = _parser().parse_known_args(argv)
        if args.command != "run" and extra:
            raise UsageError(f"unrecognized arguments: {' '.join(extra)}")
        if args.command == "run":
            return _run(args, extra)
        if args.command == "serve":
            return _serve(args)
        return _report(args)
    except EdcertError as exc:
        print(f"edcert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("edcert: interrupted", file=sys.stderr)
        return EXIT_INCOMPLETE


if __name__ == "__main__":
    sys.exit(main())
