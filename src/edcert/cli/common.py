"""What every edcert command shares: exit codes, the argument parser, and option types."""

from __future__ import annotations

import argparse
import contextlib
import math
import signal
import threading
from collections.abc import Iterator

from ..errors import UsageError

EXIT_OK, EXIT_NOT_CERTIFIED, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
MAX_TIMEOUT_SECONDS = 3600.0


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes become one line (UsageError), never a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = " ".join(self.prog.split()[1:])
        hint = f"edcert {command} --help" if command else "edcert --help"
        raise UsageError(f"{message} (see {hint})")


def seconds(text: str) -> float:
    """A finite, positive number of seconds, at most an hour."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number of seconds above 0")
    if value > MAX_TIMEOUT_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r} is more than {MAX_TIMEOUT_SECONDS:g} seconds")
    return value


@contextlib.contextmanager
def stopped_like_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP (what CI runners, `timeout` and a closing terminal send) end a run, a readback or
    the judging of a listen session as Ctrl-C does: the scenario in progress stops, the reports are written,
    the verdict is incomplete. Only the
    first one interrupts; later ones are ignored, so they cannot cut the writing of the reports short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def interrupt(signum: int, frame: object) -> None:
        received.append(signum)
        if len(received) == 1:
            raise KeyboardInterrupt(signal.Signals(signum).name)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, interrupt) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
