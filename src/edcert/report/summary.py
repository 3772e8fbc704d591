"""One table over many runs: the target, verdict, failed requirements, seed and suite digest of each
certification.json, as summary.json and summary.html (for a CI matrix that certifies many targets)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .console import VERDICT_WORDS

#: A certification.json larger than this is not one edcert wrote.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def _load(path: Path) -> dict[str, Any]:
    document = path / "certification.json" if path.is_dir() else path
    try:
        if document.stat().st_size > MAX_DOCUMENT_BYTES:
            raise UsageError(f"{document}: larger than {MAX_DOCUMENT_BYTES} bytes; not an edcert report")
        data = json.loads(document.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no certification.json there; give report directories of edcert runs") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UsageError(f"{document}: cannot be read as JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or data.get("verdict") not in VERDICT_WORDS or not isinstance(
            data.get("scenarios"), list):
        raise UsageError(f"{document}: not an edcert certification.json (no verdict and scenarios)")
    return data


def row(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    target = data.get("target") if isinstance(data.get("target"), dict) else {}
    failed = sorted({c.get("requirement", "") for s in data["scenarios"] if isinstance(s, dict)
                     for c in s.get("checks", []) if isinstance(c, dict) and c.get("status") == "failed"})
    errors = [s.get("id", "") for s in data["scenarios"] if isinstance(s, dict) and s.get("status") == "error"]
    urls = {name: target[name].get("base_url") for name in ("edfi", "linkit") if isinstance(target.get(name), dict)}
    return {"report": str(path), "target": str(target.get("source", "")), "base_urls": urls,
            "role": data.get("role", "api"), "verdict": data["verdict"],
            "certification_run": data.get("certification_run"), "covers": data.get("covers", []),
            "failed_requirements": failed, "errors": errors, "seed": data.get("seed"),
            "suite_sha256": (data.get("harness") or {}).get("suite_sha256", ""),
            "finished_at": data.get("finished_at", "")}


def summarize(paths: list[Path]) -> list[dict[str, Any]]:
    return [row(path, _load(path)) for path in paths]


def render_html(rows: list[dict[str, Any]]) -> str:
    digests = {r["suite_sha256"] for r in rows}
    head = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>edcert summary</title><style>"
            "body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:80rem;padding:0 1rem}"
            "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px "
            "solid #dde1e5;vertical-align:top}th{background:#f3f5f7}code{white-space:nowrap}.certified{color:#2f9e55}"
            ".not-certified{color:#c9302c}.incomplete{color:#b36b00}</style></head><body>"
            f"<h1>edcert summary of {len(rows)} runs</h1>")
    note = ("<p>Every run used the same suite (digest <code>" + escape(next(iter(digests))[:16]) + "...</code>).</p>"
            if len(digests) == 1 else "<p><b>The runs used different suites</b>: compare the digests.</p>")
    lines = [head, note, "<table><tr><th>Target</th><th>Role</th><th>Verdict</th><th>Failed requirements</th>"
             "<th>Errors</th><th>Seed</th><th>Suite digest</th><th>Report</th></tr>"]
    for r in rows:
        urls = "<br>".join(f"{escape(k)} <code>{escape(str(v))}</code>" for k, v in r["base_urls"].items())
        lines.append(
            f"<tr><td>{escape(r['target'])}<br>{urls}</td><td>{escape(r['role'])}</td>"
            f"<td class='{escape(r['verdict'])}'><b>{escape(VERDICT_WORDS[r['verdict']])}</b>"
            f"{'<br><b>NOT A CERTIFICATION RUN</b>' if r['certification_run'] is False else ''}</td>"
            f"<td>{' '.join(f'<code>{escape(x)}</code>' for x in r['failed_requirements']) or '-'}</td>"
            f"<td>{escape(', '.join(r['errors'])) or '-'}</td><td><code>{escape(str(r['seed']))}</code></td>"
            f"<td><code>{escape(r['suite_sha256'][:16])}</code></td><td>{escape(r['report'])}</td></tr>")
    lines.append("</table></body></html>")
    return "\n".join(lines)
