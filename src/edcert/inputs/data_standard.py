"""The rules that differ between Ed-Fi Data Standards, for the resources the suite sends and reads.

An Ed-Fi API declares its Data Standard in its discovery document (``dataModels``, name "Ed-Fi"); a
profile's ``data_standard`` wins over it. The version picks the bounds: cohortIdentifier at most 20
characters in Data Standard 3.x and 4.x, 36 from 5.0; educationOrganizationId (and the section's
schoolId) an int32 before 5.0, an int64 from it; the section's sessionName 60 characters before 6.0, 120
from it. A version edcert does not know gives the bounds of no version: every value sent as wrong is
wrong under every Data Standard, and every value sent as valid is valid under every one.

Sources: the Ed-Fi ODS/API table definitions per Data Standard (``0020-Tables.sql`` of DS 3.3 at ODS/API
v5.3, and of ``Standard/4.0.0``, ``5.2.0`` and ``6.1.0``) and the Ed-Fi Resources API specifications
(Ed-Fi-Alliance-OSS/Ed-Fi-API-Standards ``api-specifications/resources-ds-3.3``, ``-4.0``, ``-5.0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

#: Where the version judged came from.
DECLARED, PROFILE, UNKNOWN = "declared", "profile", "unknown"
WHY = {DECLARED: "declared by the API in its discovery document (dataModels, name Ed-Fi)",
       PROFILE: "the profile's data_standard, which wins over what the API declares",
       UNKNOWN: "no known Data Standard declared: every rule is judged as it holds under every version"}

_VERSION = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class Bounds:
    """The limits of one Data Standard (or of every one, for an unknown version).

    ``*_max`` is the most a valid value may be; ``*_over`` the least value that is wrong under this version.
    For an unknown version the two differ: a value between them is valid under one version and wrong
    under another, so it is neither sent as valid nor as wrong.
    """

    name: str  # "3.x", "4.x", "5.x", "6.x" or "every version"
    cohort_identifier_max: int
    cohort_identifier_over: int
    student_unique_id_max: int
    education_organization_id_max: int
    education_organization_id_over: int
    session_name_max: int
    known: bool = True

    def too_long(self, prop: str) -> int:
        """The fewest characters of a value of `prop` that is wrong under these bounds."""
        return {"cohortReference.cohortIdentifier": self.cohort_identifier_over,
                "cohortIdentifier": self.cohort_identifier_over,
                "studentReference.studentUniqueId": self.student_unique_id_max + 1,
                "studentUniqueId": self.student_unique_id_max + 1}[prop]

    def longest(self, prop: str) -> int:
        """The most characters a value of `prop` may have under these bounds."""
        return {"cohortReference.cohortIdentifier": self.cohort_identifier_max,
                "cohortIdentifier": self.cohort_identifier_max,
                "studentReference.studentUniqueId": self.student_unique_id_max,
                "studentUniqueId": self.student_unique_id_max}[prop]


DS3 = Bounds("3.x", 20, 21, 32, INT32_MAX, INT32_MAX + 1, 60)
DS4 = Bounds("4.x", 20, 21, 32, INT32_MAX, INT32_MAX + 1, 60)
DS5 = Bounds("5.x", 36, 37, 32, INT64_MAX, INT64_MAX + 1, 60)
DS6 = Bounds("6.x", 36, 37, 32, INT64_MAX, INT64_MAX + 1, 120)
#: Valid under every version (the strictest bound) and wrong under every version (past the loosest).
EVERY_VERSION = Bounds("every version", 20, 37, 32, INT32_MAX, INT64_MAX + 1, 60, known=False)
_BY_MAJOR = {3: DS3, 4: DS4, 5: DS5, 6: DS6}
KNOWN_VERSIONS = ("3.x", "4.x", "5.x", "6.x")


def major(version: str | None) -> int | None:
    """The major number of a Data Standard version ("3.3.1-b" -> 3, "5.0.0" -> 5), None when it has none."""
    match = _VERSION.match(version or "")
    return int(match.group(1)) if match else None


def bounds_for(version: str | None) -> Bounds:
    """The bounds of a Data Standard version; those of every version when it is unknown or None."""
    return _BY_MAJOR.get(major(version) or 0, EVERY_VERSION)


@dataclass(frozen=True)
class Judged:
    """The Data Standard a run judges by, and why."""

    version: str | None  # as declared or given; None: none known
    why: str  # DECLARED, PROFILE or UNKNOWN
    declared: str | None = None  # what the API declared, whichever won

    @property
    def bounds(self) -> Bounds:
        return bounds_for(self.version) if self.why != UNKNOWN else EVERY_VERSION

    def as_dict(self) -> dict[str, object]:
        return {"version": self.version, "rules": self.bounds.name, "why": self.why, "explained": WHY[self.why],
                "declared": self.declared}

    def in_words(self) -> str:
        if self.why == UNKNOWN:
            shown = f" (the API declared {self.declared!r}, which edcert does not know)" if self.declared else ""
            return f"Data Standard judged: every version{shown}"
        return f"Data Standard judged: {self.version} (rules of {self.bounds.name}; {WHY[self.why]})"


def judge(profile_version: str | None, declared: str | None) -> Judged:
    """The profile's data_standard wins; then the API's declaration; a version edcert does not know counts as none."""
    if profile_version and bounds_for(profile_version).known:
        return Judged(profile_version, PROFILE, declared)
    if declared and bounds_for(declared).known:
        return Judged(declared, DECLARED, declared)
    return Judged(None, UNKNOWN, declared or profile_version)
