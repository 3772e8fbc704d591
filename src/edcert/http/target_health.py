"""Whether a target has stopped answering, so that the rest of a run does not wait for it exchange by
exchange.

A target that accepts connections and never answers would cost every remaining exchange its whole
--timeout. Once DEAD_AFTER consecutive exchanges to one origin got no answer (no status line within the
timeout, or no connection), spread over at least two scenarios, with none answered since, the origin is
taken as dead: every later exchange to it ends at once as ``TargetUnreachable`` (the scenario is an
``error``), naming the first timeouts as evidence. Any answer from the origin, even an error status,
shows it alive and clears the count, so a target that is slow only on some requests still gets each of
them judged on its own timeout.

Each process keeps its own count (pytest-xdist workers are separate processes: each notices on its own,
after DEAD_AFTER timeouts of its own).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..errors import TargetUnreachable

DEAD_AFTER = 3
#: The phrase of the error of every exchange refused because its origin is dead; the report reads the
#: earlier timeouts of such a run as part of the same outage.
STOPPED_ANSWERING = "the target stopped answering"
NO_ANSWER_PHRASES = ("no answer within", "could not connect within")

Origin = tuple[str, str, int]


@dataclass
class _Streak:
    timeouts: list[str] = field(default_factory=list)  # "SCA-S1#2 POST https://.../oauth/token" of each
    scenarios: set[str] = field(default_factory=set)


class TargetHealth:
    """Consecutive unanswered exchanges per origin; thread-safe."""

    def __init__(self, dead_after: int = DEAD_AFTER) -> None:
        self.dead_after = dead_after
        self._streaks: dict[Origin, _Streak] = {}
        self._lock = threading.Lock()

    def answered(self, origin: Origin) -> None:
        with self._lock:
            self._streaks.pop(origin, None)

    def unanswered(self, origin: Origin, scenario: str, shown: str) -> None:
        with self._lock:
            streak = self._streaks.setdefault(origin, _Streak())
            if len(streak.timeouts) < 10:
                streak.timeouts.append(shown)
            streak.scenarios.add(scenario)

    def dead(self, origin: Origin) -> bool:
        with self._lock:
            streak = self._streaks.get(origin)
            return streak is not None and len(streak.timeouts) >= self.dead_after and len(streak.scenarios) >= 2

    def refusal(self, origin: Origin, line: str, timeout: float) -> TargetUnreachable:
        """The error of an exchange not sent because its origin stopped answering."""
        with self._lock:
            streak = self._streaks.get(origin, _Streak())
            first = "; ".join(streak.timeouts[:self.dead_after])
        scheme, host, port = origin
        return TargetUnreachable(
            f"{STOPPED_ANSWERING} after {len(streak.timeouts)} consecutive exchanges to {scheme}://{host}:{port} "
            f"got no answer within {timeout:g} s (--timeout), none answered since (the first: {first}); edcert did "
            f"not send {line[:120]}; is the API running and able to answer?")


def is_no_answer(message: str) -> bool:
    """Whether a check's failure is an exchange that got no answer at all (a timeout before the status line)."""
    return any(phrase in message for phrase in NO_ANSWER_PHRASES)
