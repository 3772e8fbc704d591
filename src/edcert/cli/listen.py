"""`edcert listen`: play the API and certify the vendor's client from the requests it sends."""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .common import EXIT_INCOMPLETE, stopped_like_ctrl_c

MAX_SESSION_SECONDS = 24 * 3600.0


def _duration(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0 or value > MAX_SESSION_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r} must be a number of seconds above 0 and at most a day")
    return value


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (YYYY)")
    return int(text)


def add_parser(commands: argparse._SubParsersAction) -> None:
    listen = commands.add_parser(
        "listen", help="play the API and certify the vendor's client from the requests it sends",
        description="Start the built-in reference target with credentials made for this session, print what to "
        "configure the client with and what it must do, record every request, and when the client is done "
        "(Ctrl-C, SIGTERM, --idle-timeout or --max-duration) judge the requests and write the reports.")
    listen.add_argument("--suite", choices=("edfi", "linkit", "all"), default="all",
                        help="which API the client uses (default: all)")
    listen.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    listen.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                        help="address to listen on (default 127.0.0.1; another one is reachable from other hosts)")
    listen.add_argument("--report-dir", default="reports", metavar="DIR")
    listen.add_argument("--idle-timeout", type=_duration, default=30.0, metavar="S",
                        help="end after S seconds without a request, once the client has started (default 30)")
    listen.add_argument("--max-duration", type=_duration, default=900.0, metavar="S",
                        help="end after S seconds in all (default 900)")
    listen.add_argument("--school-year", type=_year, metavar="YYYY",
                        help="year of the dates 9/14 and 9/21 (default: the year the current school year began)")
    listen.add_argument("--values", metavar="PROFILE.toml",
                        help="the client's system values: the value tables of a target profile")
    listen.add_argument("--config-out", metavar="FILE",
                        help="also write the client's configuration as JSON (mode 0600), outside the report dir")


def _config_out(text: str | None, report_dir: Path) -> Path | None:
    if not text:
        return None
    path = Path(text).resolve()
    if path == report_dir or report_dir in path.parents:
        raise UsageError(f"--config-out {text}: it holds the session's secrets and may not be written inside the "
                         f"report directory {report_dir}; choose a path outside it")
    if not path.parent.is_dir():
        raise UsageError(f"--config-out {text}: the directory {path.parent} does not exist")
    return path


def write_private_json(path: Path, document: dict) -> None:
    """Write the file readable by its owner alone, atomically (a reader never sees half of it)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..client_side.judge import claim_report_dir
    from ..client_side.values import SystemValues, load_values

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: use a port between 1 and 65535, or 0 for a free one")
    values = load_values(args.values) if args.values else SystemValues()
    if values.signer:
        from ..linkit.signing import load_signer

        load_signer(values.signer)
    with claim_report_dir(args.report_dir) as claimed, stopped_like_ctrl_c():
        return _listen(args, values, claimed.path)


def _listen(args: argparse.Namespace, values: Any, report_dir: Path) -> int:
    from ..client_side import instructions
    from ..client_side.judge import LISTEN_TESTS, judge
    from ..client_side.session import HANDOFF, ListenSession, ListenSettings, is_loopback, write_traffic_log
    from ..edfi.data import current_school_year

    config_out = _config_out(args.config_out, report_dir)
    year = args.school_year or current_school_year(date.today())
    settings = ListenSettings(args.suite, args.host, args.port, args.idle_timeout, args.max_duration, year, values)
    if not is_loopback(args.host):
        print(f"edcert listen: warning: listening on {args.host}, not on the loopback address: other hosts can reach "
              "this API, and its traffic is plain HTTP", file=sys.stderr)
    session = ListenSession(settings, traffic_path=report_dir / "client-traffic.json")
    try:
        session.start()
    except RuntimeError as exc:
        raise UsageError(f"{exc}; is the port in use, or the address not this host's?") from None
    try:
        config = session.configuration()
        if config_out is not None:
            write_private_json(config_out, config)
        print(f"edcert listen: the reference API is up on {session.target.url} (suite {args.suite}, school year "
              f"{year})")
        for line in instructions.configuration_lines(config, settings, str(config_out) if config_out else None):
            print(line)
        for line in instructions.instruction_lines(settings):
            print(line)
        print(instructions.waiting_line(settings), flush=True)
        ended_by = session.wait()
    except KeyboardInterrupt as signalled:  # a signal before the wait began ends the session all the same
        ended_by = str(signalled) or "Ctrl-C"
    result = session.finish(ended_by)
    kept = f"{len(result.records)} request(s) recorded"
    if result.dropped:
        kept += f", {result.dropped} more beyond the session's bounds counted, not recorded"
    print(f"edcert listen: ended by {ended_by}; {kept}. Judging the client...", flush=True)
    write_traffic_log(result, report_dir / "client-traffic.json", session.traffic_file)
    HANDOFF.result = result
    try:
        code = judge(LISTEN_TESTS, report_dir, random.SystemRandom().randrange(1, 2**31),
                     ["--edcert-client", "listen", "--suite", args.suite])
    finally:
        HANDOFF.result = None
    if not result.records and code == 0:  # never certify a session nobody talked to
        return EXIT_INCOMPLETE
    return code
