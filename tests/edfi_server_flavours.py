"""The flavours and variations of the independent Ed-Fi servers (tests/edfi_servers.py), and how each writes
its answers: records, error bodies, access tokens.

Flavours follow the published behaviour of the ODS/API 5.x (message bodies, 32-hex ids, absolute Location, no
_lastModifiedDate), the ODS/API 7.x (problem details, link objects in references, _lastModifiedDate) and the
Data Management Service (problem details with both lists, dashed GUID ids, Location /ed-fi/... relative to the
resource base, id required in PUT bodies, M/D/YYYY dates coerced, the Basic header alone at the token endpoint,
JWT access tokens). Each variation is another reading a real, conformant server shows; its source is named.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass

from .edfi_server_rules import INT32, Refusal, Rules


@dataclass(frozen=True)
class Flavour:
    """What distinguishes one Ed-Fi API implementation from another, as published."""

    base_path: str  # the resource base under the host: resources at {base_path}/ed-fi/{resource}
    errors: str  # "message" (ODS/API 5), "problem" (ODS/API 7.2+), "dms" (problem details, always both lists)
    ids: str  # "hex32", "guid"
    location: str  # "absolute", "resource-relative" (/ed-fi/...), "path-absolute" (from the host root), "relative"
    rules: Rules
    last_modified: bool = True
    links: bool = False
    put_requires_id: bool = False  # DMS: 400 when the PUT body has no id or another one
    token: str = "hex32"  # "hex32" or "jwt"
    token_from_body: bool = True  # ODS/API reads client_id/client_secret in the body too; DMS only Basic
    token_answer: tuple[tuple[str, object], ...] = (("expires_in", 1800), ("token_type", "bearer"))
    data_model: str = "5.0.0"  # the Ed-Fi Data Standard its discovery document declares (its rules' version)
    discovery: str = "ods"  # the discovery document's shape: "ods", "dms", "meadowlark"
    root_path: str = ""  # the API's root under the host (its discovery document)
    token_path: str = "/oauth/token"


FLAVOURS = {
    "ods5": Flavour("/data/v3", "message", "hex32", "absolute",
                    Rules(cohort_identifier_max=20, education_organization_max=INT32), last_modified=False,
                    data_model="3.3.1-b"),
    "ods7": Flavour("/data/v3", "problem", "hex32", "absolute", Rules(), links=True,
                    token_answer=(("expires_in", 1800), ("token_type", "bearer"), ("scope", "255901"))),
    "dms": Flavour("/data", "dms", "guid", "resource-relative", Rules(numbers_as_strings=False, us_dates=True),
                   put_requires_id=True, token="jwt", token_from_body=False,
                   token_answer=(("expires_in", 1800), ("refresh_expires_in", 0), ("token_type", "Bearer"),
                                 ("not-before-policy", 0), ("scope", "profile email")),
                   data_model="5.2.0", discovery="dms"),
    # Meadowlark, as measured: root /local, resources at /local/v3.3b, Data Standard 3.3.1-b (its JSON Schemas
    # bound cohortIdentifier to 20 characters and integers to int32), a discovery document without suite.
    "meadowlark": Flavour("/local/v3.3b", "problem", "hex32", "absolute",
                          Rules(cohort_identifier_max=20, education_organization_max=INT32, numbers_as_strings=False),
                          data_model="3.3.1-b", discovery="meadowlark", root_path="/local",
                          token_path="/local/oauth/token"),
}

#: The variations, each a reading a real, conformant Ed-Fi API shows.
VARIATIONS = {
    "student-403": "a student without a relationship to the caller (or none at all) is refused with 403 "
                   "(ODS/API relationship-based authorization) instead of 409",
    "problem-as-json": "problem details served as application/json rather than application/problem+json",
    "no-expires-in": "the token answer has no expires_in (RFC 6749: RECOMMENDED)",
    "token-bare": "the token answer holds access_token and token_type only: no scope, no expires_in",
    "short-tokens": "tokens live 1 second (expires_in 1), and a token past its lifetime is refused with 401",
    "newest-token-only": "issuing a token revokes the client's earlier ones (one active token per client)",
    "no-etags": "no _etag, no ETag header, If-Match ignored (ETags are recommended, not required)",
    "etag-unquoted": "the ETag header is sent unquoted, as the Ed-Fi API guidelines show it",
    "post-body": "POST answers carry a small JSON body (the guidelines: the response could contain the item)",
    "delete-200": "DELETE answers 200 OK with a small body (RFC 9110 9.3.5)",
    "no-search": "collection GETs answer 500 (an API deployed without its search backend)",
    "search-lag": "collection queries are served from a search index that follows writes one second later "
                  "(the DMS search database, Meadowlark)",
    "read-lag": "reads by id and of the collection show each write 10 to 80 ms after it was answered (a replica "
                "or cache behind the API; the writes themselves see every earlier write)",
    "slow-answers": "every answer takes 10 ms, and requests are served concurrently (a staging API under load)",
    "meadowlark-errors": "errors as Meadowlark writes them: an \"error\" member holding a message, a list of "
                         "messages with path and context, or \"Reference validation failed\" with its failures",
    "ownership": "only the client that wrote a record may change or delete it; others get 403 (ownership-based "
                 "authorization: an ODS/API strategy, Meadowlark's rule for every document)",
    "opaque-ids": "ids are 38-character base64url strings derived from the natural key (Meadowlark; the "
                  "guidelines' /students/ffc0a272)",
    "strict-schema": "unknown properties are refused with 400 (the guidelines' data strictness)",
    "path-absolute-location": "Location is the full path from the host root, route qualifiers included",
    "relative-location": "Location is a relative reference, resolved against the POST's URL (RFC 9110 10.2.2)",
    "rfc9457-problems": "errors are RFC 9457 problem details as ASP.NET Core writes them: errors is an object of "
                        "messages by property, traceId, no Ed-Fi type",
    "chunked": "bodies are sent with Transfer-Encoding: chunked, as ASP.NET Core's Kestrel writes JSON",
    "empty": "the API starts without cohorts or students (the profile asks edcert to create them)",
}

def discovery_document(flavour: Flavour, root: str, base_url: str, token_url: str) -> dict:
    """The discovery document the flavour serves at its root, in the shape the real server writes it."""
    urls = {"dependencies": f"{root}/metadata/data/v3/dependencies", "openApiMetadata": f"{root}/metadata/",
            "oauth": token_url, "dataManagementApi": f"{base_url}/"}
    if flavour.discovery == "meadowlark":  # measured: {"version":"1.0.0","dataModels":[...],"urls":{...}}
        return {"version": "1.0.0", "dataModels": [{"name": "Ed-Fi", "version": flavour.data_model}], "urls": urls}
    if flavour.discovery == "dms":  # its E2E test (DiscoveryApi feature): no version, no suite
        return {"applicationName": "Ed-Fi Alliance Data Management Service",
                "informationalVersion": "Release Candidate 1",
                "dataModels": [{"name": "Ed-Fi", "version": flavour.data_model,
                                "informationalVersion": f"The Ed-Fi Data Standard v{flavour.data_model}"}],
                "urls": {**urls, "xsdMetadata": f"{root}/metadata/xsd"}}
    version = "5.3" if flavour.data_model.startswith("3.") else "7.1"
    return {"version": version, "informationalVersion": version, "suite": "3", "build": f"{version}.1146.0",
            "apiMode": "Sandbox",
            "dataModels": [{"name": "Ed-Fi", "version": flavour.data_model,
                            "informationalVersion": f"The Ed-Fi Data Model {flavour.data_model}"}],
            "urls": urls}


def resources_metadata(flavour: Flavour, base_url: str) -> dict:
    """The OpenAPI 3 Resources specification of the resources served, as the ODS/API generates it: the
    association's required properties, reference lengths and integer formats, its operations."""
    integer = {"type": "integer", "format": "int32" if flavour.rules.education_organization_max == INT32 else "int64"}
    schemas = {
        "edFi_cohortReference": {"type": "object", "required": ["cohortIdentifier", "educationOrganizationId"],
                                 "properties": {"cohortIdentifier": {"type": "string",
                                                                     "maxLength": flavour.rules.cohort_identifier_max},
                                                "educationOrganizationId": integer,
                                                "link": {"$ref": "#/components/schemas/link"}}},
        "edFi_studentReference": {"type": "object", "required": ["studentUniqueId"],
                                  "properties": {"studentUniqueId": {"type": "string", "maxLength": 32},
                                                 "link": {"$ref": "#/components/schemas/link"}}},
        "link": {"type": "object", "properties": {"rel": {"type": "string"}, "href": {"type": "string"}}},
        "edFi_studentCohortAssociation": {
            "type": "object", "required": ["beginDate", "cohortReference", "studentReference"],
            "properties": {"id": {"type": "string"}, "beginDate": {"type": "string", "format": "date"},
                           "cohortReference": {"$ref": "#/components/schemas/edFi_cohortReference"},
                           "studentReference": {"$ref": "#/components/schemas/edFi_studentReference"},
                           "endDate": {"type": "string", "format": "date"},
                           "sections": {"type": "array", "items": {"type": "object"}},
                           "_etag": {"type": "string"}}},
    }
    ref = {"$ref": "#/components/schemas/edFi_studentCohortAssociation"}
    body = {"content": {"application/json": {"schema": ref}}, "required": True}
    item = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    ok = {"200": {"description": "OK"}}
    return {"openapi": "3.0.1", "info": {"title": "Ed-Fi Resources API", "version": flavour.data_model},
            "servers": [{"url": base_url}], "components": {"schemas": schemas},
            "paths": {"/ed-fi/studentCohortAssociations": {"get": {"responses": ok},
                                                           "post": {"requestBody": body, "responses": ok}},
                      "/ed-fi/studentCohortAssociations/{id}": {
                          "get": {"parameters": item, "responses": ok},
                          "put": {"parameters": item, "requestBody": body, "responses": ok},
                          "delete": {"parameters": item, "responses": ok}}}}


