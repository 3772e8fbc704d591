"""Named faults of the reference target's Ed-Fi API on the inputs of the request model (src/edcert/inputs/edfi.py):
each imitates a vendor bug on an input edcert once never sent, or an answer it never compared."""

from __future__ import annotations

from .base import Fault

_AUTH = ("SCA-N1", "SCA-N8", "SCA-N9", "SCA-N10", "SCA-N11")  # every method, each cell of the credentials tables
_READS = ("SCA-N1", "SCA-N8")

_CREDENTIALS: tuple[Fault, ...] = (
    # --- the token request --------------------------------------------------------------------------------------
    Fault("token-accepts-empty-secret", "edfi", "authentication",
          "the token endpoint issues a token for the known client id when the secret is empty or missing",
          ("SCA-N30",), ("EDFI-TOKEN-REQUEST-REFUSED",)),
    Fault("token-accepts-unknown-client", "edfi", "authentication",
          "the token endpoint checks the secret only: any client id with the right secret gets a token",
          ("SCA-N30",), ("EDFI-TOKEN-REQUEST-REFUSED",)),
    Fault("token-secret-case-insensitive", "edfi", "authentication",
          "the token endpoint compares the client secret ignoring letter case",
          ("SCA-N30",), ("EDFI-TOKEN-REQUEST-REFUSED",)),
    Fault("token-grant-type-not-checked", "edfi", "authentication",
          "the token endpoint issues a token whatever the grant_type, or without one",
          ("SCA-N30",), ("EDFI-TOKEN-REQUEST-REFUSED",)),
    Fault("token-body-secret-not-checked", "edfi", "authentication",
          "the token endpoint checks the secret of a Basic header, but not the client_secret of a form body",
          ("SCA-N30",), ("EDFI-TOKEN-REQUEST-REFUSED",)),
    Fault("token-repeated-parameters-read-first", "edfi", "authentication",
          "the token endpoint reads a repeated parameter's first value instead of refusing the request (advisory: "
          "a warning, still certified)",
          ("SCA-N30",), ("EDFI-TOKEN-REQUEST-REFUSED",), outcome="warn"),
    # --- the resource's Authorization ---------------------------------------------------------------------------
    Fault("client-secret-accepted-as-bearer", "edfi", "authentication",
          "the client secret itself is accepted as a bearer token on resources",
          _AUTH, ("EDFI-AUTH-REQUIRED",)),
    Fault("client-id-accepted-as-bearer", "edfi", "authentication",
          "the client id is accepted as a bearer token on resources",
          _AUTH, ("EDFI-AUTH-REQUIRED",)),
    Fault("bearer-prefix-stripped", "edfi", "authentication",
          'the token is read by removing every "Bearer " from the header, so "Bearer Bearer <token>" passes',
          _AUTH, ("EDFI-AUTH-REQUIRED",)),
    Fault("bearer-scheme-case-sensitive", "edfi", "authentication",
          'the scheme is compared case-sensitively: "bearer <token>" is refused with 401',
          _READS, ("EDFI-AUTH-SCHEME-CASE",)),
    Fault("query-token-unchecked", "edfi", "authentication",
          "a request without an Authorization header but with an access_token query parameter is served, whatever "
          "the parameter holds",
          _READS, ("EDFI-AUTH-REQUIRED",)),
)

_RESOURCE: tuple[Fault, ...] = (
    # --- the association's body ---------------------------------------------------------------------------------
    Fault("put-dates-not-validated", "edfi", "validation",
          "PUT does not validate dates: an impossible date or a date-time is stored as sent (POST validates them)",
          ("SCA-N34",), ("EDFI-PUT-VALIDATED",)),
    Fault("date-time-accepted-as-date", "edfi", "validation",
          "a date-time where a date is due (2026-09-14T00:00:00) is accepted and stored as its date",
          ("SCA-N33", "SCA-N34"), ("EDFI-BODY-RULES", "EDFI-PUT-VALIDATED")),
    Fault("education-organization-id-truncated", "edfi", "validation",
          "an educationOrganizationId with a fraction (1.5) is read as its integer part; the write then fails as an "
          "unresolved reference (409) instead of 400 (on PUT the changed key is refused first)",
          ("SCA-N33",), ("EDFI-BODY-RULES",)),
    # --- the natural key ----------------------------------------------------------------------------------------
    Fault("put-moves-student", "edfi", "identity",
          "PUT checks the natural key without the student: a PUT naming another student moves the association",
          ("SCA-N35",), ("EDFI-KEY-CHANGE-REFUSED",)),
    Fault("put-moves-cohort", "edfi", "identity",
          "PUT checks the natural key without the cohort: a PUT naming another cohort moves the association",
          ("SCA-N35",), ("EDFI-KEY-CHANGE-REFUSED",)),
    Fault("cohort-resolved-by-identifier", "edfi", "reference integrity",
          "a cohortReference resolves when a cohort of that identifier exists at any education organization",
          ("SCA-N36",), ("EDFI-REFERENCE-RESOLVES",)),
    Fault("upsert-ignores-student", "edfi", "identity",
          "the upsert matches on beginDate and cohort only: a POST for another student overwrites the association",
          ("SCA-N37",), ("EDFI-NATURAL-KEY",)),
    Fault("query-ignores-student-filter", "edfi", "list semantics",
          "the collection query ignores its studentUniqueId filter",
          ("SCA-N38",), ("EDFI-QUERY-FILTERS",)),
    Fault("query-ignores-education-organization-filter", "edfi", "list semantics",
          "the collection query ignores its educationOrganizationId filter",
          ("SCA-N38",), ("EDFI-QUERY-FILTERS",)),
    Fault("query-offset-ignored", "edfi", "list semantics",
          "the collection query ignores offset: every page is the first (a client paging through never ends)",
          ("SCA-N40",), ("EDFI-QUERY-PAGING",)),
    Fault("total-count-ignores-filters", "edfi", "list semantics",
          "Total-Count counts every association, not those the query's filters match",
          ("SCA-N40",), ("EDFI-QUERY-PAGING",)),
    # --- every write read back, with a new ETag -----------------------------------------------------------------
    Fault("post-create-drops-end-date", "edfi", "persistence",
          "a POST of a new natural key stores no endDate (only upserts and PUT store it)",
          ("SCA-N39",), ("EDFI-WRITE-STORED",)),
    Fault("upsert-keeps-etag", "edfi", "concurrency",
          "a POST of an existing natural key changes the association but keeps its ETag (a lost update waiting to "
          "happen)",
          ("SCA-N39",), ("EDFI-ETAG-CHANGES",)),
)

EDFI_INPUT_FAULTS: tuple[Fault, ...] = (*_CREDENTIALS, *_RESOURCE)
