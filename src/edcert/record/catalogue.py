"""The scenarios of the suite, read from the feature files: identifier, suite, title and tags.

The run's process that writes the reports knows every scenario from here, whether it ran the
scenario itself, on a parallel worker, or not at all (deselected, or its suite not run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Scenario identifiers: SCA-S1, LINKIT-EX1-JSON, ...; client-side scenarios carry the CLIENT- prefix.
SCENARIO_ID = re.compile(r"^(CLIENT-)?(SCA|LINKIT)-[A-Z0-9]+(-[A-Z0-9]+)*$")
SUITE_NAMES = ("edfi", "linkit")
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
#: Scenarios that touch the same records share a tag `@shares-<name>` and run in order on one worker.
SHARES_PREFIX = "shares-"


def item_tags(item: Any) -> set[str]:
    """The tags of a collected scenario: pytest-bdd turns each Gherkin tag into a marker."""
    return {mark.name for mark in item.iter_markers()}


def scenario_id_of(tags: set[str] | frozenset[str]) -> str | None:
    return next((t for t in sorted(tags) if SCENARIO_ID.match(t)), None)


def suite_of(tags: set[str] | frozenset[str]) -> str | None:
    return next((s for s in SUITE_NAMES if s in tags), None)


def format_of(tags: set[str] | frozenset[str]) -> str | None:
    return "xml" if "xml" in tags else "json" if "json" in tags else None


def shared_group_of(tags: set[str] | frozenset[str]) -> str | None:
    return next((t[len(SHARES_PREFIX):] for t in sorted(tags) if t.startswith(SHARES_PREFIX)), None)


@dataclass(frozen=True)
class ScenarioSpec:
    id: str
    suite: str
    title: str
    tags: frozenset[str]
    feature: str = ""  # its feature file under features/, dotted: "edfi.authentication" (JUnit's class)

    @property
    def required(self) -> bool:
        return "required" in self.tags

    @property
    def format(self) -> str | None:
        return format_of(self.tags)

    @property
    def severity(self) -> str:
        return next((s for s in SEVERITIES if s in self.tags), "normal")


def _feature_specs(path: Path, feature: str = "") -> list[ScenarioSpec]:
    specs: list[ScenarioSpec] = []
    feature_tags: set[str] = set()
    pending: set[str] = set()
    in_feature = False
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("@"):
            pending |= {t.lstrip("@") for t in text.split() if t.startswith("@")}
        elif text.startswith("Feature:"):
            feature_tags, pending, in_feature = pending, set(), True
        elif text.startswith(("Scenario:", "Scenario Outline:")) and in_feature:
            tags = frozenset(feature_tags | pending)
            sid = scenario_id_of(tags)
            if sid:
                specs.append(ScenarioSpec(sid, suite_of(tags) or "", text.split(":", 1)[1].strip(), tags, feature))
            pending = set()
        elif text and not text.startswith("#"):
            pending = set() if not text.startswith(("Rule:", "Examples:")) else pending
    return specs


@cache
def catalogue(features_root: Path, folders: tuple[str, ...]) -> dict[str, ScenarioSpec]:
    """Every scenario under features_root/<folder> for the given folders, by identifier, in file order."""
    found: dict[str, ScenarioSpec] = {}
    for folder in folders:
        for path in sorted((features_root / folder).rglob("*.feature")):
            for spec in _feature_specs(path, ".".join(path.relative_to(features_root).with_suffix("").parts)):
                if spec.id in found:
                    raise RuntimeError(f"scenario {spec.id} is defined twice ({path})")
                found[spec.id] = spec
    return found


def all_tags(specs: dict[str, ScenarioSpec]) -> set[str]:
    return {tag for spec in specs.values() for tag in spec.tags}