#: Ed-Fi problem types: kind -> (type, title).
PROBLEMS = {
    "bad-request": ("urn:ed-fi:api:bad-request", "Bad Request"),
    "data-validation": ("urn:ed-fi:api:bad-request:data-validation-failed", "Data Validation Failed"),
    "key-change": ("urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported",
                   "Key Change Not Supported"),
    "parameter": ("urn:ed-fi:api:bad-request:parameter-validation-failed", "Parameter Validation Failed"),
    "authentication": ("urn:ed-fi:api:security:authentication", "Authentication Failed"),
    "authorization": ("urn:ed-fi:api:security:authorization", "Authorization Denied"),
    "not-found": ("urn:ed-fi:api:not-found", "Not Found"),
    "method": ("urn:ed-fi:api:method-not-allowed", "Method Not Allowed"),
    "unresolved": ("urn:ed-fi:api:data-conflict:unresolved-reference", "Unresolved Reference"),
    "optimistic-lock": ("urn:ed-fi:api:optimistic-lock-failed", "Optimistic Lock Failed"),
    "system": ("urn:ed-fi:api:system-failure", "System Failure"),
}

#: RFC 9110 sections ASP.NET Core names in a problem's type, by status.
_RFC9110_SECTIONS = {400: "15.5.1", 401: "15.5.2", 403: "15.5.4", 404: "15.5.5", 405: "15.5.6", 409: "15.5.10",
                     412: "15.5.13", 500: "15.6.1"}


