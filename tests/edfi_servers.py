"""Ed-Fi APIs written apart from edcert's reference target, in the flavours and variations real servers show.

One server on 127.0.0.1 per flavour (tests/edfi_server_flavours.py: ODS/API 5.x, ODS/API 7.x, the Data
Management Service) with any set of variations, each a conformant reading a real server shows. edcert must
certify every combination (only SCA-N23, N38 and N40 may fail where collection queries do not work). What a body must be is
in tests/edfi_server_rules.py.

Sources: the Ed-Fi sheet "v3 StudentCohort > StudentCohortAssociation", the published behaviour of the ODS/API
and DMS (their controllers, Postman and E2E tests, the error knowledge base), the Ed-Fi API Design Guidelines
4.0, RFC 6749/6750 and RFC 9110. Nothing is taken from edcert's reference target.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import secrets
import threading
import time
import uuid
from dataclasses import replace
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from .edfi_server_flavours import (
    FLAVOURS,
    VARIATIONS,
    discovery_document,
    error_answer,
    jwt_like_token,
    represented,
    resources_metadata,
)
from .edfi_server_rules import READERS, Refusal, flattened, natural_key

CLIENT_ID = "independent-edfi-client"
CLIENT_SECRET = "independent-edfi-secret-0123"
OTHER_CLIENT_ID = "independent-edfi-other-client"  # a second client of the same API (variation ownership)
OTHER_CLIENT_SECRET = "independent-edfi-other-secret-4567"
CLIENTS = {CLIENT_ID: CLIENT_SECRET, OTHER_CLIENT_ID: OTHER_CLIENT_SECRET}
SCHOOLS = {255901107, 255901001}
EDUCATION_ORGANIZATIONS = SCHOOLS | {255901}
MAX_BODY = 1 << 20


class IndependentEdfi:
    """One Ed-Fi API on 127.0.0.1, started on construction; stop() (or `with`) ends it."""

    def __init__(self, flavour: str, variations: frozenset[str] | set[str] = frozenset(), prefix: str = "") -> None:
        unknown = set(variations) - set(VARIATIONS)
        assert not unknown, unknown
        self.flavour = FLAVOURS[flavour]
        if "strict-schema" in variations:
            self.flavour = replace(self.flavour, rules=replace(self.flavour.rules, strict=True))
        for style in ("path-absolute", "relative"):
            if f"{style}-location" in variations:
                self.flavour = replace(self.flavour, location=style)
        self.variations = frozenset(variations)
        self.prefix = prefix  # a tenant or school-year route in front of everything, e.g. /tenant-a/2026
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}
        self.token_clients: dict[str, str] = {}  # token -> the client it was issued to
        self.caller = threading.local()  # the client of the request being served
        self.store: dict[str, dict[str, dict]] = {name: {} for name in READERS}
        self.history: list[tuple[float, str, str, dict | None]] = []  # what the search index is fed, in order
        self.search_lag = 1.0 if "search-lag" in self.variations else 0.0
        self.read_lag = (0.01, 0.08) if "read-lag" in self.variations else None
        self.lags = random.Random(7)  # the same lags on every start; the order of requests still varies
        if "empty" not in self.variations:
            self._seed()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave in separate writes

            def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
                server.handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server.handle(self, "POST")

            def do_PUT(self) -> None:  # noqa: N802
                server.handle(self, "PUT")

            def do_DELETE(self) -> None:  # noqa: N802
                server.handle(self, "DELETE")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    # --- addresses ------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.origin + self.prefix + self.flavour.base_path

    @property
    def token_url(self) -> str:
        return self.origin + self.prefix + self.flavour.token_path

    @property
    def api_url(self) -> str:
        """The API's root: its discovery document."""
        return self.origin + self.prefix + self.flavour.root_path

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def __enter__(self) -> IndependentEdfi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def records(self, resource: str) -> list[dict]:
        with self.lock:
            return [dict(entry["body"]) for entry in self.store[resource].values()]

    def _seed(self) -> None:
        """The sheet's cohorts and students, each student enrolled at the cohort's school."""
        for cohort, school, student, first, last, birth, grade in (
                ("1", 255901107, "111111", "Austin", "Jones", "2009-01-01", "First grade"),
                ("2", 255901001, "222222", "Madison", "Johnson", "2001-01-01", "Ninth grade")):
            for resource, body in (
                ("cohorts", {"cohortIdentifier": cohort,
                             "educationOrganizationReference": {"educationOrganizationId": school},
                             "cohortTypeDescriptor": "uri://ed-fi.org/CohortTypeDescriptor#Study Hall"}),
                ("students", {"studentUniqueId": student, "firstName": first, "lastSurname": last, "birthDate": birth}),
                ("studentSchoolAssociations", {"studentReference": {"studentUniqueId": student},
                                               "schoolReference": {"schoolId": school}, "entryDate": "2025-08-15",
                                               "entryGradeLevelDescriptor": f"uri://ed-fi.org/GradeLevelDescriptor#{grade}"}),
            ):
                record = READERS[resource](body, self.flavour.rules)
                self._write(resource, self._new_id(resource, record), record)

    # --- the request ----------------------------------------------------------------------------

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        if "slow-answers" in self.variations:
            time.sleep(0.01)  # outside the lock: other requests are served meanwhile
        parts = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(min(length, MAX_BODY)) if length else b""
        try:
            if method == "GET" and self._described(request, parts.path.rstrip("/")):
                return
            if parts.path.rstrip("/") == self.prefix + self.flavour.token_path:
                if method != "POST":
                    raise Refusal(405, "method", "The token endpoint accepts POST only.")
                self._token(request, body)
                return
            resource, item = self._route(parts.path)
            self.caller.client = self._authenticated(request.headers.get("Authorization"))
            if not self.caller.client:
                raise Refusal(401, "authentication", "The caller could not be authenticated.",
                              message="Authorization has been denied for this request.",
                              errors=["Invalid Authorization header."])
            query = {name.lower(): value for name, value in parse_qsl(parts.query, keep_blank_values=True)}
            if method == "GET" and item is None:
                self._query(request, resource, query)
            elif method == "GET":
                self._get(request, resource, item)
            elif method == "POST" and item is None:
                self._post(request, resource, self._json_object(body))
            elif method == "PUT" and item is not None:
                self._put(request, resource, item, self._json_object(body))
            elif method == "DELETE" and item is not None:
                self._delete(request, resource, item)
            else:
                raise Refusal(405, "method", f"The {method} method is not allowed here.")
        except Refusal as refusal:
            self._refuse(request, refusal)

    def _described(self, request: BaseHTTPRequestHandler, path: str) -> bool:
        """The discovery document at the root and the OpenAPI metadata (both public, as on the ODS/API)."""
        root = self.prefix + self.flavour.root_path
        if path == root:
            self._send(request, 200, discovery_document(self.flavour, self.api_url, self.base_url, self.token_url))
        elif path == root + "/metadata":
            self._send(request, 200, [{"name": "Resources", "prefix": "",
                                       "endpointUri": f"{self.api_url}/metadata/data/v3/resources/swagger.json"}])
        elif path == root + "/metadata/data/v3/resources/swagger.json":
            self._send(request, 200, resources_metadata(self.flavour, self.base_url))
        else:
            return False
        return True

    def _route(self, path: str) -> tuple[str, str | None]:
        base = self.prefix + self.flavour.base_path + "/ed-fi/"
        if not path.lower().startswith(base.lower()):
            raise Refusal(404, "not-found", "The specified resource could not be found.")
        segments = [unquote(s) for s in path[len(base):].split("/") if s]
        names = {name.lower(): name for name in READERS}
        if not 1 <= len(segments) <= 2 or segments[0].lower() not in names:
            raise Refusal(404, "not-found", "The specified resource could not be found.")
        return names[segments[0].lower()], segments[1] if len(segments) == 2 else None

    def _json_object(self, body: bytes) -> dict:
        if not body.strip():
            raise Refusal(400, "bad-request", "The request could not be processed. See 'errors' for details.",
                          message="A non-empty request body is required.",
                          errors=["A non-empty request body is required."])
        try:
            parsed = json.loads(body)
        except ValueError:
            raise Refusal(400, "bad-request", "The request could not be processed. See 'errors' for details.",
                          message="The request is invalid.", validation={"$": ["The request body is not valid JSON."]},
                          errors=["The request body is not valid JSON."]) from None
        if not isinstance(parsed, dict):
            raise Refusal(400, "bad-request", "The request could not be processed. See 'errors' for details.",
                          message="The request is invalid.", validation={"$": ["A single JSON object is expected."]},
                          errors=["A single JSON object is expected."])
        return parsed

    # --- OAuth 2.0 client credentials -----------------------------------------------------------

    def _token(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        content_type = (request.headers.get("Content-Type") or "").lower()
        try:
            fields = dict(json.loads(body)) if "json" in content_type else dict(parse_qsl(body.decode()))
        except (ValueError, TypeError):
            fields = {}
        header = request.headers.get("Authorization") or ""
        basic = None
        if header[:6].lower() == "basic ":
            try:
                basic = tuple(base64.b64decode(header[6:].strip(), validate=True).decode().split(":", 1))
            except ValueError:
                basic = ("", "")
        in_body = ((fields.get("client_id"), fields.get("client_secret"))
                   if self.flavour.token_from_body and "client_id" in fields else None)
        if basic and in_body:
            return self._oauth_error(request, 400, "invalid_request")
        if fields.get("grant_type") != "client_credentials":
            return self._oauth_error(request, 400, "unsupported_grant_type")
        client = basic or in_body
        known = CLIENTS.get(str(client[0])) if client and len(client) == 2 else None
        if known is None or not hmac.compare_digest(str(client[1]).encode(), known.encode()):
            return self._oauth_error(request, 401, "invalid_client")
        token = self._new_token()
        lifetime = 1 if "short-tokens" in self.variations else 1800
        with self.lock:
            if "newest-token-only" in self.variations:
                self.tokens.clear()
            self.tokens[token] = time.monotonic() + lifetime
            self.token_clients[token] = str(client[0])
        answer: dict[str, object] = {"access_token": token, **dict(self.flavour.token_answer)}
        if "expires_in" in answer:
            answer["expires_in"] = lifetime
        if "no-expires-in" in self.variations or "token-bare" in self.variations:
            answer.pop("expires_in", None)
        if "token-bare" in self.variations:
            answer = {"access_token": token, "token_type": answer["token_type"]}
        self._send(request, 200, answer, headers={"Cache-Control": "no-store"})

    def _new_token(self) -> str:
        return uuid.uuid4().hex if self.flavour.token == "hex32" else jwt_like_token(self.origin, CLIENT_ID, CLIENT_SECRET)

    def _authenticated(self, header: str | None) -> str | None:
        """The client the bearer token was issued to, if it is valid."""
        scheme, _, token = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self.lock:
            expires = self.tokens.get(token.strip())
            client = self.token_clients.get(token.strip())
        return client if expires is not None and time.monotonic() < expires else None

    def _owned(self, entry: dict) -> None:
        """Ownership-based authorization: only the client that wrote a record may change or delete it."""
        owner = entry.get("owner")
        if "ownership" in self.variations and owner is not None and owner != self.caller.client:
            raise Refusal(403, "authorization", "Access to the requested data could not be authorized. The "
                          "existing resource item was created by another API client.",
                          message="Authorization denied. The existing resource item is owned by another API client.",
                          errors=["The existing resource item is owned by another API client."])

    def _oauth_error(self, request: BaseHTTPRequestHandler, status: int, error: str) -> None:
        headers = {"WWW-Authenticate": 'Basic realm="token"'} if status == 401 else {}
        self._send(request, status, {"error": error}, headers=headers)

    # --- resources ------------------------------------------------------------------------------

    def _new_id(self, resource: str, record: dict) -> str:
        if "opaque-ids" in self.variations:  # deterministic, from the resource and its natural key
            digest = hashlib.sha256(repr((resource, natural_key(resource, record))).encode()).digest()
            return base64.urlsafe_b64encode(digest).decode()[:38]
        return uuid.uuid4().hex if self.flavour.ids == "hex32" else str(uuid.uuid4())

    def _write(self, resource: str, record_id: str, record: dict, owner: str | None = None) -> dict:
        entry = {"id": record_id, "body": record, "etag": str(secrets.randbits(62)), "owner": owner,
                 "modified": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
        self.store[resource][record_id] = entry
        self.history.append((self._seen_from(), resource, record_id, entry))
        return entry

    def _seen_from(self) -> float:
        """When reads show a write made now: at once, or after the read lag."""
        if self.read_lag is None:
            return time.monotonic()
        return time.monotonic() + self.lags.uniform(*self.read_lag)

    def _find(self, resource: str, record_id: str, records: dict[str, dict] | None = None) -> dict | None:
        """The record by id, in the store or in the given view of it."""
        records = self.store[resource] if records is None else records
        if record_id in records:
            return records[record_id]
        if "opaque-ids" in self.variations:  # base64url: letter case matters
            return None
        return next((e for i, e in records.items() if i.lower() == record_id.lower()), None)  # hex: any case

    def _check_references(self, resource: str, record: dict) -> None:
        """Relationship authorization (403, variation student-403), then unresolved references (409)."""
        students = {e["body"]["studentUniqueId"] for e in self.store["students"].values()}
        student = (record.get("studentReference") or {}).get("studentUniqueId")
        if resource == "studentCohortAssociations" and "student-403" in self.variations:
            related = {e["body"]["studentReference"]["studentUniqueId"]
                       for e in self.store["studentSchoolAssociations"].values()
                       if e["body"]["schoolReference"]["schoolId"] in EDUCATION_ORGANIZATIONS}
            if student not in students or student not in related:
                raise Refusal(403, "authorization", "Access to the requested data could not be authorized. Hint: "
                              "You may need to create a corresponding 'StudentSchoolAssociation' item.",
                              message="Authorization denied. No relationships have been established between the "
                              "caller's education organization id claims ('255901') and one or more of the "
                              "following properties of the resource item: 'StudentUniqueId'.",
                              errors=["No relationships have been established between the caller's education "
                                      "organization id claims ('255901') and the resource item's "
                                      "'StudentUniqueId' value."])
        missing = []
        if resource == "studentCohortAssociations":
            cohorts = {natural_key("cohorts", e["body"]) for e in self.store["cohorts"].values()}
            reference = record["cohortReference"]
            if (reference["cohortIdentifier"], reference["educationOrganizationId"]) not in cohorts:
                missing.append(("cohortReference", "Cohort"))
        if resource == "cohorts" and (record["educationOrganizationReference"]["educationOrganizationId"]
                                      not in EDUCATION_ORGANIZATIONS):
            missing.append(("educationOrganizationReference", "EducationOrganization"))
        if resource == "studentSchoolAssociations" and record["schoolReference"]["schoolId"] not in SCHOOLS:
            missing.append(("schoolReference", "School"))
        if resource in ("studentCohortAssociations", "studentSchoolAssociations") and student not in students:
            missing.append(("studentReference", "Student"))
        if missing:
            path, entity = missing[0]
            dms = self.flavour.errors == "dms"
            raise Refusal(409, "unresolved",
                          "One or more references could not be resolved. See 'validationErrors' for details." if dms
                          else f"The referenced '{entity}' item does not exist.",
                          message=f"The value supplied for the related '{entity[0].lower() + entity[1:]}' resource "
                          "does not exist.",
                          validation={f"$.{p}": [f"The referenced {e} item does not exist."] for p, e in missing})

    def _post(self, request: BaseHTTPRequestHandler, resource: str, body: dict) -> None:
        if "id" in body:
            raise Refusal(400, "data-validation", "The request data was constructed incorrectly.",
                          message="Resource identifiers cannot be assigned by the client.",
                          errors=["Resource identifiers cannot be assigned by the client. The 'id' property should "
                                  "not be included in the request body."])
        record = READERS[resource](body, self.flavour.rules)
        with self.lock:
            self._check_references(resource, record)
            key = natural_key(resource, record)
            existing = next((e for e in self.store[resource].values()
                             if natural_key(resource, e["body"]) == key), None)
            if existing:
                self._owned(existing)
            entry = self._write(resource, existing["id"] if existing else self._new_id(resource, record), record,
                                existing["owner"] if existing else self.caller.client)
        status = 200 if existing else 201
        small = {"id": entry["id"]} if "post-body" in self.variations else None
        headers = {"Location": self._location(request, resource, entry["id"])}
        if status == 201 or self.flavour.errors != "dms":  # the DMS gives the ETag of a new item only
            headers.update(self._etag_header(entry))
        self._send(request, status, small, headers=headers)

    def _put(self, request: BaseHTTPRequestHandler, resource: str, item: str, body: dict) -> None:
        record = READERS[resource](body, self.flavour.rules)
        if self.flavour.put_requires_id and (not isinstance(body.get("id"), str)
                                             or body["id"].lower() != item.lower()):
            raise Refusal(400, "bad-request", "The request could not be processed. See 'errors' for details.",
                          errors=["Request body id must match the id in the url."])
        with self.lock:
            entry = self._find(resource, item)
            if entry is None:
                raise Refusal(404, "not-found", "Resource to update was not found.")
            self._owned(entry)
            self._precondition(request, entry)
            if natural_key(resource, entry["body"]) != natural_key(resource, record):
                raise Refusal(400, "key-change", "The identifying value(s) of the item cannot be modified by the "
                              "API consumer. Delete and recreate the resource item instead.",
                              message="Key values for this resource cannot be changed. Delete and recreate the "
                              "resource item instead.")
            self._check_references(resource, record)
            entry = self._write(resource, entry["id"], record, entry["owner"])
        headers = self._etag_header(entry)
        if self.flavour.errors != "dms":
            headers["Location"] = self._location(request, resource, entry["id"])
        self._send(request, 204, None, headers=headers)

    def _delete(self, request: BaseHTTPRequestHandler, resource: str, item: str) -> None:
        with self.lock:
            entry = self._find(resource, item)
            if entry is None:
                raise Refusal(404, "not-found", "Resource to delete was not found.")
            self._owned(entry)
            self._precondition(request, entry)
            del self.store[resource][entry["id"]]
            self.history.append((self._seen_from(), resource, entry["id"], None))
        if "delete-200" in self.variations:
            self._send(request, 200, {"id": entry["id"], "deleted": True})
        else:
            self._send(request, 204, None)

    def _get(self, request: BaseHTTPRequestHandler, resource: str, item: str) -> None:
        with self.lock:
            entry = self._find(resource, item, self._indexed(resource, 0.0) if self.read_lag else None)
            shown = self._shown(resource, entry) if entry else None
        if entry is None:
            raise Refusal(404, "not-found", "The specified item could not be found.")
        self._send(request, 200, shown, headers=self._etag_header(entry))

    def _query(self, request: BaseHTTPRequestHandler, resource: str, query: dict[str, str]) -> None:
        if "no-search" in self.variations:
            raise Refusal(500, "system", "An unexpected problem has occurred.",
                          message="An unexpected error has occurred on the server.")
        try:
            offset, limit = int(query.pop("offset", 0)), int(query.pop("limit", 25))
        except ValueError:
            offset, limit = -1, -1
        if offset < 0 or not 0 <= limit <= 500:
            raise Refusal(400, "parameter", "The request parameters are invalid.",
                          message="Limit must be omitted or set to a value between 1 and 500.",
                          errors=["Limit must be omitted or set to a numeric value between 0 and 500."])
        total = query.pop("totalcount", "false").lower() == "true"
        with self.lock:
            matching = []
            for entry in self._searchable(resource):
                flat = {name.lower(): value for name, value in flattened({"id": entry["id"], **entry["body"]}).items()}
                if all(name in flat and str(flat[name]).lower() == value.lower() for name, value in query.items()):
                    matching.append(self._shown(resource, entry))
        headers = {"Total-Count": str(len(matching))} if total else {}
        self._send(request, 200, matching[offset:offset + limit], headers=headers)

    def _searchable(self, resource: str) -> list[dict]:
        """The records as the search index holds them: every write, search_lag seconds after reads show it."""
        return list(self._indexed(resource, self.search_lag).values())

    def _indexed(self, resource: str, lag: float) -> dict[str, dict]:
        """The records as a read shows them, `lag` seconds after reads show a write."""
        now, indexed = time.monotonic(), {}
        for moment, name, record_id, entry in self.history:
            if name == resource and moment <= now - lag:
                indexed[record_id] = entry
        return {record_id: entry for record_id, entry in indexed.items() if entry is not None}

    # --- representations ------------------------------------------------------------------------

    def _shown(self, resource: str, entry: dict) -> dict:
        return represented(self.flavour, self.variations, entry)

    def _location(self, request: BaseHTTPRequestHandler, resource: str, record_id: str) -> str:
        path = f"/ed-fi/{resource}/{record_id}"
        if self.flavour.location == "resource-relative":
            return path
        if self.flavour.location == "relative":  # against the POST's target, .../ed-fi/{resource}
            return f"{resource}/{record_id}"
        full = self.prefix + self.flavour.base_path + path
        if self.flavour.location == "path-absolute":
            return full
        return f"http://{request.headers.get('Host') or '127.0.0.1'}{full}"

    def _etag_header(self, entry: dict) -> dict[str, str]:
        if "no-etags" in self.variations:
            return {}
        return {"ETag": entry["etag"] if "etag-unquoted" in self.variations else f'"{entry["etag"]}"'}

    def _precondition(self, request: BaseHTTPRequestHandler, entry: dict) -> None:
        wanted = request.headers.get("If-Match")
        if wanted is None or "no-etags" in self.variations:
            return
        tags = [tag.strip() for tag in wanted.split(",")]
        if "*" not in tags and entry["etag"] not in (tag.strip('"') for tag in tags if not tag.startswith("W/")):
            raise Refusal(412, "optimistic-lock", "The item has been modified by another user.",
                          message="Resource was modified by another consumer.",
                          errors=["The resource item's etag value does not match what was specified in the "
                                  "'If-Match' request header."])

    def _refuse(self, request: BaseHTTPRequestHandler, refusal: Refusal) -> None:
        body, content_type = error_answer(self.flavour, self.variations, refusal)
        headers = {"WWW-Authenticate": "Bearer"} if refusal.status == 401 else {}
        self._send(request, refusal.status, body, headers=headers, content_type=content_type)

    def _send(self, request: BaseHTTPRequestHandler, status: int, body: object, *,
              headers: dict[str, str] | None = None, content_type: str = "application/json; charset=utf-8") -> None:
        request.send_response(status)
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        payload = b"" if body is None else json.dumps(body).encode()
        chunked = bool(payload) and "chunked" in self.variations
        if payload:
            request.send_header("Content-Type", content_type)
        if chunked:
            request.send_header("Transfer-Encoding", "chunked")
        elif status != 204:
            request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        if chunked:
            for start in range(0, len(payload), 64):
                piece = payload[start:start + 64]
                request.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            request.wfile.write(b"0\r\n\r\n")
        else:
            request.wfile.write(payload)

