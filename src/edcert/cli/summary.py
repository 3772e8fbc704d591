"""`edcert summary DIR...`: one table (HTML and JSON) over many runs' certification.json files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import UsageError
from .common import EXIT_INCOMPLETE, EXIT_NOT_CERTIFIED, EXIT_OK


def add_parser(commands: argparse._SubParsersAction) -> None:
    summary = commands.add_parser("summary", help="one table over many runs' certification.json files",
                                  description="Summarize the report directories of many edcert runs (for example "
                                  "one per target in a CI matrix) into summary.json and summary.html. Exit 0 when "
                                  "every run is certified, 1 when any is not, else 3.")
    summary.add_argument("reports", nargs="+", metavar="DIR", help="report directories (or certification.json files)")
    summary.add_argument("--report-dir", default="reports", metavar="DIR",
                         help="where summary.json and summary.html go (default: reports)")


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..record.files import atomic_write
    from ..report.summary import render_html, summarize

    rows = summarize([Path(p) for p in args.reports])
    out = Path(args.report_dir)
    try:
        atomic_write(out / "summary.json", json.dumps({"runs": rows}, indent=2))
        atomic_write(out / "summary.html", render_html(rows))
    except OSError as exc:
        raise UsageError(f"--report-dir {args.report_dir}: cannot write there ({exc.strerror})") from None
    width = max(len(r["target"]) for r in rows)
    for r in rows:
        failed = ", ".join(r["failed_requirements"]) or "-"
        print(f"{r['target']:{width}}  {r['verdict']:13}  {failed}")
    print(f"summary: {out / 'summary.html'}")
    verdicts = {r["verdict"] for r in rows}
    if "not-certified" in verdicts:
        return EXIT_NOT_CERTIFIED
    return EXIT_OK if verdicts == {"certified"} else EXIT_INCOMPLETE
