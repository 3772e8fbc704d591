"""`edcert verify DIR|ZIP [--public-key KEY]`: check a sealed report offline.

Exit 0 verified, 1 a finding (one line each), 2 unreadable (one line)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_NOT_CERTIFIED, EXIT_OK, EXIT_USAGE


def add_parser(commands: argparse._SubParsersAction) -> None:
    verify = commands.add_parser("verify", help="check a sealed report directory or bundle offline",
                                 description="Check a report directory (or its zip bundle) against its manifest.json: "
                                 "every hash, the signature, the published suite digest, that the verdict follows from "
                                 "the statuses and the statuses from the checks, the evidence, the required scenarios, "
                                 "and that no secret appears. Exit 0 verified, 1 a finding, 2 unreadable.")
    verify.add_argument("report", metavar="DIR|ZIP", help="the report directory edcert run wrote, or its bundle")
    verify.add_argument("--public-key", metavar="KEY", help="the signer's public key (.pub from edcert keygen): the "
                        "manifest must be signed with it")


def _about(manifest: dict, notes: list[str]) -> str:
    harness = manifest.get("harness") if isinstance(manifest.get("harness"), dict) else {}
    return (f"edcert {harness.get('version')}, verdict {manifest.get('verdict')}, {len(manifest['files'])} files, "
            f"{'; '.join(notes)}")


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..seal.keys import load_public
    from ..seal.verify import Unreadable, load, verify

    trusted = load_public(Path(args.public_key)) if args.public_key else None
    try:
        report = load(Path(args.report))
        findings, notes = verify(report, trusted)
        about = _about(report.manifest, notes)
    except Unreadable:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, OSError, RecursionError) as exc:
        # a manifest edcert never wrote, in a shape no check expects
        print(f"edcert verify: {args.report}: unreadable report ({exc.__class__.__name__}: {exc})", file=sys.stderr)
        return EXIT_USAGE
    for finding in findings:
        print(f"finding: {finding}")
    if findings:
        print(f"edcert verify: NOT VERIFIED: {len(findings)} finding(s) in {args.report} ({about})")
        return EXIT_NOT_CERTIFIED
    print(f"edcert verify: VERIFIED: {args.report} ({about})")
    return EXIT_OK
