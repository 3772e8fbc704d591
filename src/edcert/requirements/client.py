"""Requirements on the vendor's client: an SIS writing to Ed-Fi, an application calling LinkIt!.

edcert listen judges them from the requests the client sends to the built-in reference target;
edcert readback judges the Ed-Fi ones from what the SIS stored in an Ed-Fi API. Every identifier
here names the side it judges (EDFI-CLIENT-..., LINKIT-CLIENT-...), so a report reader never
mistakes a client's failure for an API's.
"""

from __future__ import annotations

from .base import EDFI_SHEET, LINKIT_DOC, Requirement

_CERTIFICATION_CHECKS = ("Ed-Fi SIS certification checks (certification-testing, StudentCohortAssociations "
                         "tests 01-03)")
_READ_BACK = ("Test 01/02: GET the collection filtered by educationOrganizationId, cohortIdentifier, "
              "studentUniqueId and beginDate; assert 200, a non-empty array and the values written; store the "
              "record's id. Test 03: GET the association by the stored id; assert 200 and that endDate changed.")
_SCENARIOS = ("Scenarios: 1. Create a student cohort association for an elementary school student. 2. Create a "
              "student cohort association for a high school student. 3. Add an end date to the student cohort "
              "association for an elementary student. Scenario 1 POST | Scenario 2 POST | Scenario 3 PUT")
_BOUNDS_SOURCE = ("RFC 6585 section 4 (429 Too Many Requests); RFC 9110 section 15.5.14 (413 Content Too Large); "
                  "edcert listen's bounds of a session (README, edcert listen)")
_BOUNDS_QUOTE = ("RFC 6585 4: the user has sent too many requests in a given amount of time (\"rate limiting\"). "
                 "edcert listen keeps at most 1000 exchanges or 8 MiB of each API's requests, reads at most 1 MiB of one "
                 "request body, closes a connection whose request line and headers take over 10 s (its body over "
                 "60 s), and allows 32 connections open at once; the scenarios need about 20 requests.")


def _bounds(api: str, side: str) -> Requirement:
    return Requirement(f"{api}-CLIENT-WITHIN-BOUNDS", f"the {side} stays within the bounds of an edcert listen "
                       "session: no requests beyond the exchanges and bytes it keeps, no request whose line and "
                       "headers or body take longer than its deadlines, no more connections open at once than it "
                       "allows", _BOUNDS_SOURCE, _BOUNDS_QUOTE)


_VALUES = ("educationOrganizationId | integer | REQUIRED | 255901107 | 255901001 | 255901107; cohortIdentifier | "
           "string | REQUIRED | [\"1\" if possible | system value] | [\"2\" if possible | system value] | [\"1\" if "
           "possible | system value]; studentUniqueId | string | REQUIRED | 111111 | 222222 | 111111; beginDate | "
           "date | REQUIRED | 9/14/[Current School Year] (all three); endDate | date | 9/21/[Current School Year] "
           "(scenario 3)")
# Reports mask every value that follows "&tag=", so the quotes name the tag parameter apart.
_TEMPLATE = ("HTTPS PUT /programs/{id}?verb=assign&timestamp={TimeStamp}&accesskey={AccessKey}, then the tag "
             "parameter last, tag={Token} (Remove: verb=deassign)")
_EXAMPLE_URL = ("Request URL /programs/19740?verb=assign&timestamp=6%2f26%2f2013+1%3a32%3a07+PM&accesskey="
                "123456789-987654321, then the tag parameter, 40 lowercase hex characters (3eac8309...bedbc08)")
_EXAMPLES_END = ('Example 1 Response Content: {"Result":"SUCCESS", "Data":{"StudentID":"151557", "Programs":'
                 '[{"ProgramID":1552, "Name":"LEP"}, {"ProgramID":19740, "Name":"Free and Reduced"}]}, "Error":null}. '
                 'Example 2 Response Content: {"Result":"SUCCESS", "Data":{"StudentID":"151557", "Programs":'
                 '[{"ProgramID":1552, "Name":"LEP"}]}, "Error":null}')

