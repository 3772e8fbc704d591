"""The Ed-Fi API client: OAuth2 client credentials (Basic header) and JSON resource calls."""

from __future__ import annotations

import json
import math
import time
from urllib.parse import urlencode, urlsplit

from ..credential_shape import name_credential
from ..errors import CheckFailed, PrerequisiteMissing
from ..http import safe_json, target_urls
from ..http.transport import Exchange, HttpClient
from ..inputs.data_standard import Judged, judge
from ..masking import Secret, register, register_basic
from ..profile import EdfiProfile
from ..record import checks
from .discovery import Resolution
from .token import MIN_TOKEN_CHARACTERS, lifetime, token_problems

_JSON = {"Content-Type": "application/json", "Accept": "application/json"}


class TokenCache:
    """A bearer token kept until shortly before it expires; one without a known lifetime is kept until
    the API refuses it (RFC 6749 makes expires_in RECOMMENDED, not required)."""

    def __init__(self) -> None:
        self.token: Secret | None = None
        self.expires_at = 0.0

    def valid(self) -> bool:
        return self.token is not None and time.monotonic() < self.expires_at

    def store(self, token: str, expires_in: float | None) -> None:
        self.token = Secret(token)
        if expires_in is None:
            self.expires_at = math.inf
        else:
            self.expires_at = time.monotonic() + max(0.0, expires_in - min(60.0, expires_in * 0.1))

    def forget(self) -> None:
        self.token, self.expires_at = None, 0.0