def represented(flavour: Flavour, variations: frozenset[str], entry: dict) -> dict:
    """A stored record as the flavour serves it: id, values, link objects, _etag, _lastModifiedDate."""
    shown: dict = {"id": entry["id"]}
    for name, value in entry["body"].items():
        if flavour.links and isinstance(value, dict) and name.endswith("Reference"):
            target = name[:-len("Reference")]
            href = f"/ed-fi/{target}s/{uuid.uuid5(uuid.NAMESPACE_URL, repr(value)).hex}"
            value = {**value, "link": {"rel": target[0].upper() + target[1:], "href": href}}
        if name == "sections" and flavour.errors == "dms" and not value:
            continue
        shown[name] = value
    if "no-etags" not in variations:
        shown["_etag"] = entry["etag"]
    if flavour.last_modified:
        shown["_lastModifiedDate"] = entry["modified"]
    return shown


def error_answer(flavour: Flavour, variations: frozenset[str], refusal: Refusal) -> tuple[dict, str]:
    """The body and Content-Type of an error answer, in the flavour's shape."""
    if flavour.errors == "message":
        body: dict = {"message": refusal.message or refusal.detail}
        if refusal.validation and refusal.message == "The request is invalid.":
            body["modelState"] = {"request" + path[1:]: texts for path, texts in refusal.validation.items()}
        return body, "application/json; charset=utf-8"
    if "rfc9457-problems" in variations:
        return _aspnet_problem(refusal), "application/problem+json; charset=utf-8"
    if "meadowlark-errors" in variations:
        return _meadowlark_error(refusal), "application/json; charset=utf-8"
    kind, title = PROBLEMS[refusal.kind]
    dms = flavour.errors == "dms"
    body = {"detail": refusal.detail, "type": kind, "title": title, "status": refusal.status,
            "correlationId": None if dms else uuid.uuid4().hex}
    if refusal.validation or dms:
        body["validationErrors"] = refusal.validation
    if refusal.errors or dms:
        body["errors"] = refusal.errors
    problem_json = flavour.errors == "problem" and "problem-as-json" not in variations
    return body, "application/problem+json" if problem_json else "application/json"


