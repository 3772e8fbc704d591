"""The Ed-Fi resources the reference target serves, with Data Standard 3.x rules.

Lengths and required fields follow the ODS/API 5.3 table definitions (Data Standard 3.3), the
strictest of the Data Standards the Ed-Fi API has carried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EDUCATION_ORGANIZATIONS = {255901: "Grand Bend ISD", 255901001: "Grand Bend High School",
                           255901044: "Grand Bend Middle School", 255901107: "Grand Bend Elementary School"}

_COHORT_TYPES = ("Academic Intervention", "Attendance Intervention", "Classroom Pullout", "Counselor List",
                 "Discipline Intervention", "Extracurricular Activity", "Field Trip", "In-school Suspension",
                 "Other", "Principal Watch List", "Study Hall")
_COHORT_SCOPES = ("Classroom", "Counselor", "District", "Network", "Other", "Principal", "School",
                  "Statewide", "Teacher")
_GRADE_LEVELS = ("Adult Education", "Early Education", "Eighth grade", "Eleventh grade", "Fifth grade", "First grade",
                 "Fourth grade", "Grade 13", "Infant/toddler", "Kindergarten", "Ninth grade", "Other", "Postsecondary",
                 "Preschool/Prekindergarten", "Second grade", "Seventh grade", "Sixth grade", "Tenth grade",
                 "Third grade", "Twelfth grade", "Ungraded")
DESCRIPTORS = {
    "cohortTypeDescriptor": {f"uri://ed-fi.org/CohortTypeDescriptor#{v}" for v in _COHORT_TYPES},
    "cohortScopeDescriptor": {f"uri://ed-fi.org/CohortScopeDescriptor#{v}" for v in _COHORT_SCOPES},
    "entryGradeLevelDescriptor": {f"uri://ed-fi.org/GradeLevelDescriptor#{v}" for v in _GRADE_LEVELS},
}
SCHOOLS = {k: v for k, v in EDUCATION_ORGANIZATIONS.items() if k != 255901}


@dataclass(frozen=True)
class Prop:
    kind: str  # "string", "int32", "int16", "date", "descriptor", "bool", "object", "array"
    required: bool = False
    max_length: int | None = None
    children: dict[str, Prop] = field(default_factory=dict)


def _ref(**children: Prop) -> Prop:
    return Prop("object", required=True, children={**children})


@dataclass(frozen=True)
class Reference:
    """A reference property resolved against another resource's natural key."""

    prop: str
    target: str  # resource name, or "educationOrganizations"
    title: str
    key_map: tuple[tuple[str, str], ...]  # (field in the reference, key path in the target)


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    title: str
    props: dict[str, Prop]
    key: tuple[str, ...]  # dotted paths of the natural key
    references: tuple[Reference, ...] = ()


_SECTION_REF = Prop("object", required=True, children={
    "localCourseCode": Prop("string", True, 60),
    "schoolId": Prop("int32", True),
    "schoolYear": Prop("int16", True),
    "sectionIdentifier": Prop("string", True, 255),
    "sessionName": Prop("string", True, 60),
})

