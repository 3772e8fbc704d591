"""The requests an Ed-Fi client (the SIS) must send, their elements, and each way a client gets one wrong.

Token request (CLIENT-SCA-N1), the bearer token on every resource request (CLIENT-SCA-N2), and the writes
of the scenario sheet (CLIENT-SCA-S1 to S3). Each refused cell names the reference-client fault that sends
it: the fault hits the token requests, the update of scenario 3, or the POST of scenario 2 (scenario 1's
POST is judged by the same steps; scenario 2's is the one whose failure disturbs no other scenario).
"""

from __future__ import annotations

from .client_cells import HEADER, allowed, refused
from .model import Table

TOKEN, BEARER, JSON, SCHEMA = "EDFI-CLIENT-TOKEN", "EDFI-CLIENT-BEARER", "EDFI-CLIENT-JSON", "EDFI-CLIENT-SCHEMA"
DATES, VALUES, NO_ID = "EDFI-CLIENT-DATE-FORMAT", "EDFI-CLIENT-VALUES", "EDFI-CLIENT-NO-ID"
SENT = "EDFI-CLIENT-SCENARIO-SENT"
SAME, ACCEPTED = "EDFI-CLIENT-SAME-RECORD", "EDFI-CLIENT-ACCEPTED"
_NOT_S2 = "the write names no student of scenario 2, so it is not taken for scenario 2"
_NOT_S1 = "no JSON object to read a student from, so the write is not taken for scenario 1"

TOKEN_TABLE = Table(
    "client-edfi-token",
    "POST {token_url}, grant_type=client_credentials, the client's id and secret in a Basic header or as "
    "client_id and client_secret in the form body",
    TOKEN, "CLIENT-SCA-N1", (
        refused("method", "another valid value", TOKEN, "token-request-with-get", "GET instead of POST"),
        refused("Content-Type", "missing", TOKEN, "token-request-without-content-type"),
        refused("Content-Type", "unknown", TOKEN, "token-request-as-text-plain", "text/plain"),
        allowed("Content-Type", "another valid value",
                "a JSON body sent as application/json: Ed-Fi ODS/API token endpoints read it",
                "independent sis-token-request-in-json"),
        refused("grant_type", "missing", TOKEN, "token-without-grant-type"),
        refused("grant_type", "empty", TOKEN, "token-grant-type-empty"),
        refused("grant_type", "unknown", TOKEN, "token-grant-type-misspelt", "client_credential"),
        refused("grant_type", "another valid value", TOKEN, "token-password-grant", "password"),
        refused("grant_type", "other case", TOKEN, "token-grant-type-capitalised",
                "Client_Credentials: RFC 6749 values are case-sensitive"),
        refused("grant_type", "duplicated", TOKEN, "token-grant-type-twice",
                "RFC 6749 3.2: a parameter MUST NOT be included more than once"),
        refused("grant_type", "moved", TOKEN, "token-grant-type-in-url", "in the URL's query, not the body"),
        refused("client id", "missing", TOKEN, "token-form-without-client-id", "client_secret alone in the form"),
        refused("client id", "empty", TOKEN, "token-basic-empty-client-id", "Basic :secret"),
        refused("client id", "unknown", TOKEN, "token-unknown-client-id"),
        refused("client id", "other case", TOKEN, "token-client-id-upper-case"),
        refused("client id", "moved", TOKEN, "credentials-in-token-url", "in the URL's query"),
        refused("client secret", "missing", TOKEN, "token-basic-without-secret", "Basic id, no colon"),
        refused("client secret", "empty", TOKEN, "token-basic-empty-secret", "Basic id:"),
        refused("client secret", "unknown", TOKEN, "token-wrong-secret"),
        refused("client secret", "other case", TOKEN, "token-secret-other-case"),
        refused("client secret", "duplicated", TOKEN, "token-credentials-in-header-and-body",
                "in the Basic header and in the body (the Ed-Fi API refuses both)"),
        refused("client secret", "moved", TOKEN, "token-secret-as-bearer", "sent as Authorization: Bearer"),
        refused("Basic credentials", "malformed", TOKEN, "token-basic-not-base64", "not base64"),
        allowed("Basic credentials", "moved", "client_id and client_secret in the form body instead: RFC 6749 "
                "2.3.1 allows either", "variant form-credentials"),
        allowed("Basic credentials", "other case", "scheme written basic: RFC 9110 11.1, an auth scheme is "
                "case-insensitive", "variant lower-case-schemes"),
    ), header=HEADER)

