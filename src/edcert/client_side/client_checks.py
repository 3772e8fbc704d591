"""Checks of a client's requests: the harness's checks (edcert.record.checks), with the request as evidence.

A failure shows the request that broke the requirement (number, line, headers and body, masked),
then, as every check does, the API's answer to it. Each recorded exchange a scenario rests on is
attached once to the scenario in Allure and named in its checks as ``<scenario>#<request number>``,
the number the session's traffic log (client-traffic.json) gives it.
"""

from __future__ import annotations

import time
from typing import Any

import allure

from ..errors import CheckFailed, TargetUnreachable
from ..http.transport import Exchange
from ..masking import mask
from ..record import checks
from ..record.har import entry
from ..record.results import current
from ..record.schemas import schema_errors
from .traffic import RecordedExchange

_ATTACHED: set[tuple[int, str, int]] = set()


def evidence(record: RecordedExchange) -> Exchange:
    """The recorded exchange as the harness's Exchange, attached to the running scenario the first time."""
    scenario = current.scenario
    sid = scenario.id if scenario else "client"
    exchange = record.as_exchange(f"{sid}#{record.number}")
    key = (id(scenario), sid, record.number)
    if scenario is not None and key not in _ATTACHED:
        _ATTACHED.add(key)
        scenario.exchanges += 1
        scenario.entries.append(entry(exchange, sid, current.step or "", record.received_at))
        name = mask(f"{exchange.id} {record.method} {record.raw_path} -> {record.status or 'no answer'}")
        allure.attach(exchange.evidence() + (f"\n\n(edcert listen: {record.note})" if record.note else ""),
                      name=name, attachment_type=allure.attachment_type.TEXT)
    return exchange


def attached(exchange: Exchange, suffix: str) -> Exchange:
    """An exchange edcert made itself (its read of the stored data), attached to the running scenario once."""
    scenario = current.scenario
    sid = scenario.id if scenario else "client"
    exchange.id = f"{sid}#{suffix}"
    key = (id(scenario), sid, -1)
    if scenario is not None and key not in _ATTACHED:
        _ATTACHED.add(key)
        scenario.exchanges += 1
        scenario.entries.append(entry(exchange, sid, current.step or "", time.time() - exchange.elapsed))
        allure.attach(exchange.evidence(), name=mask(f"{exchange.id} {exchange.request_line()} -> {exchange.status}"),
                      attachment_type=allure.attachment_type.TEXT)
    return exchange


def some_traffic(found: bool, what: str, anything_arrived: bool, other_suite: str, other_what: str) -> None:
    """The session holds the client's requests of this API; if not, the scenario cannot be decided (error),
    with a hint when the client used only the other API."""
    if found:
        return
    hint = ("no request at all arrived" if not anything_arrived else
            f"only other requests arrived; to certify the client's {other_what} alone, run edcert listen "
            f"--suite {other_suite}")
    raise TargetUnreachable(f"no {what} from the client reached edcert listen during the session ({hint})")


def within_bounds(requirement: str, over_bounds: str, records: list[RecordedExchange]) -> None:
    """The client sent nothing beyond the session's bounds; if it did, the counts are the evidence, with the
    last request kept (the requests past the bounds were answered, counted and summarised in
    client-traffic.json, never recorded)."""
    if over_bounds:
        raise fail(requirement, "a client within the bounds of the listen session",
                   f"{over_bounds} (client-traffic.json has the counts, under not_kept and session.connections); "
                   "the last request kept", records[-1] if records else None)
    passed(requirement, f"{len(records)} request(s), all within the session's bounds")


def every_body_readable(requirement: str, expected: str, problems: list[tuple[RecordedExchange, str]],
                        read: int) -> None:
    """Every body the client sent can be read; the first that cannot is the evidence, with how many more."""
    if problems:
        record, problem = problems[0]
        more = f" (and {len(problems) - 1} more request(s) like it)" if len(problems) > 1 else ""
        raise fail(requirement, expected, problem + more, record)
    passed(requirement, f"{read} body(ies), each readable")


def fail(requirement: str, expected: str, received: str, record: RecordedExchange | None) -> CheckFailed:
    """A failure of the client, showing the request it rests on."""
    if record is None:
        return checks.fail(requirement, expected, received)
    return checks.fail(requirement, expected, f"{received}, in {record.describe()}", evidence(record))


def passed(requirement: str, observed: str, record: RecordedExchange | None = None) -> None:
    checks.passed(requirement, observed, evidence(record) if record else None)


def warn(requirement: str, message: str, record: RecordedExchange | None = None) -> None:
    checks.warn(requirement, f"{message}, in request #{record.number}" if record else message,
                evidence(record) if record else None)


def holds(condition: bool, requirement: str, expected: str, received: str, record: RecordedExchange | None) -> None:
    if not condition:
        raise fail(requirement, expected, received, record)
    passed(requirement, expected, record)


def valid_against(instance: Any, schema: str, requirement: str, record: RecordedExchange) -> None:
    """The request body is valid against one of the suite's JSON Schemas."""
    errors = schema_errors(schema, instance)
    if errors:
        raise fail(requirement, f"a body valid against schemas/{schema}",
                   f"{len(errors)} violation(s): " + "; ".join(errors[:5]), record)
    passed(requirement, f"valid against schemas/{schema}", record)
