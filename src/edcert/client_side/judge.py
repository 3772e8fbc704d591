"""Run the client-side features with pytest, in this process, and turn the verdict into an exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from ..record.report_dir import ReportDir
from ..record.verdict import EXIT_CODES

EXIT_USAGE, EXIT_INCOMPLETE = 2, 3
LISTEN_TESTS = ("steps", "client", "test_listen_features.py")
READBACK_TESTS = ("steps", "client", "test_readback_features.py")


def claim_report_dir(text: str) -> ReportDir:
    """The report directory, claimed for this run (locked, checked writable, last run's outputs cleared)."""
    return ReportDir(Path(text).resolve())


def judge(tests: tuple[str, ...], report_dir: Path, seed: int, options: list[str]) -> int:
    """Run one binding module of steps/client with edcert's client plugin; return the exit code."""
    import pytest

    from ..record.run_state import ACTIVE
    from ..record.suite import suite_root

    root = suite_root()
    args = [str(root.joinpath(*tests)), "-c", str(root / "pytest.ini"), "--rootdir", str(root),
            "-p", "no:cacheprovider", "-p", "no:unraisableexception", "-p", "edcert.run.client_plugin", "-qq",
            "--tb=no", "-rN", "--no-header",
            "--edcert-progress", "--report-dir", str(report_dir), "--seed", str(seed),
            "--alluredir", str(report_dir / "allure-results"),
            "--junitxml", str(report_dir / "junit.xml"), "-o", "junit_family=xunit2",
            # The checks raise their own failures, so no assert needs rewriting (fastapi and anyio, imported
            # before pytest starts, could not be rewritten anyway).
            "--assert=plain", "-W", "ignore::pytest.PytestAssertRewriteWarning", *options]
    ACTIVE.state = None
    code = pytest.main(args)
    state = ACTIVE.state
    if code == pytest.ExitCode.USAGE_ERROR:
        return EXIT_USAGE
    if state is None or state.verdict is None:
        print("edcert: the judge ended before any scenario could be judged", file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_CODES[state.verdict]
