"""What the independent Ed-Fi servers (tests/edfi_servers.py) accept, and how they say no.

Written from the published behaviour of the Ed-Fi ODS/API (5.x message bodies, 7.x problem details)
and the Data Management Service, and the Ed-Fi sheet's resource table; nothing here is taken from
edcert's reference target. A request is read into a normalised record or refused with a `Refusal`,
which each flavour renders in its own error shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

INT32 = 2**31 - 1
INT64 = 2**63 - 1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

@dataclass
class Refusal(Exception):
    """An error answer: status, problem kind, detail, and what went wrong where."""

    status: int
    kind: str
    detail: str
    message: str = ""  # the ODS/API 5 `message`, when it differs from the detail
    validation: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """How strictly a flavour reads a body (Data Standard limits and the conversions it makes)."""

    cohort_identifier_max: int = 36  # 20 before Data Standard 5
    education_organization_max: int = INT64  # int32 before Data Standard 5
    numbers_as_strings: bool = True  # the ODS/API's serializer turns 1 into "1"
    numeric_strings: bool = True  # "255901107" read as an integer (ODS/API and DMS both)
    us_dates: bool = False  # DMS coerces 5/1/2009 to 2009-05-01
    strict: bool = False  # unknown properties refused (the Ed-Fi API guidelines' "should")


class _Reader:
    """Collects every problem of a body, as Ed-Fi's validation does, then refuses once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.problems: dict[str, list[str]] = {}

    def problem(self, path: str, text: str) -> None:
        self.problems.setdefault(f"$.{path}", []).append(text)

    def obj(self, parent: dict, name: str, path: str, known: set[str]) -> dict | None:
        value = parent.get(name)
        if value is None:
            self.problem(path, f"{name} is required.")
            return None
        if not isinstance(value, dict):
            self.problem(path, f"{name} must be an object.")
            return None
        if self.rules.strict:
            for extra in set(value) - known - {"link"}:
                self.problem(f"{path}.{extra}", f"'{extra}' is not a property of {name}.")
        return value

    def string(self, parent: dict | None, name: str, path: str, max_length: int, required: bool = True) -> str | None:
        if parent is None:
            return None
        value = parent.get(name)
        if value is None:
            if required:
                self.problem(path, f"{name} is required.")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and self.rules.numbers_as_strings:
            value = str(value)
        if not isinstance(value, str):
            self.problem(path, f"{name} must be a string.")
            return None
        if not value.strip():
            self.problem(path, f"{name} is required and should not be left empty.")
        elif value != value.strip():
            self.problem(path, f"{name} cannot contain leading or trailing spaces.")
        elif len(value) > max_length:
            self.problem(path, f"{name} must be at most {max_length} characters in length.")
        return value

    def integer(self, parent: dict | None, name: str, path: str, maximum: int) -> int | None:
        if parent is None:
            return None
        value = parent.get(name)
        if value is None:
            self.problem(path, f"{name} is required.")
            return None
        if isinstance(value, str) and self.rules.numeric_strings and re.fullmatch(r"-?\d{1,19}", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"{name} must be an integer.")
            return None
        if not -maximum - 1 <= value <= maximum:
            self.problem(path, f"{name} is out of range.")
            return None
        return value

    def day(self, parent: dict, name: str, path: str, required: bool = True) -> str | None:
        value = parent.get(name)
        if value is None:
            if required:
                self.problem(path, f"{name} is required.")
            return None
        iso = _as_iso_date(value, self.rules.us_dates) if isinstance(value, str) else None
        if iso is None:
            self.problem(path, f"{name} is not a valid date.")
        return iso

    def refuse_if_any(self, resource: str) -> None:
        if self.problems:
            flat = [text for texts in self.problems.values() for text in texts]
            raise Refusal(400, "data-validation", "Data validation failed. See 'validationErrors' for details.",
                          message=f"Validation of '{resource}' failed.\n\t" + "\n\t".join(flat),
                          validation=dict(self.problems))


def _as_iso_date(text: str, us_dates: bool) -> str | None:
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text).isoformat()
        match = _US_DATE.fullmatch(text)
        if match and us_dates:
            month, day_of_month, year = (int(part) for part in match.groups())
            return date(year, month, day_of_month).isoformat()
    except ValueError:
        return None
    return None


ASSOCIATION_FIELDS = {"id", "cohortReference", "studentReference", "beginDate", "endDate", "sections", "_ext"}


