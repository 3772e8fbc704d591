"""Requirements of what an Ed-Fi API says of itself (its discovery document and OpenAPI metadata), held
against what it does.

Source: the Ed-Fi API design guidelines, Discovery API (Ed-Fi-Alliance-OSS/Ed-Fi-API-Standards,
api-guidelines/v4.0/API-DESIGN-GUIDELINES/DISCOVERY-API.md), and the Discovery API specification
(api-specifications/discovery-api/discovery-api-spec.yml) of the same repository.
"""

from __future__ import annotations

from .base import Requirement

_GUIDELINES = "Ed-Fi API design guidelines v4.0, Discovery API"
_ROOT = ("The default response when retrieving the base endpoint on an Ed-Fi implementation must be a JSON document "
         "that provides information about the application version, supported data model(s), and URLs for additional "
         "metadata.")
_FAITHFUL = ("The OpenAPI specification must be a faithful representation of all available resources supported by "
             "the API.")

EDFI_DISCOVERY = (
    Requirement("EDFI-DISCOVERY", "a GET of the API's root (the profile's api_url) answers the discovery document: "
                "JSON with the application version, dataModels (name and version each) and urls whose oauth issues "
                "a token for the client's credentials and whose dataManagementApi serves the resources "
                "(a missing suite, openApiMetadata or dependencies is a warning)",
                f"{_GUIDELINES}; Discovery API specification, schema metadataRoot",
                f"{_ROOT} The OAuth URL must be the token URL used by clients for authentication. DataManagementApi: "
                "This URL represents the base path for constructing the full URL to access a resource. To this base "
                "path, a client appends the data model namespace."),
    Requirement("EDFI-METADATA", "the discovery document's openApiMetadata leads to an OpenAPI document declaring "
                "studentCohortAssociations (advisory: an API that declares none gets a warning)",
                f"{_GUIDELINES}, OpenApiMetadata",
                "An Ed-Fi API implementation should declare itself in OpenAPI; the version of OpenAPI is up to the "
                "implementation."),
    Requirement("EDFI-METADATA-REQUIRED", "every property the OpenAPI metadata declares required in a "
                "studentCohortAssociation (and its references) is refused with 400 when left out, and every one "
                "refused when left out is declared required",
                f"{_GUIDELINES}, OpenApiMetadata", _FAITHFUL),
    Requirement("EDFI-METADATA-LENGTHS", "a string of the maxLength the OpenAPI metadata declares "
                "(cohortReference.cohortIdentifier, studentReference.studentUniqueId) is not refused as invalid, "
                "and one character more is refused with 400",
                f"{_GUIDELINES}, OpenApiMetadata", _FAITHFUL),
    Requirement("EDFI-METADATA-OPERATIONS", "the operations the OpenAPI metadata declares on studentCohortAssociations "
                "(GET and POST on the collection; GET, PUT and DELETE on an item) are the methods the API serves "
                "there: none declared is refused with 405, none served is left undeclared",
                f"{_GUIDELINES}, OpenApiMetadata", _FAITHFUL),
    Requirement("EDFI-DATA-STANDARD-RULES", "the API applies the rules of the Data Standard it declares (or the "
                "profile names): a cohortIdentifier of that version's greatest length and an educationOrganizationId "
                "of its greatest value are not refused as invalid, one character or one more is refused with 400",
                f"{_GUIDELINES} (dataModels); Ed-Fi Data Standard 3.x to 6.x (ODS/API table definitions)",
                f"{_ROOT} cohortIdentifier: at most 20 characters in Data Standard 3 and 4, 36 from Data Standard 5; "
                "educationOrganizationId: INT (32 bits) before Data Standard 5, BIGINT (64 bits) from it."),
)