def _meadowlark_error(refusal: Refusal) -> dict:
    """A refusal in the forms Meadowlark answers (measured): a list of messages with path and context for a body
    that breaks the schema, a message with the failures for unresolved references, else one message."""
    if refusal.status == 400 and refusal.validation:
        return {"error": [{"message": f"{path} {text}", "path": path, "context": {"errorType": "validation"}}
                          for path, texts in refusal.validation.items() for text in texts]}
    if refusal.status == 409:
        return {"error": {"message": "Reference validation failed",
                          "failures": [{"resourceName": path.split(".")[-1].removesuffix("Reference").capitalize(),
                                        "identity": []} for path in refusal.validation or {"$.reference": []}]}}
    return {"error": {"message": refusal.message or refusal.detail}}


def _aspnet_problem(refusal: Refusal) -> dict:
    """A refusal as ASP.NET Core's ProblemDetails writes it: validation errors as an object by property."""
    body: dict = {"type": f"https://tools.ietf.org/html/rfc9110#section-{_RFC9110_SECTIONS[refusal.status]}",
                  "title": "One or more validation errors occurred." if refusal.validation else refusal.detail,
                  "status": refusal.status}
    if refusal.validation:
        body["errors"] = refusal.validation
    elif refusal.errors:
        body["detail"] = " ".join(refusal.errors)
    body["traceId"] = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-00"
    return body


def jwt_like_token(issuer: str, client_id: str, key: str) -> str:
    """A signed JWT of the kind an identity provider (Keycloak, for the DMS) issues: several hundred characters."""
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    now = int(time.time())
    signed = (part({"alg": "HS256", "typ": "JWT", "kid": secrets.token_hex(8)}) + "." +
              part({"exp": now + 1800, "iat": now, "jti": str(uuid.uuid4()), "iss": issuer + "/realms/edfi",
                    "aud": "account", "sub": str(uuid.uuid4()), "typ": "Bearer", "azp": client_id,
                    "scope": "profile email", "namespacePrefixes": "uri://ed-fi.org",
                    "educationOrganizationIds": "255901", "client_id": client_id}))
    signature = hmac.new(key.encode(), signed.encode(), hashlib.sha256).digest()
    return signed + "." + base64.urlsafe_b64encode(signature).decode().rstrip("=")
