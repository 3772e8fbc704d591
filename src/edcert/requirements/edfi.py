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
    Requirement("EDFI-TOKEN", "the token endpoint answers the client credentials grant with a bearer token that "
                "may be sent: 200, JSON, token_type bearer, access_token a b64token of at least 22 characters; "
                "expires_in, when given, the token's lifetime in seconds (its absence is a warning)",
                "RFC 6749 sections 4.4.3, 5.1 and 10.10; RFC 6750 section 2.1; Ed-Fi ODS/API TokenController",
                "RFC 6749 5.1: access_token REQUIRED. token_type REQUIRED. expires_in RECOMMENDED: the lifetime in "
                "seconds of the access token. For example, the value \"3600\" denotes that the access token will "
                "expire in one hour from the time the response was generated. RFC 6750 2.1: b64token = 1*( ALPHA / "
                "DIGIT / \"-\" / \".\" / \"_\" / \"~\" / \"+\" / \"/\" ) *\"=\"; credentials = \"Bearer\" 1*SP "
                "b64token. RFC 6749 10.10: The probability of an attacker guessing generated tokens MUST be less "
                "than or equal to 2^(-128) (22 characters of a b64token carry at most 132 bits)."),
    Requirement("EDFI-AUTH-REQUIRED", "every request to the resource (GET by id, GET of the collection, POST, PUT, "
                "DELETE) without a valid bearer token is refused with 401: no Authorization header, a malformed "
                "one, a token never issued, altered or empty, Bearer written twice, Basic client credentials, the "
                "client secret or client id sent as the token, a token never issued in an access_token parameter",
                "RFC 6750 sections 2.1 and 3.1; RFC 9110 section 15.5.2; Ed-Fi ODS/API authentication failures",
                "RFC 6750 2.1: credentials = \"Bearer\" 1*SP b64token. RFC 6750 3.1 invalid_token: the access token "
                "provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond "
                "with the HTTP 401 (Unauthorized) status code. Ed-Fi ODS/API: no or invalid token -> 401 "
                "'Authentication Failed' ('Authorization header is missing.', 'Invalid Authorization header.')."),
    Requirement("EDFI-REFUSED-CHANGES-NOTHING", "a request the API refuses (401, 400, 412) changes nothing: no "
                "association is created, changed or removed",
                "RFC 9110 sections 15.5.2, 15.5.1 and 13.1.1",
                "401 (Unauthorized): the request has not been applied because it lacks valid authentication "
                "credentials for the target resource. 400 (Bad Request): the server cannot or will not process the "
                "request due to something that is perceived to be a client error. If-Match: an origin server MUST "
                "NOT perform the requested method if a received If-Match condition evaluates to false."),
    Requirement("EDFI-BAD-SECRET-REFUSED", "a wrong client secret gets no token (401, or 400 invalid_client)",
                "RFC 6749 section 5.2; Ed-Fi ODS/API TokenController",
                "RFC 6749 5.2 invalid_client: Client authentication failed (e.g., unknown client, no client "
                "authentication included, or unsupported authentication method). The authorization server MAY "
                "return an HTTP 401 (Unauthorized) status code."),
    # --- scenarios 1-3 -------------------------------------------------------------------------
    Requirement("EDFI-POST-CREATED", "POST of a new association answers 201 Created "
                "(200 OK when the record already existed); a new natural key is one that differs in any of its "
                "four fields", f"{EDFI_SHEET}, scenarios 1 and 2 (POST); {_ODS_POST}",
                "Scenario 1 POST: Create a student cohort association for an elementary school student. "
                "Scenario 2 POST: Create a student cohort association for a high school student. An Ed-Fi API "
                "answers a POST of a new natural key with 201 Created, and of an existing one with 200 OK. Natural "
                "key = beginDate + cohortIdentifier + educationOrganizationId + studentUniqueId."),
    Requirement("EDFI-LOCATION", "the POST answer carries a Location header pointing at the association, on the "
                "API's own origin", _ODS_POST,
                "New natural key -> 201 Created, empty body, Location = collection URL + '/' + new id. Existing "
                "natural key -> 200 OK, same Location pointing at the existing id."),
    Requirement("EDFI-GET-BY-ID", "GET on the association's Location answers 200 OK with the association", _ODS_GET,
                "GET by id: 200 with the JSON object including id and _etag; unknown id -> 404."),
    Requirement("EDFI-SCHEMA", "the association read back is valid against "
                "schemas/edfi/studentCohortAssociation.schema.json and, for a Data Standard whose Ed-Fi Resources API "
                "specification edcert vendors (3.3), against the schema derived from it (schemas/edfi/ds-3.3/)",
                f"{EDFI_SHEET}, resource table; Ed-Fi Resources API specification (Ed-Fi-API-Standards)",
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
    Requirement("EDFI-QUERY-BY-KEY", "GET on the collection filtered by the four natural-key fields answers "
                "exactly that association, also when another differs in one key field; a key that matches nothing "
                "answers an empty array",
                "Ed-Fi certification checks (certification-testing, StudentCohortAssociations 01 and 02); Ed-Fi "
                "ODS/API and DMS collection queries",
                "GET the collection filtered by educationOrganizationId, cohortIdentifier, studentUniqueId and "
                "beginDate; assert 200 and a non-empty array whose record carries the values written. Collection: "
                "200 with a JSON array (an empty array when nothing matches)."),
    Requirement("EDFI-UPSERT", "POST of the same natural key again answers 200 OK with the same Location: an "
                "update, no duplicate", _ODS_POST,
                "Existing natural key -> 200 OK (update in place), same Location (pointing at the existing id) "
                "and new ETag."),
    Requirement("EDFI-UPSERT-STORES", "POST of an existing natural key with a changed value (endDate) stores "
                "the change: reading the association back shows it", _ODS_POST,
                "Existing natural key -> 200 OK (update in place) with the values of the body, same Location "
                "(pointing at the existing id) and new ETag."),
    Requirement("EDFI-PUT-ACCEPTED", "PUT of the association with an end date answers 204 No Content (200 OK "
                "accepted)", f"{EDFI_SHEET}, scenario 3 (PUT)",
                "Scenario 3 PUT: Add an end date to the student cohort association for an elementary student: "
                "endDate 9/21/[Current School Year]. Ed-Fi ODS/API PUT success -> 204 No Content."),
    Requirement("EDFI-PUT-STORED", "after the PUT, the association shows the end date and every other value "
                "unchanged", f"{EDFI_SHEET}, scenario 3 (PUT)",
                "Scenario 3 PUT: educationOrganizationId 255901107, cohortIdentifier \"1\", studentUniqueId 111111, "
                "beginDate 9/14/[Current School Year], endDate 9/21/[Current School Year]."),
    Requirement("EDFI-PUT-REPLACES", "PUT replaces the association: a value the PUT leaves out (endDate) is "
                "removed", "RFC 9110 section 9.3.4; Ed-Fi ODS/API and DMS PUT",
                "The PUT method requests that the state of the target resource be created or replaced with the state "
                "defined by the representation enclosed in the request message content. Ed-Fi: PUT /{id} updates "
                "the item with the body sent (endDate is optional and nullable)."),
    Requirement("EDFI-PUT-URL-ID", "PUT changes only the association its URL names: a different id in the body "
                "is refused (400, Data Management Service) or ignored (ODS/API)",
                "Ed-Fi ODS/API PUT (OpenApiMetadataPathsFactory); DMS UpdateResourcesValidation.feature",
                "ODS/API: the id in a PUT body is ignored; the URL's id names the item. DMS: the body id must equal "
                "the URL id, else 400 'Request body id must match the id in the url.'"),
    Requirement("EDFI-UNKNOWN-ID", "GET, PUT and DELETE of an id that does not exist (never issued, or deleted) "
                "answer 404 Not Found, and a PUT does not create it",
                "Ed-Fi ODS/API GET, PUT and DELETE (DataManagementControllerBase; ODS ResponseTests); DMS",
                "Unknown id -> 404: 'The specified item could not be found.' (GET), 'Resource to update was not "
                "found.' (PUT), 'Resource to delete was not found.' (DELETE)."),
    Requirement("EDFI-IF-MATCH", "where the API gives ETags, a PUT or DELETE whose If-Match carries the current "
                "ETag is applied and one whose If-Match carries a stale ETag is refused with 412 Precondition "
                "Failed (advisory: an API that gives no ETag gets a warning)",
                "Ed-Fi ODS/API and DMS optimistic locking (ODS ResponseTests, DMS etag.feature); RFC 9110 13.1.1",
                "Mismatched If-Match on PUT or DELETE -> 412: 'Resource was modified by another consumer.' (ODS/API "
                "5); urn:ed-fi:api:optimistic-lock-failed, 'The item has been modified by another user.' (ODS/API 7, "
                "DMS). No If-Match -> no check. RFC 9110: an origin server MUST NOT perform the requested method if a "
                "received If-Match condition evaluates to false."),
    # --- negative ------------------------------------------------------------------------------
    Requirement("EDFI-REQUIRED-VALUES", "POST without any one required value (cohortReference and its "
                "cohortIdentifier and educationOrganizationId, studentReference and its studentUniqueId, beginDate) "
                "is rejected with 400 Bad Request", f"{EDFI_SHEET}, resource table: Required / Optional",
                "StudentCohortAssociations | cohortReference | REQUIRED; cohortReference | educationOrganizationId | "
                "integer | REQUIRED; cohortReference | cohortIdentifier | string | REQUIRED; StudentCohortAssociations "
                "| studentReference | REQUIRED; studentReference | studentUniqueId | string | REQUIRED; "
                "StudentCohortAssociations | beginDate | date | REQUIRED"),
    Requirement("EDFI-VALUE-TYPES", "POST with a value of the wrong JSON type (text that is no number for an "
                "integer, an object or array for a string or date, text or an array for a reference) is rejected "
                "with 400 Bad Request, as is an integer the Data Standard judged cannot hold",
                f"{EDFI_SHEET}, resource table: Data Type; {_ODS_ERRORS}",
                "cohortReference | educationOrganizationId | integer; cohortReference | cohortIdentifier | string; "
                "studentReference | studentUniqueId | string; beginDate | date. ODS/API: a body that cannot be read "
                "into the resource -> 400 'The request is invalid.'; DMS: schema validation -> 400 'Data Validation "
                "Failed'."),
    Requirement("EDFI-DATES", "POST with a date that does not exist (2026-02-30) is rejected with 400; a date not "
                "written yyyy-mm-dd is rejected with 400, or read as the Ed-Fi sheet writes it (M/D/YYYY) and read "
                "back as the same date in yyyy-mm-dd",
                f"{EDFI_SHEET}, resource table: beginDate, endDate date; Ed-Fi ODS/API date elements; DMS "
                "CreateResourcesValidation.feature",
                "beginDate | date | REQUIRED: 9/14/[Current School Year]. Ed-Fi ODS/API: date elements are date-only, "
                "yyyy-mm-dd, and the date part is what is returned. The Data Management Service coerces 5/1/2009 "
                "to 2009-05-01."),
    Requirement("EDFI-MAX-LENGTH", "POST with a string longer than the Data Standard judged allows (cohortIdentifier "
                "over 20 in Data Standard 3 and 4, over 36 from 5, over 36 when no version is known; studentUniqueId "
                "over 32 characters) is rejected with 400 Bad Request",
                "Ed-Fi Data Standard 3.x to 6.x (ODS/API DDL); Ed-Fi ODS/API and DMS validation messages",
                "cohortIdentifier: at most 20 characters in Data Standard 3 and 4, 36 from Data Standard 5. "
                "studentUniqueId: at most 32 characters in every Data Standard. ODS/API: '<Property> must be at most "
                "N characters in length.'; DMS: '<property> Value should be at most N characters'."),
    Requirement("EDFI-POST-NO-ID", "POST of an association carrying an id of its own is rejected with 400 Bad "
                "Request: the API assigns resource ids", _ODS_POST,
                "Body containing id -> 400. ODS/API 5: 'Resource identifiers cannot be assigned by the client.' "
                "ODS/API 7 and DMS: urn:ed-fi:api:bad-request:data-validation-failed, 'The request data was "
                "constructed incorrectly.'"),
    Requirement("EDFI-BODY-IS-OBJECT", "POST whose body is empty, not JSON, or not one JSON object is rejected "
                "with 400 Bad Request", f"{_ODS_ERRORS}; RFC 9110 section 15.5.1",
                "Empty body: 'A non-empty request body is required.' ODS/API model binding failures: 400 'The "
                "request is invalid.' RFC 9110: 400 (Bad Request) ... malformed request syntax."),
    Requirement("EDFI-STUDENT-MUST-EXIST", "a reference to a student that does not exist is refused "
                "(409 Conflict, or 403 Forbidden from relationship authorization)",
                f"{EDFI_SHEET}, prerequisites; Ed-Fi ODS/API unresolved references and relationship authorization",
                "Prerequisites: Cohort, Student. Ed-Fi ODS/API: an unresolved reference -> 409 'Unresolved "
                "Reference'; a student without a relationship to the caller -> 403 'Authorization Denied'."),
    Requirement("EDFI-COHORT-MUST-EXIST", "a reference to a cohort that does not exist is refused with "
                "409 Conflict", f"{EDFI_SHEET}, prerequisites; Ed-Fi ODS/API unresolved references",
                "Prerequisites: Cohort, Student. Ed-Fi ODS/API: 409, type urn:ed-fi:api:data-conflict:"
                "unresolved-reference, detail \"The referenced 'Cohort' item does not exist.\""),
    Requirement("EDFI-KEY-CHANGE-REFUSED", "a PUT that changes any natural-key field (beginDate, the student, the "
                "cohort's identifier or education organization) is rejected with 400 Bad Request (409 or 403 where "
                "the changed reference does not resolve or is not authorized) and moves nothing",
                "Ed-Fi ODS/API 7 and DMS: key changes (cascading-key-updates article)",
                "StudentCohortAssociation is not among the resources that allow key updates; changing beginDate "
                "with PUT -> 400 'Key Change Not Supported': delete and recreate the item instead. Natural key = "
                "beginDate + cohortIdentifier + educationOrganizationId + studentUniqueId."),
    Requirement("EDFI-ERROR-BODY", "an error answer is JSON in the Ed-Fi error shape (ODS/API 5 message, or "
                "RFC 9457 problem details saying what went wrong in their title or detail)",
                f"{_ODS_ERRORS}; RFC 9457 section 3",
                "ODS/API 3-7.1: {\"message\": \"...\", \"modelState\": {...}}. ODS/API 7.2+ and DMS: RFC 9457 "
                "problem details with type, title, status, detail, validationErrors and errors. RFC 9457 3.2: "
                "Problem type definitions MAY extend the problem details object with additional members."),
    Requirement("EDFI-DELETE", "DELETE of an association answers 204 No Content (or 200 OK with a body "
                "describing the outcome)",
                "Ed-Fi ODS/API DELETE (DataManagementControllerBase; ODS ResponseTests); RFC 9110 section 9.3.5",
                "DELETE: 204 on success; 404 for an unknown id; 409 if another item references it. RFC 9110 9.3.5: "
                "If a DELETE method is successfully applied, the origin server SHOULD send a 202 (Accepted) status "
                "code if the action will likely succeed but has not yet been enacted, a 204 (No Content) status code "
                "if the action has been enacted and no further information is to be supplied, or a 200 (OK) status "
                "code if the action has been enacted and the response message includes a representation describing "
                "the status."),
    Requirement("EDFI-DELETE-STORED", "after DELETE, GET of the association answers 404 Not Found, and an "
                "association differing from it only in beginDate is still there",
                "Ed-Fi ODS/API DELETE and GET by id",
                "DELETE: 204 on success. GET by id of an unknown id -> 404 'The specified item could not be found.' "
                "The natural key is beginDate + cohortIdentifier + educationOrganizationId + studentUniqueId: "
                "associations differing in beginDate alone are different items."),
    # --- the request model (src/edcert/inputs/edfi.py) ------------------------------------------
    Requirement("EDFI-TOKEN-REQUEST-REFUSED", "a token request whose client_id, client_secret or grant_type is "
                "missing, empty, unknown, in another letter case (the secret) or repeated gets no token: 401, or 400 "
                "with an RFC 6749 5.2 error code (a token for a repeated parameter whose first value is right is a "
                "warning); the client's credentials in the form body get a token or are refused as unsupported",
                "RFC 6749 sections 2.3.1, 3.2 and 5.2; Ed-Fi ODS/API TokenController; DMS token endpoint",
                "RFC 6749 2.3.1: The authorization server MUST support the HTTP Basic authentication scheme ... "
                "Including the client credentials in the request-body using the two parameters is NOT RECOMMENDED. "
                "3.2: Parameters sent without a value MUST be treated as if they were omitted from the request ... "
                "Request and response parameters MUST NOT be included more than once. 5.2: invalid_request (missing "
                "a required parameter ... repeats a parameter), invalid_client (Client authentication failed), "
                "unsupported_grant_type."),
    Requirement("EDFI-AUTH-SCHEME-CASE", "a bearer token sent with the scheme written in lower case (\"bearer\") "
                "is accepted: authentication schemes are case-insensitive",
                "RFC 9110 section 11.1; RFC 6750 section 2.1",
                "RFC 9110 11.1: It uses a case-insensitive token to identify the authentication scheme."),
    Requirement("EDFI-BODY-RULES", "a POST with any one value of the association broken (each part of each "
                "reference, each date and the body itself: missing, empty, of the wrong type, not parsing, a "
                "date-time where a date is due, too long or out of range under every Data Standard) is rejected "
                "with 400 Bad Request and stores nothing",
                f"{EDFI_SHEET}, resource table; Ed-Fi Data Standard lengths; {_ODS_ERRORS}",
                "cohortReference | educationOrganizationId | integer | REQUIRED; cohortIdentifier | string | "
                "REQUIRED; studentReference | studentUniqueId | string | REQUIRED; beginDate | date | REQUIRED; "
                "endDate | date. Ed-Fi ODS/API: date elements are date-only (yyyy-mm-dd) and a datetime is "
                "rejected."),
    Requirement("EDFI-PUT-VALIDATED", "a PUT with any one value of the association broken is rejected with 400 "
                "Bad Request, exactly as a POST is, and the association read back is unchanged",
                f"{EDFI_SHEET}, resource table; {_ODS_ERRORS}; RFC 9110 section 9.3.4",
                "The resource's rules hold for every write: PUT /{id} updates the item with the body sent, which "
                "is validated as a POST's is (ODS/API and DMS run one validation for both). 400 (Bad Request): the "
                "server cannot or will not process the request."),
    Requirement("EDFI-REFERENCE-RESOLVES", "a cohortReference resolves by both its fields: an existing cohort's "
                "identifier at another education organization, or another cohort's identifier at this one, is "
                "refused (409 Conflict, or 403 Forbidden), unless that cohort exists there too",
                "Ed-Fi ODS/API unresolved references; cohort natural key",
                "Cohort natural key = cohortIdentifier + educationOrganizationReference.educationOrganizationId. "
                "ODS/API 7: 409, urn:ed-fi:api:data-conflict:unresolved-reference, \"The referenced 'Cohort' item "
                "does not exist.\""),
    Requirement("EDFI-NATURAL-KEY", "the upsert matches on all four natural-key fields: a POST differing from an "
                "existing association in beginDate, the student or the cohort creates another one (201, another "
                "id) and leaves the first unchanged; the same four again answer 200 with the first's Location",
                _ODS_POST,
                "Natural key = beginDate + cohortIdentifier + educationOrganizationId + studentUniqueId. New "
                "natural key -> 201 Created; existing natural key -> 200 OK, same Location."),
    Requirement("EDFI-QUERY-FILTERS", "every natural-key filter of the collection query is applied, alone or "
                "with the others: the answer holds exactly the associations that match (of those the scenario "
                "made)",
                "Ed-Fi certification checks (StudentCohortAssociations 01 and 02); Ed-Fi ODS/API and DMS queries",
                "Query by any resource property incl. natural-key fields flattened out of references: "
                "?educationOrganizationId=...&cohortIdentifier=...&studentUniqueId=...&beginDate=yyyy-mm-dd."),
    Requirement("EDFI-WRITE-STORED", "every write (POST of a new key with an endDate, POST upsert with another "
                "endDate, PUT) is read back exactly: what was sent, and nothing contradicting it (no value of the "
                "resource that was not sent); id, _etag, _lastModifiedDate and link objects may be added",
                f"{EDFI_SHEET}; {_ODS_POST}; RFC 9110 section 9.3.4",
                "New natural key -> 201 Created; existing natural key -> 200 OK (update in place) with the values "
                "of the body. PUT: the state of the target resource be created or replaced with the state defined "
                "by the representation enclosed in the request."),
    Requirement("EDFI-ETAG-CHANGES", "where the API gives ETags, every write gives the association a new one: "
                "after POST create, POST upsert and PUT the ETag differs from the one before (compared without "
                "quotes or W/)",
                "Ed-Fi ODS/API POST and PUT (ETag header); RFC 9110 sections 8.8.3 and 13.1.1",
                "Existing natural key -> 200 OK ... and new ETag. RFC 9110 8.8.3: An entity tag is an opaque "
                "validator for differentiating between multiple representations of the same resource."),
    Requirement("EDFI-QUERY-PAGING", "the collection query pages as Ed-Fi APIs define it: limit bounds the "
                "answer, offset moves through the matches (each once over the pages), totalCount=true gives a "
                "Total-Count header with the number of matches, and a limit or offset that is not a number is "
                "refused with 400",
                "Ed-Fi ODS/API and DMS collection queries (ODS Postman paging tests; DMS PagingQueryString.feature)",
                "Paging: offset (default 0), limit (default 25; max 500). totalCount=true -> header Total-Count with "
                "the full match count. DMS: 'Limit must be omitted or set to a numeric value between 0 and 500.', "
                "'Offset must be a numeric value greater than or equal to 0.'"),
)
