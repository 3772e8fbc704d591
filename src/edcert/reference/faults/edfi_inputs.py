"""Named faults of the reference target's Ed-Fi API on the inputs of the request model (src/edcert/inputs/edfi.py):
each imitates a vendor bug on an input edcert once never sent, or an answer it never compared."""

from __future__ import annotations

from .base import Fault

_AUTH = ("SCA-N1", "SCA-N8", "SCA-N9", "SCA-N10", "SCA-N11")  # every method, each cell of the credentials tables
_READS = ("SCA-N1", "SCA-N8")

EDFI_INPUT_FAULTS: tuple[Fault, ...] = (
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
