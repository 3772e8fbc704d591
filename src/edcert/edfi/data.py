"""The data of the Ed-Fi scenarios: the document's values, the profile's overrides, generated records."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..errors import HarnessError
from ..generated import GeneratedData
from ..schemas import schema_errors

ASSOCIATIONS = "studentCohortAssociations"
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
