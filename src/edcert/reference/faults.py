"""Named deviations of the reference target, each imitating a bug a real vendor could ship.

Every fault says which scenarios of the conformance suite must fail when it is
switched on (``caught_by``); the fault matrix in ``tests/`` holds the suite to it.
Scenario identifiers are plain strings here so that this package imports nothing
from the harness side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    api: str  # "edfi" or "linkit"
    kind: str  # the kind of requirement it breaks
    description: str  # the vendor bug it imitates, in one line
    caught_by: tuple[str, ...]  # scenarios that must fail with it on
    requirements: tuple[str, ...]  # requirement ids their failure messages must name
    outcome: str = "fail"  # "fail": the run is not certified; "warn": certified, with a warning


_LINKIT_EXAMPLES = ("LINKIT-EX1-JSON", "LINKIT-EX1-XML", "LINKIT-EX2-JSON", "LINKIT-EX2-XML")
_LINKIT_SECURITY = tuple(f"LINKIT-SEC{n}-{fmt}" for n in range(1, 7) for fmt in ("JSON", "XML"))

FAULTS: tuple[Fault, ...] = (
    # --- Ed-Fi -----------------------------------------------------------------------------
    Fault("post-returns-200-for-new", "edfi", "status code",
          "POST of a new natural key answers 200 OK instead of 201 Created",
          ("SCA-S1", "SCA-S2", "SCA-N7"),
          ("EDFI-POST-CREATED",)),
    Fault("missing-location-header", "edfi", "header",
          "POST creates the record but sends no Location header",
          ("SCA-S1", "SCA-S2", "SCA-N7"),
          ("EDFI-LOCATION",)),
    Fault("location-internal-host", "edfi", "header",
          "Location names the API's internal host behind its proxy instead of the public one",
          ("SCA-S1", "SCA-S2", "SCA-N7"),
          ("EDFI-LOCATION",)),
    Fault("location-points-elsewhere", "edfi", "header",
          "POST answers a Location whose id does not exist (id generated twice)",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-GET-BY-ID",)),
    Fault("upsert-creates-duplicate", "edfi", "persistence",
          "POST of an existing natural key inserts a second record instead of updating",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-UPSERT",)),
    Fault("put-not-stored", "edfi", "persistence",
          "PUT answers 204 No Content but does not store the change",
          ("SCA-S3",),
          ("EDFI-PUT-STORED",)),
    Fault("key-change-accepted", "edfi", "identity",
          "PUT that changes beginDate (part of the natural key) is accepted (pre-7.0 ODS behaviour)",
          ("SCA-N6",),
          ("EDFI-KEY-CHANGE-REFUSED",)),
    Fault("no-token-accepted", "edfi", "authentication",
          "resource requests without a bearer token are served",
          ("SCA-N1",),
          ("EDFI-AUTH-REQUIRED",)),
    Fault("token-accepts-any-secret", "edfi", "authentication",
          "the token endpoint issues a token for a known client id with any secret",
          ("SCA-N2",),
          ("EDFI-BAD-SECRET-REFUSED",)),
    Fault("unresolved-student-accepted", "edfi", "reference integrity",
          "an association to a student that does not exist is stored",
          ("SCA-N4",),
          ("EDFI-STUDENT-MUST-EXIST",)),
    Fault("unresolved-cohort-accepted", "edfi", "reference integrity",
          "an association to a cohort that does not exist is stored",
          ("SCA-N5",),
          ("EDFI-COHORT-MUST-EXIST",)),
    Fault("begin-date-not-required", "edfi", "validation",
          "POST without beginDate is accepted",
          ("SCA-N3",),
          ("EDFI-BEGIN-DATE-REQUIRED",)),
    Fault("dates-in-us-format", "edfi", "representation",
          "GET returns dates as MM/DD/YYYY instead of yyyy-mm-dd",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-SCHEMA",)),
    Fault("education-organization-id-as-string", "edfi", "representation",
          "GET returns educationOrganizationId as a JSON string",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-SCHEMA",)),
    Fault("missing-id-in-response", "edfi", "representation",
          "GET by id returns the resource without its id",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-ID",)),
    Fault("collection-filter-ignored", "edfi", "list semantics",
          "GET on the collection ignores the natural-key query parameters and returns everything",
          ("SCA-S2",),
          ("EDFI-QUERY-BY-KEY",)),
    Fault("delete-not-persisted", "edfi", "persistence",
          "DELETE answers 204 No Content but the record stays",
          ("SCA-N7",),
          ("EDFI-DELETE-STORED",)),
    Fault("html-500-on-post", "edfi", "crude failure",
          "POST of an association answers an HTML 500 error page",
          ("SCA-S1", "SCA-S2", "SCA-N3", "SCA-N4", "SCA-N5", "SCA-N7"),
          ("EDFI-POST-CREATED", "EDFI-BEGIN-DATE-REQUIRED", "EDFI-STUDENT-MUST-EXIST", "EDFI-COHORT-MUST-EXIST",)),
    Fault("token-expires-in-as-string", "edfi", "authentication",
          'the token response gives expires_in as a string ("1800")',
          ("SCA-S1", "SCA-S2", "SCA-S3", "SCA-N1", "SCA-N3", "SCA-N7"),
          ("EDFI-TOKEN",)),
    Fault("begin-date-shifted-by-time-zone", "edfi", "representation",
          "dates are stored as midnight local time and read back one day early",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-ROUND-TRIP",)),
    Fault("put-requires-if-match", "edfi", "status code",
          "PUT without an If-Match header is refused with 428 Precondition Required",
          ("SCA-S3",),
          ("EDFI-PUT-ACCEPTED",)),
    Fault("errors-as-plain-text", "edfi", "error body",
          "error answers are text/plain reason phrases instead of Ed-Fi JSON error bodies",
          ("SCA-N3", "SCA-N4", "SCA-N5", "SCA-N6"),
          ("EDFI-ERROR-BODY",)),
    Fault("delete-not-allowed", "edfi", "status code",
          "DELETE of an association answers 405 Method Not Allowed",
          ("SCA-N7",),
          ("EDFI-DELETE",)),
    Fault("etag-missing", "edfi", "header",
          "the association is read back without _etag (advisory: a warning, still certified)",
          ("SCA-S1", "SCA-S2"),
          ("EDFI-ETAG",), outcome="warn"),
    Fault("get-by-id-never-answers", "edfi", "crude failure",
          "GET of an association by id accepts the connection and never answers",
          ("SCA-S1", "SCA-S2"),
          ("TARGET-ANSWERS",)),
    # --- LinkIt! ---------------------------------------------------------------------------
    Fault("signature-not-verified", "linkit", "authentication",
          "the tag is never checked: any tag is accepted",
          ("LINKIT-SEC1-JSON", "LINKIT-SEC1-XML"),
          ("LINKIT-REFUSE-WRONG-TAG",)),
    Fault("verified-tag-cache-replay", "linkit", "authentication",
          "tags already verified are cached and accepted again on any program's URL",
          ("LINKIT-SEC2-JSON", "LINKIT-SEC2-XML"),
          ("LINKIT-REFUSE-REPLAYED-TAG",)),
    Fault("stale-timestamp-accepted", "linkit", "authentication",
          "the timestamp is not compared with the server clock: a day-old signed URL works",
          ("LINKIT-SEC3-JSON", "LINKIT-SEC3-XML"),
          ("LINKIT-REFUSE-STALE-TIMESTAMP",)),
    Fault("unknown-access-key-accepted", "linkit", "authentication",
          "an unknown access key falls back to the default API user's secret",
          ("LINKIT-SEC4-JSON", "LINKIT-SEC4-XML"),
          ("LINKIT-REFUSE-UNKNOWN-KEY",)),
    Fault("unknown-program-accepted", "linkit", "reference integrity",
          "assigning a program id that does not exist answers SUCCESS",
          ("LINKIT-SEC5-JSON", "LINKIT-SEC5-XML"),
          ("LINKIT-REFUSE-UNKNOWN-PROGRAM",)),
    Fault("missing-student-id-defaults", "linkit", "validation",
          "a request without StudentID is applied to the last student seen",
          ("LINKIT-SEC6-JSON", "LINKIT-SEC6-XML"),
          ("LINKIT-REFUSE-MISSING-STUDENT",)),
    Fault("error-empty-string-on-success", "linkit", "representation",
          'SUCCESS envelopes carry Error: "" instead of null',
          _LINKIT_EXAMPLES,
          ("LINKIT-ENVELOPE",)),
    Fault("program-id-as-string", "linkit", "representation",
          "ProgramID values are JSON strings instead of integers",
          ("LINKIT-EX1-JSON", "LINKIT-EX2-JSON"),
          ("LINKIT-ENVELOPE",)),
    Fault("renamed-xml-element", "linkit", "representation",
          "XML answers name each program <ProgramElement> instead of <Program>",
          ("LINKIT-EX1-XML", "LINKIT-EX2-XML"),
          ("LINKIT-XML-SHAPE",)),
    Fault("json-when-xml-asked", "linkit", "representation",
          "the answer is always JSON, whatever the Accept header asks for",
          ("LINKIT-EX1-XML", "LINKIT-EX2-XML"),
          ("LINKIT-CONTENT-TYPE",)),
    Fault("result-lowercase", "linkit", "representation",
          'Result is written "Success" instead of "SUCCESS"',
          _LINKIT_EXAMPLES,
          ("LINKIT-ENVELOPE",)),
    Fault("stale-program-list", "linkit", "list semantics",
          "Data.Programs lists the programs as they were before the call",
          _LINKIT_EXAMPLES,
          ("LINKIT-ASSIGNED", "LINKIT-DEASSIGNED",)),
    Fault("deassign-does-not-remove", "linkit", "persistence",
          "deassign answers SUCCESS without the program but keeps the student in it",
          ("LINKIT-EX2-JSON", "LINKIT-EX2-XML"),
          ("LINKIT-PERSISTED",)),
    Fault("assign-drops-existing-programs", "linkit", "list semantics",
          "assign replaces the student's programs with the new one",
          ("LINKIT-EX1-JSON", "LINKIT-EX1-XML"),
          ("LINKIT-KEEPS-OTHERS",)),
    Fault("data-on-error", "linkit", "error envelope",
          "ERROR envelopes also carry the student's Data",
          _LINKIT_SECURITY,
          ("LINKIT-ENVELOPE",)),
    Fault("overlong-error", "linkit", "error envelope",
          "ERROR messages run past the documented 100 characters",
          _LINKIT_SECURITY,
          ("LINKIT-ENVELOPE",)),
    Fault("success-with-http-201", "linkit", "status code",
          "a successful assign answers HTTP 201 Created instead of 200",
          ("LINKIT-EX1-JSON", "LINKIT-EX1-XML"),
          ("LINKIT-HTTP-200",)),
    Fault("deassign-json-truncated", "linkit", "crude failure",
          "the JSON answer to deassign is cut short after 40 bytes",
          ("LINKIT-EX2-JSON",),
          ("LINKIT-PARSES",)),
    Fault("timestamp-read-as-local-time", "linkit", "authentication",
          "the GMT timestamp is read as local time five hours off, so valid calls are refused as expired",
          _LINKIT_EXAMPLES,
          ("LINKIT-SUCCESS",)),
    Fault("student-id-internal-key", "linkit", "representation",
          "Data.StudentID carries the internal student key instead of the StudentID sent",
          _LINKIT_EXAMPLES,
          ("LINKIT-STUDENT-ID",)),
    Fault("tag-checked-after-change", "linkit", "authentication",
          "the change is applied before the tag is checked, so a refused call still changes the programs",
          ("LINKIT-SEC1-JSON", "LINKIT-SEC1-XML"),
          ("LINKIT-UNCHANGED-AFTER-ERROR",)),
    Fault("html-500-on-deassign", "linkit", "crude failure",
          "deassign answers an HTML 500 error page",
          ("LINKIT-EX2-JSON", "LINKIT-EX2-XML"),
          ("LINKIT-CONTENT-TYPE",)),
    Fault("deassign-never-answers", "linkit", "crude failure",
          "deassign accepts the connection and never answers",
          ("LINKIT-EX2-JSON", "LINKIT-EX2-XML"),
          ("TARGET-ANSWERS",)),
)

FAULTS_BY_NAME: dict[str, Fault] = {fault.name: fault for fault in FAULTS}


class UnknownFaultError(ValueError):
    def __init__(self, name: str) -> None:
        known = ", ".join(sorted(FAULTS_BY_NAME))
        super().__init__(f"unknown fault {name!r}; known faults: {known}")
        self.name = name


def check_fault_names(names: list[str] | tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """Return the names as a set, refusing any name the registry does not hold."""
    for name in names:
        if name not in FAULTS_BY_NAME:
            raise UnknownFaultError(name)
    return frozenset(names)