BEARER_TABLE = Table(
    "client-edfi-bearer",
    "every resource request: Authorization: Bearer {the token the token endpoint issued}", BEARER, "CLIENT-SCA-N2", (
        refused("Authorization", "missing", BEARER, "no-bearer-on-update"),
        refused("Authorization", "empty", BEARER, "authorization-empty-on-a-read"),
        refused("Authorization", "duplicated", BEARER, "two-authorization-headers-on-a-read",
                "two Authorization headers, the issued token and another"),
        refused("bearer scheme", "missing", BEARER, "token-without-scheme-on-a-read", "the token alone"),
        refused("bearer scheme", "another valid value", BEARER, "basic-credentials-on-a-read",
                "Basic with the client's id and secret"),
        allowed("bearer scheme", "other case", "bearer in lower case: RFC 9110 11.1, an auth scheme is "
                "case-insensitive", "independent sis-lower-case-bearer"),
        refused("bearer token", "empty", BEARER, "bearer-token-empty-on-a-read"),
        refused("bearer token", "unknown", BEARER, "made-up-bearer-token-on-a-read"),
        refused("bearer token", "malformed", BEARER, "bearer-token-quoted-on-a-read", "in double quotes"),
        refused("bearer token", "other case", BEARER, "bearer-token-upper-case-on-a-read"),
        refused("bearer token", "moved", BEARER, "bearer-token-in-query-on-a-read", "access_token in the query"),
        refused("bearer token", "another valid value", BEARER, "client-secret-as-bearer-on-a-read",
                "the client secret"),
    ), header=HEADER)

CONTENT_TABLE = Table(
    "client-edfi-write-form",
    "POST {base_url}/ed-fi/studentCohortAssociations (scenarios 1 and 2) and the update of scenario 3: a JSON "
    "object sent as application/json", JSON, "CLIENT-SCA-S1", (
        refused("Content-Type", "missing", JSON, "no-content-type-on-scenario-1"),
        refused("Content-Type", "another valid value", JSON, "form-content-type", "application/x-www-form-urlencoded"),
        refused("Content-Type", "unknown", JSON, "text-plain-on-scenario-1", "text/plain"),
        allowed("Content-Type", "other case", "Application/JSON: RFC 9110 8.3.1, a media type is "
                "case-insensitive", "variant lower-case-schemes"),
        refused("body", "malformed", SENT, "truncated-body-on-scenario-1", _NOT_S1),
        refused("body", "wrong type", SENT, "array-body-on-scenario-1", "a JSON array: " + _NOT_S1),
        refused("body", "duplicated", SCHEMA, "begin-date-twice-on-scenario-1",
                "beginDate written twice with two values; readers keep either"),
    ), header=HEADER)

