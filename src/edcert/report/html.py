"""certification.html: one self-contained, printable page for someone who never saw pytest.

The verdict first; then what to fix, each failed requirement with the scenario, the step,
expected vs received, why it is required (the source, quoted) and the HTTP exchanges that show
it; then one line per scenario, linking to its checks, passing checks folded.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..record.results import ScenarioResult
from . import exchange_view, seal_html
from .console import VERDICT_WORDS

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem auto;max-width:78rem;
color:#1d2329;padding:0 1rem;line-height:1.4}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #dde1e5}
h3{font-size:1rem;margin:.2rem 0}h5{margin:.2rem 0;font-size:.8rem;color:#555}
.verdict{padding:.8rem 1rem;border-radius:.4rem;font-size:1.25rem;font-weight:600}
.verdict small{display:block;font-size:.95rem;font-weight:400;margin-top:.2rem}
.certified{background:#e3f6e8;border:2px solid #2f9e55}.not-certified{background:#fde8e8;border:2px solid #c9302c}
.incomplete{background:#fff4dc;border:2px solid #d99a00}
.meta{font-size:.85rem;color:#444;margin:.5rem 0}.meta code{font-size:.8rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{text-align:left;padding:.3rem .45rem;
border-bottom:1px solid #dde1e5;vertical-align:top}th{background:#f3f5f7;font-size:.85rem}
td.id,code.id,.req{white-space:nowrap}td.id{font-weight:600}
.s-passed{color:#2f9e55;font-weight:600}.s-failed{color:#c9302c;font-weight:600}.s-error{color:#b36b00;
font-weight:600}.s-warning{color:#b36b00;font-weight:600}.s-skipped{color:#6c757d}
.fix{border:1px solid #e5b3b3;border-left:6px solid #c9302c;border-radius:.3rem;padding:.6rem .8rem;margin:.8rem 0;
page-break-inside:avoid}.fix.error{border-color:#ecd29a;border-left-color:#d99a00}
.expected{font-family:ui-monospace,Consolas,monospace;font-size:.85rem;background:#fff6f6;padding:.3rem .5rem;
white-space:pre-wrap;word-break:break-word}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #ccd;color:#333;font-size:.9rem}
pre{font-family:ui-monospace,Consolas,monospace;font-size:.78rem;white-space:pre-wrap;word-break:break-word;
background:#f6f8fa;padding:.4rem .5rem;margin:.2rem 0;max-height:28rem;overflow:auto}
.exchange{margin:.5rem 0}.xhead{font-size:.8rem;color:#555}.xcols{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
@media (max-width:60rem){.xcols{grid-template-columns:1fr}}
details{margin:.2rem 0}summary{cursor:pointer}.msg{font-family:ui-monospace,Consolas,monospace;font-size:.8rem;
white-space:pre-wrap;word-break:break-word}.note{font-size:.8rem;color:#555}
@media print{body{max-width:none;margin:0}pre{max-height:none;overflow:visible}a{color:inherit}}
"""
#: Printing a report prints everything in it, folded parts included.
_PRINT_OPENS_DETAILS = ("<script>window.addEventListener('beforeprint',()=>document.querySelectorAll('details')"
                        ".forEach(d=>d.open=true));</script>")
_WORDS = {
    "certified": "every required behaviour passed.",
    "not-certified": "the implementation broke at least one required behaviour.",
    "incomplete": "the run could not decide every required behaviour.",
}


def _status(status: str) -> str:
    return f'<span class="s-{escape(status)}">{escape(status)}</span>'


def _why(req_id: str, requirements: dict[str, Any]) -> str:
    """The requirement's source, quoted, on demand."""
    req = requirements.get(req_id)
    if not req:
        return ""
    return (f"<details><summary>Why this is required: {escape(req.get('source', ''))}</summary>"
            f"<blockquote>{escape(req.get('quote', ''))}</blockquote></details>")


def _requirement(req_id: str, requirements: dict[str, Any], quote: bool = True) -> str:
    req = requirements.get(req_id, {})
    text = f"<code class='req'>{escape(req_id)}</code> {escape(req.get('text', ''))}"
    return text + (_why(req_id, requirements) if quote else "")


def _short_title(scenario: dict[str, Any]) -> str:
    return scenario["title"].removeprefix(scenario["id"]).strip()


