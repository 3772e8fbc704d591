"""Reads by id after a write: an API that serves reads from a replica or a cache shows a write a moment after
answering it, so a read that does not show it yet is asked again for a while, and only the last answer is judged.
A run's verdict then does not hang on its timing (a parallel run and a sequential one read alike)."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..http import safe_json
from ..http.transport import Exchange
from .client import EdfiClient

#: How long a read by id may take to show a write just made. An API that serves reads from a replica or a cache
#: shows a new record, a change or a deletion a moment after answering the write; a read that does not show it
#: yet is asked again, and only the last answer is judged, so a run's verdict does not hang on its timing.
READ_AFTER_WRITE_WAIT = 3.0


def read_settled(client: EdfiClient, url: str, settled: Callable[[Exchange], bool],
                 wait: float = READ_AFTER_WRITE_WAIT) -> Exchange:
    """GET by id, asked again for up to `wait` seconds while the answer (200 or 404) does not yet show the write
    the scenario just made; any other answer, and the last one, is returned to be judged."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        exchange = client.get(url)
        if settled(exchange) or exchange.status not in (200, 404) or time.monotonic() + pause > deadline:
            return exchange
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def showing(wanted: Callable[[dict], bool]) -> Callable[[Exchange], bool]:
    """Settled when the record read back shows what is wanted (or cannot be read as a record: judged at once)."""
    def settled(exchange: Exchange) -> bool:
        if exchange.status != 200:
            return False
        try:
            record = safe_json.loads(exchange.body)
        except ValueError:
            return True
        return not isinstance(record, dict) or wanted(record)
    return settled
