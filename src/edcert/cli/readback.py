"""`edcert readback`: certify what a vendor's SIS wrote into an Ed-Fi API by reading it back."""

from __future__ import annotations

import argparse
import random

from ..errors import UsageError
from .common import seconds, stopped_like_ctrl_c


def add_parser(commands: argparse._SubParsersAction) -> None:
    readback = commands.add_parser(
        "readback", help="certify what an SIS wrote into an Ed-Fi API by reading it back",
        description="Phase 1, after the SIS did scenarios 1 and 2 (--scenarios SCA-S1,SCA-S2, the default): find "
        "each record by its natural key, check every value, keep its id in the report dir. Phase 2, after the "
        "SIS did scenario 3 (--scenarios SCA-S3, same --report-dir): the same record, same id, now has endDate "
        "9/21 and nothing else changed.")
    readback.add_argument("--target", required=True, metavar="PROFILE.toml",
                          help="profile of the Ed-Fi API the SIS wrote to (its [edfi] section)")
    readback.add_argument("--scenarios", default="SCA-S1,SCA-S2", metavar="IDS",
                          help="SCA-S1,SCA-S2 (first phase, default) or SCA-S3 (second phase)")
    readback.add_argument("--report-dir", default="reports", metavar="DIR")
    readback.add_argument("--timeout", type=seconds, default=30.0, metavar="SECONDS",
                          help="bound of each HTTP exchange (default 30)")


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..client_side.judge import READBACK_TESTS, claim_report_dir, judge
    from ..client_side.readback_state import readback_scenarios
    from ..profile import load_profile

    try:
        chosen = readback_scenarios(args.scenarios)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    profile = load_profile(args.target)
    if profile.edfi is None:
        raise UsageError(f"--target {args.target}: readback reads an Ed-Fi API; the profile has no [edfi] section")
    phase = "second phase: scenario 3" if chosen == ("SCA-S3",) else "first phase: " + ", ".join(chosen)
    with claim_report_dir(args.report_dir) as claimed, stopped_like_ctrl_c():
        where = profile.edfi.base_url or profile.edfi.api_url
        print(f"edcert readback: reading back what the SIS wrote into {where} ({phase})", flush=True)
        return judge(READBACK_TESTS, claimed.path, random.SystemRandom().randrange(1, 2**31),
                     ["--edcert-client", "readback", "--readback-scenarios", ",".join(chosen), "--suite", "edfi",
                      "--target", args.target, "--edcert-timeout", str(args.timeout)])
