"""The state of one certification run, shared by the pytest plugin, the reports and the CLI."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..profile import Profile
from .catalogue import ScenarioSpec
from .results import SKIPPED, ScenarioResult

#: The tag of scenarios that read the Ed-Fi API's discovery document, which only a profile's api_url locates.
NEEDS_API_URL = "needs-api-url"


@dataclass
class RunState:
    report_dir: Path
    seed: int
    timeout: float
    suite_option: str
    profile: Profile | None
    progress: bool = False
    role: str = "api"  # "api": edcert plays the client and judges the API; "client": the other way round
    subject: dict[str, Any] | None = None  # what was certified, for the report, when it is not a target profile
    collected: dict[str, ScenarioResult] = field(default_factory=dict)
    features: dict[str, str] = field(default_factory=dict)  # scenario id -> its feature file, dotted
    started_at: dict[str, float] = field(default_factory=dict)
    started: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    interrupted: bool = False
    verdict: str | None = None
    verdict_reason: str = ""
    config: Any = None  # the pytest config, for its terminal writer
    builtin_url: str | None = None  # the built-in reference target's URL, when no profile was given

    def __post_init__(self) -> None:
        ACTIVE.state = self

    @property
    def target_suites(self) -> tuple[str, ...]:
        return self.profile.suites if self.profile is not None else ("edfi", "linkit")

    def covered_suites(self) -> tuple[str, ...]:
        """The suites the verdict speaks for: selected by --suite and present in the profile."""
        wanted = ("edfi", "linkit") if self.suite_option == "all" else (self.suite_option,)
        return tuple(s for s in wanted if s in self.target_suites)

    def not_run_reason(self, suite: str) -> str | None:
        if self.suite_option not in ("all", suite):
            return f"not run: --suite {self.suite_option}"
        if suite not in self.target_suites:
            return f"not run: the profile has no [{suite}] section"
        return None

    def linkit_formats(self) -> tuple[str, ...] | None:
        if self.profile is None or self.profile.linkit is None:
            return None
        return self.profile.linkit.formats

    def not_required_reason(self, spec: ScenarioSpec) -> str | None:
        """Why a scenario does not count towards the verdict in this run, if it does not."""
        reason = self.not_run_reason(spec.suite) if spec.suite else None
        if reason:
            return reason
        formats = self.linkit_formats()
        if spec.format and formats is not None and spec.format not in formats:
            return f"not run: format {spec.format} is not in the profile's [linkit] formats"
        if NEEDS_API_URL in spec.tags and self.profile is not None and self.profile.edfi is not None \
                and not self.profile.edfi.api_url:
            return "not run: the profile's [edfi] names no api_url (the API's root, where its discovery document is)"
        return None

    def expect(self, specs: dict[str, ScenarioSpec]) -> None:
        """Know every scenario before any runs: each is 'did not run' until a run of it reports."""
        for spec in specs.values():
            self.features[spec.id] = spec.feature
            reason = self.not_required_reason(spec)
            self.collected[spec.id] = ScenarioResult(
                spec.id, spec.suite, spec.title, required=spec.required and reason is None, status=SKIPPED,
                message=reason or "did not run (not selected with -k/-m, or the run ended before it)")

    def finish(self, sid: str) -> float:
        started = self.started_at.pop(sid, None)
        return time.monotonic() - started if started is not None else 0.0

    def write(self, line: str) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter") if self.config else None
        if reporter is not None:
            reporter.write_line(line)
        else:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


class _Active:
    state: RunState | None = None


ACTIVE = _Active()
