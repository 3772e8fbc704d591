"""Ed-Fi ODS/API-style OAuth2 token endpoint and resources under /data/v3/ed-fi/.

Status codes, headers and problem-details bodies follow ODS/API 7 (see the harness's
reference notes, sections 2, 3 and 7). Faults are applied where the real bug would sit.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, timedelta
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .edfi_model import (
    EDUCATION_ORGANIZATIONS,
    RESOURCES,
    ResourceSpec,
    flatten,
    get_path,
    natural_key,
    strip_links,
    validate,
)
from .state import TOKEN_LIFETIME_SECONDS, ReferenceState, never_answer
from .store import StoredResource

DATA_PREFIX = "/data/v3/ed-fi"
_MAX_LIMIT = 500
_HTML_500 = ("<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
             "<h1>Internal Server Error</h1><p>Object reference not set to an instance of an object.</p>"
             "</body></html>")


def problem(status: int, type_: str, title: str, detail: str, *, errors: list[str] | None = None,
            validation_errors: dict[str, list[str]] | None = None) -> JSONResponse:
    body: dict[str, object] = {"detail": detail, "type": type_, "title": title, "status": status,
                               "correlationId": None}
    if validation_errors:
        body["validationErrors"] = validation_errors
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _bad_request(detail: str, errors: list[str]) -> JSONResponse:
    return problem(400, "urn:ed-fi:api:bad-request", "Bad Request", detail, errors=errors)


def _validation_failed(validation_errors: dict[str, list[str]]) -> JSONResponse:
    return problem(400, "urn:ed-fi:api:bad-request:data-validation-failed", "Data Validation Failed",
                   "Data validation failed. See 'validationErrors' for details.",
                   validation_errors=validation_errors)


def _not_found(detail: str = "The specified item could not be found.") -> JSONResponse:
    return problem(404, "urn:ed-fi:api:not-found", "Not Found", detail)


def _unresolved(title: str) -> JSONResponse:
    return problem(409, "urn:ed-fi:api:data-conflict:unresolved-reference", "Unresolved Reference",
                   f"The referenced '{title}' item does not exist.")


def _unauthenticated(error: str) -> JSONResponse:
    response = problem(401, "urn:ed-fi:api:security:authentication", "Authentication Failed",
                       "The caller could not be authenticated.", errors=[error])
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _quoted(etag: str) -> str:
    return f'"{etag}"'


def _spec_for(name: str) -> ResourceSpec | None:
    # ODS matches the resource segment case-insensitively.
    for spec_name, spec in RESOURCES.items():
        if spec_name.lower() == name.lower():
            return spec
    return None


def _token_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def _client_credentials(request: Request, raw: bytes) -> tuple[dict[str, str], tuple[str, str] | None]:
    """The form or JSON fields of a token request, and Basic credentials if any."""
    content_type = request.headers.get("content-type", "")
    fields: dict[str, str] = {}
    if raw:
        if "json" in content_type:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                fields = {k: str(v) for k, v in parsed.items()}
        else:
            fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
    basic = None
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            raise ValueError("non-basic")
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ValueError("bad-basic") from None
        client_id, sep, secret = decoded.partition(":")
        if not sep:
            raise ValueError("bad-basic")
        basic = (client_id, secret)
    return fields, basic


def build_router(state: ReferenceState) -> APIRouter:
    router = APIRouter()
    store = state.store

    @router.post("/oauth/token", tags=["Ed-Fi OAuth2"],
                 summary="client_credentials grant; credentials in a Basic header or in the body")
    async def token(request: Request) -> Response:
        raw = await request.body()
        try:
            fields, basic = _client_credentials(request, raw)
        except ValueError:
            return _token_error(401, "invalid_client", "Authorization header is not valid Basic credentials.")
        if fields.get("grant_type") != "client_credentials":
            return _token_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
        body_creds = (fields.get("client_id"), fields.get("client_secret"))
        if basic and any(body_creds):
            return _token_error(400, "invalid_request", "Credentials given both in the header and the body.")
        client_id, secret = basic if basic else body_creds
        if not client_id or secret is None:
            return _token_error(401, "invalid_request", "Client credentials are missing.")
        creds = state.credentials
        secret_ok = secret == creds.edfi_client_secret or state.has("token-accepts-any-secret")
        if client_id != creds.edfi_client_id or not secret_ok:
            return _token_error(401, "invalid_client", "Invalid client credentials.")
        return JSONResponse(
            {"access_token": state.issue_token(),
             "expires_in": str(TOKEN_LIFETIME_SECONDS) if state.has("token-expires-in-as-string")
             else TOKEN_LIFETIME_SECONDS,
             "token_type": "bearer"},
            headers={"Cache-Control": "no-store"},
        )

    def authenticate(request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization")
        if not header:
            return None if state.has("no-token-accepted") else _unauthenticated("Authorization header is missing.")
        scheme, _, token_value = header.partition(" ")
        if scheme.lower() != "bearer" or not state.token_valid(token_value.strip()):
            return _unauthenticated("Invalid Authorization header.")
        return None

    def render(record: StoredResource) -> dict:
        body = json.loads(json.dumps(record.body))
        spec = RESOURCES[record.resource]
        for ref in spec.references:
            if isinstance(body.get(ref.prop), dict) and ref.target in RESOURCES:
                found = _resolve(ref, body[ref.prop])
                if found is not None:
                    body[ref.prop]["link"] = {"rel": RESOURCES[ref.target].title,
                                              "href": f"/ed-fi/{ref.target}/{found.id}"}
        if record.resource == "studentCohortAssociations":
            if state.has("dates-in-us-format"):
                for key in ("beginDate", "endDate"):
                    if isinstance(body.get(key), str):
                        y, m, d = body[key].split("-")
                        body[key] = f"{m}/{d}/{y}"
            if state.has("begin-date-shifted-by-time-zone"):
                body["beginDate"] = (date.fromisoformat(body["beginDate"]) - timedelta(days=1)).isoformat()
            if state.has("education-organization-id-as-string"):
                body["cohortReference"]["educationOrganizationId"] = str(
                    body["cohortReference"]["educationOrganizationId"])
        rendered = {"id": record.id, **body, "_etag": record.etag, "_lastModifiedDate": record.last_modified}
        if state.has("missing-id-in-response") and record.resource == "studentCohortAssociations":
            rendered.pop("id")
        if state.has("etag-missing") and record.resource == "studentCohortAssociations":
            rendered.pop("_etag")
        return rendered

    def _resolve(ref, reference_body: dict) -> StoredResource | None:
        target = RESOURCES[ref.target]
        key_values = {target_path: reference_body.get(field) for field, target_path in ref.key_map}
        key = json.dumps([key_values.get(path) for path in target.key])
        return store.find_by_key(target.name, key)

    def unresolved_reference(spec: ResourceSpec, body: dict) -> JSONResponse | None:
        for ref in spec.references:
            reference_body = body.get(ref.prop)
            if not isinstance(reference_body, dict):
                continue
            if ref.target == "educationOrganizations":
                if reference_body.get("educationOrganizationId") not in EDUCATION_ORGANIZATIONS:
                    return _unresolved(ref.title)
                continue
            if ref.target == "students" and state.has("unresolved-student-accepted"):
                continue
            if ref.target == "cohorts" and state.has("unresolved-cohort-accepted"):
                continue
            if _resolve(ref, reference_body) is None:
                return _unresolved(ref.title)
        if body.get("sections"):
            return _unresolved("Section")
        return None

    async def read_json(request: Request) -> tuple[dict | None, Response | None]:
        if "json" not in request.headers.get("content-type", ""):
            return None, problem(415, "urn:ed-fi:api:unsupported-media-type", "Unsupported Media Type",
                                 "The request's Content-Type is not supported; use application/json.")
        raw = await request.body()
        if not raw.strip():
            return None, _bad_request("The request could not be processed. See 'errors' for details.",
                                      ["A non-empty request body is required."])
        try:
            body = json.loads(raw)
        except ValueError:
            return None, _bad_request("The request could not be processed. See 'errors' for details.",
                                      ["The request body is not valid JSON."])
        if not isinstance(body, dict):
            return None, _bad_request("The request could not be processed. See 'errors' for details.",
                                      ["The request body must be a JSON object."])
        return body, None

    def collection_url(request: Request, spec: ResourceSpec) -> str:
        """Absolute URL of the collection, keeping whatever prefix the request came through."""
        prefix = request.url.path.split("/ed-fi/")[0]
        return f"{request.url.scheme}://{request.url.netloc}{prefix}/ed-fi/{spec.name}"

    @router.post(DATA_PREFIX + "/{resource}", tags=["Ed-Fi resources"],
                 summary="Upsert on the natural key: 201 for a new key, 200 for an existing one")
    async def post_resource(resource: str, request: Request) -> Response:
        denied = authenticate(request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return _not_found("The specified resource could not be found.")
        if state.has("html-500-on-post") and spec.name == "studentCohortAssociations":
            return HTMLResponse(_HTML_500, status_code=500)
        body, error = await read_json(request)
        if error:
            return error
        assert body is not None
        if "id" in body:
            return _bad_request("The request data was constructed incorrectly.",
                                ["Resource identifiers cannot be assigned by the client. The 'id' property"
                                 " should not be included in the request body."])
        body = strip_links({k: v for k, v in body.items() if k not in ("_etag", "_lastModifiedDate")})
        errors = validate(spec, body)
        if state.has("begin-date-not-required") and spec.name == "studentCohortAssociations":
            errors.pop("$.beginDate", None)
        if errors:
            return _validation_failed(errors)
        conflict = unresolved_reference(spec, body)
        if conflict:
            return conflict
        key = json.dumps(natural_key(spec, body))
        with store.transaction():
            existing = store.find_by_key(spec.name, key)
            if existing is not None and not (state.has("upsert-creates-duplicate")
                                             and spec.name == "studentCohortAssociations"):
                record = store.update(existing, key, body)
                status = 200
            else:
                record = store.insert(spec.name, key, body)
                status = 201
        is_association = spec.name == "studentCohortAssociations"
        if status == 201 and is_association and state.has("post-returns-200-for-new"):
            status = 200
        headers = {"ETag": _quoted(record.etag)}
        location_id = record.id
        if is_association and state.has("location-points-elsewhere"):
            location_id = record.id[::-1]
        collection = collection_url(request, spec)
        if is_association and state.has("location-internal-host"):
            collection = collection.replace(request.url.netloc, "api-internal.invalid:8080", 1)
        if not (is_association and state.has("missing-location-header")):
            headers["Location"] = f"{collection}/{location_id}"
        return Response(status_code=status, headers=headers)

    @router.get(DATA_PREFIX + "/{resource}", tags=["Ed-Fi resources"],
                summary="Query by any property; offset/limit paging; totalCount=true adds Total-Count")
    async def get_collection(resource: str, request: Request) -> Response:
        denied = authenticate(request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return _not_found("The specified resource could not be found.")
        params = dict(request.query_params)
        try:
            offset = int(params.pop("offset", "0"))
            limit = int(params.pop("limit", "25"))
        except ValueError:
            offset, limit = -1, -1
        if offset < 0 or not 0 <= limit <= _MAX_LIMIT:
            return problem(400, "urn:ed-fi:api:bad-request:parameter-validation-failed",
                           "Parameter Validation Failed", "Parameter validation failed.",
                           errors=[f"Limit must be omitted or set to a numeric value between 0 and {_MAX_LIMIT}.",
                                   "Offset must be a numeric value greater than or equal to 0."])
        total_count = params.pop("totalCount", "false").lower()
        if total_count not in ("true", "false"):
            return problem(400, "urn:ed-fi:api:bad-request:parameter-validation-failed",
                           "Parameter Validation Failed", "Parameter validation failed.",
                           errors=["TotalCount must be a boolean value."])
        matches = []
        for record in store.all(spec.name):
            flat = {**flatten(record.body), "id": record.id}
            if state.has("collection-filter-ignored") and spec.name == "studentCohortAssociations":
                matches.append(record)
                continue
            if all(k in flat and str(flat[k]).lower() == v.lower() for k, v in params.items()):
                matches.append(record)
        page = matches[offset:offset + limit]
        headers = {"Total-Count": str(len(matches))} if total_count == "true" else {}
        return JSONResponse([render(r) for r in page], headers=headers)

    @router.get(DATA_PREFIX + "/{resource}/{rid}", tags=["Ed-Fi resources"], summary="Read one item by id")
    async def get_item(resource: str, rid: str, request: Request) -> Response:
        denied = authenticate(request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return _not_found("The specified resource could not be found.")
        if state.has("get-by-id-never-answers") and spec.name == "studentCohortAssociations":
            return await never_answer()
        record = store.get(spec.name, rid.replace("-", "").lower())
        if record is None:
            return _not_found()
        if request.headers.get("if-none-match") in (_quoted(record.etag), record.etag):
            return Response(status_code=304, headers={"ETag": _quoted(record.etag)})
        return JSONResponse(render(record), headers={"ETag": _quoted(record.etag)})

    @router.put(DATA_PREFIX + "/{resource}/{rid}", tags=["Ed-Fi resources"],
                summary="Update one item; 204 on success, 400 on a natural-key change")
    async def put_item(resource: str, rid: str, request: Request) -> Response:
        denied = authenticate(request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return _not_found("The specified resource could not be found.")
        body, error = await read_json(request)
        if error:
            return error
        assert body is not None
        if (state.has("put-requires-if-match") and spec.name == "studentCohortAssociations"
                and not request.headers.get("if-match")):
            return problem(428, "urn:ed-fi:api:precondition-required", "Precondition Required",
                           "An If-Match header is required to update this item.")
        rid = rid.replace("-", "").lower()
        body_id = body.pop("id", None)
        if body_id is not None and str(body_id).replace("-", "").lower() != rid:
            return _bad_request("The request could not be processed. See 'errors' for details.",
                                ["Request body id must match the id in the url."])
        body = strip_links({k: v for k, v in body.items() if k not in ("_etag", "_lastModifiedDate")})
        errors = validate(spec, body)
        if errors:
            return _validation_failed(errors)
        with store.transaction():
            record = store.get(spec.name, rid)
            if record is None:
                return _not_found("Resource to update was not found.")
            if_match = request.headers.get("if-match")
            if if_match and if_match not in (_quoted(record.etag), record.etag):
                return problem(412, "urn:ed-fi:api:optimistic-lock-failed", "Optimistic Lock Failed",
                               "The item has been modified by another user.")
            key = json.dumps(natural_key(spec, body))
            if key != record.natural_key and not state.has("key-change-accepted"):
                return problem(400, "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported",
                               "Key Change Not Supported",
                               "Identifying values for the resource cannot be changed. Delete and recreate"
                               " the resource item instead.")
            conflict = unresolved_reference(spec, body)
            if conflict:
                return conflict
            if state.has("put-not-stored") and spec.name == "studentCohortAssociations":
                updated = record
            else:
                updated = store.update(record, key, body)
        location = f"{collection_url(request, spec)}/{record.id}"
        return Response(status_code=204, headers={"ETag": _quoted(updated.etag), "Location": location})

    @router.delete(DATA_PREFIX + "/{resource}/{rid}", tags=["Ed-Fi resources"],
                   summary="Delete one item; 409 while another item references it")
    async def delete_item(resource: str, rid: str, request: Request) -> Response:
        denied = authenticate(request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return _not_found("The specified resource could not be found.")
        if state.has("delete-not-allowed") and spec.name == "studentCohortAssociations":
            return problem(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed",
                           "The request construction was invalid. DELETE is not allowed on this resource.")
        with store.transaction():
            record = store.get(spec.name, rid.replace("-", "").lower())
            if record is None:
                return _not_found("Resource to delete was not found.")
            if_match = request.headers.get("if-match")
            if if_match and if_match not in (_quoted(record.etag), record.etag):
                return problem(412, "urn:ed-fi:api:optimistic-lock-failed", "Optimistic Lock Failed",
                               "The item has been modified by another user.")
            if _is_referenced(record):
                return problem(409, "urn:ed-fi:api:data-conflict:dependent-item-exists", "Dependent Item Exists",
                               "The requested action cannot be performed because this item is referenced by"
                               " another item.")
            if not (state.has("delete-not-persisted") and spec.name == "studentCohortAssociations"):
                store.delete(record.id)
        return Response(status_code=204)

    def _is_referenced(record: StoredResource) -> bool:
        for spec in RESOURCES.values():
            for ref in spec.references:
                if ref.target != record.resource:
                    continue
                for other in store.all(spec.name):
                    reference_body = other.body.get(ref.prop)
                    if isinstance(reference_body, dict):
                        values = [reference_body.get(f) for f, _ in ref.key_map]
                        if values == [get_path(record.body, p) for _, p in ref.key_map]:
                            return True
        return False

    return router

