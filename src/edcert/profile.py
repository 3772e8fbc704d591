"""Target profiles: TOML files describing a vendor's API, validated strictly.

Unknown keys are refused (a typo never falls back to a default), ``${ENV_VAR}`` is
read from the environment, and every mistake becomes one ``ProfileError`` naming
the file, the key and the fix.
"""

from __future__ import annotations

import os
import re
import reprlib
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ProfileError
from .http import target_urls
from .inputs.data_standard import KNOWN_VERSIONS, bounds_for
from .masking import MIN_SECRET_LENGTH, Secret

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
FORMATS = ("json", "xml")
STUDENT_ID_PLACES = ("both", "body", "header")
EDFI_SCENARIOS_WITH_VALUES = ("SCA-S1", "SCA-S2")
DEFAULT_SIGNER = "edcert.linkit.signing:hmac_sha1_hex"
MAX_PROFILE_BYTES = 1024 * 1024  # a profile is a few hundred bytes; this bounds what a wrong path can cost
_DIGITS = re.compile(r"[0-9]+")


def _key(key: str) -> str:
    """A TOML key as a one-line message names it (quoted keys may hold line breaks)."""
    return key if key.isprintable() and len(key) <= 60 else reprlib.repr(key)


def _shown(value: Any) -> str:
    """A value as a one-line message shows it: short, whatever its size or nesting."""
    return reprlib.repr(value)


@dataclass(frozen=True)
class EdfiScenarioValues:
    """The "system value" overrides of one scenario; None means the document's value."""

    cohort_identifier: str | None = None
    education_organization_id: int | None = None
    student_unique_id: str | None = None


@dataclass(frozen=True)
class EdfiProfile:
    base_url: str  # "" when the profile leaves it to the API's discovery document (api_url)
    token_url: str  # likewise
    client_id: str
    client_secret: Secret = field(repr=False)
    school_year: int | None = None
    create_prerequisites: bool = False
    scenarios: dict[str, EdfiScenarioValues] = field(default_factory=dict)
    api_url: str | None = None  # the API's root: its GET answers the Ed-Fi discovery document
    data_standard: str | None = None  # wins over the Data Standard the API declares
    discovered: tuple[str, ...] = ()  # which of base_url and token_url were read from the discovery document
    # The records already on the target are this client's: a 403 on a write to one of them is the API's failure,
    # not the ownership-based authorization of records another client wrote.
    owns_existing_records: bool = False

    @property
    def resolved(self) -> bool:
        """Whether edcert knows where to send resource and token requests."""
        return bool(self.base_url and self.token_url)


@dataclass(frozen=True)
class EnrolledProgram:
    program_id: int
    name: str


@dataclass(frozen=True)
class LinkitProfile:
    base_url: str
    access_key: str
    secret: Secret = field(repr=False)
    formats: tuple[str, ...] = FORMATS
    student_id: str | None = None
    program_id: int | None = None
    program_name: str | None = None
    enrolled_programs: tuple[EnrolledProgram, ...] | None = None
    signer: str = DEFAULT_SIGNER
    student_id_in: str = "both"


@dataclass(frozen=True)
class Profile:
    source: str  # file path, or a description of the built-in target
    edfi: EdfiProfile | None = None
    linkit: LinkitProfile | None = None
    from_file: bool = False  # source is the path of a profile file

    @property
    def name(self) -> str:
        """How reports name the profile: its file name (a local path says nothing to a reader elsewhere)."""
        return Path(self.source).name if self.from_file else self.source

    @property
    def suites(self) -> tuple[str, ...]:
        return tuple(name for name in ("edfi", "linkit") if getattr(self, name) is not None)

    def for_report(self) -> dict[str, Any]:
        """The profile as the report shows it: every secret left out."""
        out: dict[str, Any] = {"source": self.name}
        if self.edfi:
            e = self.edfi
            out["edfi"] = {"api_url": e.api_url, "base_url": e.base_url or None, "token_url": e.token_url or None,
                           "data_standard": e.data_standard, "client_id": e.client_id,
                           "client_secret": "***", "school_year": e.school_year,
                           "create_prerequisites": e.create_prerequisites,
                           "owns_existing_records": e.owns_existing_records,
                           "scenarios": {k: {n: v for n, v in vars(s).items() if v is not None}
                                         for k, s in e.scenarios.items()}}
        if self.linkit:
            lk = self.linkit
            out["linkit"] = {"base_url": lk.base_url, "access_key": lk.access_key, "secret": "***",
                             "formats": list(lk.formats), "student_id": lk.student_id,
                             "program_id": lk.program_id, "program_name": lk.program_name,
                             "enrolled_programs": None if lk.enrolled_programs is None else
                             [{"program_id": p.program_id, "name": p.name} for p in lk.enrolled_programs],
                             "signer": lk.signer, "student_id_in": lk.student_id_in}
        return out


