"""The edcert command. Each subcommand lives in its own module of this package and exposes
``add_parser(commands)`` and ``execute(args, extra) -> exit code``.

Exit codes: 0 certified, 1 not certified, 2 invalid invocation or profile, 3 the run could
not complete (target unreachable, interrupted). User mistakes end in one line on stderr,
never a traceback.
"""

from __future__ import annotations

import sys
from types import ModuleType

from .. import __version__
from ..errors import EdcertError, UsageError
from ..seal.invocation import INVOCATION
from . import keygen, listen, readback, report, run, serve, summary, verify
from .common import EXIT_INCOMPLETE, EXIT_NOT_CERTIFIED, EXIT_OK, EXIT_USAGE, Parser

__all__ = ["main", "EXIT_OK", "EXIT_NOT_CERTIFIED", "EXIT_USAGE", "EXIT_INCOMPLETE"]

#: The subcommands, in the order `edcert --help` lists them.
COMMANDS: dict[str, ModuleType] = {"run": run, "listen": listen, "readback": readback, "serve": serve,
                                   "report": report, "summary": summary, "verify": verify, "keygen": keygen}
#: Subcommands that pass unknown arguments on to pytest.
PASS_THROUGH = {"run"}


def _parser() -> Parser:
    parser = Parser(prog="edcert", description="Conformance test harness for Ed-Fi v3 StudentCohortAssociation "
                    "and LinkIt! program assignment APIs.")
    parser.add_argument("--version", action="version", version=f"edcert {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for module in COMMANDS.values():
        module.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    INVOCATION.command = ["edcert", *argv]
    try:
        args, extra = _parser().parse_known_args(argv)
        if args.command not in PASS_THROUGH and extra:
            raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see edcert {args.command} --help)")
        return COMMANDS[args.command].execute(args, extra)
    except EdcertError as exc:
        print(f"edcert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("edcert: interrupted", file=sys.stderr)
        return EXIT_INCOMPLETE
    except BrokenPipeError:  # the reader of our output went away (edcert ... | head)
        sys.stderr.close()
        return EXIT_INCOMPLETE


if __name__ == "__main__":
    sys.exit(main())
