"""Requirements of the Ed-Fi StudentCohortAssociation suite.

Sources: the Ed-Fi scenario sheet, RFC 6749 (OAuth 2.0), and the behaviour the Ed-Fi API
publishes in its ODS/API and Data Management Service implementations and their tests.
"""

from __future__ import annotations

from .base import EDFI_SHEET, Requirement

_ODS_POST = ("Ed-Fi ODS/API POST (DataManagementControllerBase; ODS ResponseTests "
             "'when_posting_an_existing_resource'; DMS CreateResourcesValidation.feature)")
_ODS_GET = "Ed-Fi ODS/API GET by id (DataManagementControllerBase; ODS ResponseTests)"
_ODS_ERRORS = "Ed-Fi ODS/API error responses (ODS 5 BadRequestTranslator; ODS 7.2+ and DMS problem details)"

EDFI = (
    # --- authentication ------------------------------------------------------------------------
    Requirement("EDFI-TOKEN", "the token endpoint issues a bearer token for the client credentials "
                "(client_credentials grant, JSON with access_token and token_type; expires_in a lifetime in seconds)",
                "RFC 6749 section 4.4 and 5.1; Ed-Fi ODS/API TokenController",
                "RFC 6749 5.1: access_token REQUIRED. token_type REQUIRED. expires_in RECOMMENDED: the lifetime in "
                "seconds of the access token. For example, the value \"3600\" denotes that the access token will "
                "expire in one hour from the time the response was generated."),
    Requirement("EDFI-AUTH-REQUIRED", "a resource request without a bearer token is refused with 401",
                "RFC 6750 section 3.1; Ed-Fi ODS/API authentication failures",
                "RFC 6750 3.1 invalid_token: the access token provided is expired, revoked, malformed, or invalid "
                "for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code. "
                "Ed-Fi ODS/API: no or invalid token -> 401 'Authentication Failed'."),
    Requirement("EDFI-BAD-SECRET-REFUSED", "a wrong client secret gets no token (401, or 400 invalid_client)",
                "RFC 6749 section 5.2; Ed-Fi ODS/API TokenController",
                "RFC 6749 5.2 invalid_client: Client authentication failed (e.g., unknown client, no client "
                "authentication included, or unsupported authentication method). The authorization server MAY "
                "return an HTTP 401 (Unauthorized) status code."),
    # --- scenarios 1-3 -------------------------------------------------------------------------
    Requirement("EDFI-POST-CREATED", "POST of a new association answers 201 Created "
                "(200 OK when the record already existed)", f"{EDFI_SHEET}, scenarios 1 and 2 (POST); {_ODS_POST}",
                "Scenario 1 POST: Create a student cohort association for an elementary school student. "
                "Scenario 2 POST: Create a student cohort association for a high school student. An Ed-Fi API "
                "answers a POST of a new natural key with 201 Created, and of an existing one with 200 OK."),
    Requirement("EDFI-LOCATION", "the POST answer carries a Location header pointing at the association, on the "
                "API's own origin", _ODS_POST,
                "New natural key -> 201 Created, empty body, Location = collection URL + '/' + new id. Existing "
                "natural key -> 200 OK, same Location pointing at the existing id."),
    Requirement("EDFI-GET-BY-ID", "GET on the association's Location answers 200 OK with the association", _ODS_GET,
                "GET by id: 200 with the JSON object including id and _etag; unknown id -> 404."),
    Requirement("EDFI-SCHEMA", "the association read back is valid against "
                "schemas/edfi/studentCohortAssociation.schema.json", f"{EDFI_SHEET}, resource table",
                "StudentCohortAssociations: cohortReference (REQUIRED: educationOrganizationId integer, "
                "cohortIdentifier string), studentReference (REQUIRED: studentUniqueId string), beginDate date "
                "REQUIRED, endDate date, sections OPTIONAL."),
    Requirement("EDFI-ID", "the association read back carries its resource id", _ODS_GET,
                "GET by id: 200 with the JSON object including id."),
    Requirement("EDFI-ETAG", "the association read back carries _etag (advisory)", _ODS_GET,
                "GET by id: 200 with the JSON object including id, _etag; ETag response header."),
    Requirement("EDFI-ROUND-TRIP", "every value sent comes back unchanged", f"{EDFI_SHEET}, scenarios 1 and 2",
                "Scenario 1: educationOrganizationId 255901107, cohortIdentifier \"1\", studentUniqueId 111111, "
                "beginDate 9/14/[Current School Year]. Scenario 2: 255901001, \"2\", 222222, 9/14/[Current School "
                "Year]."),
    Requirement("EDFI-QUERY-BY-KEY", "GET on the collection filtered by the four natural-key fields finds "
                "exactly that association",
                "Ed-Fi certification checks (certification-testing, StudentCohortAssociations 01 and 02)",
                "GET the collection filtered by educationOrganizationId, cohortIdentifier, studentUniqueId and "
                "beginDate; assert 200 and a non-empty array whose record carries the values written."),
    Requirement("EDFI-UPSERT", "POST of the same natural key again answers 200 OK with the same Location: an "
                "update, no duplicate", _ODS_POST,
                "Existing natural key -> 200 OK (update in place), same Location (pointing at the existing id) "
                "and new ETag."),
    Requirement("EDFI-PUT-ACCEPTED", "PUT of the association with an end date answers 204 No Content (200 OK "
                "accepted)", f"{EDFI_SHEET}, scenario 3 (PUT)",
                "Scenario 3 PUT: Add an end date to the student cohort association for an elementary student: "
                "endDate 9/21/[Current School Year]. Ed-Fi ODS/API PUT success -> 204 No Content."),
    Requirement("EDFI-PUT-STORED", "after the PUT, the association shows the end date and every other value "
                "unchanged", f"{EDFI_SHEET}, scenario 3 (PUT)",
                "Scenario 3 PUT: educationOrganizationId 255901107, cohortIdentifier \"1\", studentUniqueId 111111, "
                "beginDate 9/14/[Current School Year], endDate 9/21/[Current School Year]."),
    # --- negative ------------------------------------------------------------------------------
    Requirement("EDFI-BEGIN-DATE-REQUIRED", "POST without beginDate is rejected with 400 Bad Request",
                f"{EDFI_SHEET}, resource table: beginDate REQUIRED",
                "StudentCohortAssociations | beginDate | FALSE | date | REQUIRED"),
    Requirement("EDFI-STUDENT-MUST-EXIST", "a reference to a student that does not exist is refused "
                "(409 Conflict, or 403 Forbidden from relationship authorization)",
                f"{EDFI_SHEET}, prerequisites; Ed-Fi ODS/API unresolved references and relationship authorization",
                "Prerequisites: Cohort, Student. Ed-Fi ODS/API: an unresolved reference -> 409 'Unresolved "
                "Reference'; a student without a relationship to the caller -> 403 'Authorization Denied'."),
    Requirement("EDFI-COHORT-MUST-EXIST", "a reference to a cohort that does not exist is refused with "
                "409 Conflict", f"{EDFI_SHEET}, prerequisites; Ed-Fi ODS/API unresolved references",
                "Prerequisites: Cohort, Student. Ed-Fi ODS/API: 409, type urn:ed-fi:api:data-conflict:"
                "unresolved-reference, detail \"The referenced 'Cohort' item does not exist.\""),
    Requirement("EDFI-KEY-CHANGE-REFUSED", "a PUT that changes beginDate (part of the natural key) is rejected "
                "with 400 Bad Request", "Ed-Fi ODS/API 7 and DMS: key changes (cascading-key-updates article)",
                "StudentCohortAssociation is not among the resources that allow key updates; changing beginDate "
                "with PUT -> 400 'Key Change Not Supported': delete and recreate the item instead."),
    Requirement("EDFI-ERROR-BODY", "an error answer is JSON in the Ed-Fi error shape (ODS/API 5 message, or "
                "problem details)", _ODS_ERRORS,
                "ODS/API 3-7.1: {\"message\": \"...\", \"modelState\": {...}}. ODS/API 7.2+ and DMS: RFC 9457 "
                "problem details with type, title, status, detail, validationErrors and errors."),
    Requirement("EDFI-DELETE", "DELETE of an association answers 204 No Content",
                "Ed-Fi ODS/API DELETE (DataManagementControllerBase; ODS ResponseTests)",
                "DELETE: 204 on success; 404 for an unknown id; 409 if another item references it."),
    Requirement("EDFI-DELETE-STORED", "after DELETE, GET of the association answers 404 Not Found",
                "Ed-Fi ODS/API DELETE and GET by id",
                "DELETE: 204 on success. GET by id of an unknown id -> 404 'The specified item could not be found.'"),
)
