"""What the reference target says of itself: the Ed-Fi discovery document at its root, and OpenAPI metadata of
the resources it serves, written from its own resource definitions (so they declare what it does).

The document's form follows the Ed-Fi API design guidelines' Discovery API and the ODS/API's answers: version,
suite, dataModels, and absolute urls for dependencies, openApiMetadata, oauth and dataManagementApi. The
reference target applies the rules of Data Standard 3.3 (edfi_model) and declares that version.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .edfi_errors import not_found
from .edfi_model import RESOURCES, Prop, ResourceSpec
from .state import ReferenceState

DATA_STANDARD = "3.3.1-b"  # the rules of edfi_model: ODS/API 5.3's Data Standard
METADATA_PATH = "/metadata/data/v3/resources/swagger.json"
_TYPES = {"string": {"type": "string"}, "descriptor": {"type": "string"}, "date": {"type": "string", "format": "date"},
          "int32": {"type": "integer", "format": "int32"}, "int16": {"type": "integer", "format": "int32"},
          "bool": {"type": "boolean"}}


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def discovery_document(state: ReferenceState, root: str) -> dict:
    version = "5.0.0" if state.has("declares-data-standard-5") else DATA_STANDARD
    oauth = f"{root}/api/oauth/token" if state.has("discovery-oauth-url-wrong") else f"{root}/oauth/token"
    return {
        "version": "1.0", "informationalVersion": "edcert reference target", "suite": "edcert-reference",
        "build": "1.0.0",
        "dataModels": [{"name": "Ed-Fi", "version": version, "informationalVersion": f"The Ed-Fi Data Model {version}"}],
        "urls": {"dependencies": f"{root}/metadata/data/v3/dependencies", "openApiMetadata": f"{root}/metadata/",
                 "oauth": oauth, "dataManagementApi": f"{root}/data/v3/"},
    }


def _schema(prop: Prop, name: str, components: dict, override: dict[str, dict]) -> dict:
    if prop.kind == "object":
        component = f"edFi_{name}"
        components[component] = _object(prop.children, components, {})
        return {"$ref": f"#/components/schemas/{component}"}
    if prop.kind == "array":
        return {"type": "array", "items": _object(prop.children, components, {})}
    schema = dict(_TYPES[prop.kind])
    if prop.max_length is not None:
        schema["maxLength"] = prop.max_length
    schema.update(override.get(name, {}))
    return schema


def _object(props: dict[str, Prop], components: dict, override: dict[str, dict],
            also_required: tuple[str, ...] = ()) -> dict:
    required = sorted({name for name, prop in props.items() if prop.required} | set(also_required))
    return {"type": "object", "required": required,
            "properties": {name: _schema(prop, name, components, override) for name, prop in props.items()}}


def resources_specification(state: ReferenceState, root: str) -> dict:
    """An OpenAPI 3.0 document of every resource served, as the ODS/API publishes its Resources specification."""
    components: dict = {}
    paths: dict = {}
    for spec in RESOURCES.values():
        singular = spec.title[:1].lower() + spec.title[1:]
        association = spec.name == "studentCohortAssociations"
        also = ("endDate",) if association and state.has("metadata-declares-end-date-required") else ()
        body = _object(spec.props, components, {}, also)
        body["properties"] = {"id": {"type": "string"}, **body["properties"], "_etag": {"type": "string"}}
        components[f"edFi_{singular}"] = body
        if association and state.has("metadata-cohort-identifier-length-36"):
            components["edFi_cohortReference"]["properties"]["cohortIdentifier"]["maxLength"] = 36
        paths.update(_paths(spec, singular, omit_delete=association and state.has("metadata-omits-delete")))
    return {"openapi": "3.0.1",
            "info": {"title": "edcert reference target: Ed-Fi Resources", "version": DATA_STANDARD},
            "servers": [{"url": f"{root}/data/v3"}], "paths": paths, "components": {"schemas": components}}


def _paths(spec: ResourceSpec, singular: str, omit_delete: bool) -> dict:
    ref = {"$ref": f"#/components/schemas/edFi_{singular}"}
    body = {"required": True, "content": {"application/json": {"schema": ref}}}
    item_parameters = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    item: dict = {
        "get": {"operationId": f"get{spec.title}ById", "parameters": item_parameters,
                "responses": {"200": {"description": "The requested resource was successfully retrieved.",
                                      "content": {"application/json": {"schema": ref}}}}},
        "put": {"operationId": f"put{spec.title}", "parameters": item_parameters, "requestBody": body,
                "responses": {"204": {"description": "The resource was updated."}}},
        "delete": {"operationId": f"delete{spec.title}ById", "parameters": item_parameters,
                   "responses": {"204": {"description": "The resource was successfully deleted."}}},
    }
    if omit_delete:
        del item["delete"]
    return {
        f"/ed-fi/{spec.name}": {
            "get": {"operationId": f"get{spec.name[:1].upper()}{spec.name[1:]}",
                    "responses": {"200": {"description": "The requested resource was successfully retrieved.",
                                          "content": {"application/json": {"schema": {"type": "array",
                                                                                      "items": ref}}}}}},
            "post": {"operationId": f"post{spec.title}", "requestBody": body,
                     "responses": {"201": {"description": "The resource was created."},
                                   "200": {"description": "The resource was updated."}}},
        },
        f"/ed-fi/{spec.name}/{{id}}": item,
    }


def build_router(state: ReferenceState) -> APIRouter:
    router = APIRouter(tags=["Ed-Fi Discovery API"])

    @router.get("/", summary="the Ed-Fi discovery document")
    async def root(request: Request) -> JSONResponse:
        if state.has("discovery-missing"):
            return not_found()
        return JSONResponse(discovery_document(state, _root(request)))

    @router.get("/metadata", summary="the OpenAPI specifications served")
    @router.get("/metadata/", include_in_schema=False)
    async def metadata(request: Request) -> JSONResponse:
        if state.has("metadata-missing"):
            return not_found()
        root = _root(request)
        return JSONResponse([{"name": "Resources", "endpointUri": f"{root}{METADATA_PATH}", "prefix": ""}])

    @router.get(METADATA_PATH, summary="the OpenAPI specification of the Ed-Fi resources")
    async def resources(request: Request) -> JSONResponse:
        if state.has("metadata-missing"):
            return not_found()
        return JSONResponse(resources_specification(state, _root(request)))

    @router.get("/metadata/data/v3/dependencies", summary="the order in which resources are loaded")
    async def dependencies() -> JSONResponse:
        order = {"schools": 1, "students": 1, "cohorts": 2, "studentSchoolAssociations": 2,
                 "studentCohortAssociations": 3}
        return JSONResponse([{"resource": f"/ed-fi/{name}", "order": rank, "operations": ["Create", "Update"]}
                             for name, rank in order.items()])

    return router