RESOURCES: dict[str, ResourceSpec] = {
    "students": ResourceSpec(
        "students", "Student",
        {
            "studentUniqueId": Prop("string", True, 32),
            "firstName": Prop("string", True, 75),
            "middleName": Prop("string", False, 75),
            "lastSurname": Prop("string", True, 75),
            "generationCodeSuffix": Prop("string", False, 10),
            "personalTitlePrefix": Prop("string", False, 30),
            "maidenName": Prop("string", False, 75),
            "birthDate": Prop("date", True),
            "birthCity": Prop("string", False, 30),
            "birthInternationalProvince": Prop("string", False, 150),
            "birthCountryDescriptor": Prop("string", False, 306),
            "birthSexDescriptor": Prop("string", False, 306),
            "birthStateAbbreviationDescriptor": Prop("string", False, 306),
            "citizenshipStatusDescriptor": Prop("string", False, 306),
            "dateEnteredUS": Prop("date", False),
            "multipleBirthStatus": Prop("bool", False),
        },
        ("studentUniqueId",),
    ),
    "cohorts": ResourceSpec(
        "cohorts", "Cohort",
        {
            "cohortIdentifier": Prop("string", True, 20),
            "educationOrganizationReference": _ref(educationOrganizationId=Prop("int32", True)),
            "cohortTypeDescriptor": Prop("descriptor", True, 306),
            "cohortScopeDescriptor": Prop("descriptor", False, 306),
            "cohortDescription": Prop("string", False, 1024),
            "academicSubjectDescriptor": Prop("string", False, 306),
        },
        ("cohortIdentifier", "educationOrganizationReference.educationOrganizationId"),
        (Reference("educationOrganizationReference", "educationOrganizations", "EducationOrganization",
                   (("educationOrganizationId", "educationOrganizationId"),)),),
    ),
    "schools": ResourceSpec(
        "schools", "School",
        {
            "schoolId": Prop("int32", True),
            "nameOfInstitution": Prop("string", True, 75),
            "shortNameOfInstitution": Prop("string", False, 75),
            "localEducationAgencyReference": Prop("object", False, children={
                "localEducationAgencyId": Prop("int32", True)}),
        },
        ("schoolId",),
    ),
    # Created by a harness with create_prerequisites = true; the reference target does not demand it
    # (it has no relationship-based authorization), but accepts it as an ODS/API does.
    "studentSchoolAssociations": ResourceSpec(
        "studentSchoolAssociations", "StudentSchoolAssociation",
        {
            "studentReference": _ref(studentUniqueId=Prop("string", True, 32)),
            "schoolReference": _ref(schoolId=Prop("int32", True)),
            "entryDate": Prop("date", True),
            "entryGradeLevelDescriptor": Prop("descriptor", True, 306),
            "exitWithdrawDate": Prop("date", False),
        },
        ("entryDate", "schoolReference.schoolId", "studentReference.studentUniqueId"),
        (
            Reference("schoolReference", "schools", "School", (("schoolId", "schoolId"),)),
            Reference("studentReference", "students", "Student", (("studentUniqueId", "studentUniqueId"),)),
        ),
    ),
    "studentCohortAssociations": ResourceSpec(
        "studentCohortAssociations", "StudentCohortAssociation",
        {
            "cohortReference": _ref(cohortIdentifier=Prop("string", True, 20),
                                    educationOrganizationId=Prop("int32", True)),
            "studentReference": _ref(studentUniqueId=Prop("string", True, 32)),
            "beginDate": Prop("date", True),
            "endDate": Prop("date", False),
            "sections": Prop("array", False, children={"sectionReference": _SECTION_REF}),
        },
        ("beginDate", "cohortReference.cohortIdentifier", "cohortReference.educationOrganizationId",
         "studentReference.studentUniqueId"),
        (
            Reference("cohortReference", "cohorts", "Cohort",
                      (("cohortIdentifier", "cohortIdentifier"),
                       ("educationOrganizationId", "educationOrganizationReference.educationOrganizationId"))),
            Reference("studentReference", "students", "Student", (("studentUniqueId", "studentUniqueId"),)),
        ),
    ),
}


def get_path(body: dict, dotted: str) -> object:
    value: object = body
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def natural_key(spec: ResourceSpec, body: dict) -> list[object]:
    return [get_path(body, path) for path in spec.key]


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Leniency:
    """Checks a faulty target skips (each imitates a vendor bug); the conformant target skips none."""

    nested_required: bool = True  # required values inside reference objects
    lengths: bool = True


STRICT = Leniency()


