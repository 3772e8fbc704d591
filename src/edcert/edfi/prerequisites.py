"""The records a scenario's association refers to: created when the profile asks for it, otherwise
assumed, and reported as missing (never blamed on the scenario) when the target's own answer says so.

No collection query is made: whether a record exists is read from the answers to POSTs, which Ed-Fi
APIs treat as upserts (201 for a new record, 200 for an existing one: either way it exists now).
"""

from __future__ import annotations

from ..errors import PrerequisiteMissing
from ..http.transport import Exchange
from ..record.generated import GeneratedData
from .answers import base_url_advice, describe, named_references, refers_to_missing_prerequisite
from .client import EdfiClient
from .data import COHORTS, SCHOOL_ASSOCIATIONS, STUDENTS, Association, cohort_body, school_association_body, student_body


def described(values: Association) -> str:
    return (f'the cohort "{values.cohort_identifier}" at education organization {values.education_organization_id} '
            f'and the student "{values.student_unique_id}"')


def create(client: EdfiClient, values: Association, *, school_year: int, high_school: bool,
           generated: GeneratedData) -> list[str]:
    """POST the cohort, the student and the student's association with the scenario's school; return what
    went wrong, in words with its evidence (nothing when every POST answered 200 or 201).

    The school is the cohort's education organization (255901107 for scenarios 1 and 3, 255901001 for
    scenario 2, or the profile's value): on an ODS/API a student is visible to a vendor's key only
    through a StudentSchoolAssociation with one of its schools. Nothing here stops a scenario: an API
    may not serve studentSchoolAssociations, or not need them; the association's own answer decides
    whether a prerequisite is missing, and then these answers are quoted.
    """
    posts = (
        (f'cohort "{values.cohort_identifier}"', COHORTS,
         cohort_body(values.cohort_identifier, values.education_organization_id)),
        (f'student "{values.student_unique_id}"', STUDENTS, student_body(values.student_unique_id,
                                                  generated.shared(f"student {values.student_unique_id}"))),
        (f"StudentSchoolAssociation at school {values.education_organization_id}", SCHOOL_ASSOCIATIONS,
         school_association_body(values.student_unique_id, values.education_organization_id, school_year,
                                 high_school)),
    )
    problems = []
    for what, resource, body in posts:
        exchange = client.post(resource, body)
        if exchange.status not in (200, 201):
            problems.append(f"creating the {what}: {describe(exchange)}"
                            f"{base_url_advice(exchange, client.collection_url(resource))}")
    return problems


def missing(exchange: Exchange, values: Association, *, created: bool,
            problems: list[str] | None = None) -> PrerequisiteMissing | None:
    """The error to report when a valid association was refused for a cohort or student it names."""
    if not refers_to_missing_prerequisite(exchange):
        return None
    names = " and ".join(sorted(named_references(exchange)))
    if created and problems:
        advice = "edcert could not create them (create_prerequisites = true): " + "; ".join(problems)
    elif created:
        advice = ("edcert created them at the start of the scenario, yet the target does not resolve them; "
                  "check that the profile's client may read and write them")
    elif exchange.status == 403:
        advice = ("create them, with a StudentSchoolAssociation linking the student to a school of your "
                  "education organization (ODS/API relationship authorization), or set create_prerequisites = true")
    else:
        advice = "create them on the target, or set create_prerequisites = true"
    return PrerequisiteMissing(f"the target refused a valid association for its {names}: {describe(exchange)}. "
                               f"The scenario needs {described(values)}; {advice}")
