"""`edcert serve`: the built-in reference target in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

from ..errors import UsageError
from .common import EXIT_OK

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the built-in reference target in the foreground")
    serve.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="switch on a named fault (repeatable); see --list-faults")
    serve.add_argument("--db", metavar="PATH", help="keep the state in this SQLite file (default: a temporary one)")
    serve.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    serve.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)  # stop when this process is gone


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from .. import reference

    if args.list_faults:
        width = max(len(f.name) for f in reference.FAULTS)
        for fault in reference.FAULTS:
            print(f"{fault.name:{width}}  [{fault.api}] {fault.description}")
        return EXIT_OK
    try:
        reference.check_fault_names(args.fault)
    except reference.UnknownFaultError as exc:
        raise UsageError(str(exc)) from None

    def ready(target: reference.RunningTarget) -> None:
        creds = target.state.credentials
        print(f"edcert reference target on {target.url} (faults: {', '.join(args.fault) or 'none'})")
        print(f"  Ed-Fi   api_url   {target.url}   (the discovery document; or base_url and token_url:)")
        print(f"          base_url  {target.edfi_base_url}   token_url {target.token_url}")
        print(f"          client_id {creds.edfi_client_id}   client_secret {creds.edfi_client_secret}")
        print(f"  LinkIt! base_url  {target.linkit_base_url}   access_key {creds.linkit_access_key}"
              f"   secret {creds.linkit_secret}")
        print(f"  API docs {target.url}/docs    Ctrl-C stops it", flush=True)

    _stop_on_signals()
    if args.parent_pid is not None:
        _stop_with_parent(args.parent_pid)
    try:
        reference.serve_forever(args.fault, port=args.port, db=args.db, on_ready=ready)
    except RuntimeError as exc:
        raise UsageError(f"{exc}; is the port in use?") from None
    return EXIT_OK


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop the server as Ctrl-C does, so its temporary database is removed."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def _stop_with_parent(parent: int) -> None:
    """Never outlive the process that started this server (`edcert run`), however that process ends.

    On Linux the kernel sends SIGTERM when the parent dies (PR_SET_PDEATHSIG); everywhere, a thread
    watches the parent's pid and sends the same signal once the parent is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)

    if os.getppid() != parent:  # the parent died before the watch began
        raise SystemExit(0)
    threading.Thread(target=watch, name="edcert-parent-watch", daemon=True).start()
