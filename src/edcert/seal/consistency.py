"""What a run's reports must say of themselves, checked from certification.json and evidence.har alone.

The rules are edcert's own:
- a scenario's status follows from its checks: ``failed`` when and only when it holds a failed check
  (a failed check stops the scenario; nothing else fails it), except ``error``, where the run could not
  decide and any check before it stands; ``passed`` and ``skipped`` hold no failed check;
- the verdict follows from the statuses of the required scenarios of the covered suites by
  ``edcert.record.verdict.verdict`` (the rule documented there and in the README);
- every check's evidence entries are in evidence.har, tagged with the check's scenario, and the HAR
  says of each entry the same checks (requirement and status) as certification.json;
- every required scenario of the covered suites is in the report, and marked required;
- no text of the report holds a secret in a form edcert masks (Authorization credentials, token and
  secret fields, LinkIt! tags), for the kinds of API the profile names.

Each function returns its findings, one sentence each; none means the rule holds.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..masking import _AUTH_HEADER, _SECRET_FIELD, _TAG_PARAM, MASK, MIN_SECRET_LENGTH
from ..record.results import ERROR, FAILED, ScenarioResult
from ..record.run_state import NEEDS_API_URL
from ..record.verdict import verdict

Doc = dict[str, Any]
#: The feature folders of an API certification, as edcert.run.pytest_plugin.API_FEATURES (not imported: verify
#: has no need of pytest, and importing it would cost most of verify's time).
API_FEATURES = ("edfi", "linkit")


def _list(value: Any) -> list[Any]:
    """A list from a document that may have been edited into any shape; anything else is empty."""
    return value if isinstance(value, list) else []


def _covers(doc: Doc) -> tuple[str, ...]:
    return tuple(c for c in _list(doc.get("covers")) if isinstance(c, str))


def _scenarios(doc: Doc) -> list[dict[str, Any]]:
    scenarios = doc.get("scenarios")
    return [s for s in scenarios if isinstance(s, dict)] if isinstance(scenarios, list) else []


def statuses_follow_from_checks(doc: Doc) -> list[str]:
    """Each scenario's status is the one its checks give."""
    findings = []
    for scenario in _scenarios(doc):
        checks = [c for c in _list(scenario.get("checks")) if isinstance(c, dict)]
        failed = [c.get("requirement") for c in checks if c.get("status") == FAILED]
        status = scenario.get("status")
        if status == FAILED and not failed:
            findings.append(f"{scenario.get('id')} is failed but none of its {len(checks)} checks failed")
        elif status not in (FAILED, ERROR) and failed:
            findings.append(f"{scenario.get('id')} is {status} but its check(s) {', '.join(map(str, failed))} failed")
    return findings


def verdict_follows_from_statuses(doc: Doc, interrupted: bool) -> list[str]:
    """The verdict is the one the documented rule gives for the scenario statuses."""
    results = [ScenarioResult(str(s.get("id")), str(s.get("suite")), str(s.get("title", "")),
                              required=s.get("required") is True, status=str(s.get("status")))
               for s in _scenarios(doc)]
    covers = _covers(doc)
    expected, reason = verdict(results, covers, interrupted)
    if doc.get("verdict") != expected:
        return [f"the verdict is {doc.get('verdict')!r} but the scenario statuses give {expected!r} ({reason})"]
    if doc.get("verdict_reason") not in (None, reason):
        return [f"the verdict's reason reads {doc.get('verdict_reason')!r} but the statuses give {reason!r}"]
    return []