EDFI_CLIENT = (
    # --- authentication ------------------------------------------------------------------------
    Requirement("EDFI-CLIENT-TOKEN", "the client gets its bearer token from the token endpoint with the "
                "client_credentials grant and its own client id and secret (in a Basic header or in the body, not "
                "both, never in the URL)",
                "RFC 6749 sections 2.3.1 and 4.4.2; Ed-Fi ODS/API authentication (client developers' guide)",
                "RFC 6749 4.4.2: grant_type REQUIRED. Value MUST be set to \"client_credentials\". 2.3.1: the "
                "parameters can only be transmitted in the request-body and MUST NOT be included in the request "
                "URI. Ed-Fi ODS/API: the key and secret go in an Authorization: Basic header, or as client_id and "
                "client_secret in the body; both at once is refused."),
    Requirement("EDFI-CLIENT-TOKEN-REUSE", "the client keeps its token for its lifetime instead of getting one "
                "for every call (advisory)",
                "RFC 6749 section 5.1 (expires_in); Ed-Fi certification tooling (certification-testing collection)",
                "RFC 6749 5.1: expires_in RECOMMENDED. The lifetime in seconds of the access token. Ed-Fi's "
                "certification collection gets a token once and reuses it until now + expires_in."),
    Requirement("EDFI-CLIENT-BEARER", "every resource request carries Authorization: Bearer with a token the "
                "token endpoint issued to the client", "RFC 6750 section 2.1; Ed-Fi ODS/API authentication",
                "RFC 6750 2.1: the client uses the \"Bearer\" authentication scheme to transmit the access token "
                "(Authorization: Bearer mF_9.B5f-4.1JqM). Ed-Fi ODS/API: a resource request without a valid "
                "token is refused with 401 'Authentication Failed'."),
    Requirement("EDFI-CLIENT-RENEWS-TOKEN", "after a 401 the client gets a new token before its next resource "
                "request", "RFC 6750 section 3.1; Ed-Fi ODS/API tokens expire (expires_in, 1800 s by default)",
                "RFC 6750 3.1 invalid_token: the access token provided is expired, revoked, malformed, or invalid "
                "for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code. The "
                "client MAY request a new access token and retry the protected resource request."),
    # --- scenarios 1-3 -------------------------------------------------------------------------
    Requirement("EDFI-CLIENT-SCENARIO-SENT", "the client sends the write each scenario names: a POST for "
                "scenarios 1 and 2, an update of the record of scenario 1 for scenario 3",
                f"{EDFI_SHEET}, scenarios", _SCENARIOS),
    Requirement("EDFI-CLIENT-JSON", "the write's body is JSON sent with Content-Type application/json",
                "Ed-Fi ODS/API resource writes (415 Unsupported Media Type)",
                "Ed-Fi ODS/API: a POST or PUT whose Content-Type is missing or not application/json is refused "
                "with 415 Unsupported Media Type."),
    Requirement("EDFI-CLIENT-NO-ID", "a POST body carries no id: the API assigns it",
                "Ed-Fi ODS/API POST (ODS 5: 'Resource identifiers cannot be assigned by the client.'; ODS 7 and DMS "
                "data-validation-failed)",
                "Resource identifiers cannot be assigned by the client. The 'id' property should not be included "
                "in the request body."),
    Requirement("EDFI-CLIENT-DATE-FORMAT", "dates are written yyyy-mm-dd (beginDate 9/14 and endDate 9/21 of "
                "the school year)", f"{EDFI_SHEET}, resource table; Ed-Fi ODS/API date elements",
                "beginDate | FALSE | date | REQUIRED | 9/14/[Current School Year]; endDate | FALSE | date | "
                "9/21/[Current School Year]. Ed-Fi ODS/API: date elements are written as a date only, yyyy-mm-dd; "
                "a datetime or another form is refused."),
    Requirement("EDFI-CLIENT-SCHEMA", "the body is valid against schemas/edfi/studentCohortAssociation.request."
                "schema.json", f"{EDFI_SHEET}, resource table",
                "StudentCohortAssociations: cohortReference (REQUIRED: educationOrganizationId integer, "
                "cohortIdentifier string), studentReference (REQUIRED: studentUniqueId string), beginDate date "
                "REQUIRED, endDate date, sections OPTIONAL."),
    Requirement("EDFI-CLIENT-VALUES", "the body carries the scenario's values: the sheet's, or the system values "
                "declared to edcert; for scenario 3 the end date added and nothing else changed",
                f"{EDFI_SHEET}, scenarios 1-3", _VALUES),
    Requirement("EDFI-CLIENT-PREREQUISITES", "the cohort and the student the association refers to were on the "
                "API before it (already there, or created by the client first)", f"{EDFI_SHEET}, prerequisites",
                "Prerequisites: Cohort, Student. An Ed-Fi API refuses an association whose cohort or student does "
                "not exist (409 'Unresolved Reference', or 403 for a student without a relationship)."),
    Requirement("EDFI-CLIENT-ACCEPTED", "the API accepted the write: 201 Created or 200 OK for a POST, "
                "204 No Content or 200 OK for a PUT",
                "Ed-Fi ODS/API POST and PUT; Ed-Fi SIS certification (the vendor shows its transactional tests "
                "succeed, and handles HTTP errors)",
                "POST: new natural key -> 201 Created, existing natural key -> 200 OK. PUT: success -> 204 No "
                "Content."),
    Requirement("EDFI-CLIENT-SAME-RECORD", "scenario 3 updates the record of scenario 1 in place, keeping its id "
                "(a PUT to its id, or a POST of the same natural key); a delete and re-create is not an update",
                f"{_CERTIFICATION_CHECKS}; Ed-Fi certification for data providers (testing requirements)",
                f"{_READ_BACK} POST or PUT are both acceptable for updates."),
    Requirement("EDFI-CLIENT-STORED", "the records stored at the end are as the sheet says: the record of "
                "scenarios 1 and 3 with endDate 9/21, the record of scenario 2 without endDate, each found by its "
                "natural key", _CERTIFICATION_CHECKS, _READ_BACK),
    _bounds("EDFI", "SIS"),
)

