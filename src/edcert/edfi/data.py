"""The data of the Ed-Fi scenarios: the document's values, the profile's overrides, generated records."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..errors import HarnessError
from ..record.generated import GeneratedData
from ..record.schemas import schema_errors

ASSOCIATIONS = "studentCohortAssociations"
COHORTS = "cohorts"
STUDENTS = "students"
SCHOOL_ASSOCIATIONS = "studentSchoolAssociations"
_DOCUMENT_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/\[Current School Year\]$")


def current_school_year(today: date | None = None) -> int:
    """The calendar year the current school year began in (it rolls over on July 1)."""
    today = today or date.today()
    return today.year if today.month >= 7 else today.year - 1


def document_date(cell: str, school_year: int) -> str:
    """'9/14/[Current School Year]' -> 'YYYY-09-14' for the profile's school year."""
    match = _DOCUMENT_DATE.match(cell.strip())
    if not match:
        raise HarnessError(f"feature table date {cell!r} is not of the form M/D/[Current School Year]")
    return date(school_year, int(match.group(1)), int(match.group(2))).isoformat()


@dataclass(frozen=True)
class Association:
    """The values of one studentCohortAssociation, as the scenario sends them."""

    cohort_identifier: str
    education_organization_id: int
    student_unique_id: str
    begin_date: str | None
    end_date: str | None = None

    def body(self) -> dict:
        body: dict = {
            "cohortReference": {"cohortIdentifier": self.cohort_identifier,
                                "educationOrganizationId": self.education_organization_id},
            "studentReference": {"studentUniqueId": self.student_unique_id},
        }
        if self.begin_date is not None:
            body["beginDate"] = self.begin_date
        if self.end_date is not None:
            body["endDate"] = self.end_date
        return body

    def key_params(self) -> dict[str, object]:
        """The four natural-key query parameters, as the Ed-Fi certification checks send them."""
        return {"educationOrganizationId": self.education_organization_id,
                "cohortIdentifier": self.cohort_identifier,
                "studentUniqueId": self.student_unique_id,
                "beginDate": self.begin_date}

    def with_(self, **changes: object) -> Association:
        return replace(self, **changes)


def checked_payload(body: dict, schema: str) -> dict:
    """The body, after proving it valid against the suite's schema; else a harness error."""
    errors = schema_errors(schema, body)
    if errors:
        raise HarnessError(f"edcert built a payload that breaks its own schemas/{schema}: {'; '.join(errors)}; "
                           "this is a bug in the suite or in the profile values, not in the target")
    return body


def cohort_body(cohort_identifier: str, education_organization_id: int) -> dict:
    """A minimal cohort: its key and the one required descriptor (Study Hall, as in the Ed-Fi cohort sheet)."""
    return checked_payload({
        "cohortIdentifier": cohort_identifier,
        "educationOrganizationReference": {"educationOrganizationId": education_organization_id},
        "cohortTypeDescriptor": "uri://ed-fi.org/CohortTypeDescriptor#Study Hall",
    }, "edfi/cohort.request.schema.json")


def student_body(student_unique_id: str, generated: GeneratedData) -> dict:
    """A student with the four required fields, generated from the run's seed."""
    faker = generated.faker
    birth = generated.date_between(date(2005, 1, 1), date(2019, 12, 31))
    return checked_payload({
        "studentUniqueId": student_unique_id,
        "firstName": faker.first_name()[:75],
        "lastSurname": faker.last_name()[:75],
        "birthDate": birth.isoformat(),
    }, "edfi/student.request.schema.json")


def school_association_body(student_unique_id: str, school_id: int, school_year: int, high_school: bool) -> dict:
    """The StudentSchoolAssociation that makes a student visible to a vendor's key on an ODS/API.

    Entry on August 15 of the school year, before the scenario dates 9/14 and 9/21; grade level
    First grade for the elementary student of scenarios 1 and 3, Ninth grade for the high-school
    student of scenario 2, in the Ed-Fi GradeLevelDescriptor namespace.
    """
    grade = "Ninth grade" if high_school else "First grade"
    return checked_payload({
        "studentReference": {"studentUniqueId": student_unique_id},
        "schoolReference": {"schoolId": school_id},
        "entryDate": date(school_year, 8, 15).isoformat(),
        "entryGradeLevelDescriptor": f"uri://ed-fi.org/GradeLevelDescriptor#{grade}",
    }, "edfi/studentSchoolAssociation.request.schema.json")


def end_date_after(begin_date: str | None, days: int = 7) -> str:
    """An end date a week after the begin date, as 9/21 follows 9/14 in the Ed-Fi sheet."""
    return (date.fromisoformat(begin_date or "") + timedelta(days=days)).isoformat()


