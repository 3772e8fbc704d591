"""What happened in each scenario: its checks, its status, its HTTP evidence, and the step running now.

A scenario's result is built where the scenario runs (this process, or a parallel worker) and
travels to the process that writes the reports as a plain dict (``to_wire``/``from_wire``), masked
before it leaves, so both ways of running give the same reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASSED, FAILED, WARNING, ERROR, SKIPPED = "passed", "failed", "warning", "error", "skipped"


@dataclass
class CheckResult:
    requirement: str
    status: str  # passed | failed | warning
    message: str
    evidence: list[str] = field(default_factory=list)  # ids of the HTTP exchanges it rests on
    step: str = ""  # the Gherkin step that made the check
    detail: str = ""  # a failure in short: "expected ..., got ..."

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"requirement": self.requirement, "status": self.status, "message": self.message,
                                  "step": self.step, "evidence": list(self.evidence)}
        if self.detail:
            out["detail"] = self.detail
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(data["requirement"], data["status"], data["message"], list(data.get("evidence", [])),
                   data.get("step", ""), data.get("detail", ""))


@dataclass
class ScenarioResult:
    id: str
    suite: str
    title: str
    required: bool = True
    status: str = PASSED
    message: str = ""
    checks: list[CheckResult] = field(default_factory=list)
    duration: float = 0.0
    exchanges: int = 0
    entries: list[dict[str, Any]] = field(default_factory=list)  # HAR entries of its exchanges, masked
    facts: dict[str, Any] = field(default_factory=dict)  # what the run learnt of the target (its Data Standard)

    def add(self, check: CheckResult) -> None:
        self.checks.append(check)

    @property
    def first_failure(self) -> str:
        for check in self.checks:
            if check.status == FAILED:
                return check.message
        return self.message

    @property
    def warnings(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status == WARNING]

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "suite": self.suite, "title": self.title, "status": self.status,
                                  "required": self.required, "checks": [c.as_dict() for c in self.checks]}
        if self.message:
            out["message"] = self.message
        out["duration_seconds"] = round(self.duration, 3)
        out["http_exchanges"] = self.exchanges
        return out

    def to_wire(self) -> dict[str, Any]:
        """Everything the reports need, as plain data."""
        return {**self.as_dict(), "duration": self.duration, "entries": self.entries, "facts": self.facts}

    def take(self, wire: dict[str, Any]) -> None:
        """Adopt what a run of this scenario reported (here or on a parallel worker)."""
        self.status, self.message = wire["status"], wire.get("message", "")
        self.checks = [CheckResult.from_dict(c) for c in wire["checks"]]
        self.duration, self.exchanges = wire.get("duration", 0.0), wire.get("http_exchanges", 0)
        self.entries = list(wire.get("entries", []))
        self.facts = dict(wire.get("facts", {}))


class _Current:
    """The scenario and step running now in this process; a process runs one scenario at a time."""

    scenario: ScenarioResult | None = None
    step: str | None = None


current = _Current()


def where() -> str:
    """The `[SCENARIO step '...']` prefix of a failure message."""
    scenario = current.scenario.id if current.scenario else "setup"
    return f"[{scenario} step '{current.step}']" if current.step else f"[{scenario}]"
