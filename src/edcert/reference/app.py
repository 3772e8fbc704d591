"""The FastAPI application of the reference target, with its seed data."""

from __future__ import annotations

import json
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from . import discovery_api, edfi_api, edfi_auth, error_forms, linkit_api
from .edfi_model import RESOURCES, SCHOOLS, natural_key
from .state import ReferenceState
from .store import Store

SEED_STUDENTS = (
    {"studentUniqueId": "111111", "firstName": "Austin", "middleName": "Samuel", "lastSurname": "Jones",
     "birthDate": "2009-01-01"},
    {"studentUniqueId": "222222", "firstName": "Madison", "middleName": "Mary", "lastSurname": "Johnson",
     "birthDate": "2001-01-01"},
)
SEED_COHORTS = (
    {"cohortIdentifier": "1", "educationOrganizationReference": {"educationOrganizationId": 255901107},
     "cohortTypeDescriptor": "uri://ed-fi.org/CohortTypeDescriptor#Study Hall",
     "cohortScopeDescriptor": "uri://ed-fi.org/CohortScopeDescriptor#District",
     "cohortDescription": "Cohort 1 Description"},
    {"cohortIdentifier": "2", "educationOrganizationReference": {"educationOrganizationId": 255901001},
     "cohortTypeDescriptor": "uri://ed-fi.org/CohortTypeDescriptor#Study Hall",
     "cohortScopeDescriptor": "uri://ed-fi.org/CohortScopeDescriptor#District",
     "cohortDescription": "Cohort 2 Description"},
)
SEED_SCHOOLS = tuple({"schoolId": school_id, "nameOfInstitution": name,
                      "localEducationAgencyReference": {"localEducationAgencyId": 255901}}
                     for school_id, name in SCHOOLS.items())
SEED_PROGRAMS = ((1552, "LEP"), (19740, "Free and Reduced"), (1553, "Gifted and Talented"),
                 (1554, "Special Education"), (1555, "Title I"), (1556, "Migrant Education"))
#: Programs 20001-20060 exist so that many distinct assignments can run at once.
BULK_PROGRAMS = tuple((20000 + n, f"Enrichment Program {n}") for n in range(1, 61))
SEED_LINKIT_STUDENTS = (151557, 151558)  # 151557 holds LEP; 151558 holds nothing


def seed(store: Store) -> None:
    with store.transaction():
        for resource, bodies in (("schools", SEED_SCHOOLS), ("students", SEED_STUDENTS), ("cohorts", SEED_COHORTS)):
            spec = RESOURCES[resource]
            for body in bodies:
                key = json.dumps(natural_key(spec, body))
                if store.find_by_key(resource, key) is None:
                    store.insert(resource, key, body)
        for program_id, name in SEED_PROGRAMS + BULK_PROGRAMS:
            store.add_program(program_id, name)
        fresh = not any(store.student_exists(sid) for sid in SEED_LINKIT_STUDENTS)
        for sid in SEED_LINKIT_STUDENTS:
            store.add_linkit_student(sid)
        if fresh:
            store.enrol(151557, 1552)


def create_app(state: ReferenceState) -> FastAPI:
    app = FastAPI(
        title="edcert reference target",
        description="A conformant Ed-Fi v3 StudentCohortAssociation and LinkIt! program API, "
        f"with faults: {', '.join(sorted(state.faults)) or 'none'}.",
        version="1",
    )
    seed(state.store)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"type": "urn:ed-fi:api:bad-request", "title": "Bad Request", "status": 400,
                             "detail": "The request could not be processed."}, status_code=400)

    if state.has("errors-as-plain-text"):
        @app.middleware("http")
        async def _plain_text_errors(request: Request, call_next) -> Response:
            response = await call_next(request)
            if request.url.path.startswith(edfi_api.DATA_PREFIX) and response.status_code >= 400:
                return PlainTextResponse(HTTPStatus(response.status_code).phrase, status_code=response.status_code)
            return response

    if state.has("errors-in-error-member"):
        @app.middleware("http")
        async def _error_member_bodies(request: Request, call_next) -> Response:
            response = await call_next(request)
            if request.url.path.startswith(edfi_api.DATA_PREFIX) and response.status_code >= 400:
                raw = b"".join([chunk async for chunk in response.body_iterator])
                problem_body = json.loads(raw) if raw else {}
                body = {"error": problem_body.get("detail") or HTTPStatus(response.status_code).phrase,
                        "modelState": problem_body.get("validationErrors") or {}}
                return JSONResponse(body, status_code=response.status_code)
            return response

    error_forms.install(app, state, edfi_api.DATA_PREFIX)
    app.include_router(discovery_api.build_router(state))
    app.include_router(edfi_auth.build_token_router(state))
    app.include_router(edfi_api.build_router(state))
    app.include_router(linkit_api.build_router(state))
    return app
