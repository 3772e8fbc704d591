"""Every behaviour the suite requires, with the place in the source documents that requires it.

Checks name one of these identifiers; failure messages, Allure and the certification
report carry it, so a reader can go from a red line to the sentence that demands it.
"""

from __future__ import annotations

from dataclasses import dataclass

EDFI_DOC = "Ed-Fi v3 StudentCohort > StudentCohortAssociation"
LINKIT_DOC = "LinkIt! Add/Remove Student from Program"


@dataclass(frozen=True)
class Requirement:
    id: str
    text: str
    source: str


_ALL = (
    # --- Ed-Fi: authentication ---------------------------------------------------------------
    Requirement("EDFI-TOKEN", "the token endpoint issues a bearer token for the client credentials "
                "(client_credentials grant, JSON with access_token and expires_in)",
                "Ed-Fi ODS/API OAuth2 (reference notes section 3)"),
    Requirement("EDFI-AUTH-REQUIRED", "a resource request without a bearer token is refused with 401",
                "Ed-Fi ODS/API authentication failures (reference notes section 2.9)"),
    Requirement("EDFI-BAD-SECRET-REFUSED", "a wrong client secret gets no token (401, or 400 invalid_client)",
                "Ed-Fi ODS/API OAuth2 (reference notes section 3)"),
    # --- Ed-Fi: scenarios 1-3 ------------------------------------------------------------------
    Requirement("EDFI-POST-CREATED", "POST of a new association answers 201 Created "
                "(200 OK when the record already existed)", f"{EDFI_DOC}, scenarios 1 and 2 (POST)"),
    Requirement("EDFI-LOCATION", "the POST answer carries a Location header pointing at the association",
                "Ed-Fi ODS/API POST semantics (reference notes section 2.2)"),
    Requirement("EDFI-GET-BY-ID", "GET on the association's Location answers 200 OK with the association",
                "Ed-Fi ODS/API GET by id (reference notes section 2.3)"),
    Requirement("EDFI-SCHEMA", "the association read back is valid against "
                "schemas/edfi/studentCohortAssociation.schema.json", f"{EDFI_DOC}, resource table"),
    Requirement("EDFI-ID", "the association read back carries its resource id",
                "Ed-Fi ODS/API GET by id (reference notes section 2.3)"),
    Requirement("EDFI-ETAG", "the association read back carries _etag (advisory)",
                "Ed-Fi ODS/API GET by id (reference notes section 2.3)"),
    Requirement("EDFI-ROUND-TRIP", "every value sent comes back unchanged", f"{EDFI_DOC}, scenarios 1 and 2"),
    Requirement("EDFI-QUERY-BY-KEY", "GET on the collection filtered by the four natural-key fields finds "
                "exactly that association", "Ed-Fi certification checks (reference notes section 4)"),
    Requirement("EDFI-UPSERT", "POST of the same natural key again answers 200 OK with the same Location: an "
                "update, no duplicate", "Ed-Fi ODS/API POST upsert (reference notes section 2.2)"),
    Requirement("EDFI-PUT-ACCEPTED", "PUT of the association with an end date answers 204 No Content (200 OK "
                "accepted)", f"{EDFI_DOC}, scenario 3 (PUT)"),
    Requirement("EDFI-PUT-STORED", "after the PUT, the association shows the end date and every other value "
                "unchanged", f"{EDFI_DOC}, scenario 3 (PUT)"),
    # --- Ed-Fi: negative ---------------------------------------------------------------------
    Requirement("EDFI-BEGIN-DATE-REQUIRED", "POST without beginDate is rejected with 400 Bad Request",
                f"{EDFI_DOC}, resource table: beginDate REQUIRED"),
    Requirement("EDFI-STUDENT-MUST-EXIST", "a reference to a student that does not exist is refused "
                "(409 Conflict, or 403 Forbidden from relationship authorization)",
                f"{EDFI_DOC}, prerequisites: Student (reference notes section 2.8)"),
    Requirement("EDFI-COHORT-MUST-EXIST", "a reference to a cohort that does not exist is refused with "
                "409 Conflict", f"{EDFI_DOC}, prerequisites: Cohort (reference notes section 2.8)"),
    Requirement("EDFI-KEY-CHANGE-REFUSED", "a PUT that changes beginDate (part of the natural key) is rejected "
                "with 400 Bad Request", "Ed-Fi ODS/API 7 key changes (reference notes section 2.4)"),
    Requirement("EDFI-ERROR-BODY", "an error answer is JSON in the Ed-Fi error shape (ODS/API 5 message, or "
                "problem details)", "Ed-Fi ODS/API error responses (reference notes sections 2.6-2.9)"),
    Requirement("EDFI-DELETE", "DELETE of an association answers 204 No Content",
                "Ed-Fi ODS/API DELETE (reference notes section 2.5)"),
    Requirement("EDFI-DELETE-STORED", "after DELETE, GET of the association answers 404 Not Found",
                "Ed-Fi ODS/API DELETE (reference notes section 2.5)"),
    # --- LinkIt! -----------------------------------------------------------------------------
    Requirement("LINKIT-HTTP-200", "a SUCCESS answer comes with HTTP 200", f"{LINKIT_DOC}, Response"),
    Requirement("LINKIT-CONTENT-TYPE", "the answer's Content-Type is the format asked for (JSON or XML)",
                f"{LINKIT_DOC}, Examples (JSON, XML)"),
    Requirement("LINKIT-PARSES", "the answer parses as the format asked for", f"{LINKIT_DOC}, Examples"),
    Requirement("LINKIT-XML-SHAPE", "an XML answer has root <Response> with <Result>, <Data> "
                "(<StudentID>, <Programs>/<Program>) and <Error>", f"{LINKIT_DOC}, Examples (XML)"),
    Requirement("LINKIT-ENVELOPE", "the answer is a Result/Data/Error envelope valid against "
                "schemas/linkit/response-envelope.schema.json", f"{LINKIT_DOC}, Response table"),
    Requirement("LINKIT-SUCCESS", "a valid, signed call answers Result SUCCESS", f"{LINKIT_DOC}, Examples 1 and 2"),
    Requirement("LINKIT-STUDENT-ID", "Data.StudentID is the student sent (a string of digits, as shown)",
                f"{LINKIT_DOC}, Response: Data.StudentID"),
    Requirement("LINKIT-ASSIGNED", "after assign, Data.Programs holds the program with its name",
                f"{LINKIT_DOC}, Example 1"),
    Requirement("LINKIT-DEASSIGNED", "after deassign, Data.Programs no longer holds the program",
                f"{LINKIT_DOC}, Example 2"),
    Requirement("LINKIT-KEEPS-OTHERS", "the programs the student was already in are still listed",
                f"{LINKIT_DOC}, Examples 1 and 2 (LEP stays)"),
    Requirement("LINKIT-PERSISTED", "a following call shows the change was stored",
                f"{LINKIT_DOC}, Response: all the programs the student is currently enrolled in"),
    Requirement("LINKIT-REFUSE-WRONG-TAG", "a call with a wrong tag is refused with an ERROR envelope",
                f"{LINKIT_DOC}, Tag: token generated for authorization and authentication"),
    Requirement("LINKIT-REFUSE-REPLAYED-TAG", "a tag taken from another program's URL is refused with an ERROR "
                "envelope", f"{LINKIT_DOC}, Tag (signature covers the request URL)"),
    Requirement("LINKIT-REFUSE-STALE-TIMESTAMP", "a call whose timestamp is 24 hours old is refused with an "
                "ERROR envelope", f"{LINKIT_DOC}, TimeStamp: the GMT time at which the call is generated"),
    Requirement("LINKIT-REFUSE-UNKNOWN-KEY", "a call with an unknown access key is refused with an ERROR "
                "envelope", f"{LINKIT_DOC}, AccessKey: a unique key associated with the API user"),
    Requirement("LINKIT-REFUSE-UNKNOWN-PROGRAM", "a call for a program id that does not exist is refused with "
                "an ERROR envelope", f"{LINKIT_DOC}, id: the unique ID that identifies the program"),
    Requirement("LINKIT-REFUSE-MISSING-STUDENT", "a call without StudentID is refused with an ERROR envelope",
                f"{LINKIT_DOC}, StudentID: Required"),
    Requirement("LINKIT-UNCHANGED-AFTER-ERROR", "after a refused call the student's programs are unchanged",
                f"{LINKIT_DOC}, Result ERROR"),
    # --- both --------------------------------------------------------------------------------
    Requirement("TARGET-ANSWERS", "the target answers each request within --timeout with a complete HTTP "
                "response", "edcert contract: --timeout"),
)

REQUIREMENTS: dict[str, Requirement] = {r.id: r for r in _ALL}


def requirement(requirement_id: str) -> Requirement:
    return REQUIREMENTS[requirement_id]
