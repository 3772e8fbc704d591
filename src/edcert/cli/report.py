"""`edcert report`: render the Allure results as one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_INCOMPLETE, EXIT_OK


def add_parser(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="render the Allure results as one self-contained HTML file")
    report.add_argument("--report-dir", default="reports", metavar="DIR")


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..report.allure_html import render_allure_html

    message = render_allure_html(Path(args.report_dir).resolve())
    print(message)
    return EXIT_OK if message.startswith("Allure report:") else EXIT_INCOMPLETE
