"""certification.html: one self-contained page, readable by someone who never saw pytest."""

from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:70rem;
color:#1d2329;padding:0 1rem}
h1{font-size:1.5rem}.verdict{padding:1rem 1.25rem;border-radius:.5rem;font-size:1.3rem;font-weight:600}
.certified{background:#e3f6e8;border:2px solid #2f9e55}.not-certified{background:#fde8e8;border:2px solid #c9302c}
.incomplete{background:#fff4dc;border:2px solid #d99a00}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.35rem .5rem;
border-bottom:1px solid #dde1e5;vertical-align:top}th{background:#f3f5f7}
.s-passed{color:#2f9e55;font-weight:600}.s-failed{color:#c9302c;font-weight:600}.s-error{color:#b36b00;
font-weight:600}.s-warning{color:#b36b00}.s-skipped{color:#6c757d}
details{margin:.25rem 0 1rem}summary{cursor:pointer;font-weight:600}code,.msg{font-family:ui-monospace,
Consolas,monospace;font-size:.85rem;white-space:pre-wrap;word-break:break-word}.meta td:first-child{width:14rem;color:#555}
"""

_WORDS = {
    "certified": "CERTIFIED: every required behaviour passed.",
    "not-certified": "NOT CERTIFIED: the API broke at least one required behaviour.",
    "incomplete": "INCOMPLETE: the run could not decide every required behaviour.",
}


def _row(cells: list[str]) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _status(status: str) -> str:
    return f'<span class="s-{escape(status)}">{escape(status)}</span>'


def render_html(doc: dict) -> str:
    requirements = doc.get("requirements", {})
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>edcert certification report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>edcert certification report</h1>",
        f"<div class='verdict {escape(doc['verdict'])}'>{escape(_WORDS.get(doc['verdict'], doc['verdict']))}"
        f"<div style='font-size:1rem;font-weight:400'>{escape(doc.get('verdict_reason', ''))}</div></div>",
        "<h2>What was tested</h2><table class='meta'>",
        _row(["Verdict covers", escape(", ".join(doc.get("covers", [])) or "nothing")]),
    ]
    for suite, note in doc.get("suites", {}).items():
        parts.append(_row([f"Suite {escape(suite)}", escape(note)]))
    target = doc.get("target", {})
    parts.append(_row(["Target profile", escape(str(target.get("source", "")))]))
    for section in ("edfi", "linkit"):
        if isinstance(target.get(section), dict):
            parts.append(_row([f"{section} base URL", f"<code>{escape(str(target[section].get('base_url')))}</code>"]))
    harness = doc.get("harness", {})
    seed = escape(str(doc.get("seed")))
    parts += [
        _row(["Harness", escape(f"edcert {harness.get('version', '')}")]),
        _row(["Suite digest (sha256)", f"<code>{escape(harness.get('suite_sha256', ''))}</code>"]),
        _row(["Seed", f"<code>{seed}</code> (repeat the run with --seed {seed})"]),
        _row(["Started / finished", escape(f"{doc.get('started_at')} / {doc.get('finished_at')}")]),
        "</table>",
        "<h2>Scenarios</h2><table><tr><th>Scenario</th><th>Status</th><th>Required</th><th>First failure or note</th></tr>",
    ]
    for scenario in doc.get("scenarios", []):
        first = next((c["message"] for c in scenario["checks"] if c["status"] == "failed"), scenario.get("message", ""))
        title = scenario["title"].removeprefix(scenario["id"]).strip()
        parts.append(_row([f"<b>{escape(scenario['id'])}</b><br>{escape(title)}", _status(scenario["status"]),
                           "yes" if scenario["required"] else "no", f"<span class='msg'>{escape(first)}</span>"]))
    parts.append("</table><h2>Checks by scenario</h2>")
    for scenario in doc.get("scenarios", []):
        checks = scenario["checks"]
        open_attr = " open" if scenario["status"] in ("failed", "error") else ""
        parts.append(f"<details{open_attr}><summary>{escape(scenario['id'])}: {escape(scenario['title'])} "
                     f"({_status(scenario['status'])}, {len(checks)} checks)</summary>")
        if scenario.get("message"):
            parts.append(f"<p class='msg'>{escape(scenario['message'])}</p>")
        parts.append("<table><tr><th>Requirement</th><th>Status</th><th>What it requires</th><th>Observed</th></tr>")
        for check in checks:
            req = requirements.get(check["requirement"], {})
            parts.append(_row([f"<code>{escape(check['requirement'])}</code>", _status(check["status"]),
                               f"{escape(req.get('text', ''))}<br><small>{escape(req.get('source', ''))}</small>",
                               f"<span class='msg'>{escape(check['message'])}</span>"]))
        parts.append("</table></details>")
    parts.append("</body></html>")
    return "\n".join(parts)
