"""The Ed-Fi part of a client's traffic: its token requests, its resource requests, and which scenario
each write belongs to.

A write is matched to a scenario by the student it names (then cohort and education organization),
not by the exactness of its values, so a write with a wrong date or a wrong cohort is still judged
as the scenario it attempts. Scenario 3 is the update of the record scenario 1 created: a PUT to
that record's id, a POST of scenario 1's student with an end date once that record exists, or a
DELETE of it (evidence of a delete and re-create).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..edfi.data import ASSOCIATIONS, Association
from ..http.transport import Exchange
from ..untrusted import BEYOND_BOUNDS, Unreadable, read_json
from .traffic import RecordedExchange

S1, S2, S3 = "CLIENT-SCA-S1", "CLIENT-SCA-S2", "CLIENT-SCA-S3"
TOKEN, READ, PREREQUISITE, OTHER = "token request", "a read", "prerequisite", "not part of a scenario"


@dataclass(frozen=True)
class EdfiPaths:
    data_prefix: str  # "/data/v3/ed-fi/": resources are below it
    token_path: str  # "/oauth/token"

    @classmethod
    def of(cls, base_url: str, token_url: str) -> EdfiPaths:
        return cls(urlsplit(base_url).path.rstrip("/") + "/ed-fi/", urlsplit(token_url).path)


@dataclass
class EdfiSnapshot:
    """The associations stored on the reference target when the session ended, read by edcert itself."""

    records: list[dict] | None
    exchange: Exchange | None = None
    problem: str = ""  # why the stored data could not be read, if it could not

    def __repr__(self) -> str:
        return f"EdfiSnapshot({'unread' if self.records is None else len(self.records)} associations)"

    def holding(self, values: Association) -> list[dict]:
        """The stored associations with the natural key of these values."""
        return [r for r in self.records or [] if natural_key(r) == natural_key(values.body())]


def natural_key(body: Any) -> tuple[str, str, str, str] | None:
    if not isinstance(body, dict):
        return None
    cohort = body.get("cohortReference") if isinstance(body.get("cohortReference"), dict) else {}
    student = body.get("studentReference") if isinstance(body.get("studentReference"), dict) else {}
    return (str(body.get("beginDate")), str(cohort.get("cohortIdentifier")), str(cohort.get("educationOrganizationId")),
            str(student.get("studentUniqueId")))


def json_body(record: RecordedExchange) -> Any:
    """The request body as JSON, or None when it is not JSON (or not readable: see ``json_problem``)."""
    try:
        return read_json(record.request_body) if record.request_body.strip() else None
    except Unreadable:
        return None


def json_problem(record: RecordedExchange, bounds_only: bool = False) -> str | None:
    """Why the request body cannot be read as JSON (cut at the session's bound, too deep, not JSON, ...); None
    when it can, or when there is no body."""
    if record.request_body_size > len(record.request_body):
        return (f"a body of {record.request_body_size} bytes, over the {len(record.request_body)} bytes edcert "
                "listen reads of one request")
    if not record.request_body.strip():
        return None
    try:
        read_json(record.request_body)
    except Unreadable as problem:
        if bounds_only and not isinstance(problem, BEYOND_BOUNDS):
            return None  # an ordinary mistake: judged by the scenario whose request it is
        return f"a body that {problem.reason}" if problem.reason.startswith("does") else f"a body {problem.reason}"
    return None


#: Fields an Ed-Fi API returns and ignores when a client sends them back (a read, changed, then written).
READ_ONLY = ("_etag", "_lastModifiedDate")


def without_read_only(body: Any) -> tuple[Any, list[str]]:
    """The body without the read-only fields an Ed-Fi API ignores (_etag, _lastModifiedDate, the links inside
    references), and the names of those it held."""
    if not isinstance(body, dict):
        return body, []
    dropped = [key for key in READ_ONLY if key in body]
    kept: dict = {}
    for key, value in body.items():
        if key in READ_ONLY:
            continue
        if isinstance(value, dict) and "link" in value:
            dropped.append(f"{key}.link")
            value = {k: v for k, v in value.items() if k != "link"}
        kept[key] = value
    return kept, dropped


#: Properties a write must carry: a null there is a missing value, not an absent optional one.
_REQUIRED = ("cohortReference", "studentReference", "beginDate")


def without_absent_values(body: Any) -> tuple[Any, list[str]]:
    """The body without the optional properties it writes as null or as an empty list ("endDate": null,
    "sections": []), which Ed-Fi APIs read as absent (the ODS/API binds null to no value; the Data Management
    Service prunes null values and empty arrays before it validates), and the names of those it held. A
    null `id` stays: the Data Management Service refuses a POST body that names `id` at all."""
    if not isinstance(body, dict):
        return body, []
    absent = [key for key, value in body.items()
              if key not in (*_REQUIRED, "id") and (value is None or value == [])]
    return {k: v for k, v in body.items() if k not in absent}, absent


def normalised_id(value: str | None) -> str | None:
    return value.replace("-", "").lower() if value else None


def location_id(record: RecordedExchange) -> str | None:
    """The id in the Location of a successful POST."""
    location = record.response_header("location")
    if record.status not in (200, 201) or not location:
        return None
    return normalised_id(urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1])


@dataclass
class EdfiTraffic:
    paths: EdfiPaths
    expected: dict[int, Association]  # scenarios 1 and 2 (scenario 3 updates the record of scenario 1)
    records: list[RecordedExchange] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    created: dict[str, str] = field(default_factory=dict)  # scenario -> id of the record its POST created
    issued: dict[str, int] = field(default_factory=dict)  # token -> number of the request that obtained it

    def __repr__(self) -> str:
        return f"EdfiTraffic({len(self.records)} Ed-Fi requests)"

    @classmethod
    def of(cls, paths: EdfiPaths, expected: dict[int, Association], records: list[RecordedExchange]) -> EdfiTraffic:
        traffic = cls(paths, expected)
        for record in records:
            traffic.add(record)
        return traffic

    def concerns(self, record: RecordedExchange) -> bool:
        return record.raw_path == self.paths.token_path or record.raw_path.startswith(self.paths.data_prefix)

    # --- matching -----------------------------------------------------------------------------
    def add(self, record: RecordedExchange) -> str:
        """Take the next request into account and say what it is: a scenario, a token request, ..."""
        if not self.concerns(record):
            return ""
        self.records.append(record)
        label = self._label(record)
        self.labels[record.number] = label
        if label == TOKEN and record.status == 200:
            try:
                token = read_json(record.response_body).get("access_token")
            except (Unreadable, AttributeError):
                token = None
            if isinstance(token, str):
                self.issued[token] = record.number
        if label in (S1, S2) and record.method == "POST" and location_id(record):
            self.created[label] = location_id(record) or ""
        return label

    def _scenario_of(self, body: Any) -> int | None:
        """The scenario whose student (then cohort and education organization) the body names."""
        key = natural_key(body)
        if key is None:
            return None
        _, cohort, ed_org, student = key
        scores = {}
        for number, values in self.expected.items():
            if student == values.student_unique_id:
                scores[number] = 2 * (cohort == values.cohort_identifier) + (ed_org == str(values.education_organization_id))
        return max(scores, key=lambda n: scores[n]) if scores else None

    def _label(self, record: RecordedExchange) -> str:
        if record.raw_path == self.paths.token_path:
            return TOKEN
        resource, _, rest = record.raw_path[len(self.paths.data_prefix):].partition("/")
        if record.method in ("GET", "HEAD"):
            return READ
        if resource.lower() != ASSOCIATIONS.lower():
            return PREREQUISITE if resource in ("cohorts", "students") else OTHER
        target_id = normalised_id(rest.strip("/")) if rest.strip("/") else None
        if target_id and target_id == self.created.get(S1):
            return S3 if record.method in ("PUT", "DELETE", "POST") else OTHER
        if target_id and target_id == self.created.get(S2):
            return S2
        if record.method == "DELETE":
            return OTHER
        number = self._scenario_of(json_body(record))
        if number == 2:
            return S2
        if number == 1:
            body = json_body(record)
            if record.method == "PUT" or (isinstance(body, dict) and body.get("endDate") is not None
                                          and S1 in self.created):
                return S3
            return S1
        return OTHER

    # --- what the scenarios read --------------------------------------------------------------
    def labelled(self, label: str) -> list[RecordedExchange]:
        return [r for r in self.records if self.labels.get(r.number) == label]

    def token_requests(self) -> list[RecordedExchange]:
        return self.labelled(TOKEN)

    def resource_requests(self) -> list[RecordedExchange]:
        return [r for r in self.records if r.raw_path.startswith(self.paths.data_prefix)]

    def creation(self, label: str) -> RecordedExchange | None:
        """The scenario's POST: the last one, which decided what the API holds."""
        posts = [r for r in self.labelled(label) if r.method == "POST"]
        return posts[-1] if posts else None

    def update(self) -> RecordedExchange | None:
        """Scenario 3's update of the record of scenario 1: its last PUT or POST."""
        writes = [r for r in self.labelled(S3) if r.method in ("PUT", "POST")]
        return writes[-1] if writes else None

    def deletions_of(self, record_id: str) -> list[RecordedExchange]:
        return [r for r in self.records if r.method == "DELETE"
                and normalised_id(r.raw_path.rstrip("/").rsplit("/", 1)[-1]) == record_id]

    def renewal_probe(self) -> RecordedExchange | None:
        """The request edcert answered 401 itself to see the client renew its token, if it did."""
        from .recorder import RENEWAL_NOTE

        return next((r for r in self.records if r.note == RENEWAL_NOTE), None)


def form_fields(record: RecordedExchange) -> dict[str, str]:
    """The fields of a token request body, form-encoded or JSON."""
    if "json" in record.content_type:
        body = json_body(record)
        return {k: str(v) for k, v in body.items()} if isinstance(body, dict) else {}
    return dict(parse_qsl(record.request_body.decode("utf-8", errors="replace"), keep_blank_values=True))
