"""The values a client must write: the documents', or the "system values" of a target profile.

``edcert listen --values PROFILE.toml`` reads only the scenario value tables of a profile,
``[edfi.scenarios.SCA-S1]``/``[edfi.scenarios.SCA-S2]`` and the ``[linkit]`` student and program
values (and its ``signer``, the vendor's declared tag scheme). Addresses and secrets in the file are
neither needed nor read, so ``${ENV_VAR}`` secrets need not be set. The value tables are checked with
the same rules as a target profile (profile.profile_from_dict), and a key a profile cannot hold is
refused, so a typo never falls back to the document's value.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..edfi.data import Association, document_date
from ..edfi.scenario import DOCUMENT_VALUES
from ..errors import HarnessError, ProfileError
from ..profile import EdfiScenarioValues, EnrolledProgram, profile_from_dict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_EDFI_KEYS = {"base_url", "token_url", "client_id", "client_secret", "school_year", "create_prerequisites",
              "owns_existing_records", "scenarios"}
_LINKIT_KEYS = {"base_url", "access_key", "secret", "formats", "student_id", "program_id", "program_name",
                "enrolled_programs", "signer", "student_id_in"}
_LINKIT_VALUE_KEYS = ("formats", "student_id", "program_id", "program_name", "enrolled_programs", "signer")
_PLACEHOLDERS = {"edfi": {"base_url": "http://values.invalid/data/v3", "token_url": "http://values.invalid/oauth/token",
                          "client_id": "values", "client_secret": "values-are-not-secrets"},
                 "linkit": {"base_url": "http://values.invalid/linkit", "access_key": "values",
                            "secret": "values-are-not-secrets"}}

#: The documents' values (Ed-Fi sheet scenarios 1 and 2; LinkIt! examples 1 and 2).
DOCUMENT_EDFI = {1: EdfiScenarioValues("1", 255901107, "111111"), 2: EdfiScenarioValues("2", 255901001, "222222")}
DOCUMENT_STUDENT, DOCUMENT_PROGRAM, DOCUMENT_PROGRAM_NAME = "151557", 19740, "Free and Reduced"
DOCUMENT_HELD = (EnrolledProgram(1552, "LEP"),)
#: What the feature tables say of each scenario; a table that says otherwise is a defect of the suite.
DOCUMENT_TABLES = DOCUMENT_VALUES


@dataclass(frozen=True)
class SystemValues:
    """The client's values; every field left None is the document's."""

    source: str | None = None
    edfi: dict[str, EdfiScenarioValues] = field(default_factory=dict)  # "SCA-S1", "SCA-S2"
    student_id: str | None = None
    program_id: int | None = None
    program_name: str | None = None
    held: tuple[EnrolledProgram, ...] | None = None
    signer: str | None = None
    formats: tuple[str, ...] | None = None

    @property
    def linkit_student(self) -> str:
        return self.student_id or DOCUMENT_STUDENT

    @property
    def linkit_program(self) -> int:
        return self.program_id or DOCUMENT_PROGRAM

    @property
    def linkit_program_name(self) -> str:
        return self.program_name or DOCUMENT_PROGRAM_NAME

    @property
    def linkit_held(self) -> tuple[EnrolledProgram, ...]:
        return DOCUMENT_HELD if self.held is None else self.held

    def edfi_values(self, number: int) -> EdfiScenarioValues:
        """Scenario 1's or 2's values (scenario 3 updates the record of scenario 1)."""
        document = DOCUMENT_EDFI[2 if number == 2 else 1]
        own = self.edfi.get("SCA-S2" if number == 2 else "SCA-S1") or EdfiScenarioValues()
        return EdfiScenarioValues(own.cohort_identifier or document.cohort_identifier,
                                  own.education_organization_id or document.education_organization_id,
                                  own.student_unique_id or document.student_unique_id)

    def association(self, number: int, school_year: int, table: dict[str, str] | None = None) -> Association:
        """The association scenario `number` writes, checked against the scenario's feature table."""
        if table is not None:
            for prop, value in DOCUMENT_TABLES[number].items():
                if table.get(prop) != value:
                    raise HarnessError(f"feature table of scenario {number} says {prop} = {table.get(prop)!r}, but "
                                       f"the source document says {value!r}; fix the feature file")
        values = self.edfi_values(number)
        end = (table or {}).get("endDate") or ("9/21/[Current School Year]" if number == 3 else None)
        assert values.cohort_identifier and values.education_organization_id and values.student_unique_id
        return Association(values.cohort_identifier, values.education_organization_id, values.student_unique_id,
                           document_date((table or {}).get("beginDate", "9/14/[Current School Year]"), school_year),
                           document_date(end, school_year) if end else None)

    def describe(self) -> dict[str, object]:
        """For the report: the values the client was judged against."""
        out: dict[str, object] = {"source": self.source or "the documents' values"}
        for number in (1, 2):
            out[f"SCA-S{number}"] = vars(self.edfi_values(number))
        out["linkit"] = {"student_id": self.linkit_student, "program_id": self.linkit_program,
                         "held_programs": [p.program_id for p in self.linkit_held],
                         "signer": self.signer or "edcert's documented scheme (HMAC-SHA1, lowercase hex)"}
        return out


def load_values(path: str | Path) -> SystemValues:
    """Read the value tables of a target profile; raise ProfileError naming the key and the fix."""
    name = str(path)
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(name, "file", "does not exist", "check the path given to --values") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(name, "file", f"cannot be read as TOML ({exc})", "fix the file given to --values") from None
    for section in document:
        if section not in ("edfi", "linkit") or not isinstance(document[section], dict):
            raise ProfileError(name, f"[{section}]", "is not a known section", "use [edfi] and/or [linkit]")
    for section, known in (("edfi", _EDFI_KEYS), ("linkit", _LINKIT_KEYS)):
        for key in document.get(section, {}):
            if key not in known:
                raise ProfileError(name, f"[{section}] {key}", "is not a known key",
                                   f"remove it or fix its spelling (known keys: {', '.join(sorted(known))})")
    checked: dict[str, dict] = {}
    if "scenarios" in document.get("edfi", {}):
        checked["edfi"] = {**_PLACEHOLDERS["edfi"], "scenarios": document["edfi"]["scenarios"]}
    linkit_values = {k: v for k, v in document.get("linkit", {}).items() if k in _LINKIT_VALUE_KEYS}
    if linkit_values:
        checked["linkit"] = {**_PLACEHOLDERS["linkit"], **linkit_values}
    if not checked:
        return SystemValues(source=Path(name).name)
    profile = profile_from_dict(checked, name)
    linkit = profile.linkit
    return SystemValues(
        source=Path(name).name, edfi=dict(profile.edfi.scenarios) if profile.edfi else {},
        student_id=linkit.student_id if linkit else None, program_id=linkit.program_id if linkit else None,
        program_name=linkit.program_name if linkit else None, held=linkit.enrolled_programs if linkit else None,
        signer=linkit.signer if linkit and "signer" in linkit_values else None,
        formats=linkit.formats if linkit and "formats" in linkit_values else None)