def _header(doc: dict[str, Any]) -> list[str]:
    verdict = doc["verdict"]
    target = doc.get("target", {})
    urls = [f"{name} <code>{escape(str(target[name].get('base_url') or target[name].get('api_url')))}</code>"
            for name in ("edfi", "linkit") if isinstance(target.get(name), dict)]
    harness = doc.get("harness", {})
    seed = escape(str(doc.get("seed")))
    side = "the vendor's client" if doc.get("role") == "client" else "the vendor's API"
    return [
        "<h1>edcert certification report</h1>",
        f"<div class='verdict {escape(verdict)}'>{escape(VERDICT_WORDS.get(verdict, verdict))}: "
        f"{escape(_WORDS.get(verdict, ''))}<small>{escape(doc.get('verdict_reason', ''))}</small></div>",
        f"<p class='meta'>Certifies {side} ({escape(doc.get('role', 'api'))}); suites covered: "
        f"{escape(', '.join(doc.get('covers', [])) or 'none')}. Target: {escape(str(target.get('source', '')))} "
        f"{' '.join(urls)}<br>edcert {escape(harness.get('version', ''))}, suite digest "
        f"<code>{escape(harness.get('suite_sha256', '')[:16])}...</code>; seed <code>{seed}</code> (repeat with "
        f"<code>--seed {seed}</code>); {escape(str(doc.get('started_at')))} to {escape(str(doc.get('finished_at')))}; "
        "all HTTP exchanges in <code>evidence.har</code>.</p>",
        *_data_standard(doc),
    ]


def _data_standard(doc: dict[str, Any]) -> list[str]:
    judged = doc.get("data_standard")
    if not isinstance(judged, dict):
        return []
    version = judged.get("version") or "every version"
    declared = judged.get("declared")
    said = f"; the API declares {escape(str(declared))}" if declared and judged.get("why") != "declared" else ""
    found = doc.get("edfi_discovery")
    urls = ""
    if isinstance(found, dict):
        urls = (f"<br>From the discovery document at <code>{escape(str(found.get('api_url')))}</code>: "
                + (", ".join(f"{escape(name)} <code>{escape(str(found.get(name)))}</code>"
                             for name in found.get("from_discovery", [])) or "nothing used") + ".")
    return [f"<p class='meta'>Ed-Fi Data Standard judged: <b>{escape(str(version))}</b> (rules of "
            f"{escape(str(judged.get('rules')))}: {escape(str(judged.get('explained')))}{said}).{urls}</p>"]


def _fixes(doc: dict[str, Any], entries: dict[str, dict[str, Any]]) -> list[str]:
    requirements = doc.get("requirements", {})
    failed: dict[str, list[tuple[dict, dict]]] = {}
    errors = []
    for scenario in doc.get("scenarios", []):
        failures = [c for c in scenario["checks"] if c["status"] == "failed"]
        seen: set[str] = set()
        for check in failures:  # each requirement a scenario broke, at the first check that shows it
            if check["requirement"] not in seen:
                seen.add(check["requirement"])
                failed.setdefault(check["requirement"], []).append((scenario, check))
        if not failures and scenario["status"] == "error":
            errors.append(scenario)
    if not failed and not errors:
        return []
    parts = ["<h2 id='what-to-fix'>What to fix</h2>"]
    for req_id, hits in failed.items():
        scenario, check = hits[0]
        shown = [entries[e] for e in check.get("evidence", []) if e in entries]
        others = ", ".join(f"<a href='#{escape(s['id'])}'>{escape(s['id'])}</a>" for s, _ in hits[1:])
        parts += [
            f"<section class='fix' id='fix-{escape(req_id)}'>",
            f"<h3>{_requirement(req_id, requirements, quote=False)}</h3>",
            f"<p>In <a href='#{escape(scenario['id'])}'><b>{escape(scenario['id'])}</b></a> "
            f"{escape(_short_title(scenario))}, at step <i>{escape(check.get('step', ''))}</i>"
            f"{f'; also in {others}' if others else ''}.</p>",
            f"<div class='expected'>{escape(check.get('detail') or check['message'])}</div>",
            _why(req_id, requirements),
            *(exchange_view.render(e) for e in shown),
            "</section>",
        ]
    for scenario in errors:
        last = [e for e in entries.values() if e["_edcert"]["scenario"] == scenario["id"]][-1:]
        parts += [f"<section class='fix error'><h3><a href='#{escape(scenario['id'])}'>{escape(scenario['id'])}"
                  f"</a> could not be decided ({_status('error')})</h3>",
                  f"<div class='expected'>{escape(scenario.get('message', ''))}</div>",
                  *(exchange_view.render(e) for e in last), "</section>"]
    return parts


