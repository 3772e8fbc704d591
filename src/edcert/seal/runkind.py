"""Whether a run is a certification run: the whole suite, as published for this version, with no option
that selects scenarios or could weaken a check.

The pytest arguments are read against an allow-list: an option edcert itself passes, or one that only
changes what is printed, how many workers run, or when the run stops early (which can only make the
verdict worse). A selection (-k, -m, node ids, --deselect, --last-failed, ...) is named as such; any
other option (a plugin loaded or removed with -p, an ini value overridden with -o, a conftest ignored,
an unknown option) may change what the checks do, and is named as weakening. PYTEST_ADDOPTS is read
the same way; PYTEST_PLUGINS loads plugins into the run, and counts as weakening.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: Options that take a value and never change what a check does.
_SAFE_VALUED = {
    "-n", "--numprocesses", "--maxprocesses", "--dist", "--tb", "-r", "--color", "--code-highlight", "--durations",
    "--durations-min", "--maxfail", "-W", "--pythonwarnings", "--alluredir", "--junitxml", "--junit-xml",
    "--suite", "--report-dir", "--seed", "--timeout", "--edcert-timeout", "--target", "--sign-key",
    "--edcert-client", "--readback-scenarios", "--capture", "--verbosity", "--basetemp", "--junit-prefix",
}
#: Flags that never change what a check does.
_SAFE_FLAGS = {
    "-q", "--quiet", "-v", "--verbose", "-s", "-x", "--exitfirst", "--no-header", "--no-summary", "-l",
    "--showlocals", "--edcert-progress", "--bundle", "--strict-markers", "--strict", "--ff", "--failed-first",
    "--nf", "--new-first", "--clean-alluredir",
}
_SELECTING_VALUED = {"-k", "-m", "--deselect", "--ignore", "--ignore-glob"}
_SELECTING_FLAGS = {"--lf", "--last-failed", "--sw", "--stepwise", "--sw-skip", "--stepwise-skip"}
#: The plugins edcert itself turns off or loads, and the ini value it sets.
_SAFE_PLUGINS = {"no:cacheprovider", "no:unraisableexception", "no:xdist", "no:faker", "no:anyio", "xdist",
                 "edcert.run.client_plugin"}
_SAFE_INI = {"junit_family=xunit2"}
_SHORT_WITH_VALUE = set("nrWkmpco")


@dataclass
class RunKind:
    """What keeps a run from certifying, if anything."""

    selection: list[str] = field(default_factory=list)
    weakening: list[str] = field(default_factory=list)
    suite_sha256: str = ""
    published_suite_sha256: str | None = None

    @property
    def suite_modified(self) -> bool:
        return self.suite_sha256 != self.published_suite_sha256

    @property
    def reasons(self) -> list[str]:
        out = [f"selection {' '.join(self.selection)}"] if self.selection else []
        out += [f"option {option} may weaken the checks" for option in self.weakening]
        if self.suite_modified:
            published = self.published_suite_sha256 or "none"
            out.append(f"the suite differs from the one published for this version (digest {self.suite_sha256[:16]}..., "
                       f"published {published[:16]}...)")
        return out

    @property
    def certification_run(self) -> bool:
        return not self.reasons

    def sentence(self) -> str:
        """One line for the top of every report."""
        return "NOT A CERTIFICATION RUN: " + "; ".join(self.reasons) + " (the verdict certifies nothing)"


def _split(token: str) -> tuple[str, str | None]:
    """An option and its attached value: --tb=no, -n2, -rN, -kSCA; (token, None) when none is attached."""
    if token.startswith("--"):
        name, eq, value = token.partition("=")
        return (name, value) if eq else (token, None)
    if len(token) > 2 and token[1] in _SHORT_WITH_VALUE:
        return token[:2], token[2:].lstrip("=")
    return token, None


def _is_repeated_flag(token: str) -> bool:
    return len(token) > 1 and token[0] == "-" and token[1] != "-" and set(token[1:]) <= {"q", "v"}


def _in_suite(path_text: str, suite_root: Path, cwd: Path) -> bool:
    path = (cwd / path_text).resolve()
    steps = (suite_root / "steps").resolve()
    return path == steps or steps in path.parents


def classify(args: Iterable[str], suite_root: Path | None, cwd: Path | None = None) -> tuple[list[str], list[str]]:
    """(selection, weakening) of these pytest arguments. Without a suite root (arguments read on another
    machine, as verify does) paths are not judged, only options."""
    cwd = cwd or Path.cwd()
    selection: list[str] = []
    weakening: list[str] = []
    tokens = list(args)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if not token.startswith("-") or token == "-":
            if "::" in token:
                selection.append(token)
            elif suite_root is not None and not _in_suite(token, suite_root, cwd):
                weakening.append(f"{token} (tests outside the suite run in the same session)")
            continue
        if _is_repeated_flag(token):
            continue
        name, value = _split(token)
        valued = name in _SAFE_VALUED | _SELECTING_VALUED or name in ("-p", "-c", "-o", "--override-ini",
                                                                        "--rootdir", "--confcutdir")
        if valued and value is None and i < len(tokens):
            value = tokens[i]
            i += 1
        shown = f"{name} {value}" if value is not None else name
        if name in _SELECTING_VALUED:
            selection.append(shown)
        elif name in _SELECTING_FLAGS:
            selection.append(name)
        elif name in _SAFE_FLAGS or name in _SAFE_VALUED:
            continue
        elif name == "-p" and value in _SAFE_PLUGINS:
            continue
        elif name in ("-o", "--override-ini") and value in _SAFE_INI:
            continue
        elif name in ("-c", "--rootdir") and suite_root is None:
            continue
        elif name == "-c" and value is not None and (cwd / value).resolve() == (suite_root / "pytest.ini").resolve():
            continue
        elif name == "--rootdir" and value is not None and (cwd / value).resolve() == suite_root.resolve():
            continue
        elif name == "--assert" and value in ("plain", "rewrite"):
            continue
        else:
            weakening.append(shown)
    return selection, weakening


def run_kind(args: Iterable[str], suite_root: Path, suite_sha256: str, published: str | None,
             cwd: Path | None = None, environ: dict[str, str] | None = None) -> RunKind:
    """The kind of a run with these pytest arguments, in this environment."""
    environ = dict(os.environ) if environ is None else environ
    try:
        added = shlex.split(environ.get("PYTEST_ADDOPTS", ""))
    except ValueError:
        added = [environ.get("PYTEST_ADDOPTS", "")]
    selection, weakening = classify([*args, *added], suite_root, cwd)
    if environ.get("PYTEST_PLUGINS", "").strip():
        weakening.append(f"PYTEST_PLUGINS={environ['PYTEST_PLUGINS'].strip()}")
    return RunKind(selection, weakening, suite_sha256, published)


def current_run_kind(args: Iterable[str], cwd: Path | None = None) -> RunKind:
    """The kind of a run of this installation's suite with these pytest arguments."""
    from .. import __version__
    from ..record.suite import suite_root, suite_sha256
    from .published import published_digest

    return run_kind(args, suite_root(), suite_sha256(), published_digest(__version__), cwd)
