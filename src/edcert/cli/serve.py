"""`edcert serve`: the built-in reference target in the foreground."""

from __future__ import annotations

import argparse

from ..errors import UsageError
from .common import EXIT_OK


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the built-in reference target in the foreground")
    serve.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="switch on a named fault (repeatable); see --list-faults")
    serve.add_argument("--db", metavar="PATH", help="keep the state in this SQLite file (default: a temporary one)")
    serve.add_argument("--list-faults", action="store_true", help="list the faults and exit")


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
        print(f"  Ed-Fi   base_url  {target.edfi_base_url}   token_url {target.token_url}")
        print(f"          client_id {creds.edfi_client_id}   client_secret {creds.edfi_client_secret}")
        print(f"  LinkIt! base_url  {target.linkit_base_url}   access_key {creds.linkit_access_key}"
              f"   secret {creds.linkit_secret}")
        print(f"  API docs {target.url}/docs    Ctrl-C stops it", flush=True)

    try:
        reference.serve_forever(args.fault, port=args.port, db=args.db, on_ready=ready)
    except RuntimeError as exc:
        raise UsageError(f"{exc}; is the port in use?") from None
    return EXIT_OK
