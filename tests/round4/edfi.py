"""An Ed-Fi v3 API serving studentCohortAssociations, written from the Ed-Fi sheet and the research notes
(shared/reference/edfi-api.md): OAuth2 client credentials, bearer tokens, upsert on the natural key, PUT
and DELETE by id, queries by any flattened property, ETags, RFC 9457 problem details.

`defect` names one realistic fault (DEFECTS); None is the clean twin.
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import secrets
import threading
import time
import uuid
from datetime import date, datetime, timezone
from urllib.parse import parse_qsl

from .http_base import Answer, LocalServer, Request

CLIENT_ID = "round4-sis"
CLIENT_SECRET = "round4-edfi-secret-2f9c1d"
BASE = "/api"  # the API's own path in front of /data/v3 and /oauth/token
COHORTS = {("1", 255901107), ("2", 255901001)}
STUDENTS = {"111111", "222222"}
RESOURCE = "studentCohortAssociations"
DEFECTS = {
    "token-for-empty-secret": "the token endpoint issues a token when the client secret is empty or missing",
    "client-secret-as-bearer": "the resource API accepts the client secret itself as a bearer token",
    "put-not-validated": "PUT skips date validation: an impossible date is stored",
    "put-changes-key": "PUT compares only beginDate of the natural key: a changed student or cohort moves the record",
    "cohort-at-wrong-ed-org": "a cohort reference is resolved by cohortIdentifier alone, whatever its "
                              "educationOrganizationId",
    "query-ignores-begin-date": "a collection query ignores its beginDate filter",
    "end-date-lost-on-create": "POST of a new natural key drops endDate (an upsert keeps it)",
    "etag-kept-on-upsert": "POST of an existing natural key updates the record but keeps its ETag",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEY_FIELDS = ("beginDate", "cohortIdentifier", "educationOrganizationId", "studentUniqueId")


class Refused(Exception):
    def __init__(self, status: int, type_: str, title: str, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.status, self.body = status, {"type": type_, "title": title, "status": status, "detail": detail, **extra}


def _bad_request(detail: str, errors: list[str]) -> Refused:
    return Refused(400, "urn:ed-fi:api:bad-request", "Bad Request", detail, errors=errors)


def _invalid(problems: dict[str, list[str]]) -> Refused:
    return Refused(400, "urn:ed-fi:api:bad-request:data-validation-failed", "Data Validation Failed",
                   "Data validation failed. See 'validationErrors' for details.", validationErrors=problems)


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _string(problems: dict[str, list[str]], path: str, value: object, limit: int, *, key: bool = False) -> None:
    name = path.rsplit(".", 1)[-1]
    if value is None:
        problems.setdefault(path, []).append(f"{name} is required.")
    elif not isinstance(value, str):
        problems.setdefault(path, []).append(f"{name} must be a string.")
    elif not value.strip():
        problems.setdefault(path, []).append(f"{name} is required and should not be left empty.")
    elif len(value) > limit:
        problems.setdefault(path, []).append(f"{name} must be at most {limit} characters in length.")
    elif key and value != value.strip():
        problems.setdefault(path, []).append(f"{name} may not have leading or trailing spaces.")


def _integer(problems: dict[str, list[str]], path: str, value: object, low: int, high: int) -> None:
    name = path.rsplit(".", 1)[-1]
    if value is None:
        problems.setdefault(path, []).append(f"{name} is required.")
    elif not _is_int(value):
        problems.setdefault(path, []).append(f"{name} must be an integer.")
    elif not low <= value <= high:
        problems.setdefault(path, []).append(f"{name} is out of range.")


def _object(problems: dict[str, list[str]], path: str, value: object) -> dict:
    if value is None:
        problems.setdefault(path, []).append(f"{path.rsplit('.', 1)[-1]} is required.")
        return {}
    if not isinstance(value, dict):
        problems.setdefault(path, []).append(f"{path.rsplit('.', 1)[-1]} must be an object.")
        return {}
    return value


def validate(body: dict, *, dates: bool = True) -> dict[str, list[str]]:
    """The Data Standard's rules for a studentCohortAssociation (3.x lengths, the strictest)."""
    problems: dict[str, list[str]] = {}
    cohort = _object(problems, "$.cohortReference", body.get("cohortReference"))
    if "$.cohortReference" not in problems:
        _string(problems, "$.cohortReference.cohortIdentifier", cohort.get("cohortIdentifier"), 20, key=True)
        _integer(problems, "$.cohortReference.educationOrganizationId", cohort.get("educationOrganizationId"),
                 1, 2**31 - 1)
    student = _object(problems, "$.studentReference", body.get("studentReference"))
    if "$.studentReference" not in problems:
        _string(problems, "$.studentReference.studentUniqueId", student.get("studentUniqueId"), 32, key=True)
    begin = body.get("beginDate")
    if begin is None:
        problems.setdefault("$.beginDate", []).append("beginDate is required.")
    elif not isinstance(begin, str) or (dates and not _valid_date(begin)):
        problems.setdefault("$.beginDate", []).append("beginDate must be a date written yyyy-mm-dd.")
    end = body.get("endDate")
    if end is not None and (not isinstance(end, str) or (dates and not _valid_date(end))):
        problems.setdefault("$.endDate", []).append("endDate must be a date written yyyy-mm-dd.")
    sections = body.get("sections")
    if sections is not None:
        if not isinstance(sections, list):
            problems.setdefault("$.sections", []).append("sections must be an array.")
        else:
            for n, item in enumerate(sections):
                path = f"$.sections[{n}].sectionReference"
                reference = _object(problems, path, item.get("sectionReference") if isinstance(item, dict) else None)
                if path in problems:
                    continue
                _string(problems, f"{path}.localCourseCode", reference.get("localCourseCode"), 60)
                _integer(problems, f"{path}.schoolId", reference.get("schoolId"), 1, 2**31 - 1)
                _integer(problems, f"{path}.schoolYear", reference.get("schoolYear"), 1900, 2100)
                _string(problems, f"{path}.sectionIdentifier", reference.get("sectionIdentifier"), 255)
                _string(problems, f"{path}.sessionName", reference.get("sessionName"), 60)
    return problems