def _har_entries(har: Any) -> list[dict[str, Any]]:
    log = har.get("log") if isinstance(har, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def evidence_is_in_the_har(doc: Doc, har: Any) -> list[str]:
    """Every check's evidence entry exists, belongs to its scenario, and the HAR tells the same checks."""
    by_id: dict[str, dict[str, Any]] = {}
    findings = []
    for entry in _har_entries(har):
        tag = entry.get("_edcert") if isinstance(entry.get("_edcert"), dict) else {}
        if str(tag.get("id")) in by_id:
            findings.append(f"evidence.har holds entry {tag.get('id')} twice")
        by_id[str(tag.get("id"))] = tag
    told: dict[str, list[tuple[str, str]]] = {}
    for scenario in _scenarios(doc):
        for check in _list(scenario.get("checks")):
            if not isinstance(check, dict):
                continue
            for exchange_id in _list(check.get("evidence")):
                tag = by_id.get(str(exchange_id))
                where = f"{scenario.get('id')} check {check.get('requirement')}"
                if tag is None:
                    findings.append(f"{where} rests on exchange {exchange_id}, which is not in evidence.har")
                    continue
                if tag.get("scenario") != scenario.get("id"):
                    findings.append(f"{where} rests on exchange {exchange_id}, which evidence.har puts in "
                                    f"{tag.get('scenario')}")
                told.setdefault(str(exchange_id), []).append((str(check.get("requirement")), str(check.get("status"))))
    for exchange_id, tag in by_id.items():
        har_says = sorted((str(c.get("requirement")), str(c.get("status")))
                          for c in _list(tag.get("checks")) if isinstance(c, dict))
        if har_says != sorted(told.get(exchange_id, [])):
            findings.append(f"evidence.har entry {exchange_id} supports checks {har_says} but certification.json "
                            f"says {sorted(told.get(exchange_id, []))}")
    return findings


def expected_specs(doc: Doc) -> dict[str, Any]:
    """The scenarios this version of edcert runs for the report's role (and readback phase)."""
    from ..record.catalogue import catalogue
    from ..record.suite import suite_root

    if doc.get("role") != "client":
        return catalogue(suite_root() / "features", API_FEATURES)
    from ..client_side.specs import client_specs

    target = doc.get("target") if isinstance(doc.get("target"), dict) else {}
    chosen = target.get("scenarios")
    if isinstance(chosen, list):  # readback: the phase's scenarios
        return client_specs(("readback",), tuple(str(s).removeprefix("CLIENT-") for s in chosen))
    return client_specs(("edfi", "linkit"))


def required_scenarios_are_there(doc: Doc) -> list[str]:
    """Every scenario the covered suites require is in the report and marked required."""
    covers = set(_covers(doc))
    target = doc.get("target") if isinstance(doc.get("target"), dict) else {}
    linkit = target.get("linkit") if isinstance(target.get("linkit"), dict) else {}
    formats = linkit.get("formats") if isinstance(linkit.get("formats"), list) else None
    edfi = target.get("edfi") if isinstance(target.get("edfi"), dict) else None
    without_root = edfi is not None and not edfi.get("api_url")
    reported = {s.get("id"): s for s in _scenarios(doc)}
    findings = []
    for sid, spec in expected_specs(doc).items():
        if spec.suite not in covers or not spec.required:
            continue
        if spec.format and formats is not None and spec.format not in formats:
            continue
        if without_root and NEEDS_API_URL in spec.tags:  # the run's own rule: only an api_url locates discovery
            continue
        if sid not in reported:
            findings.append(f"required scenario {sid} is missing from certification.json")
        elif reported[sid].get("required") is not True:
            findings.append(f"scenario {sid} is required by the suites covered ({', '.join(sorted(covers))}) but "
                            "certification.json marks it not required")
    return findings


#: What stands in a report where a secret would: the mask, or a placeholder a reader fills in
#: ($EDFI_TOKEN in a curl line, <token> or {Token} in a document's prose).
_STAND_IN = re.compile(r"""^['"]?(?:\*\*\*|\$\{?[A-Za-z_]\w*\}?|<[^>\s]*>|&lt;[^&\s]*&gt;|\{[^}\s]*\})""")


def _credential(match: re.Match[str], prefix_group: int) -> str:
    """The value a pattern matched, after its name (and an Authorization scheme)."""
    value = match.group(0)[match.end(prefix_group) - match.start():].strip()
    parts = value.split(None, 1)
    if len(parts) == 2 and re.fullmatch(r"(?i)['\"]?(?:bearer|basic|digest|negotiate|token|dpop)", parts[0]):
        value = parts[1]
    return value.lstrip("'\"")


#: A word of prose after "Authorization: Bearer" in a step's text ("with a token ...") is no credential.
_PROSE_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*[.,;:)]?")


def _is_credential(value: str) -> bool:
    """A value that could be a secret: not a stand-in, not an ordinary word, and long enough that edcert
    would have masked it (shorter secrets are refused and never masked)."""
    word = value.split(None, 1)[0] if value.strip() else ""
    return not _STAND_IN.match(value) and len(word) >= MIN_SECRET_LENGTH and not _PROSE_WORD.fullmatch(word)