class EdfiClient:
    def __init__(self, profile: EdfiProfile, http: HttpClient, resolution: Resolution | None = None) -> None:
        self.profile = profile
        self.http = _RenewingHttp(http, self)
        self.tokens = TokenCache()
        self.resolution = resolution or Resolution(profile, None, judge(profile.data_standard, None))
        register_basic(profile.client_id, profile.client_secret.reveal())

    @property
    def standard(self) -> Judged:
        """The Data Standard whose rules the run judges by."""
        return self.resolution.standard

    def require_urls(self) -> None:
        """Fail EDFI-DISCOVERY when the profile left the token URL or resource base to a discovery document that
        did not give it; a URL it gave on an origin the profile does not name stops the run instead."""
        if self.profile.resolved:
            return
        found = self.resolution.discovery
        missing = " and ".join(name for name in ("base_url", "token_url") if not getattr(self.profile, name))
        if found is not None and self.resolution.unusable and found.valid:
            raise PrerequisiteMissing("; ".join(self.resolution.unusable))
        problems = "; ".join(found.problems) if found is not None else "no api_url"
        received = found.answer_in_words() if found is not None else "no discovery document"
        raise checks.fail("EDFI-DISCOVERY", f"a discovery document at the API's root naming the {missing} the "
                          "profile leaves out (urls.oauth, urls.dataManagementApi)", f"{received} ({problems}); "
                          f"write {missing} in [edfi] to run the other scenarios all the same")

    # --- URLs -----------------------------------------------------------------------------
    def collection_url(self, resource: str) -> str:
        return f"{self.profile.base_url}/ed-fi/{resource}"

    def resolve_location(self, location: str) -> str:
        """An absolute URL for a Location that may be absolute, path-absolute or relative (``/ed-fi/...`` is
        relative to the API's resource base, DMS style). A Location edcert cannot follow (not http or https,
        a bad port or IPv6 address, user credentials, control characters, not UTF-8, absurdly long) fails
        EDFI-LOCATION with the value received."""
        try:
            return target_urls.resolve(self.profile.base_url, location)
        except target_urls.UnusableUrl as problem:
            raise checks.fail("EDFI-LOCATION", "a Location edcert can follow: an absolute, path-absolute or "
                              "relative http(s) URL", f"Location {target_urls.shown(location)}: {problem}"
                              ) from None

    def same_origin(self, url: str) -> bool:
        """Whether the URL is on the API's own scheme, host and port (credentials go nowhere else)."""
        return target_urls.same_origin(self.profile.base_url, url)

    def _own_origin(self, method: str, url: str) -> None:
        """Every request to a URL the target supplied passes here: one on another origin (or one edcert
        cannot use) fails EDFI-LOCATION, and nothing, credentials least of all, is sent to it."""
        if not self.same_origin(url):
            raise checks.fail("EDFI-LOCATION", f"a URL on the API's own origin ({self.profile.base_url})",
                              f"{method} to {target_urls.shown(url)}, on another origin or unusable; edcert "
                              "sends no credentials there")

    # --- authentication -------------------------------------------------------------------
    def may_send_to(self, url: str) -> bool:
        """Whether a URL the target named (in its discovery document) is on an origin the profile names: the
        only places credentials go."""
        allowed = getattr(self.http, "allowed_origins", None)
        found = target_urls.origin(url)
        return found is not None and (allowed is None or found in allowed)

    def read_named(self, url: str, *, authorized: bool = False) -> Exchange:
        """GET a URL the target named (its discovery document, its metadata), as JSON; the bearer token only
        when asked for, and only to the profile's origins."""
        if not self.may_send_to(url):
            raise checks.fail("EDFI-DISCOVERY", "a URL on an origin the profile names",
                              f"{target_urls.shown(url)}, on another origin; edcert sends nothing there")
        headers = {"Accept": "application/json"}
        if authorized:
            headers["Authorization"] = f"Bearer {self.bearer()}"
        return self.http.send("GET", url, headers=headers)

    def request_token(self, client_id: str, secret: str, token_url: str | None = None) -> Exchange:
        """POST to the token endpoint with the credentials in a Basic header (ODS/API and DMS)."""
        register(secret)
        register_basic(client_id, secret)
        return self.http.send("POST", token_url or self.profile.token_url, auth=(client_id, secret),
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/json"},
                              body=b"grant_type=client_credentials")

    def token_request_as(self, authorization: str | None, form: tuple[tuple[str, str], ...]) -> Exchange:
        """POST to the token endpoint exactly this Authorization header (None: none) and form body, parameters in
        order and repeated as given."""
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        return self.http.send("POST", self.profile.token_url, headers=headers, body=urlencode(form).encode())

    def bearer(self) -> str:
        """A valid bearer token, fetched and checked on first use, then cached."""
        if self.tokens.valid():
            assert self.tokens.token is not None
            return self.tokens.token.reveal()
        exchange = self.request_token(self.profile.client_id, self.profile.client_secret.reveal())
        return self.keep_token(exchange)

    def keep_token(self, exchange: Exchange) -> str:
        """Check that a token answer carries a bearer token that may be sent (EDFI-TOKEN); keep and return it.

        A token that fails is never sent. An expires_in that is missing or is not a lifetime only means
        that the token is renewed when the API refuses it; the token scenario judges expires_in itself.
        """
        # Only a failure is recorded here: the scenario that happens to fetch the token must not carry checks
        # the others lack, or a parallel run (a token per worker) would differ from a sequential one.
        if exchange.status != 200:
            raise checks.fail("EDFI-TOKEN", "HTTP 200 OK with a token", f"HTTP {exchange.status_line}", exchange)
        body = checks.json_body(exchange, "EDFI-TOKEN")
        if not isinstance(body, dict):
            checks.matches_schema(body, "edfi/token-response.schema.json", "EDFI-TOKEN", exchange)
        problems = token_problems(body)
        if problems:
            raise checks.fail("EDFI-TOKEN", "a bearer token that may be sent (token_type bearer, access_token an "
                              f"RFC 6750 b64token of at least {MIN_TOKEN_CHARACTERS} characters)",
                              "; ".join(problems), exchange)
        token = body["access_token"]
        register(token)
        name_credential(token, "the issued token")
        life = lifetime(body)
        self.tokens.store(token, life.seconds)
        return token

    def _headers(self, authorized: bool) -> dict[str, str]:
        headers = dict(_JSON)
        if authorized:
            headers["Authorization"] = f"Bearer {self.bearer()}"
        return headers

    # --- resources ------------------------------------------------------------------------
    def post(self, resource: str, body: dict, *, authorized: bool = True) -> Exchange:
        return self.http.send("POST", self.collection_url(resource), headers=self._headers(authorized),
                              body=json.dumps(body).encode())

    def get(self, url: str, *, authorized: bool = True) -> Exchange:
        self._own_origin("GET", url)
        headers = self._headers(authorized)
        headers.pop("Content-Type")
        return self.http.send("GET", url, headers=headers)

    def query(self, resource: str, params: dict[str, object], *, authorized: bool = True) -> Exchange:
        return self.get(f"{self.collection_url(resource)}?{urlencode(params)}", authorized=authorized)

    def put(self, url: str, body: dict) -> Exchange:
        self._own_origin("PUT", url)
        return self.http.send("PUT", url, headers=self._headers(True), body=json.dumps(body).encode())

    def delete(self, url: str) -> Exchange:
        self._own_origin("DELETE", url)
        headers = self._headers(True)
        headers.pop("Content-Type")
        return self.http.send("DELETE", url, headers=headers)

    def find(self, resource: str, params: dict[str, object]) -> tuple[list[dict] | None, Exchange | None]:
        """Records matching every param exactly, or None when the query itself did not work; with the
        exchange it rests on (None when no answer came)."""
        try:
            exchange = self.query(resource, params)
        except CheckFailed:
            return None, None
        if exchange.status != 200:
            return None, exchange
        try:
            records = safe_json.loads(exchange.body)
        except ValueError:
            return None, exchange
        if not isinstance(records, list):
            return None, exchange
        return [r for r in records if isinstance(r, dict) and _matches(r, params)], exchange

    # --- requests a scenario shapes itself ------------------------------------------------
    def send_as(self, method: str, url: str, authorization: str | None, body: bytes | None = None) -> Exchange:
        """A request carrying exactly this Authorization header (None: none at all)."""
        self._own_origin(method, url)
        headers = dict(_JSON)
        if body is None:
            headers.pop("Content-Type")
        if authorization is not None:
            headers["Authorization"] = authorization
        return self.http.send(method, url, headers=headers, body=body)

    def post_raw(self, resource: str, raw: bytes) -> Exchange:
        """POST a body exactly as given (one a target must refuse), with a valid token."""
        return self.http.send("POST", self.collection_url(resource), headers=self._headers(True), body=raw)

    def put_raw(self, url: str, raw: bytes) -> Exchange:
        """PUT a body exactly as given (one a target must refuse), with a valid token."""
        self._own_origin("PUT", url)
        return self.http.send("PUT", url, headers=self._headers(True), body=raw)

    def put_if_match(self, url: str, body: dict, etag: str) -> Exchange:
        self._own_origin("PUT", url)
        return self.http.send("PUT", url, headers={**self._headers(True), "If-Match": etag},
                              body=json.dumps(body).encode())

    def delete_if_match(self, url: str, etag: str) -> Exchange:
        self._own_origin("DELETE", url)
        headers = {**self._headers(True), "If-Match": etag}
        headers.pop("Content-Type")
        return self.http.send("DELETE", url, headers=headers)


