"""Every HTTP exchange, as evidence: numbered within its scenario, kept as a masked HAR entry for
evidence.har and the HTML report, and attached as readable text to the Allure step that made it."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import allure

from ..http.transport import Exchange
from ..masking import mask
from .har import entry
from .results import current


def attach_exchange(exchange: Exchange) -> None:
    scenario = current.scenario
    if scenario is not None:
        scenario.exchanges += 1
        exchange.id = f"{scenario.id}#{scenario.exchanges}"
        started = time.time() - exchange.elapsed
        scenario.entries.append(entry(exchange, scenario.id, current.step or "", started))
    path = urlsplit(exchange.url).path or "/"
    name = mask(f"{exchange.id + ' ' if exchange.id else ''}{exchange.method} {path} -> "
                f"{exchange.status_line or 'no answer'}")
    allure.attach(exchange.evidence(), name=name, attachment_type=allure.attachment_type.TEXT)
