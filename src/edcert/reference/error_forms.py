"""Error bodies in the forms Meadowlark writes, for the faults that imitate it: the reference target's problem
details rewritten as an "error" member holding an object with a message, a list of such objects, or (the
defect) objects without any message."""

from __future__ import annotations

import json
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from .state import ReferenceState

READABLE = "errors-as-error-objects"
UNREADABLE = "error-objects-without-message"


def install(app: FastAPI, state: ReferenceState, data_prefix: str) -> None:
    """Rewrite every Ed-Fi error answer when one of the two faults is on."""
    if not (state.has(READABLE) or state.has(UNREADABLE)):
        return
    readable = state.has(READABLE)

    @app.middleware("http")
    async def _error_objects(request: Request, call_next) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith(data_prefix) or response.status_code < 400:
            return response
        raw = b"".join([chunk async for chunk in response.body_iterator])
        try:
            problem = json.loads(raw) if raw else {}
        except ValueError:
            problem = {}
        if not isinstance(problem, dict):
            problem = {}
        body = meadowlark_form(response.status_code, problem) if readable else without_message(problem)
        return JSONResponse(body, status_code=response.status_code)


def meadowlark_form(status: int, problem: dict) -> dict:
    """A list of messages for validation errors, a message with failures for unresolved references, else a message."""
    detail = problem.get("detail") or HTTPStatus(status).phrase
    validation = problem.get("validationErrors") or {}
    if status == 400 and validation:
        return {"error": [{"message": f"{path} {text}", "path": path, "context": {"errorType": "validation"}}
                          for path, texts in validation.items() for text in texts]}
    if status == 409:
        return {"error": {"message": "Reference validation failed",
                          "failures": [{"resourceName": problem.get("title", ""), "identity": [], "detail": detail}]}}
    return {"error": {"message": detail}}


def without_message(problem: dict) -> dict:
    """Objects that name where the error is, but never what it is."""
    return {"error": [{"path": path, "context": {"errorType": "validation"}}
                      for path in (problem.get("validationErrors") or {"{requestBody}": []})]}