def _clip(text: str, limit: int) -> str:
    """A note cut at a word, never inside one or inside an escaped character, and marked as cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + " \u2026 (in full below)"


def _table(doc: dict[str, Any]) -> list[str]:
    rows = ["<h2 id='scenarios'>Scenarios</h2><table><tr><th>Scenario</th><th>Title</th><th>Status</th>"
            "<th>Required</th><th>Note</th></tr>"]
    for scenario in doc.get("scenarios", []):
        first = next((c for c in scenario["checks"] if c["status"] == "failed"), None)
        warned = [c for c in scenario["checks"] if c["status"] == "warning"]
        if first is not None:
            note = f"<code class='req'>{escape(first['requirement'])}</code> {escape(_clip(first.get('detail', ''), 200))}"
        elif scenario["status"] in ("error", "skipped"):
            note = escape(_clip(scenario.get("message", ""), 240))
        elif warned:
            note = f"warning <code class='req'>{escape(warned[0]['requirement'])}</code>"
        else:
            note = ""
        rows.append(f"<tr><td class='id'><a href='#{escape(scenario['id'])}'>{escape(scenario['id'])}</a></td>"
                    f"<td>{escape(_short_title(scenario))}</td><td>{_status(scenario['status'])}</td>"
                    f"<td>{'yes' if scenario['required'] else 'no'}</td><td>{note}</td></tr>")
    rows.append("</table>")
    return rows


def _check_row(check: dict[str, Any], requirements: dict[str, Any]) -> str:
    evidence = " ".join(f"<a href='#x-{escape(e)}'>{escape(e)}</a>" for e in check.get("evidence", []))
    return (f"<tr><td>{_requirement(check['requirement'], requirements)}</td><td>{_status(check['status'])}</td>"
            f"<td><span class='msg'>{escape(check['message'])}</span></td><td class='id'>{evidence}</td></tr>")


def _details(doc: dict[str, Any], entries_by_scenario: dict[str, list[dict[str, Any]]], anchored: set[str]) -> list[str]:
    requirements = doc.get("requirements", {})
    parts = ["<h2 id='details'>Checks by scenario</h2>"]
    for scenario in doc.get("scenarios", []):
        checks = scenario["checks"]
        troubled = [c for c in checks if c["status"] != "passed"]
        passing = [c for c in checks if c["status"] == "passed"]
        open_attr = " open" if scenario["status"] in ("failed", "error") else ""
        parts.append(f"<details id='{escape(scenario['id'])}'{open_attr}><summary><b>{escape(scenario['id'])}</b> "
                     f"{escape(_short_title(scenario))} ({_status(scenario['status'])}, {len(checks)} checks, "
                     f"{scenario.get('http_exchanges', 0)} exchanges)</summary>")
        if scenario.get("message"):
            parts.append(f"<p class='msg'>{escape(scenario['message'])}</p>")
        head = "<table><tr><th>Requirement</th><th>Status</th><th>Observed</th><th>Evidence</th></tr>"
        if troubled:
            parts += [head, *(_check_row(c, requirements) for c in troubled), "</table>"]
        if passing:
            parts += [f"<details><summary>{len(passing)} passing checks</summary>", head,
                      *(_check_row(c, requirements) for c in passing), "</table></details>"]
        shown = entries_by_scenario.get(scenario["id"], [])
        if shown:
            parts += [f"<details><summary>{len(shown)} HTTP exchanges</summary>",
                      *(exchange_view.render(e, anchor=e["_edcert"]["id"] not in anchored) for e in shown),
                      "</details>"]
        parts.append("</details>")
    return parts


def render_html(doc: dict[str, Any], results: list[ScenarioResult]) -> str:
    entries = {e["_edcert"]["id"]: e for r in results for e in r.entries}
    by_scenario: dict[str, list[dict[str, Any]]] = {}
    for item in entries.values():
        by_scenario.setdefault(item["_edcert"]["scenario"], []).append(item)
    fixes = _fixes(doc, entries)
    # An exchange shown under "What to fix" keeps its anchor there; the scenario's list links to it.
    anchored = {e for chunk in fixes for e in entries if f"id='x-{escape(e)}'" in chunk}
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             "<title>edcert certification report</title>", f"<style>{_STYLE}</style>", _PRINT_OPENS_DETAILS,
             "</head><body>", *seal_html.banner(doc), *_header(doc), *fixes, *_table(doc),
             *seal_html.section(doc), *_details(doc, by_scenario, anchored), "</body></html>"]
    return "\n".join(parts)