def _shown(pattern: re.Pattern[str], text: str, words: tuple[str, ...], prefix_group: int) -> bool:
    """Whether the pattern finds a credential in the text. It is tried only where one of its words stands
    (a regular expression tried at every position of a long page costs more than the rest of verify)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: positions differ, read it all
        return any(_is_credential(_credential(m, prefix_group)) for m in pattern.finditer(text))
    for word in words:
        at = lowered.find(word)
        while at != -1:
            # Where a match would begin: at the word, or at the quote, "&", "&amp;" or "proxy-" before it.
            for start in sorted({max(0, at - back) for back in (0, 1, 5, 6)}):
                found = pattern.match(text, start, min(len(text), at + 8192))
                if found is not None and _is_credential(_credential(found, prefix_group)):
                    return True
            at = lowered.find(word, at + 1)
    return False


_FIELDS = ("access_token", "refresh_token", "id_token", "client_secret", "password")
_WORDS = ("authorization", *_FIELDS, "tag=")


def _has_word(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _WORDS)


def _pattern_leaks(text: str, kinds: set[str]) -> list[str]:
    """The kinds of secret this text holds unmasked."""
    found = []
    lowered = text.lower()
    if "edfi" in kinds and "authorization" in lowered and _shown(_AUTH_HEADER, text, ("authorization",), 1):
        found.append("an Authorization credential")
    if any(n in lowered for n in _FIELDS) and _shown(_SECRET_FIELD, text, _FIELDS, 3):
        found.append("a token or secret field")
    if "linkit" in kinds and "tag=" in lowered and _shown(_TAG_PARAM, text, ("tag=",), 1):
        found.append("a LinkIt! tag")
    return found


#: Header values that are a scheme without credentials (an empty bearer token sent on purpose).
_SCHEMES_ALONE = {"", "bearer", "basic"}


def _header_leaks(har: Any) -> list[str]:
    """HAR headers that carry credentials show at most their scheme and a description."""
    findings = []
    for entry in _har_entries(har):
        request = entry.get("request") if isinstance(entry.get("request"), dict) else {}
        for header in _list(request.get("headers")):
            if not isinstance(header, dict) or str(header.get("name", "")).lower() not in (
                    "authorization", "proxy-authorization"):
                continue
            value = str(header.get("value", ""))
            parts = value.split(None, 1)
            scheme_alone = len(parts) <= 1 and value.strip().lower() in _SCHEMES_ALONE  # nothing to mask
            if not scheme_alone and not value.startswith(MASK) and not (len(parts) == 2 and parts[1].startswith(MASK)):
                tag = entry.get("_edcert") if isinstance(entry.get("_edcert"), dict) else {}
                findings.append(f"evidence.har entry {tag.get('id')} shows an {header.get('name')} credential unmasked")
    return findings


def secret_kinds(doc: Doc) -> set[str]:
    target = doc.get("target") if isinstance(doc.get("target"), dict) else {}
    kinds = {k for k in ("edfi", "linkit") if k in target or k in _covers(doc)}
    return kinds or {"edfi", "linkit"}


def _readable(name: str, text: str) -> str:
    """A JSON file's strings as a reader sees them, near enough for the patterns: quotes and line breaks
    unescaped (a body held in a HAR string is JSON in a JSON string)."""
    if not name.endswith((".json", ".har")):
        return text
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\r", "\n")


def no_secret_patterns(files: dict[str, bytes], kinds: set[str]) -> list[str]:
    """No report file holds a secret in any form edcert masks."""
    findings = []
    for name, data in sorted(files.items()):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text: no report edcert writes is binary
        if not _has_word(text):
            continue
        findings += [f"{name} holds {kind} unmasked" for kind in _pattern_leaks(_readable(name, text), kinds)]
        if name.endswith(".har"):
            try:
                findings += _header_leaks(json.loads(text))
            except ValueError:
                pass  # evidence.har that is not JSON is a finding of its own
    return findings


def content_findings(doc: Doc, har: Any, interrupted: bool, files: dict[str, bytes]) -> dict[str, list[str]]:
    """Every rule above, by the name a reader sees."""
    return {
        "scenario statuses follow from their checks": statuses_follow_from_checks(doc),
        "the verdict follows from the scenario statuses": verdict_follows_from_statuses(doc, interrupted),
        "every check's evidence is in evidence.har, in its scenario": evidence_is_in_the_har(doc, har),
        "no required scenario is missing": required_scenarios_are_there(doc),
        "no secret appears": no_secret_patterns(files, secret_kinds(doc)),
    }
