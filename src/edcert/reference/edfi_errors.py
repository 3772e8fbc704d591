"""Error answers of the reference target's Ed-Fi API: RFC 9457 problem details as ODS/API 7.2+ and the
Data Management Service write them (type, title, status, detail, errors, validationErrors)."""

from __future__ import annotations

from fastapi.responses import HTMLResponse, JSONResponse

HTML_500 = ("<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
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


def bad_request(detail: str, errors: list[str]) -> JSONResponse:
    return problem(400, "urn:ed-fi:api:bad-request", "Bad Request", detail, errors=errors)


def unreadable(error: str) -> JSONResponse:
    return bad_request("The request could not be processed. See 'errors' for details.", [error])


def validation_failed(validation_errors: dict[str, list[str]]) -> JSONResponse:
    return problem(400, "urn:ed-fi:api:bad-request:data-validation-failed", "Data Validation Failed",
                   "Data validation failed. See 'validationErrors' for details.",
                   validation_errors=validation_errors)


def not_found(detail: str = "The specified item could not be found.") -> JSONResponse:
    return problem(404, "urn:ed-fi:api:not-found", "Not Found", detail)


def unresolved(title: str) -> JSONResponse:
    return problem(409, "urn:ed-fi:api:data-conflict:unresolved-reference", "Unresolved Reference",
                   f"The referenced '{title}' item does not exist.")


def stale(detail: str = "The item has been modified by another user.") -> JSONResponse:
    return problem(412, "urn:ed-fi:api:optimistic-lock-failed", "Optimistic Lock Failed", detail)


def unauthenticated(error: str) -> JSONResponse:
    response = problem(401, "urn:ed-fi:api:security:authentication", "Authentication Failed",
                       "The caller could not be authenticated.", errors=[error])
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def crashed() -> HTMLResponse:
    """What an unhandled exception looks like behind a default web server configuration."""
    return HTMLResponse(HTML_500, status_code=500)


def token_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)