def _check(prop: Prop, value: object, path: str, errors: dict[str, list[str]], rules: Leniency = STRICT,
           nested: bool = False) -> None:
    name = path.rsplit(".", 1)[-1]
    label = name[:1].upper() + name[1:]
    if value is None:
        if prop.required and (rules.nested_required or not nested):
            errors.setdefault(path, []).append(f"{label} is required.")
        return
    if prop.kind in ("string", "descriptor"):
        if not isinstance(value, str):
            errors.setdefault(path, []).append(f"{label} must be a string.")
        elif prop.required and not value.strip():
            errors.setdefault(path, []).append(f"{label} is required and should not be left empty.")
        elif rules.lengths and prop.max_length is not None and len(value) > prop.max_length:
            errors.setdefault(path, []).append(f"{label} must be at most {prop.max_length} characters in length.")
        elif prop.kind == "descriptor" and value not in DESCRIPTORS.get(name, {value}):
            errors.setdefault(path, []).append(f"Unable to resolve value '{value}' to an existing '{label}' resource.")
    elif prop.kind in ("int32", "int16"):
        low, high = (INT32_MIN, INT32_MAX) if prop.kind == "int32" else (-(2**15), 2**15 - 1)
        if isinstance(value, bool) or not isinstance(value, int):
            errors.setdefault(path, []).append(f"{label} must be an integer.")
        elif not low <= value <= high:
            errors.setdefault(path, []).append(f"{label} is out of range.")
    elif prop.kind == "date":
        if not isinstance(value, str) or not _valid_date(value):
            errors.setdefault(path, []).append(f"{label} must be a date in the format yyyy-mm-dd.")
    elif prop.kind == "bool":
        if not isinstance(value, bool):
            errors.setdefault(path, []).append(f"{label} must be a boolean.")
    elif prop.kind == "object":
        if not isinstance(value, dict):
            errors.setdefault(path, []).append(f"{label} must be an object.")
            return
        _check_object(prop.children, value, path, errors, allow_link=True, rules=rules)
    elif prop.kind == "array":
        if not isinstance(value, list):
            errors.setdefault(path, []).append(f"{label} must be an array.")
            return
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                errors.setdefault(f"{path}[{index}]", []).append("Item must be an object.")
                continue
            _check_object(prop.children, item, f"{path}[{index}]", errors, allow_link=False, rules=rules)


def _check_object(children: dict[str, Prop], body: dict, path: str, errors: dict[str, list[str]],
                  allow_link: bool, rules: Leniency = STRICT) -> None:
    for key in body:
        if key not in children and not (allow_link and key == "link"):
            errors.setdefault(f"{path}.{key}", []).append(f"'{key}' is not a known property.")
    for key, prop in children.items():
        _check(prop, body.get(key), f"{path}.{key}", errors, rules, nested=True)


def validate(spec: ResourceSpec, body: dict, rules: Leniency = STRICT) -> dict[str, list[str]]:
    """Return validation errors keyed by JSON path, empty when the body is valid."""
    errors: dict[str, list[str]] = {}
    allowed = set(spec.props) | {"id", "_etag", "_lastModifiedDate", "_ext"}
    for key in body:
        if key not in allowed:
            errors.setdefault(f"$.{key}", []).append(f"'{key}' is not a known property.")
    for key, prop in spec.props.items():
        _check(prop, body.get(key), f"$.{key}", errors, rules)
    for path in spec.key:
        value = get_path(body, path)
        if isinstance(value, str) and value != value.strip():
            errors.setdefault(f"$.{path}", []).append("Key values may not have leading or trailing whitespace.")
    return errors


def strip_links(value: object) -> object:
    """Drop the `link` objects a client may echo back inside references."""
    if isinstance(value, dict):
        return {k: strip_links(v) for k, v in value.items() if k != "link"}
    if isinstance(value, list):
        return [strip_links(v) for v in value]
    return value


def flatten(body: dict) -> dict[str, object]:
    """Scalar properties with reference fields lifted to the top, as Ed-Fi query parameters name them."""
    flat: dict[str, object] = {}
    for key, value in body.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                if not isinstance(inner_value, (dict, list)):
                    flat.setdefault(inner, inner_value)
        elif not isinstance(value, list):
            flat[key] = value
    return flat


TYPE_ERRORS = ("must be a string.", "must be an integer.", "must be an object.", "must be an array.",
               "must be a boolean.")


def has_type_errors(errors: dict[str, list[str]]) -> bool:
    """Whether a value of the wrong JSON type is among the errors (what a strict deserializer chokes on)."""
    return any(message.endswith(TYPE_ERRORS) for messages in errors.values() for message in messages)


def key_paths(spec: ResourceSpec) -> set[str]:
    """JSON paths of the natural key, as validation errors name them."""
    return {f"$.{path}" for path in spec.key}


def reference_fields(spec: ResourceSpec) -> set[str]:
    """Names of the fields inside the resource's reference objects (what a query flattens to the top)."""
    return {name for prop in spec.props.values() if prop.kind == "object" for name in prop.children}
