"""Render the Allure results as one self-contained HTML file with Allure 3 (npm package `allure`).

Optional: the verdict never depends on it. No Java and no network are needed; the
analytics script tag Allure embeds is removed so the page makes no outside request.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .allure_extras import CATEGORIES

INSTALL_HINT = "Allure HTML needs the allure npm package: npm install -g allure@3.18.0 (Node 20), then run edcert report"
_ANALYTICS = re.compile(r"<script[^>]*googletagmanager[^>]*>\s*</script>|<script>[^<]*gtag\([^<]*</script>", re.S)


def _allure_command() -> list[str] | None:
    local = Path.cwd() / "node_modules" / ".bin" / "allure"
    if local.exists():
        return [str(local)]
    found = shutil.which("allure")
    return [found] if found else None


def render_allure_html(report_dir: Path) -> str:
    """Build report_dir/allure-report/index.html; return a one-line message saying what happened."""
    results = report_dir / "allure-results"
    if not results.is_dir() or not any(results.glob("*-result.json")):
        return f"edcert: no Allure results in {results}; run edcert run first"
    command = _allure_command()
    if command is None:
        return f"edcert: {INSTALL_HINT}"
    output = report_dir / "allure-report"
    with tempfile.TemporaryDirectory(prefix="edcert-allure-") as scratch:
        # Allure 3 takes categories from its configuration file, not from categories.json in the results.
        config = Path(scratch) / "allurerc.json"
        config.write_text(json.dumps({"name": "edcert certification", "categories": CATEGORIES}), encoding="utf-8")
        try:
            completed = subprocess.run([*command, "awesome", "--single-file", "--config", str(config), str(results),
                                        "-o", str(output)], capture_output=True, text=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"edcert: allure could not run ({exc.__class__.__name__}); {INSTALL_HINT}"
    index = output / "index.html"
    if completed.returncode != 0 or not index.exists():
        return f"edcert: allure failed (exit {completed.returncode}): {completed.stderr.strip()[:300]}"
    index.write_text(_ANALYTICS.sub("", index.read_text(encoding="utf-8")), encoding="utf-8")
    return f"Allure report: {index}"