def stored_form(body: dict) -> dict:
    """What is kept of a valid body: the resource's own members, without echoed links and metadata."""
    kept = {
        "cohortReference": {k: body["cohortReference"][k] for k in ("cohortIdentifier", "educationOrganizationId")},
        "studentReference": {"studentUniqueId": body["studentReference"]["studentUniqueId"]},
        "beginDate": body["beginDate"],
    }
    if body.get("endDate") is not None:
        kept["endDate"] = body["endDate"]
    if body.get("sections"):
        kept["sections"] = [{"sectionReference": {k: v for k, v in item["sectionReference"].items() if k != "link"}}
                            for item in body["sections"]]
    return kept


def flattened(body: dict) -> dict[str, object]:
    return {"beginDate": body["beginDate"], "endDate": body.get("endDate"),
            "cohortIdentifier": body["cohortReference"]["cohortIdentifier"],
            "educationOrganizationId": body["cohortReference"]["educationOrganizationId"],
            "studentUniqueId": body["studentReference"]["studentUniqueId"]}


def key_of(body: dict) -> tuple:
    flat = flattened(body)
    return tuple(flat[name] for name in _KEY_FIELDS)


class Round4Edfi:
    """The API on 127.0.0.1, started on construction; stop() (or `with`) ends it."""

    def __init__(self, defect: str | None = None) -> None:
        assert defect is None or defect in DEFECTS, defect
        self.defect = defect
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}
        self.records: dict[str, dict] = {}  # id -> {"body", "etag", "modified"}
        self.server = LocalServer(self.handle)

    @property
    def base_url(self) -> str:
        return f"{self.server.origin}{BASE}/data/v3"

    @property
    def token_url(self) -> str:
        return f"{self.server.origin}{BASE}/oauth/token"

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> Round4Edfi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- dispatch ----------------------------------------------------------------------------------
    def handle(self, request: Request) -> Answer:
        try:
            if request.path == f"{BASE}/oauth/token":
                if request.method != "POST":
                    raise Refused(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed", "Use POST.")
                return self.token(request)
            prefix = f"{BASE}/data/v3/ed-fi/"
            if not request.path.startswith(prefix):
                raise Refused(404, "urn:ed-fi:api:not-found", "Not Found", "The specified resource could not be found.")
            self.authenticate(request)
            resource, _, item = request.path[len(prefix):].partition("/")
            if resource != RESOURCE or "/" in item:
                raise Refused(404, "urn:ed-fi:api:not-found", "Not Found", "The specified resource could not be found.")
            with self.lock:
                return self.route(request, item)
        except Refused as refusal:
            headers = {"Content-Type": "application/problem+json"}
            if refusal.status == 401:
                headers["WWW-Authenticate"] = 'Bearer realm="edfi"'
            return Answer(refusal.status, json.dumps(refusal.body).encode(), headers)

    def route(self, request: Request, item: str) -> Answer:
        method = request.method
        if not item:
            if method == "GET":
                return self.query(request)
            if method == "POST":
                return self.post(request)
        elif method == "GET":
            return self.read(item)
        elif method == "PUT":
            return self.put(request, item)
        elif method == "DELETE":
            return self.delete(request, item)
        raise Refused(405, "urn:ed-fi:api:method-not-allowed", "Method Not Allowed",
                      f"{method} is not allowed on this URL.")

    # --- OAuth2 ------------------------------------------------------------------------------------
    def token(self, request: Request) -> Answer:
        content_type = request.headers.get("content-type", "")
        fields: dict[str, str] = {}
        if "json" in content_type:
            try:
                parsed = json.loads(request.body or b"{}")
            except ValueError:
                return self._oauth_error(400, "invalid_request")
            if not isinstance(parsed, dict):
                return self._oauth_error(400, "invalid_request")
            fields = {k: v for k, v in parsed.items() if isinstance(v, str)}
        else:
            fields = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        header = request.headers.get("authorization")
        client_id, secret = fields.get("client_id"), fields.get("client_secret")
        if header:
            scheme, _, value = header.partition(" ")
            if scheme.lower() != "basic":
                return self._oauth_error(401, "invalid_client")
            if client_id is not None or secret is not None:
                return self._oauth_error(400, "invalid_request")
            try:
                client_id, sep, secret = base64.b64decode(value.strip(), validate=True).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return self._oauth_error(401, "invalid_client")
            if not sep:
                return self._oauth_error(401, "invalid_client")
        if fields.get("grant_type") != "client_credentials":
            return self._oauth_error(400, "unsupported_grant_type")
        if not client_id:
            return self._oauth_error(401, "invalid_client")
        if self.defect == "token-for-empty-secret":
            known = client_id == CLIENT_ID and (not secret or hmac.compare_digest(secret, CLIENT_SECRET))
        else:
            known = client_id == CLIENT_ID and secret is not None and hmac.compare_digest(secret, CLIENT_SECRET)
        if not known:
            return self._oauth_error(401, "invalid_client")
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = time.monotonic() + 3600
        body = {"access_token": token, "token_type": "bearer", "expires_in": 3600}
        return Answer(200, json.dumps(body).encode(), {"Content-Type": "application/json", "Cache-Control": "no-store"})

    @staticmethod
    def _oauth_error(status: int, error: str) -> Answer:
        return Answer(status, json.dumps({"error": error}).encode(), {"Content-Type": "application/json"})

    def authenticate(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        with self.lock:
            expiry = self.tokens.get(token)
        if scheme.lower() == "bearer" and token and expiry is not None and expiry > time.monotonic():
            return
        if self.defect == "client-secret-as-bearer" and scheme.lower() == "bearer" and token == CLIENT_SECRET:
            return
        raise Refused(401, "urn:ed-fi:api:security:authentication", "Authentication Failed",
                      "The caller could not be authenticated.",
                      errors=["Authorization header is missing." if not header else "Invalid Authorization header."])

    # --- resources ---------------------------------------------------------------------------------
    @staticmethod
    def _json_body(request: Request) -> dict:
        if not request.body.strip():
            raise _bad_request("The request could not be processed. See 'errors' for details.",
                               ["A non-empty request body is required."])
        try:
            body = json.loads(request.body)
        except ValueError:
            raise _bad_request("The request could not be processed. See 'errors' for details.",
                               ["The request body is not valid JSON."]) from None
        if not isinstance(body, dict):
            raise _bad_request("The request could not be processed. See 'errors' for details.",
                               ["The request body must be a JSON object."])
        return body

    def _references(self, body: dict) -> None:
        cohort = body["cohortReference"]
        if self.defect == "cohort-at-wrong-ed-org":
            found = any(identifier == cohort["cohortIdentifier"] for identifier, _ in COHORTS)
        else:
            found = (cohort["cohortIdentifier"], cohort["educationOrganizationId"]) in COHORTS
        if not found:
            raise Refused(409, "urn:ed-fi:api:data-conflict:unresolved-reference", "Unresolved Reference",
                          "The referenced 'Cohort' item does not exist.")
        if body["studentReference"]["studentUniqueId"] not in STUDENTS:
            raise Refused(409, "urn:ed-fi:api:data-conflict:unresolved-reference", "Unresolved Reference",
                          "The referenced 'Student' item does not exist.")

    @staticmethod
    def _stamp() -> tuple[str, str]:
        return uuid.uuid4().hex[:20], datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def _location(self, record_id: str) -> str:
        return f"{self.base_url}/ed-fi/{RESOURCE}/{record_id}"

    def post(self, request: Request) -> Answer:
        body = self._json_body(request)
        if "id" in body:
            raise _bad_request("The request data was constructed incorrectly.",
                               ["Resource identifiers cannot be assigned by the client."])
        problems = validate(body)
        if problems:
            raise _invalid(problems)
        self._references(body)
        kept = stored_form(body)
        key = key_of(kept)
        existing = next((rid for rid, record in self.records.items() if key_of(record["body"]) == key), None)
        etag, modified = self._stamp()
        if existing is not None:
            record = self.records[existing]
            if self.defect == "etag-kept-on-upsert":
                etag = record["etag"]
            self.records[existing] = {"body": kept, "etag": etag, "modified": modified}
            return Answer(200, b"", {"Location": self._location(existing), "ETag": f'"{etag}"'})
        if self.defect == "end-date-lost-on-create":
            kept.pop("endDate", None)
        record_id = uuid.uuid4().hex
        self.records[record_id] = {"body": kept, "etag": etag, "modified": modified}
        return Answer(201, b"", {"Location": self._location(record_id), "ETag": f'"{etag}"'})

    def _shown(self, record_id: str) -> dict:
        record = self.records[record_id]
        return {"id": record_id, **record["body"], "_etag": record["etag"], "_lastModifiedDate": record["modified"]}

    def read(self, item: str) -> Answer:
        if item not in self.records:
            raise Refused(404, "urn:ed-fi:api:not-found", "Not Found", "The specified item could not be found.")
        return Answer(200, json.dumps(self._shown(item)).encode(),
                      {"Content-Type": "application/json", "ETag": f'"{self.records[item]["etag"]}"'})

    def query(self, request: Request) -> Answer:
        params = dict(parse_qsl(request.query, keep_blank_values=True))
        try:
            offset, limit = int(params.pop("offset", "0")), int(params.pop("limit", "25"))
        except ValueError:
            offset, limit = -1, -1
        total = params.pop("totalCount", "false").lower()
        if offset < 0 or not 0 <= limit <= 500 or total not in ("true", "false"):
            raise Refused(400, "urn:ed-fi:api:bad-request:parameter-validation-failed", "Parameter Validation Failed",
                          "Parameter validation failed.",
                          errors=["Limit must be between 0 and 500; offset at least 0; totalCount true or false."])
        if self.defect == "query-ignores-begin-date":
            params.pop("beginDate", None)
        matches = []
        for record_id, record in self.records.items():
            flat = {**flattened(record["body"]), "id": record_id}
            if all(name in flat and flat[name] is not None and str(flat[name]).lower() == value.lower()
                   for name, value in params.items()):
                matches.append(record_id)
        headers = {"Content-Type": "application/json"}
        if total == "true":
            headers["Total-Count"] = str(len(matches))
        return Answer(200, json.dumps([self._shown(rid) for rid in matches[offset:offset + limit]]).encode(), headers)

    def _precondition(self, request: Request, record: dict) -> None:
        wanted = request.headers.get("if-match")
        if wanted is not None and wanted.strip().strip('"') != record["etag"] and wanted.strip() != "*":
            raise Refused(412, "urn:ed-fi:api:optimistic-lock-failed", "Optimistic Lock Failed",
                          "The item has been modified by another user.")

    def put(self, request: Request, item: str) -> Answer:
        body = self._json_body(request)
        if item not in self.records:
            raise Refused(404, "urn:ed-fi:api:not-found", "Not Found", "Resource to update was not found.")
        if "id" in body and body["id"] != item:
            raise _bad_request("The request could not be processed. See 'errors' for details.",
                               ["Request body id must match the id in the url."])
        record = self.records[item]
        self._precondition(request, record)
        problems = validate(body, dates=self.defect != "put-not-validated")
        if problems:
            raise _invalid(problems)
        kept = stored_form(body)
        old = key_of(record["body"])
        new = key_of(kept)
        changed = old[0] != new[0] if self.defect == "put-changes-key" else old != new
        if changed:
            raise Refused(400, "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported",
                          "Key Change Not Supported", "Identifying values for the StudentCohortAssociation "
                          "resource cannot be changed. Delete and recreate the resource item instead.")
        self._references(kept)
        etag, modified = self._stamp()
        self.records[item] = {"body": kept, "etag": etag, "modified": modified}
        return Answer(204, b"", {"ETag": f'"{etag}"', "Location": self._location(item)})

    def delete(self, request: Request, item: str) -> Answer:
        if item not in self.records:
            raise Refused(404, "urn:ed-fi:api:not-found", "Not Found", "Resource to delete was not found.")
        self._precondition(request, self.records[item])
        del self.records[item]
        return Answer(204)
