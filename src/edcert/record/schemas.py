"""The suite's JSON Schemas (Draft 2020-12, formats checked), each compiled once."""

from __future__ import annotations

import json
from functools import cache
from itertools import islice
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .suite import suite_path

_FORMATS = Draft202012Validator.FORMAT_CHECKER
MAX_ERRORS = 50


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(suite_path("schemas", name).read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    """The compiled validator for schemas/<name>, built once per run. The schemas themselves are
    checked against the 2020-12 metaschema by the harness's tests, not on every run."""
    return Draft202012Validator(load_schema(name), format_checker=_FORMATS)


def _path(error: Any) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(name: str, instance: Any) -> list[str]:
    """Readable violations ('$.a.b: message'), the most relevant first; empty when valid."""
    # A hostile body can hold millions of violations: the first few tell the story and cost nothing.
    errors = sorted(islice(validator(name).iter_errors(instance), MAX_ERRORS),
                    key=lambda e: (len(list(e.absolute_path)), e.message))
    if not errors:
        return []
    first = best_match(errors)
    ordered = [first] + [e for e in errors if e is not first]
    return [f"{_path(e)}: {e.message[:200]}" for e in ordered]
