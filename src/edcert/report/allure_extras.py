"""What edcert adds to the Allure results: the environment, the categories of trouble, and one clear
message per failure (pytest-bdd's adapter repeats it on the test, the failing step, the check's
sub-step and the first remaining step, and shows fixtures as object reprs)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import __version__
from ..masking import mask
from ..record.run_state import RunState

#: Categories of trouble, most specific first; Allure 2 reads categories.json, `edcert report` passes them on.
CATEGORIES = [
    {"name": "The target broke a requirement", "matchedStatuses": ["failed"]},
    {"name": "The target could not be reached", "matchedStatuses": ["broken"],
     "messageRegex": "[\\s\\S]*target unreachable[\\s\\S]*"},
    {"name": "A prerequisite is missing on the target", "matchedStatuses": ["broken"],
     "messageRegex": "[\\s\\S]*prerequisite missing[\\s\\S]*"},
    {"name": "A record belongs to another client of the target", "matchedStatuses": ["broken"],
     "messageRegex": "[\\s\\S]*record of another client[\\s\\S]*"},
    {"name": "The harness failed", "matchedStatuses": ["broken"]},
]
#: Exception class names the adapter puts in front of a message.
_EXCEPTION_PREFIX = re.compile(r"^(?:[\w.]+\.)?(?:CheckFailed|PrerequisiteMissing|RecordOfAnotherClient|TargetUnreachable|"
                               r"HarnessError|_ShownAsFailed|AssertionError): ?")
#: Step parameters that are fixtures, not values a reader chose: shown as object reprs, so hidden.
_FIXTURE_PARAMETERS = {"edfi_client", "linkit_client", "http_client", "target_profile", "edcert_run", "generated",
                       "edfi", "linkit", "request"}
_OBJECT_REPR = re.compile(r"^<[\w.]+ object at 0x[0-9a-f]+>$")


def write_allure_extras(state: RunState, directory: Path) -> None:
    from ..record.files import atomic_write

    directory.mkdir(parents=True, exist_ok=True)
    properties = {"harness.version": __version__, "seed": str(state.seed), "timeout.seconds": f"{state.timeout:g}",
                  "role": state.role}
    if state.profile is not None:
        properties["target.profile"] = state.profile.name
        if state.profile.edfi:
            properties["edfi.base_url"] = state.profile.edfi.base_url
            properties["edfi.token_url"] = state.profile.edfi.token_url
        if state.profile.linkit:
            properties["linkit.base_url"] = state.profile.linkit.base_url
    text = "".join(f"{k}={mask(v)}\n" for k, v in properties.items())
    atomic_write(directory / "environment.properties", text)
    atomic_write(directory / "categories.json", json.dumps(CATEGORIES, indent=2))


def _plain(message: str) -> str:
    return _EXCEPTION_PREFIX.sub("", message.strip())


def _tidy_steps(steps: list[dict[str, Any]], message: str) -> None:
    for step in steps:
        details = step.get("statusDetails") or {}
        shown = _plain(details.get("message", ""))
        repeated = not shown or shown == message or step.get("status") == "skipped"
        is_check = "_ShownAsFailed" in details.get("message", "")  # a check's sub-step: its title says it all
        if details and (repeated or is_check):
            step.pop("statusDetails", None)
        elif details:
            step["statusDetails"] = {"message": shown}
        step["parameters"] = [p for p in step.get("parameters", [])
                              if p.get("name") not in _FIXTURE_PARAMETERS and not _OBJECT_REPR.match(str(p.get("value")))]
        _tidy_steps(step.get("steps", []), message)


def tidy_allure_results(directory: Path) -> None:
    """One message per failure, on the test; steps keep their status; fixtures leave the parameters."""
    for path in directory.glob("*-result.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        details = result.get("statusDetails") or {}
        message = _plain(details.get("message", ""))
        if details:
            result["statusDetails"] = {**details, "message": message}
            if result.get("status") == "failed":
                result["statusDetails"].pop("trace", None)  # the target's failure: a trace of edcert's code helps no one
        result["parameters"] = [p for p in result.get("parameters", []) if p.get("name") not in _FIXTURE_PARAMETERS]
        _tidy_steps(result.get("steps", []), message)
        path.write_text(json.dumps(result), encoding="utf-8")
