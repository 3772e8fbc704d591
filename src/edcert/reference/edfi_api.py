"""Ed-Fi ODS/API-style resources under /data/v3/ed-fi/.

Status codes, headers and problem-details bodies follow the published behaviour of the Ed-Fi
ODS/API 7 and the Data Management Service (upsert on POST, 204 on PUT and DELETE, 404 for an
unknown id, 412 for a stale If-Match, 400 for a body id that differs from the URL's). Faults are
applied where the real bug would sit; the token endpoint and the bearer check are in edfi_auth.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..untrusted import Unreadable  # a leaf module: it imports nothing from the harness
from ..untrusted import read_json as parse_json
from .edfi_auth import authenticate
from .edfi_errors import bad_request, crashed, not_found, problem, stale, unreadable, unresolved, validation_failed
from .edfi_model import (
    EDUCATION_ORGANIZATIONS,
    RESOURCES,
    Leniency,
    ResourceSpec,
    flatten,
    get_path,
    has_type_errors,
    key_paths,
    natural_key,
    reference_fields,
    strip_links,
    validate,
)
from .edfi_quirks import bend_dates, truncated_numbers
from .state import ReferenceState, never_answer
from .store import StoredResource

DATA_PREFIX = "/data/v3/ed-fi"
ASSOCIATIONS = "studentCohortAssociations"
_MAX_LIMIT = 500


def _quoted(etag: str) -> str:
    return f'"{etag}"'


def _spec_for(name: str) -> ResourceSpec | None:
    # ODS matches the resource segment case-insensitively.
    for spec_name, spec in RESOURCES.items():
        if spec_name.lower() == name.lower():
            return spec
    return None


def build_router(state: ReferenceState) -> APIRouter:
    router = APIRouter()
    store = state.store

    def fault(name: str, spec: ResourceSpec) -> bool:
        """Resource faults imitate bugs of the association endpoints; the prerequisites stay conformant."""
        return spec.name == ASSOCIATIONS and state.has(name)

    async def guarded(request: Request, write: Callable[[], Awaitable[Response]]) -> Response:
        """The bearer check before the request is served (or, with a fault, after the write is applied)."""
        denied = authenticate(state, request)
        if denied is not None and not (request.method != "GET" and state.has("write-applied-before-token-check")):
            return denied
        response = await write()
        return denied or response

    def etag_headers(spec: ResourceSpec, record: StoredResource) -> dict[str, str]:
        return {} if fault("etag-missing", spec) else {"ETag": _quoted(record.etag)}

    def render(record: StoredResource) -> dict:
        body = json.loads(json.dumps(record.body))
        spec = RESOURCES[record.resource]
        for ref in spec.references:
            if isinstance(body.get(ref.prop), dict) and ref.target in RESOURCES:
                found = _resolve(ref, body[ref.prop])
                if found is not None:
                    body[ref.prop]["link"] = {"rel": RESOURCES[ref.target].title,
                                              "href": f"/ed-fi/{ref.target}/{found.id}"}
        if fault("dates-in-us-format", spec):
            for key in ("beginDate", "endDate"):
                if isinstance(body.get(key), str):
                    y, m, d = body[key].split("-")
                    body[key] = f"{m}/{d}/{y}"
        if fault("begin-date-shifted-by-time-zone", spec):
            body["beginDate"] = (date.fromisoformat(body["beginDate"]) - timedelta(days=1)).isoformat()
        if fault("education-organization-id-as-string", spec):
            body["cohortReference"]["educationOrganizationId"] = str(body["cohortReference"]["educationOrganizationId"])
        rendered = {"id": record.id, **body, "_etag": record.etag, "_lastModifiedDate": record.last_modified}
        if fault("missing-id-in-response", spec):
            rendered.pop("id")
        if fault("etag-missing", spec):
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
                    return unresolved(ref.title)
                continue
            if ref.target == "students" and fault("unresolved-student-accepted", spec):
                continue
            if ref.target == "cohorts" and fault("unresolved-cohort-accepted", spec):
                continue
            if ref.target == "cohorts" and fault("cohort-resolved-by-identifier", spec) and any(
                    c.body.get("cohortIdentifier") == reference_body.get("cohortIdentifier") for c in store.all("cohorts")):
                continue
            if _resolve(ref, reference_body) is None:
                return unresolved(ref.title)
        if body.get("sections"):
            return unresolved("Section")
        return None

    async def read_json(request: Request, spec: ResourceSpec) -> tuple[dict | None, Response | None]:
        if "json" not in request.headers.get("content-type", "").lower():
            return None, problem(415, "urn:ed-fi:api:unsupported-media-type", "Unsupported Media Type",
                                 "The request's Content-Type is not supported; use application/json.")
        raw = await request.body()
        try:
            body = parse_json(raw) if raw.strip() else None
        except Unreadable:
            body = None
        if not isinstance(body, dict) and fault("malformed-json-answers-500", spec):
            return None, crashed()
        if not raw.strip():
            return None, unreadable("A non-empty request body is required.")
        if body is None:
            return None, unreadable("The request body is not valid JSON.")
        if not isinstance(body, dict):
            return None, unreadable("The request body must be a JSON object.")
        return body, None

    def collection_url(request: Request, spec: ResourceSpec) -> str:
        """Absolute URL of the collection, keeping whatever prefix the request came through."""
        prefix = request.url.path.split("/ed-fi/")[0]
        return f"{request.url.scheme}://{request.url.netloc}{prefix}/ed-fi/{spec.name}"

    def rules(spec: ResourceSpec) -> Leniency:
        return Leniency(nested_required=not fault("reference-fields-not-validated", spec),
                        lengths=not fault("string-lengths-not-validated", spec))

    def checked(spec: ResourceSpec, body: dict, method: str = "POST") -> tuple[dict, dict[str, list[str]]]:
        """The body as stored (dates bent by the date faults) and its validation errors."""
        body = strip_links({k: v for k, v in body.items() if k not in ("_etag", "_lastModifiedDate")})
        body = bend_dates(body, roll_over=fault("impossible-dates-roll-over", spec),
                          day_first=fault("us-dates-read-day-first", spec),
                          date_part=fault("date-time-accepted-as-date", spec))
        if fault("education-organization-id-truncated", spec):
            body = truncated_numbers(body)
        errors = validate(spec, body, rules(spec))
        if method == "PUT" and fault("put-dates-not-validated", spec):
            for name in ("$.beginDate", "$.endDate"):
                errors.pop(name, None)
        if fault("begin-date-not-required", spec):
            errors.pop("$.beginDate", None)
        return body, errors

    # --- POST: upsert on the natural key ------------------------------------------------------
    @router.post(DATA_PREFIX + "/{resource}", tags=["Ed-Fi resources"],
                 summary="Upsert on the natural key: 201 for a new key, 200 for an existing one")
    async def post_resource(resource: str, request: Request) -> Response:
        return await guarded(request, lambda: _post(resource, request))

    async def _post(resource: str, request: Request) -> Response:
        spec = _spec_for(resource)
        if spec is None:
            return not_found("The specified resource could not be found.")
        if fault("html-500-on-post", spec):
            return crashed()
        body, error = await read_json(request, spec)
        if error:
            return error
        assert body is not None
        client_id = body.pop("id", None)
        if client_id is not None and not fault("client-id-accepted", spec):
            return bad_request("The request data was constructed incorrectly.",
                               ["Resource identifiers cannot be assigned by the client. The 'id' property"
                                " should not be included in the request body."])
        body, errors = checked(spec, body)
        if errors:
            if has_type_errors(errors) and fault("type-errors-answer-500", spec):
                return crashed()
            if fault("refused-post-still-stored", spec) and not _touches_key(spec, errors):
                _upsert(spec, {k: v for k, v in body.items() if f"$.{k}" not in errors})
            return validation_failed(errors)
        conflict = unresolved_reference(spec, body)
        if conflict:
            return conflict
        record, status = _upsert(spec, body, str(client_id) if client_id is not None else None)
        if status == 201 and fault("post-returns-200-for-new", spec):
            status = 200
        headers = etag_headers(spec, record)
        location_id = record.id[::-1] if fault("location-points-elsewhere", spec) else record.id
        collection = collection_url(request, spec)
        if fault("location-internal-host", spec):
            collection = collection.replace(request.url.netloc, "api-internal.invalid:8080", 1)
        if not fault("missing-location-header", spec):
            headers["Location"] = f"{collection}/{location_id}"
        return Response(status_code=status, headers=headers)

    def _upsert(spec: ResourceSpec, body: dict, rid: str | None = None) -> tuple[StoredResource, int]:
        key = json.dumps(natural_key(spec, body))
        with store.transaction():
            existing = store.find_by_key(spec.name, key)
            if existing is None and fault("upsert-ignores-student", spec):
                existing = next((r for r in store.all(spec.name)
                                 if json.loads(r.natural_key)[:3] == natural_key(spec, body)[:3]), None)
            if existing is None and fault("natural-key-without-begin-date", spec):
                existing = next((r for r in store.all(spec.name)
                                 if json.loads(r.natural_key)[1:] == natural_key(spec, body)[1:]), None)
            if existing is not None and not fault("upsert-creates-duplicate", spec):
                if fault("upsert-ignores-changes", spec):
                    return store.update(existing, key, existing.body), 200
                return store.update(existing, key, body, keep_etag=fault("upsert-keeps-etag", spec)), 200
            if fault("post-create-drops-end-date", spec):
                body = {k: v for k, v in body.items() if k != "endDate"}
            return store.insert(spec.name, key, body, rid), 201

    def _key_changed(spec: ResourceSpec, key: str, stored: str) -> bool:
        """Whether the natural key changed, in the parts the PUT faults compare (beginDate, cohort, student)."""
        ignored = set()
        if fault("put-moves-student", spec):
            ignored.add(3)
        if fault("put-moves-cohort", spec):
            ignored |= {1, 2}
        new, old = json.loads(key), json.loads(stored)
        return any(a != b for i, (a, b) in enumerate(zip(new, old, strict=True)) if i not in ignored)

    def _touches_key(spec: ResourceSpec, errors: dict[str, list[str]]) -> bool:
        keys = key_paths(spec)
        return any(k.startswith(path) or path.startswith(k) for path in errors for k in keys)

    # --- GET ----------------------------------------------------------------------------------
    @router.get(DATA_PREFIX + "/{resource}", tags=["Ed-Fi resources"],
                summary="Query by any property; offset/limit paging; totalCount=true adds Total-Count")
    async def get_collection(resource: str, request: Request) -> Response:
        denied = authenticate(state, request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return not_found("The specified resource could not be found.")
        if state.has("collection-queries-answer-500"):  # a search backend that is not configured
            return problem(500, "urn:ed-fi:api:system-failure", "System Failure",
                           "An unexpected problem has occurred.")
        params = dict(request.query_params)
        for name in ("studentUniqueId", "educationOrganizationId"):
            if fault(f"query-ignores-{'student' if name == 'studentUniqueId' else 'education-organization'}-filter",
                     spec):
                params.pop(name, None)
        flattened = sorted(set(params) & reference_fields(spec))
        if flattened and state.has("query-refuses-reference-key-fields"):
            return JSONResponse({"error": "The request is invalid.", "modelState": {
                f"{spec.title} does not include property '{flattened[0]}'": "Invalid property"}}, status_code=400)
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
            if fault("collection-filter-ignored", spec) or all(
                    k in flat and str(flat[k]).lower() == v.lower() for k, v in params.items()):
                matches.append(record)
        if fault("query-offset-ignored", spec):
            offset = 0
        page = matches[offset:offset + limit]
        counted = len(store.all(spec.name)) if fault("total-count-ignores-filters", spec) else len(matches)
        headers = {"Total-Count": str(counted)} if total_count == "true" else {}
        return JSONResponse([render(r) for r in page], headers=headers)

    @router.get(DATA_PREFIX + "/{resource}/{rid}", tags=["Ed-Fi resources"], summary="Read one item by id")
    async def get_item(resource: str, rid: str, request: Request) -> Response:
        denied = authenticate(state, request)
        if denied:
            return denied
        spec = _spec_for(resource)
        if spec is None:
            return not_found("The specified resource could not be found.")
        if fault("get-by-id-never-answers", spec):
            return await never_answer()
        record = store.get(spec.name, rid.replace("-", "").lower())
        if record is None:
            return not_found()
        if request.headers.get("if-none-match") in (_quoted(record.etag), record.etag):
            return Response(status_code=304, headers={"ETag": _quoted(record.etag)})
        return JSONResponse(render(record), headers=etag_headers(spec, record))

    # --- PUT ----------------------------------------------------------------------------------
    @router.put(DATA_PREFIX + "/{resource}/{rid}", tags=["Ed-Fi resources"],
                summary="Replace one item; 204 on success, 400 on a natural-key change or a body id of another item")
    async def put_item(resource: str, rid: str, request: Request) -> Response:
        return await guarded(request, lambda: _put(resource, rid, request))

    async def _put(resource: str, rid: str, request: Request) -> Response:
        spec = _spec_for(resource)
        if spec is None:
            return not_found("The specified resource could not be found.")
        body, error = await read_json(request, spec)
        if error:
            return error
        assert body is not None
        if fault("put-requires-if-match", spec) and not request.headers.get("if-match"):
            return problem(428, "urn:ed-fi:api:precondition-required", "Precondition Required",
                           "An If-Match header is required to update this item.")
        rid = rid.replace("-", "").lower()
        body_id = body.pop("id", None)
        other = None if body_id is None else str(body_id).replace("-", "").lower()
        if other is not None and other != rid:
            if not fault("put-uses-body-id", spec):
                return bad_request("The request could not be processed. See 'errors' for details.",
                                   ["Request body id must match the id in the url."])
            rid = other  # the body's id wins, and nothing else is checked
            target = store.get(spec.name, rid)
            if target is None:
                return not_found("Resource to update was not found.")
            body, _ = checked(spec, body)
            store.update(target, json.dumps(natural_key(spec, body)), body)
            return Response(status_code=204)
        body, errors = checked(spec, body, "PUT")
        if errors:
            return validation_failed(errors)
        with store.transaction():
            record = store.get(spec.name, rid)
            if record is None:
                if fault("put-unknown-id-creates", spec):
                    store.insert(spec.name, json.dumps(natural_key(spec, body)), body, rid)
                    return Response(status_code=204)
                return not_found("Resource to update was not found.")
            if_match = request.headers.get("if-match")
            if if_match and if_match not in (_quoted(record.etag), record.etag) and not fault("if-match-ignored", spec):
                return stale()
            key = json.dumps(natural_key(spec, body))
            if _key_changed(spec, key, record.natural_key) and not fault("key-change-accepted", spec):
                return problem(400, "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported",
                               "Key Change Not Supported",
                               "Identifying values for the resource cannot be changed. Delete and recreate"
                               " the resource item instead.")
            conflict = unresolved_reference(spec, body)
            if conflict:
                return conflict
            if fault("put-merges-fields", spec):
                body = {**record.body, **body}
            updated = record if fault("put-not-stored", spec) else store.update(
                record, key, body, keep_etag=fault("etag-unchanged-by-put", spec))
        location = f"{collection_url(request, spec)}/{record.id}"
        return Response(status_code=204, headers={**etag_headers(spec, updated), "Location": location})

    # --- DELETE -------------------------------------------------------------------------------
    @router.delete(DATA_PREFIX + "/{resource}/{rid}", tags=["Ed-Fi resources"],
                   summary="Delete one item; 409 while another item references it")
    async def delete_item(resource: str, rid: str, request: Request) -> Response:
        return await guarded(request, lambda: _delete(resource, rid, request))

    async def _delete(resource: str, rid: str, request: Request) -> Response:
        spec = _spec_for(resource)
        if spec is None:
            return not_found("The specified resource could not be found.")
        if fault("delete-not-allowed", spec):
            return problem(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed",
                           "The request construction was invalid. DELETE is not allowed on this resource.")
        with store.transaction():
            record = store.get(spec.name, rid.replace("-", "").lower())
            if record is None:
                if fault("delete-unknown-id-answers-204", spec):
                    return Response(status_code=204)
                return not_found("Resource to delete was not found.")
            if_match = request.headers.get("if-match")
            if if_match and if_match not in (_quoted(record.etag), record.etag) and not fault("if-match-ignored", spec):
                return stale()
            if _is_referenced(record):
                return problem(409, "urn:ed-fi:api:data-conflict:dependent-item-exists", "Dependent Item Exists",
                               "The requested action cannot be performed because this item is referenced by"
                               " another item.")
            if fault("delete-by-partial-key", spec):
                for other in store.all(spec.name):
                    if json.loads(other.natural_key)[1:] == json.loads(record.natural_key)[1:]:
                        store.delete(other.id)
            elif not fault("delete-not-persisted", spec):
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
