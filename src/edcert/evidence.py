"""Attach every HTTP exchange, as readable text with secrets masked, to the step that made it."""

from __future__ import annotations

from urllib.parse import urlsplit

import allure

from .masking import mask
from .results import current
from .transport import Exchange


def attach_exchange(exchange: Exchange) -> None:
    if current.scenario is not None:
        current.scenario.exchanges += 1
        exchange.id = f"{current.scenario.id}#{current.scenario.exchanges}"
    path = urlsplit(exchange.url).path or "/"
    name = mask(f"{exchange.method} {path} -> {exchange.status_line or 'no answer'}")
    allure.attach(exchange.evidence(), name=name, attachment_type=allure.attachment_type.TEXT)