# --- generated dates: each scenario's records kept apart from every other's ----------------------

_FIRST_DAY = date(2000, 1, 1)
_SLOTS = 128  # a scenario's dates fall on days = its slot (mod 128): two scenarios never share a date
#: Days from a scenario's date to another date of its own (its second slot), never another scenario's.
SECOND_DATE_OFFSET = _SLOTS // 2
_WINDOW_DAYS = 20 * 365


_DOCUMENT_SLOTS = 24  # SCA-S1-S3 take slots 25-27, after every negative scenario's (SCA-N1-N23)


def _slot(scenario_id: str) -> int:
    match = re.search(r"(\d+)$", scenario_id)
    number = int(match.group(1)) if match else 0
    if scenario_id.startswith("SCA-S"):
        number += _DOCUMENT_SLOTS
    return number % (_SLOTS // 2)


def spare_date(scenario_id: str) -> date:
    """A date of the scenario's own that generated_date never draws (its second slot, just past the window, early
    2020): for an association that only probes what the API allows this client."""
    return _FIRST_DAY + timedelta(days=(_WINDOW_DAYS // _SLOTS) * _SLOTS + _slot(scenario_id) + _SLOTS // 2)


def generated_date(generated: GeneratedData, scenario_id: str, *, second: bool = False,
                   fits: Callable[[date], bool] = lambda day: True) -> date:
    """A date from 2000 to 2019 for the scenario's records, drawn from the run's seed.

    Dates far from 9/14 keep these records apart from those of scenarios 1-3; the slot of the
    scenario's number keeps them apart from every other scenario's, also when scenarios run in
    parallel. `second` gives a second date of the same scenario, different from the first.
    """
    slot = _slot(scenario_id) + (_SLOTS // 2 if second else 0)
    days = [_FIRST_DAY + timedelta(days=base * _SLOTS + slot) for base in range(_WINDOW_DAYS // _SLOTS)]
    days = [day for day in days if fits(day)]
    return days[generated.integer(0, len(days) - 1)]


def read_both_ways(day: date) -> bool:
    """Whether M/D/YYYY of this date is also a valid, different date read day first (so a misreading shows)."""
    return day.day <= 12 and day.day != day.month


def us_date(day: date) -> str:
    """The date written as the Ed-Fi sheet writes it: M/D/YYYY."""
    return f"{day.month}/{day.day}/{day.year}"


# --- ids an API never issued ---------------------------------------------------------------------

_HEX_DIGITS = "0123456789abcdefABCDEF"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _same_kind(character: str, generated: GeneratedData) -> str:
    """A random character of the same kind: hex digit for hex digit, other letters in their case, else kept."""
    if character in _HEX_DIGITS:
        return generated.hex(1)
    if character.isascii() and character.isalpha():
        letter = _LETTERS[generated.integer(0, 25)]
        return letter.upper() if character.isupper() else letter
    return character


def unissued_id_like(issued: str, generated: GeneratedData) -> str:
    """An id of the same form as one the API issued (32 hex characters, a dashed GUID, or an opaque id such as
    a base64url hash), with other characters; separators stay where they were."""
    for _ in range(64):
        other = "".join(_same_kind(c, generated) for c in issued)
        if other != issued:
            return other
    return generated.hex(32)  # an id with no letter or digit to change


# --- bodies a target must refuse ----------------------------------------------------------------

def without(body: dict, path: str) -> dict:
    """A copy of the body with the dotted property left out."""
    changed = copy.deepcopy(body)
    *parents, name = path.split(".")
    node = changed
    for part in parents:
        node = node[part]
    del node[name]
    return changed


def with_value(body: dict, path: str, value: object) -> dict:
    """A copy of the body with the dotted property set to the value."""
    changed = copy.deepcopy(body)
    *parents, name = path.split(".")
    node = changed
    for part in parents:
        node = node[part]
    node[name] = value
    return changed


def json_cell(cell: str) -> object:
    """A feature table cell holding a JSON value ("ABC", {"value": "1"}, ["111111"])."""
    try:
        return json.loads(cell)
    except ValueError:
        raise HarnessError(f"feature table value {cell!r} is not a JSON value; write text in double quotes") from None


def long_text(length: int, generated: GeneratedData) -> str:
    """An identifier of exactly `length` characters."""
    return ("edcert" + generated.digits(length))[:length]


def malformed_bodies(body: dict) -> dict[str, bytes]:
    """Request bodies that are not one JSON object, by the words a feature table names them."""
    return {
        "an empty body": b"",
        "JSON cut short in the middle": json.dumps(body).encode()[:40],
        "a JSON array holding the association": json.dumps([body]).encode(),
    }
