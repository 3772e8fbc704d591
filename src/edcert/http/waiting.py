"""Say so while a run waits for an answer: which scenario, which exchange, for how long.

A target that answers slowly, or not at all, leaves a terminal or a CI log silent for up to --timeout
seconds an exchange. ``WaitReporter`` writes one line every EVERY_SECONDS while an exchange is pending,
from a thread of its own, to a file descriptor kept from before pytest captured the output (a line
written from inside a test would be captured with it).
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from dataclasses import dataclass

EVERY_SECONDS = 10.0


@dataclass
class _Pending:
    label: str
    line: str
    timeout: float
    started: float
    next_report: float


class WaitReporter:
    def __init__(self, fd: int, every: float = EVERY_SECONDS) -> None:
        self.fd, self.every = fd, every
        self._pending: dict[int, _Pending] = {}
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def begin(self, label: str, line: str, timeout: float) -> int:
        now = time.monotonic()
        with self._lock:
            token = next(self._numbers)
            self._pending[token] = _Pending(label, line, timeout, now, now + self.every)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="edcert-waiting", daemon=True)
                self._thread.start()
        return token

    def close(self) -> None:
        with self._lock:
            self._pending.clear()
            fd, self.fd = self.fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass

    def end(self, token: int) -> None:
        with self._lock:
            self._pending.pop(token, None)

    def _watch(self) -> None:
        while True:
            time.sleep(min(1.0, self.every))
            now = time.monotonic()
            with self._lock:
                due = [p for p in self._pending.values() if now >= p.next_report]
                for pending in due:
                    pending.next_report += self.every
            for pending in due:
                waited = now - pending.started
                shown = f"{waited:.0f}" if self.every >= 1 else f"{waited:.1f}"
                self._write(f"edcert: {pending.label}: waiting {shown} s for the answer to {pending.line} "
                            f"(--timeout {pending.timeout:g} s)\n")

    def _write(self, text: str) -> None:
        if self.fd < 0:
            return
        try:
            os.write(self.fd, text.encode("utf-8", errors="replace"))
        except OSError:
            pass


def reporter_on_stderr() -> WaitReporter | None:
    """A reporter writing to this process's standard error as it is now (before any capture begins), every
    EVERY_SECONDS (or, lowered for tests, EDCERT_WAIT_REPORT_SECONDS)."""
    try:
        every = float(os.environ.get("EDCERT_WAIT_REPORT_SECONDS", EVERY_SECONDS))
    except ValueError:
        every = EVERY_SECONDS
    try:
        return WaitReporter(os.dup(2), every if 0 < every <= EVERY_SECONDS else EVERY_SECONDS)
    except OSError:
        return None
