"""What a fault matrix asserts of one run, for the reference target's faults and the reference clients' alike."""

from __future__ import annotations

from typing import Any


def assert_passed_without_warnings(certification: dict[str, Any]) -> None:
    for scenario in certification["scenarios"]:
        assert scenario["status"] == "passed", scenario
        assert not [c for c in scenario["checks"] if c["status"] != "passed"], scenario


def assert_warned(certification: dict[str, Any], caught_by: tuple[str, ...], requirements: tuple[str, ...]) -> None:
    """An advisory fault: its scenarios pass, each with a warning naming one of its requirements."""
    scenarios = {s["id"]: s for s in certification["scenarios"]}
    for sid in caught_by:
        assert scenarios[sid]["status"] == "passed", scenarios[sid]
        warned = [c for c in scenarios[sid]["checks"] if c["status"] == "warning"]
        assert any(c["requirement"] in requirements for c in warned), scenarios[sid]


def assert_caught(certification: dict[str, Any], caught_by: tuple[str, ...],
                  requirements: tuple[str, ...]) -> list[dict[str, Any]]:
    """A fault: the run is not certified and each of its scenarios failed on one of its requirements, the
    message saying where; returns the failed checks that name them."""
    assert certification["verdict"] == "not-certified"
    scenarios = {s["id"]: s for s in certification["scenarios"]}
    named_all = []
    for sid in caught_by:
        scenario = scenarios[sid]
        assert scenario["status"] == "failed", f"{sid} is {scenario['status']}: {scenario.get('message')}"
        failures = [c for c in scenario["checks"] if c["status"] == "failed"]
        named = [c for c in failures if c["requirement"] in requirements]
        assert named, f"{sid} failed on {[c['requirement'] for c in failures]}, not on {requirements}"
        assert any(c["requirement"] in c["message"] and f"[{sid} step '" in c["message"] for c in named)
        named_all += named
    return named_all