BODY_TABLE = Table(
    "client-edfi-write-body",
    "the body of the POST of scenarios 1 and 2: studentReference.studentUniqueId, cohortReference."
    "{cohortIdentifier, educationOrganizationId}, beginDate, no id", SCHEMA, "CLIENT-SCA-S2", (
        refused("studentUniqueId", "missing", SENT, "student-missing-on-scenario-2", _NOT_S2),
        refused("studentUniqueId", "empty", SENT, "student-empty-on-scenario-2", _NOT_S2),
        refused("studentUniqueId", "wrong type", SCHEMA, "student-as-number-on-scenario-2", "a JSON number"),
        refused("studentUniqueId", "unknown", SENT, "unknown-student-on-scenario-2", _NOT_S2),
        refused("studentUniqueId", "moved", SENT, "student-outside-reference-on-scenario-2",
                "beside studentReference, not in it: " + _NOT_S2),
        refused("cohortIdentifier", "missing", SCHEMA, "cohort-missing-on-scenario-2"),
        refused("cohortIdentifier", "empty", SCHEMA, "cohort-empty-on-scenario-2"),
        refused("cohortIdentifier", "wrong type", SCHEMA, "cohort-as-number-on-scenario-2"),
        refused("cohortIdentifier", "unknown", VALUES, "unknown-cohort-on-scenario-2"),
        refused("cohortIdentifier", "another valid value", VALUES, "scenario-2-in-cohort-1"),
        allowed("cohortIdentifier", "other case", "the sheet's identifiers (\"1\", \"2\") are digits; with system "
                "values another case is another value (a refusal under EDFI-CLIENT-VALUES)"),
        refused("educationOrganizationId", "missing", SCHEMA, "ed-org-missing-on-scenario-2"),
        refused("educationOrganizationId", "wrong type", SCHEMA, "education-organization-id-as-string"),
        refused("educationOrganizationId", "another valid value", VALUES, "elementary-ed-org-on-scenario-2",
                "255901107, the elementary school's"),
        refused("educationOrganizationId", "out of range", SCHEMA, "ed-org-negative-on-scenario-2"),
        refused("beginDate", "missing", SCHEMA, "begin-date-missing-on-scenario-2"),
        refused("beginDate", "empty", DATES, "begin-date-empty-on-scenario-2"),
        refused("beginDate", "wrong type", DATES, "begin-date-as-number-on-scenario-2"),
        refused("beginDate", "malformed", DATES, "impossible-begin-date-on-scenario-2", "2026-09-31"),
        refused("beginDate", "another valid value", VALUES, "begin-date-a-day-late-on-scenario-2", "9/15"),
        refused("beginDate", "moved", DATES, "dates-written-m-d-yyyy", "written M/D/YYYY"),
        refused("id", "another valid value", NO_ID, "id-in-post-body"),
        refused("id", "empty", NO_ID, "null-id-on-scenario-2", "\"id\": null"),
        refused("unknown property", "unknown", SCHEMA, "extra-property-on-scenario-2", "studentUSI"),
        allowed("endDate", "empty", "\"endDate\": null or \"sections\": []: Ed-Fi APIs read both as absent",
                "independent sis-null-end-date"),
    ), header=HEADER)

UPDATE_TABLE = Table(
    "client-edfi-update",
    "the update of scenario 3: PUT {base_url}/ed-fi/studentCohortAssociations/{id of scenario 1's record} with "
    "scenario 1's values and endDate 9/21 (or a POST of the same natural key)", SAME, "CLIENT-SCA-S3", (
        refused("method", "another valid value", SENT, "update-with-patch", "PATCH"),
        refused("record id", "unknown", SAME, "put-to-unknown-id"),
        allowed("record id", "other case", "the id in upper case, or without hyphens: Ed-Fi ids are GUIDs, "
                "compared without regard to case", "variant upper-case-record-id"),
        refused("id in the body", "another valid value", SAME, "put-body-names-another-id"),
        refused("endDate", "missing", VALUES, "update-without-end-date"),
        refused("endDate", "wrong type", DATES, "end-date-as-number-on-update"),
        refused("endDate", "malformed", DATES, "impossible-end-date-on-update", "2026-09-31"),
        refused("endDate", "another valid value", VALUES, "end-date-a-day-late-on-update", "9/22"),
        refused("beginDate", "another valid value", VALUES, "update-changes-begin-date"),
        refused("studentUniqueId", "another valid value", VALUES, "update-changes-student",
                "scenario 2's student"),
        refused("Content-Type", "missing", JSON, "no-content-type-on-update"),
        allowed("If-Match", "missing", "Ed-Fi APIs make If-Match optional (optimistic concurrency on request)",
                "variant read-modify-write"),
        refused("If-Match", "unknown", ACCEPTED, "stale-if-match-on-update", "the API answers 412"),
        refused("If-Match", "malformed", ACCEPTED, "garbled-if-match-on-update", "the API answers 412"),
    ), header=HEADER)

TABLES = (TOKEN_TABLE, BEARER_TABLE, CONTENT_TABLE, BODY_TABLE, UPDATE_TABLE)