class _RenewingHttp:
    """The run's HttpClient; a request refused (401) with the bearer token kept is sent once more with a
    new token: the token may carry no lifetime, or expire earlier than it said."""

    def __init__(self, http: HttpClient, client: EdfiClient) -> None:
        self._http = http
        self._client = client

    def __getattr__(self, name: str) -> object:
        return getattr(self._http, name)

    def send(self, method: str, url: str, *, headers: dict[str, str] | None = None, body: bytes | None = None,
             auth: tuple[str, str] | None = None) -> Exchange:
        exchange = self._http.send(method, url, headers=headers, body=body, auth=auth)
        kept = self._client.tokens.token
        if (exchange.status != 401 or kept is None or not headers
                or headers.get("Authorization") != f"Bearer {kept.reveal()}"):
            return exchange
        self._client.tokens.forget()
        renewed = {**headers, "Authorization": f"Bearer {self._client.bearer()}"}
        return self._http.send(method, url, headers=renewed, body=body, auth=auth)


def id_in(url: str) -> str:
    """The resource id at the end of an item URL (a Location)."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _origin(url: str) -> tuple[str, str, int] | None:
    return target_urls.origin(url)


def _matches(record: dict, params: dict[str, object]) -> bool:
    flat: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat.setdefault(inner, inner_value)
        else:
            flat[key] = value
    return all(str(flat.get(k)) == str(v) for k, v in params.items())
