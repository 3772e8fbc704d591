"""How faulty targets bend the dates they are sent, before validating them (each imitates a vendor bug)."""

from __future__ import annotations

import re
from datetime import date, timedelta

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")
DATE_PROPERTIES = ("beginDate", "endDate")


def rolled_over(text: str) -> str:
    """2026-02-30 read as 30 days after 2026-02-00, as a lenient date parser does: 2026-03-02."""
    match = _ISO.match(text)
    if not match:
        return text
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return text
    return (date(year, month, 1) + timedelta(days=day - 1)).isoformat()


def read_day_first(text: str) -> str:
    """3/7/2011 read as 3 July 2011 (day first), where the Ed-Fi sheet means March 7."""
    match = _SLASHED.match(text)
    if not match:
        return text
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text


def bend_dates(body: dict, *, roll_over: bool, day_first: bool, date_part: bool = False) -> dict:
    bent = dict(body)
    for name in DATE_PROPERTIES:
        value = bent.get(name)
        if isinstance(value, str) and date_part and _DATE_TIME.match(value):
            value = value[:10]  # a date-time taken for its date, as a DateTime binder does
        if isinstance(value, str):
            if roll_over:
                value = rolled_over(value)
            if day_first:
                value = read_day_first(value)
            bent[name] = value
    return bent


def truncated_numbers(body: dict) -> dict:
    """A reference's educationOrganizationId with a fraction read as its integer part (1.5 as 1)."""
    bent = dict(body)
    for name, value in body.items():
        if isinstance(value, dict) and isinstance(value.get("educationOrganizationId"), float):
            bent[name] = {**value, "educationOrganizationId": int(value["educationOrganizationId"])}
    return bent
