"""What happened in each scenario: its checks, its status, and the step that is running now."""

from __future__ import annotations

from dataclasses import dataclass, field

PASSED, FAILED, WARNING, ERROR, SKIPPED = "passed", "failed", "warning", "error", "skipped"


@dataclass
class CheckResult:
    requirement: str
    status: str  # passed | failed | warning
    message: str
    evidence: list[str] = field(default_factory=list)  # ids of the HTTP exchanges it rests on

    def as_dict(self) -> dict[str, object]:
        return {"requirement": self.requirement, "status": self.status, "message": self.message,
                "evidence": list(self.evidence)}


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


class _Current:
    """The scenario and step running now; the suite runs one scenario at a time."""

    scenario: ScenarioResult | None = None
    step: str | None = None


current = _Current()


def where() -> str:
    """The `[SCENARIO step '...']` prefix of a failure message."""
    scenario = current.scenario.id if current.scenario else "setup"
    return f"[{scenario} step '{current.step}']" if current.step else f"[{scenario}]"