LINKIT_CLIENT = (
    Requirement("LINKIT-CLIENT-EXAMPLE-SENT", "the client makes each example's call: Example 1 adds the student "
                "(verb=assign), Example 2 removes them (verb=deassign)", f"{LINKIT_DOC}, Resource URI and Examples",
                "Add /programs/{id}?verb=assign. Remove /programs/{id}?verb=deassign. Example 1: Add the student "
                "(StudentID: 151557) to the program (ProgramID: 19740). Example 2: Remove the student (StudentID: "
                "151557) from the program (ProgramID: 19740)."),
    Requirement("LINKIT-CLIENT-PUT", "the call is an HTTP PUT", f"{LINKIT_DOC}, Resource URI and Examples",
                f"{_TEMPLATE}. Method PUT."),
    Requirement("LINKIT-CLIENT-PARAMETERS", "the request URL carries verb, timestamp, accesskey (the key the "
                "client was given) and tag", f"{LINKIT_DOC}, Parameters for Request URL",
                f"{_TEMPLATE}. TimeStamp | Yes; AccessKey | Yes | a unique key associated with the API user; "
                "Tag | Yes | token generated for authorization and authentication."),
    Requirement("LINKIT-CLIENT-TEMPLATE", "the parameters come in the template's order (verb, timestamp, "
                "accesskey, tag) and are named as the template writes them (advisory)",
                f"{LINKIT_DOC}, Resource URI", _TEMPLATE),
    Requirement("LINKIT-CLIENT-TIMESTAMP", "the timestamp is the GMT time of the call, written M/d/yyyy "
                "h:mm:ss AM|PM, within 15 minutes of the moment it arrives",
                f"{LINKIT_DOC}, Parameters for Request URL: TimeStamp",
                "TimeStamp | Yes | DATETIME | the GMT time at which the call is generated. EXAMPLE: "
                f"5/1/2013+5:10:5+PM. {_EXAMPLE_URL}"),
    Requirement("LINKIT-CLIENT-TAG", "the tag verifies: lowercase hex HMAC-SHA1 of the path and query as sent, "
                "up to the tag parameter, keyed with the secret (edcert's reading of the document), or the vendor's "
                "declared signer", f"{LINKIT_DOC}, Parameters for Request URL: Tag; edcert's documented tag scheme",
                "Tag | Yes | STRING (128) | token generated for authorization and authentication. The examples' "
                "tags are 40 lowercase hex characters, the length of a SHA-1 digest."),
    Requirement("LINKIT-CLIENT-ESCAPES", "percent-escapes and the tag are written in lower case, as in the "
                "examples (advisory: servers commonly accept both)", f"{LINKIT_DOC}, Examples", _EXAMPLE_URL),
    Requirement("LINKIT-CLIENT-STUDENT-ID", "the call sends the example's StudentID, in the body or in a "
                "StudentID header (the same value if in both)", f"{LINKIT_DOC}, Parameters for Request Header",
                "StudentID | Yes | INTEGER | the ID of the student that you would like to add/remove from the "
                "program. Request Header { \"StudentID\": \"151557\" }"),
    Requirement("LINKIT-CLIENT-BODY", "a body has the format's shape, with a matching Content-Type: the JSON "
                "object {\"StudentID\": ...}, or <ProgramElement> holding <StudentID>", f"{LINKIT_DOC}, Examples",
                "JSON: { \"StudentID\": \"151557\" }. XML: <ProgramElement xmlns:xsd=... xmlns:xsi=...> "
                "<StudentID>151557</StudentID> </ProgramElement>"),
    Requirement("LINKIT-CLIENT-ACCEPT", "the Accept header asks for the example's format (JSON or XML)",
                f"{LINKIT_DOC}, Examples (JSON, XML)",
                "Each example is given twice, JSON and XML: the JSON request gets the JSON Response Content, the "
                "XML request the <Response> XML."),
    Requirement("LINKIT-CLIENT-ORDER", "Example 1 comes before Example 2 in each format, with no other removal "
                "of the program in between", f"{LINKIT_DOC}, Examples 1 and 2",
                "Example 1: Add the student (StudentID: 151557) to the program (ProgramID: 19740). Example 2: "
                "Remove the student (StudentID: 151557) from the program (ProgramID: 19740)."),
    Requirement("LINKIT-CLIENT-END-STATE", "the API answered SUCCESS and the student's programs are as the "
                "example shows: after Example 1 the programs held and the new one; after Example 2, and at the end "
                "of the session, the programs held only", f"{LINKIT_DOC}, Examples 1 and 2", _EXAMPLES_END),
    _bounds("LINKIT", "application"),
)

CLIENT = (*EDFI_CLIENT, *LINKIT_CLIENT)
