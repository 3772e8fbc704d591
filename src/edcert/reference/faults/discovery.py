"""Named faults of what the reference target says of itself: its discovery document and its OpenAPI metadata,
each imitating a vendor whose declarations and behaviour part ways."""

from __future__ import annotations

from .base import Fault

DISCOVERY_FAULTS: tuple[Fault, ...] = (
    Fault("discovery-missing", "edfi", "discovery",
          "the API's root answers 404 Not Found: no discovery document (the version endpoint was not deployed)",
          ("SCA-D1",), ("EDFI-DISCOVERY",)),
    Fault("discovery-oauth-url-wrong", "edfi", "discovery",
          "the discovery document's urls.oauth names a token path the API does not serve (/api/oauth/token, the "
          "path of another deployment)",
          ("SCA-D1",), ("EDFI-DISCOVERY",)),
    Fault("metadata-missing", "edfi", "metadata",
          "no OpenAPI metadata is served at the discovery document's openApiMetadata (advisory: a warning, still "
          "certified)",
          ("SCA-D2",), ("EDFI-METADATA",), outcome="warn"),
    Fault("metadata-declares-end-date-required", "edfi", "metadata",
          "the OpenAPI metadata declares endDate required, yet an association without it is accepted",
          ("SCA-D2",), ("EDFI-METADATA-REQUIRED",)),
    Fault("metadata-cohort-identifier-length-36", "edfi", "metadata",
          "the OpenAPI metadata declares cohortIdentifier maxLength 36 (Data Standard 5) while the API refuses more "
          "than 20 characters (Data Standard 3)",
          ("SCA-D2",), ("EDFI-METADATA-LENGTHS",)),
    Fault("metadata-omits-delete", "edfi", "metadata",
          "the OpenAPI metadata declares no DELETE on an association, yet the API serves it",
          ("SCA-D2",), ("EDFI-METADATA-OPERATIONS",)),
    Fault("declares-data-standard-5", "edfi", "data standard",
          "the discovery document declares Data Standard 5.0.0 while the API applies the rules of 3.3 "
          "(cohortIdentifier at most 20 characters, educationOrganizationId an int32)",
          ("SCA-D3",), ("EDFI-DATA-STANDARD-RULES",)),
)