class _Reader:
    """Reads one table of the TOML document, naming the file and key in every error."""

    def __init__(self, path: str, section: str, table: Any) -> None:
        self.path, self.section = path, section
        if not isinstance(table, dict):
            raise ProfileError(path, f"[{section}]", "is not a table", f"write it as a [{section}] section")
        self.table = table
        self.used: set[str] = set()

    def name(self, key: str) -> str:
        return f"[{self.section}] {_key(key)}"

    def fail(self, key: str, problem: str, fix: str) -> ProfileError:
        return ProfileError(self.path, self.name(key), problem, fix)

    def _raw(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.table:
            if required:
                also = (" (or api_url = ..., the API's root, to read it from the API's discovery document)"
                        if self.section == "edfi" and key in ("base_url", "token_url") else "")
                raise self.fail(key, "is missing", f"add {key} = ... to the [{self.section}] section{also}")
            return None
        return self.table[key]

    def string(self, key: str, required: bool = False, secret: bool = False) -> str | None:
        value = self._raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {type(value).__name__}", f'write it in quotes: {key} = "..."')
        value = self._expand(key, value)
        if required and not value.strip():
            fix = "set it or use ${ENV_VAR}" if secret else "set it"
            raise self.fail(key, "is empty", fix)
        if secret and len(value) < MIN_SECRET_LENGTH:
            # The value itself is never shown: it is a secret, however short.
            raise self.fail(key, f"is shorter than {MIN_SECRET_LENGTH} characters",
                            "use the real secret: edcert cannot keep a value this short out of its reports")
        return value

    def _expand(self, key: str, value: str) -> str:
        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise self.fail(key, f"refers to ${{{name}}}, which is not set", f"export {name} before running edcert")
            return os.environ[name]

        return _ENV.sub(substitute, value)

    def url(self, key: str, required: bool = True) -> str:
        value = self.string(key, required=required)
        if value is None:
            return ""
        try:
            target_urls.check(value)
        except target_urls.UserinfoInUrl:
            raise self.fail(key, "holds a user name or password (user:password@host)",
                            "remove it from the URL: edcert sends credentials only as the profile's client "
                            "secret or signing secret, never inside a URL") from None
        except target_urls.UnusableUrl as problem:
            raise self.fail(key, f"is not a usable http or https URL ({target_urls.shown(value)}: {problem})",
                            "write the full URL, e.g. https://vendor.example/api/data/v3") from None
        return value.rstrip("/")

    def integer(self, key: str, low: int | None = None, high: int | None = None) -> int | None:
        value = self._raw(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be an integer, not {type(value).__name__}", f"write it without quotes: {key} = 123")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(key, f"is out of range ({_shown(value)})", f"use a value between {low} and {high}")
        return value

    def boolean(self, key: str) -> bool | None:
        value = self._raw(key, False)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {_shown(value)}", f"write {key} = true or {key} = false")
        return value

    def digits(self, key: str) -> str | None:
        value = self._raw(key, False)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _DIGITS.fullmatch(value):  # ASCII digits: "١٥" is digits to Python
            raise self.fail(key, f"must be a string of digits 0-9, not {_shown(value)}",
                            f'write it like {key} = "151557"')
        return value

    def finish(self, allowed_tables: tuple[str, ...] = ()) -> None:
        for key in self.table:
            if key not in self.used and key not in allowed_tables:
                known = ", ".join(sorted(self.used | set(allowed_tables)))
                raise self.fail(key, "is not a known key", f"remove it or fix its spelling (known keys: {known})")


def _edfi(path: str, table: Any) -> EdfiProfile:
    r = _Reader(path, "edfi", table)
    api_url = r.url("api_url", required=False) or None
    base_url, token_url = r.url("base_url", required=not api_url), r.url("token_url", required=not api_url)
    data_standard = r.string("data_standard")
    if data_standard is not None and not bounds_for(data_standard).known:
        raise r.fail("data_standard", f"is not a Data Standard edcert knows ({_shown(data_standard)})",
                     f'write the version the API runs, one of {", ".join(KNOWN_VERSIONS)}, e.g. data_standard = "5.0"')
    client_id = r.string("client_id", required=True)
    client_secret = r.string("client_secret", required=True, secret=True)
    school_year = r.integer("school_year", 1900, 2200)
    create = r.boolean("create_prerequisites")
    owns = r.boolean("owns_existing_records")
    scenarios: dict[str, EdfiScenarioValues] = {}
    raw_scenarios = r._raw("scenarios", False)
    if raw_scenarios is not None:
        if not isinstance(raw_scenarios, dict):
            raise r.fail("scenarios", "is not a table", "write [edfi.scenarios.SCA-S1] sections")
        for scenario_id, values in raw_scenarios.items():
            if scenario_id not in EDFI_SCENARIOS_WITH_VALUES:
                fix = ("SCA-S3 updates the record of SCA-S1 and takes its values from [edfi.scenarios.SCA-S1]"
                       if scenario_id == "SCA-S3" else f"use one of {', '.join(EDFI_SCENARIOS_WITH_VALUES)}")
                raise ProfileError(path, f"[edfi.scenarios.{_key(scenario_id)}]", "is not a scenario with values", fix)
            s = _Reader(path, f"edfi.scenarios.{scenario_id}", values)
            cohort = s.string("cohort_identifier")
            ed_org = s.integer("education_organization_id", 1, 2**63 - 1)
            student = s.string("student_unique_id")
            s.finish()
            scenarios[scenario_id] = EdfiScenarioValues(cohort, ed_org, student)
    r.finish()
    assert client_id is not None and client_secret is not None
    return EdfiProfile(base_url, token_url, client_id, Secret(client_secret), school_year, bool(create), scenarios,
                       api_url, data_standard, owns_existing_records=bool(owns))


def _linkit(path: str, table: Any) -> LinkitProfile:
    r = _Reader(path, "linkit", table)
    base_url = r.url("base_url")
    access_key = r.string("access_key", required=True)
    secret = r.string("secret", required=True, secret=True)
    formats_raw = r._raw("formats", False)
    formats = FORMATS
    if formats_raw is not None:
        if (not isinstance(formats_raw, list) or not formats_raw
                or any(f not in FORMATS for f in formats_raw) or len(set(formats_raw)) != len(formats_raw)):
            raise r.fail("formats", f"must be a non-empty list drawn from {list(FORMATS)}, not {_shown(formats_raw)}",
                         'write formats = ["json", "xml"]')
        formats = tuple(formats_raw)
    student_id = r.digits("student_id")
    program_id = r.integer("program_id", 1, 2**63 - 1)
    program_name = r.string("program_name")
    enrolled = None
    enrolled_raw = r._raw("enrolled_programs", False)
    if enrolled_raw is not None:
        if not isinstance(enrolled_raw, list) or not enrolled_raw:
            raise r.fail("enrolled_programs", "must be a non-empty list of programs the student already holds "
                         "(edcert reads the student's programs by re-assigning one of them)",
                         'write enrolled_programs = [{ program_id = 1552, name = "LEP" }]')
        items = []
        for index, item in enumerate(enrolled_raw):
            e = _Reader(path, f"linkit.enrolled_programs[{index}]", item)
            pid = e.integer("program_id", 1, 2**63 - 1)
            name = e.string("name", required=True)
            if pid is None:
                raise e.fail("program_id", "is missing", "add program_id = ...")
            e.finish()
            items.append(EnrolledProgram(pid, name or ""))
        enrolled = tuple(items)
    signer = r.string("signer") or DEFAULT_SIGNER
    if not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", signer):
        raise r.fail("signer", f"is not of the form module:callable ({_shown(signer)})",
                     f'write signer = "{DEFAULT_SIGNER}" or your own module:function')
    place = r.string("student_id_in") or "both"
    if place not in STUDENT_ID_PLACES:
        raise r.fail("student_id_in", f"must be one of {', '.join(STUDENT_ID_PLACES)}, not {_shown(place)}",
                     'write student_id_in = "both"')
    r.finish()
    assert access_key is not None and secret is not None
    return LinkitProfile(base_url, access_key, Secret(secret), formats, student_id, program_id, program_name,
                         enrolled, signer, place)


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file; raise ProfileError for anything wrong with it."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:  # read with a bound: --target /dev/zero must not fill memory
            data = handle.read(MAX_PROFILE_BYTES + 1)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise ProfileError(name, "file", "does not exist", "check the path given to --target") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(name, "file", f"cannot be read ({exc.__class__.__name__})",
                           "check the path and that it is a UTF-8 text file") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(name, "file", f"is larger than {MAX_PROFILE_BYTES // 1024} KiB",
                           "check the path given to --target: a target profile is a small TOML file")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(name, "file", f"is not valid TOML ({str(exc)[:200]})",
                           "fix the syntax at that line") from None
    except RecursionError:
        raise ProfileError(name, "file", "nests arrays or tables too deeply to be a target profile",
                           "check the path given to --target") from None
    return replace(profile_from_dict(document, name), from_file=True)


def profile_from_dict(document: dict[str, Any], source: str) -> Profile:
    for key in document:
        if key not in ("edfi", "linkit"):
            raise ProfileError(source, f"[{_key(key)}]" if isinstance(document[key], dict) else _key(key),
                               "is not a known section", "use [edfi] and/or [linkit]")
    if not document:
        raise ProfileError(source, "file", "has neither [edfi] nor [linkit]", "add at least one of the two sections")
    edfi = _edfi(source, document["edfi"]) if "edfi" in document else None
    linkit = _linkit(source, document["linkit"]) if "linkit" in document else None
    return Profile(source, edfi, linkit)


def profile_origins(profile: Profile) -> frozenset[target_urls.Origin]:
    """The origins of a profile: the only places edcert sends requests, and so credentials, to.

    Ed-Fi: the API's root (api_url) and the base_url and token_url the profile writes. URLs read from the
    API's discovery document add no origin: a document naming another origin never receives the secret."""
    urls = []
    if profile.edfi is not None:
        e = profile.edfi
        urls += [e.api_url or "", *(url for url, name in ((e.base_url, "base_url"), (e.token_url, "token_url"))
                                    if name not in e.discovered)]
    if profile.linkit is not None:
        urls.append(profile.linkit.base_url)
    return frozenset(o for o in map(target_urls.origin, urls) if o is not None)
