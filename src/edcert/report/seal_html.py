"""The seal in certification.html: a banner first when the run is not a certification run, and a section
saying what seals the report, what the run checked of itself before sealing, and what `edcert verify` checks."""

from __future__ import annotations

from html import escape
from typing import Any

_BANNER = ("<div class='verdict incomplete' style='margin-bottom:.8rem'>NOT A CERTIFICATION RUN"
           "<small>{reasons}. The verdict below certifies nothing.</small></div>")


def banner(doc: dict[str, Any]) -> list[str]:
    if doc.get("certification_run") is not False:
        return []
    reasons = "; ".join(str(r) for r in doc.get("not_a_certification_run", [])) or "see manifest.json"
    return [_BANNER.format(reasons=escape(reasons))]


def section(doc: dict[str, Any]) -> list[str]:
    seal = doc.get("seal")
    if not isinstance(seal, dict):
        return []
    harness = doc.get("harness", {})
    digest, published = str(harness.get("suite_sha256", "")), seal.get("published_suite_sha256")
    suite = ("the one published for this version" if digest == published
             else f"<b>not</b> the one published for this version (<code>{escape(str(published))}</code>)")
    signed = (f"signed with the Ed25519 key whose fingerprint is <code>{escape(str(seal['signed_by']))}</code>"
              if seal.get("signed_by") else "not signed (edcert run --sign-key KEY signs it)")
    rows = []
    for rule, outcome in seal.get("checked_by_the_run", {}).items():
        held = outcome == "holds"
        shown = "holds" if held else "; ".join(str(f) for f in outcome)
        rows.append(f"<tr><td>{escape(rule)}</td><td class='s-{'passed' if held else 'failed'}'>{escape(shown)}</td></tr>")
    checks = "".join(f"<li>{escape(str(item))}</li>" for item in seal.get("verify_checks", []))
    return [
        "<h2 id='seal'>Seal</h2>",
        f"<p class='meta'><code>{escape(str(seal.get('manifest', 'manifest.json')))}</code> beside this page holds "
        f"the SHA-256 of every file of the report directory and the facts of the run; it is {signed}. Suite digest "
        f"<code>{escape(digest)}</code>: {suite}. Certification run: "
        f"{'yes' if doc.get('certification_run') else '<b>no</b>'}.</p>",
        "<table><tr><th>Checked by the run itself, before sealing</th><th>Outcome</th></tr>", *rows, "</table>",
        "<p class='meta'>A certifying body checks the report offline with <code>edcert verify DIR|ZIP "
        "[--public-key KEY]</code>, which checks that:</p>", f"<ul class='meta'>{checks}</ul>",
        "<p class='note'>A seal shows that the report is the one the run wrote, with the published suite, and that it "
        "agrees with itself. It does not show that the machine that ran it, or the target it reached, was honest.</p>",
    ]
