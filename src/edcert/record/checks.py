"""The checks: small functions, each named for what it ensures, each naming the requirement it proves.

A passing check is recorded; a failing one is recorded and raises ``CheckFailed`` whose
message says where (scenario and step), which requirement, what was expected and what
came back. A warning is recorded and never fails the scenario.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

import allure

from ..errors import CheckFailed
from ..http import safe_json
from ..http.transport import Exchange
from ..masking import mask
from ..requirements import REQUIREMENTS
from .results import FAILED, PASSED, WARNING, CheckResult, current, where
from .schemas import schema_errors


def _label(requirement_id: str) -> str:
    req = REQUIREMENTS[requirement_id]
    return f"{req.id} ({req.text}; {req.source})"


class _ShownAsFailed(AssertionError):
    """Raised inside an Allure sub-step only to mark that step failed; never leaves this module."""


def _record(requirement_id: str, status: str, message: str, exchange: Exchange | None = None,
            detail: str = "") -> str:
    """Record the check (with the exchange it rests on), show it as an Allure sub-step, and return its
    message, masked."""
    if requirement_id not in REQUIREMENTS:
        raise KeyError(f"unknown requirement {requirement_id}")
    message = mask(message)
    if current.scenario is not None:
        evidence = [exchange.id] if exchange is not None and exchange.id else []
        current.scenario.add(CheckResult(requirement_id, status, message, evidence, current.step or "",
                                         mask(detail)))
    # Each check is a sub-step of its Gherkin step in Allure, so a reader sees which requirement held.
    title = f"{'WARNING ' if status == WARNING else ''}{requirement_id}: {mask(detail or message)[:200]}"
    with contextlib.suppress(_ShownAsFailed), allure.step(title):
        if status == FAILED:
            raise _ShownAsFailed(message)
    return message


def passed(requirement_id: str, observed: str, exchange: Exchange | None = None) -> None:
    _record(requirement_id, PASSED, observed, exchange)


def warn(requirement_id: str, message: str, exchange: Exchange | None = None) -> None:
    """Record advice: the target departs from a form the documents show, but breaks no requirement."""
    _record(requirement_id, WARNING, f"{where()} {requirement_id}: {message}", exchange, message)


def fail(requirement_id: str, expected: str, received: str, exchange: Exchange | None = None) -> CheckFailed:
    """Record a failure and return the exception to raise."""
    message = f"{where()} {_label(requirement_id)}: expected {expected}, got {received}"
    if exchange is not None:
        message += (f". Request: {exchange.request_line()}, answered HTTP {exchange.status_line or '(no answer)'}. "
                    f"Response body (first 500 chars): {exchange.excerpt()}")
    error = CheckFailed(_record(requirement_id, FAILED, message, exchange, f"expected {expected}, got {received}"))
    error.recorded = True  # type: ignore[attr-defined]
    return error


def statuses_in_words(expected: Iterable[int]) -> str:
    names = []
    for code in sorted(expected):
        try:
            names.append(f"{code} {HTTPStatus(code).phrase}")
        except ValueError:
            names.append(str(code))
    return " or ".join(names)


def status_is(exchange: Exchange, expected: Iterable[int], requirement_id: str) -> None:
    """The answer's HTTP status is one of those the requirement allows."""
    allowed = set(expected)
    if exchange.status not in allowed:
        raise fail(requirement_id, f"HTTP {statuses_in_words(allowed)}", f"HTTP {exchange.status_line}", exchange)
    passed(requirement_id, f"HTTP {exchange.status_line} from {exchange.request_line()}", exchange)


def header_present(exchange: Exchange, name: str, requirement_id: str) -> str:
    """The answer carries the named header, not empty."""
    value = exchange.header(name)
    if not value or not value.strip():
        raise fail(requirement_id, f"a {name} header", f"HTTP {exchange.status_line} without it "
                   f"(headers: {', '.join(exchange.response_headers) or 'none'})", exchange)
    passed(requirement_id, f"{name}: {value}", exchange)
    return value.strip()


def json_body(exchange: Exchange, requirement_id: str) -> Any:
    """The answer's body is JSON, nested no deeper than edcert reads (safe_json.MAX_DEPTH)."""
    try:
        return safe_json.loads(exchange.body)
    except safe_json.JsonTooDeep as exc:
        raise fail(requirement_id, f"a JSON body nested at most {safe_json.MAX_DEPTH} levels deep",
                   f"HTTP {exchange.status_line} with {exc}", exchange) from None
    except ValueError:
        raise fail(requirement_id, "a JSON body",
                   f"HTTP {exchange.status_line} with Content-Type {exchange.content_type or 'none'} that does "
                   "not parse as JSON", exchange) from None


def matches_schema(instance: Any, schema: str, requirement_id: str, exchange: Exchange | None = None) -> None:
    """The instance is valid against one of the suite's JSON Schemas."""
    errors = schema_errors(schema, instance)
    if errors:
        raise fail(requirement_id, f"a body valid against schemas/{schema}",
                   f"{len(errors)} violation(s): " + "; ".join(errors[:5]), exchange)
    passed(requirement_id, f"valid against schemas/{schema}", exchange)


def equals(actual: Any, expected: Any, what: str, requirement_id: str, exchange: Exchange | None = None) -> None:
    """A value the target returned is the one expected."""
    if actual != expected:
        raise fail(requirement_id, f"{what} = {json.dumps(expected)}", f"{json.dumps(actual)}", exchange)
    passed(requirement_id, f"{what} = {json.dumps(actual)}", exchange)


def is_true(condition: bool, requirement_id: str, expected: str, received: str,
            exchange: Exchange | None = None) -> None:
    """A condition the caller states in words holds."""
    if not condition:
        raise fail(requirement_id, expected, received, exchange)
    passed(requirement_id, expected, exchange)
