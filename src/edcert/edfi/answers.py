"""Reading a target's answers for what they show: evidence in words, the reference a refusal names,
and advice only where the answer supports it."""

from __future__ import annotations

import re

from ..http.transport import Exchange

# Words with which Ed-Fi APIs name an unresolved cohort or student: ODS/API 7 "The referenced 'Cohort' item
# does not exist.", ODS/API 5 "the related 'student' resource", DMS "$.studentReference": ["The referenced
# Student item does not exist."], ODS relationship authorization "'StudentUniqueId'" and the hint to create a
# 'StudentSchoolAssociation'. A claim-set refusal naming the resource 'studentCohortAssociation' matches none.
_NAMES = {
    "cohort": re.compile(r"(?i)\bcohort\b|cohortReference|cohortIdentifier"),
    "student": re.compile(r"(?i)\bstudent\b|studentReference|studentUniqueId|StudentSchoolAssociation"),
}


def describe(exchange: Exchange) -> str:
    """The exchange in one line: method, URL, status line, body excerpt (secrets masked)."""
    return f"{exchange.request_line()} answered HTTP {exchange.status_line}: {exchange.excerpt()}"


def named_references(exchange: Exchange) -> set[str]:
    """Which of "cohort" and "student" the answer names."""
    text = exchange.text()
    return {name for name, pattern in _NAMES.items() if pattern.search(text)}


def refers_to_missing_prerequisite(exchange: Exchange) -> bool:
    """A 409 (unresolved reference) or 403 (relationship authorization) that names the cohort or the student."""
    return exchange.status in (403, 409) and bool(named_references(exchange))


def base_url_advice(exchange: Exchange, collection_url: str) -> str:
    """A hint at base_url, given only when the collection URL itself answered 404."""
    if exchange.status == 404 and exchange.url.split("?", 1)[0].rstrip("/") == collection_url.rstrip("/"):
        return ("; a 404 at the collection URL suggests that base_url in the profile is not the API's resource root "
                "(edcert reads resources at {base_url}/ed-fi/...)")
    return ""
