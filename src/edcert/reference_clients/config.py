"""What a reference client is told: the configuration edcert listen prints (or writes with --config-out),
and optionally the vendor's "system values" from a target profile's value tables."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    """The configuration or values file cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class EdfiConfig:
    base_url: str
    token_url: str
    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True)
class LinkitConfig:
    base_url: str
    access_key: str
    secret: str = field(repr=False)


@dataclass(frozen=True)
class ScenarioValues:
    cohort_identifier: str
    education_organization_id: int
    student_unique_id: str


@dataclass(frozen=True)
class Values:
    """The values the client writes: the documents' unless the vendor's system values replace them."""

    scenario_1: ScenarioValues = ScenarioValues("1", 255901107, "111111")
    scenario_2: ScenarioValues = ScenarioValues("2", 255901001, "222222")
    student_id: str = "151557"
    program_id: int = 19740
    held_programs: tuple[int, ...] = (1552,)


@dataclass(frozen=True)
class ClientConfig:
    edfi: EdfiConfig | None
    linkit: LinkitConfig | None
    school_year: int


def _text(section: dict, name: str, key: str) -> str:
    value = section.get(key)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{name}.{key} is missing or not a string")
    return value


def load_config(path: str | Path) -> ClientConfig:
    """Read the JSON configuration: {"edfi": {...}, "linkit": {...}, "school_year": 2026}."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the configuration {path}: {exc}") from None
    if not isinstance(document, dict):
        raise ConfigError(f"the configuration {path} is not a JSON object")
    edfi = linkit = None
    if isinstance(document.get("edfi"), dict):
        section = document["edfi"]
        edfi = EdfiConfig(*(_text(section, "edfi", k) for k in ("base_url", "token_url", "client_id", "client_secret")))
    if isinstance(document.get("linkit"), dict):
        section = document["linkit"]
        linkit = LinkitConfig(*(_text(section, "linkit", k) for k in ("base_url", "access_key", "secret")))
    year = document.get("school_year")
    if year is None:
        today = date.today()
        year = today.year if today.month >= 7 else today.year - 1
    if not isinstance(year, int) or isinstance(year, bool):
        raise ConfigError("school_year must be an integer")
    return ClientConfig(edfi, linkit, year)


def load_values(path: str | Path) -> Values:
    """The system values of a target profile: [edfi.scenarios.SCA-S1/S2] and the [linkit] student and programs."""
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the values {path}: {exc}") from None
    defaults = Values()
    scenarios = (document.get("edfi") or {}).get("scenarios") or {}

    def scenario(key: str, default: ScenarioValues) -> ScenarioValues:
        table = scenarios.get(key) or {}
        return ScenarioValues(str(table.get("cohort_identifier", default.cohort_identifier)),
                              int(table.get("education_organization_id", default.education_organization_id)),
                              str(table.get("student_unique_id", default.student_unique_id)))

    linkit = document.get("linkit") or {}
    held = linkit.get("enrolled_programs")
    return Values(scenario("SCA-S1", defaults.scenario_1), scenario("SCA-S2", defaults.scenario_2),
                  str(linkit.get("student_id", defaults.student_id)), int(linkit.get("program_id", defaults.program_id)),
                  tuple(int(p["program_id"]) for p in held) if held else defaults.held_programs)