def association(body: dict, rules: Rules) -> dict:
    """A studentCohortAssociation body read into its stored form; Refusal(400) naming every problem."""
    read = _Reader(rules)
    if rules.strict:
        for extra in set(body) - ASSOCIATION_FIELDS:
            read.problem(extra, f"'{extra}' is not a property of StudentCohortAssociation.")
    cohort = read.obj(body, "cohortReference", "cohortReference", {"cohortIdentifier", "educationOrganizationId"})
    student = read.obj(body, "studentReference", "studentReference", {"studentUniqueId"})
    record = {
        "beginDate": read.day(body, "beginDate", "beginDate"),
        "cohortReference": {
            "cohortIdentifier": read.string(cohort, "cohortIdentifier", "cohortReference.cohortIdentifier",
                                            rules.cohort_identifier_max),
            "educationOrganizationId": read.integer(cohort, "educationOrganizationId",
                                                    "cohortReference.educationOrganizationId",
                                                    rules.education_organization_max)},
        "studentReference": {"studentUniqueId": read.string(student, "studentUniqueId",
                                                            "studentReference.studentUniqueId", 32)},
        "sections": body.get("sections") or [],
    }
    end = read.day(body, "endDate", "endDate", required=False)
    if end is not None:
        record["endDate"] = end
    if not isinstance(record["sections"], list):
        read.problem("sections", "sections must be an array.")
    read.refuse_if_any("StudentCohortAssociation")
    return record


def cohort(body: dict, rules: Rules) -> dict:
    read = _Reader(rules)
    organization = read.obj(body, "educationOrganizationReference", "educationOrganizationReference",
                            {"educationOrganizationId"})
    record = {
        "cohortIdentifier": read.string(body, "cohortIdentifier", "cohortIdentifier", rules.cohort_identifier_max),
        "educationOrganizationReference": {"educationOrganizationId": read.integer(
            organization, "educationOrganizationId", "educationOrganizationReference.educationOrganizationId",
            rules.education_organization_max)},
        "cohortTypeDescriptor": read.string(body, "cohortTypeDescriptor", "cohortTypeDescriptor", 306),
    }
    for optional, length in (("cohortDescription", 1024), ("cohortScopeDescriptor", 306)):
        if body.get(optional) is not None:
            record[optional] = read.string(body, optional, optional, length)
    if isinstance(record["cohortTypeDescriptor"], str) and "#" not in record["cohortTypeDescriptor"]:
        read.problem("cohortTypeDescriptor", "CohortTypeDescriptor value does not exist.")
    read.refuse_if_any("Cohort")
    return record


def student(body: dict, rules: Rules) -> dict:
    read = _Reader(rules)
    record = {
        "studentUniqueId": read.string(body, "studentUniqueId", "studentUniqueId", 32),
        "firstName": read.string(body, "firstName", "firstName", 75),
        "lastSurname": read.string(body, "lastSurname", "lastSurname", 75),
        "birthDate": read.day(body, "birthDate", "birthDate"),
    }
    read.refuse_if_any("Student")
    return record


def school_association(body: dict, rules: Rules) -> dict:
    read = _Reader(rules)
    student_ref = read.obj(body, "studentReference", "studentReference", {"studentUniqueId"})
    school_ref = read.obj(body, "schoolReference", "schoolReference", {"schoolId"})
    record = {
        "studentReference": {"studentUniqueId": read.string(student_ref, "studentUniqueId",
                                                            "studentReference.studentUniqueId", 32)},
        "schoolReference": {"schoolId": read.integer(school_ref, "schoolId", "schoolReference.schoolId",
                                                     rules.education_organization_max)},
        "entryDate": read.day(body, "entryDate", "entryDate"),
        "entryGradeLevelDescriptor": read.string(body, "entryGradeLevelDescriptor", "entryGradeLevelDescriptor", 306),
    }
    read.refuse_if_any("StudentSchoolAssociation")
    return record


def natural_key(resource: str, record: dict) -> tuple:
    """The natural key of a stored record of each resource the servers hold."""
    if resource == "studentCohortAssociations":
        return (record["beginDate"], record["cohortReference"]["cohortIdentifier"],
                record["cohortReference"]["educationOrganizationId"], record["studentReference"]["studentUniqueId"])
    if resource == "cohorts":
        return (record["cohortIdentifier"], record["educationOrganizationReference"]["educationOrganizationId"])
    if resource == "students":
        return (record["studentUniqueId"],)
    return (record["studentReference"]["studentUniqueId"], record["schoolReference"]["schoolId"], record["entryDate"])


READERS = {"studentCohortAssociations": association, "cohorts": cohort, "students": student,
           "studentSchoolAssociations": school_association}


def flattened(record: dict) -> dict[str, object]:
    """A record's properties with those of its references brought to the top, as Ed-Fi queries name them."""
    flat: dict[str, object] = {}
    for name, value in record.items():
        if isinstance(value, dict):
            flat.update({inner: inner_value for inner, inner_value in value.items() if inner != "link"})
        else:
            flat[name] = value
    return flat
