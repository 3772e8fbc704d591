"""What one Ed-Fi scenario has sent and received, and the values it works with.

The step definitions (steps/edfi_*_steps.py) share this state through the `edfi` fixture; each
scenario gets its own, and whatever it creates on the target is removed when it ends (the records
of scenarios 1 to 3 excepted: they stay as evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import HarnessError
from ..http.transport import Exchange
from ..profile import Profile
from .client import EdfiClient
from .data import Association, current_school_year, document_date

#: The document's values of each scenario (SCA-S3 and the negative scenarios use scenario 1's).
DOCUMENT_VALUES = {
    1: {"cohortReference.educationOrganizationId": "255901107",
        "cohortReference.cohortIdentifier": '"1" if possible, or system value',
        "studentReference.studentUniqueId": "111111"},
    2: {"cohortReference.educationOrganizationId": "255901001",
        "cohortReference.cohortIdentifier": '"2" if possible, or system value',
        "studentReference.studentUniqueId": "222222"},
}
DOCUMENT_VALUES[3] = DOCUMENT_VALUES[1]


@dataclass(repr=False)
class EdfiScenario:
    """State of one scenario; cleaned up by the `edfi` fixture."""

    scenario_id: str
    number: int = 1  # whose document values: 1, 2 or 3
    keep_records: bool = False  # the document scenarios' records stay on the target as evidence
    prerequisites_created: bool = False  # create_prerequisites = true: edcert POSTed them
    prerequisite_problems: list[str] = field(default_factory=list)  # what creating them answered, if not 2xx
    values: Association | None = None
    existed_before: bool | None = False  # None: the collection query did not work, so nobody can tell
    lookup: Exchange | None = None  # the query that told whether the association existed
    last: Exchange | None = None
    location: str | None = None
    record: dict | None = None
    etag: str | None = None  # the ETag the association had when it was created
    second_values: Association | None = None
    second_location: str | None = None
    refusal_requirement: str = ""
    cases: list[tuple[str, Exchange]] = field(default_factory=list)  # table rows sent, by name
    allowed: list[frozenset[int]] = field(default_factory=list)  # the statuses each case may get, where they differ
    kinds: list[str] = field(default_factory=list)  # the kind of each case (credentials, or an operator of the model)
    token_cases: list[tuple[str, str, Exchange]] = field(default_factory=list)  # (name, how judged, exchange)
    others: dict[str, Association] = field(default_factory=dict)  # further associations of the scenario, by name
    other_locations: dict[str, str] = field(default_factory=dict)
    sent_values: list[Association] = field(default_factory=list)  # the values of each case sent, where kept
    query_cases: list[tuple[str, list[str], Exchange]] = field(default_factory=list)  # (name, expected, answer)
    etags: list[str | None] = field(default_factory=list)  # the association's ETag after each write, in order
    write: str = ""  # the last write, in words
    paging: list[tuple[str, str]] = field(default_factory=list)  # the paging cells to send
    cleanup: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"EdfiScenario({self.scenario_id}, last={self.last!r})"

    def remove_afterwards(self, client: EdfiClient, url: str) -> None:
        """Delete this record when the scenario ends; a URL off the API's own origin is never sent to."""
        if client.same_origin(url) and url not in self.cleanup:
            self.cleanup.append(url)

    def removed(self, url: str) -> None:
        if url in self.cleanup:
            self.cleanup.remove(url)


def _unquote(cell: str) -> str:
    cell = cell.split(" if possible")[0].strip()
    return cell[1:-1] if len(cell) >= 2 and cell[0] == cell[-1] == '"' else cell


def school_year(profile: Profile) -> int:
    assert profile.edfi is not None
    return profile.edfi.school_year or current_school_year()


def scenario_values(profile: Profile, number: int, table: dict[str, str] | None) -> Association:
    """The document's values of scenario `number`, replaced by the profile's "system values" where it gives them."""
    document = DOCUMENT_VALUES[number]
    if table is not None:
        for prop, value in document.items():
            if table.get(prop) != value:
                raise HarnessError(f"feature table of scenario {number} says {prop} = {table.get(prop)!r}, but the "
                                   f"source document says {value!r}; fix the feature file")
    assert profile.edfi is not None
    overrides = profile.edfi.scenarios.get("SCA-S2" if number == 2 else "SCA-S1")
    year = school_year(profile)
    begin = document_date((table or {}).get("beginDate", "9/14/[Current School Year]"), year)
    end_cell = (table or {}).get("endDate")
    return Association(
        cohort_identifier=(overrides and overrides.cohort_identifier)
        or _unquote(document["cohortReference.cohortIdentifier"]),
        education_organization_id=(overrides and overrides.education_organization_id)
        or int(document["cohortReference.educationOrganizationId"]),
        student_unique_id=(overrides and overrides.student_unique_id)
        or document["studentReference.studentUniqueId"],
        begin_date=begin,
        end_date=document_date(end_cell, year) if end_cell else None,
    )
