"""Faults of one element of one request: the reference clients' side of the client request model.

Each fault changes one element of the requests it hits, in one way (missing, empty, wrong type, malformed,
unknown, another valid value, other case, duplicated, moved), just before the request is sent. It hits a
small part of the client's work, so that faults of different parts share a listen session:

- Ed-Fi ``token``: every token request. A token request the API refuses is sent again the conformant way
  (as a client that tries one form and falls back to another), so the fault shows in CLIENT-SCA-N1 alone.
- Ed-Fi ``read``: a read the SIS makes at the end of its run to check its work (the clean SIS makes none).
- Ed-Fi ``SCA-S1``, ``SCA-S2``, ``SCA-S3``: the POST of scenario 1 or 2, the update of scenario 3.
- LinkIt! ``json`` or ``xml``: the calls of one format (a client's JSON and XML code paths differ), before
  they are signed (``params``: the tag covers the change) or after (``call``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote_plus, urlsplit, urlunsplit

_EX_JSON = ("CLIENT-LINKIT-EX1-JSON", "CLIENT-LINKIT-EX2-JSON")
_EX_XML = ("CLIENT-LINKIT-EX1-XML", "CLIENT-LINKIT-EX2-XML")


@dataclass
class Outgoing:
    """One request as the client is about to send it."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    document: Any = None  # a JSON body, written out after the faults had their say
    raw: bytes | None = None  # a body given as bytes; wins over document

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def drop_header(self, name: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]

    def set_header(self, name: str, value: str) -> None:
        self.drop_header(name)
        self.headers.append((name, value))

    def body(self) -> bytes | None:
        if self.raw is not None:
            return self.raw
        return None if self.document is None else json.dumps(self.document).encode()

    # the URL's query, as raw name=value pairs
    def pairs(self) -> list[tuple[str, str]]:
        query = urlsplit(self.url).query
        return [(k, v) for k, _, v in (p.partition("=") for p in query.split("&") if p)]

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        parts = urlsplit(self.url)
        self.url = urlunsplit(parts._replace(query="&".join(f"{k}={v}" for k, v in pairs)))

    def set_path_tail(self, tail: str) -> None:
        parts = urlsplit(self.url)
        self.url = urlunsplit(parts._replace(path=parts.path.rsplit("/", 1)[0] + "/" + tail))


@dataclass
class Context:
    """What a fault may use: the client's configuration and values."""

    client_id: str = ""
    client_secret: str = ""
    token: str = ""
    access_key: str = ""
    secret: str = ""
    student_id: str = ""
    year: int = 2026
    verb: str = ""  # the LinkIt! call's verb
    fmt: str = ""  # the LinkIt! call's format


Mutation = Callable[[Any, Context], Any]


@dataclass(frozen=True)
class RequestFault:
    name: str
    api: str
    hits: str  # "token", "read", "SCA-S1", "SCA-S2", "SCA-S3", "json", "xml"
    description: str
    requirements: tuple[str, ...]
    call: Mutation | None = None  # changes the Outgoing request
    params: Mutation | None = None  # LinkIt!: changes the (name, value) pairs before they are signed
    outcome: str = "fail"
    caught: tuple[str, ...] = field(default=())  # the scenarios that fail, when not those the part names

    @property
    def caught_by(self) -> tuple[str, ...]:
        if self.caught:
            return self.caught
        return {"token": ("CLIENT-SCA-N1",), "read": ("CLIENT-SCA-N2",), "SCA-S1": ("CLIENT-SCA-S1",),
                "SCA-S2": ("CLIENT-SCA-S2",), "SCA-S3": ("CLIENT-SCA-S3",), "json": _EX_JSON,
                "xml": _EX_XML}[self.hits]

    @property
    def reach(self) -> tuple[str, ...]:
        """Every scenario the fault can disturb: scenario 3 updates scenario 1's record."""
        if self.hits == "SCA-S1":
            return ("CLIENT-SCA-S1", "CLIENT-SCA-S3")
        return self.caught_by


# --- small changes ------------------------------------------------------------------------------

def _basic(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


def _with(**values: Any) -> Mutation:
    """A change to the request's attributes (method, raw)."""
    def change(request: Outgoing, _: Context) -> None:
        for name, value in values.items():
            setattr(request, name, value)
    return change


def _authorization(make: Callable[[Context], str]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        request.set_header("Authorization", make(ctx))
    return change


def _form(make: Callable[[Context], str]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        request.raw = make(ctx).encode()
    return change


def _content_type(value: str | None) -> Mutation:
    def change(request: Outgoing, _: Context) -> None:
        request.drop_header("Content-Type")
        if value is not None:
            request.set_header("Content-Type", value)
    return change


def _document(edit: Callable[[dict, Context], Any]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        replaced = edit(request.document, ctx)
        if replaced is not None:
            request.document = replaced
    return change


def _set(path: str, value: Any) -> Mutation:
    """Set (or, with value ..., remove) one property of the JSON body, by dotted path."""
    def edit(document: dict, _: Context) -> None:
        *parents, last = path.split(".")
        node = document
        for name in parents:
            node = node[name]
        if value is ...:
            node.pop(last, None)
        else:
            node[last] = value(_) if callable(value) else value
    return _document(edit)


def _moved_student(document: dict, _: Context) -> None:
    document["studentUniqueId"] = document.pop("studentReference")["studentUniqueId"]


def _truncated(request: Outgoing, _: Context) -> None:
    request.raw = (request.body() or b"")[:-7]


def _begin_date_twice(request: Outgoing, ctx: Context) -> None:
    text = json.dumps(request.document)
    request.raw = ('{"beginDate": "' + f"9/14/{ctx.year}" + '", ' + text[1:]).encode()


def _two_authorizations(request: Outgoing, _: Context) -> None:
    request.headers.append(("Authorization", f"Bearer {secrets.token_hex(16)}"))


def _token_in_query(request: Outgoing, ctx: Context) -> None:
    request.drop_header("Authorization")
    request.url += ("&" if "?" in request.url else "?") + f"access_token={ctx.token}"


# LinkIt! parameters, before signing
def _param(name: str, make: Callable[[str, Context], str | None]) -> Mutation:
    """Change one parameter's raw value; None removes it."""
    def change(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        out = []
        for key, value in pairs:
            if key == name:
                new = make(value, ctx)
                if new is not None:
                    out.append((key, new))
            else:
                out.append((key, value))
        return out
    return change


def _repeat(name: str, make: Callable[[str, Context], str]) -> Mutation:
    """The parameter given a second time, with another value, after the others."""
    def change(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        value = next(v for k, v in pairs if k == name)
        return [*pairs, (name, make(value, ctx))]
    return change


def _to_header(name: str) -> tuple[Mutation, Mutation]:
    """The parameter taken out of the URL (before signing) and sent as a header (after)."""
    kept: dict[str, str] = {}

    def params(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        kept[ctx.fmt] = next((v for k, v in pairs if k == name), "")
        return [(k, v) for k, v in pairs if k != name]

    def call(request: Outgoing, ctx: Context) -> None:
        request.set_header(name, kept.get(ctx.fmt, ""))
    return params, call


def _stamp(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    text = f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d}:{moment.second:02d} " \
           f"{'PM' if moment.hour >= 12 else 'AM'}"
    return quote_plus(text, safe="").replace("%2F", "%2f").replace("%3A", "%3a")


def _other_verb(verb: str) -> str:
    return "deassign" if verb == "assign" else "assign"


# LinkIt! tag, after signing
def _tag(make: Callable[[Outgoing, str, Context], str | None]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        pairs = request.pairs()
        tag = next(v for k, v in pairs if k == "tag")
        new = make(request, tag, ctx)
        rest = [(k, v) for k, v in pairs if k != "tag"]
        request.set_pairs(rest + ([("tag", new)] if new is not None else []))
    return change


def _keyed_with_access_key(request: Outgoing, _: str, ctx: Context) -> str:
    parts = urlsplit(request.url)
    signed = parts.path + "?" + parts.query.split("&tag=")[0]
    return hmac.new(ctx.access_key.encode(), signed.encode(), hashlib.sha1).hexdigest()


def _tag_twice(request: Outgoing, ctx: Context) -> None:
    request.url += f"&tag={secrets.token_hex(20)}"


def _tag_first(request: Outgoing, _: Context) -> None:
    pairs = request.pairs()
    request.set_pairs([p for p in pairs if p[0] == "tag"] + [p for p in pairs if p[0] != "tag"])


# LinkIt! StudentID and body, after signing
def _student(header: str | None, body: str | None) -> Mutation:
    """StudentID in the header and the body replaced (None: left out)."""
    def change(request: Outgoing, ctx: Context) -> None:
        request.drop_header("StudentID")
        if header is not None:
            request.set_header("StudentID", header)
        if body is None:
            request.raw = None
            request.drop_header("Content-Type")
        elif ctx.fmt == "json":
            request.raw = json.dumps({"StudentID": body}).encode()
        else:
            request.raw = f"<ProgramElement><StudentID>{body}</StudentID></ProgramElement>".encode()
    return change


def _student_in_query() -> tuple[Mutation, Mutation]:
    def params(pairs: list[tuple[str, str]], ctx: Context) -> list[tuple[str, str]]:
        return [*pairs, ("StudentID", ctx.student_id)]
    return params, _student(None, None)


def _raw_body(make: Callable[[Context], str]) -> Mutation:
    def change(request: Outgoing, ctx: Context) -> None:
        request.raw = make(ctx).encode()
    return change


# --- the faults ---------------------------------------------------------------------------------
E, L = "edfi", "linkit"
TOKEN, BEARER = ("EDFI-CLIENT-TOKEN",), ("EDFI-CLIENT-BEARER",)
JSON_, SCHEMA, DATES, VALUES = ("EDFI-CLIENT-JSON",), ("EDFI-CLIENT-SCHEMA",), ("EDFI-CLIENT-DATE-FORMAT",), \
    ("EDFI-CLIENT-VALUES",)
SENT, SAME, ACCEPTED = ("EDFI-CLIENT-SCENARIO-SENT",), ("EDFI-CLIENT-SAME-RECORD",), ("EDFI-CLIENT-ACCEPTED",)
PUT, PARAMS, STAMP, TAG = ("LINKIT-CLIENT-PUT",), ("LINKIT-CLIENT-PARAMETERS",), ("LINKIT-CLIENT-TIMESTAMP",), \
    ("LINKIT-CLIENT-TAG",)
STUDENT, BODY, ACCEPT, EXAMPLE = ("LINKIT-CLIENT-STUDENT-ID",), ("LINKIT-CLIENT-BODY",), ("LINKIT-CLIENT-ACCEPT",), \
    ("LINKIT-CLIENT-EXAMPLE-SENT",)
GRANT = "grant_type=client_credentials"
_VERB_HEADER, _STAMP_HEADER, _KEY_HEADER = _to_header("verb"), _to_header("timestamp"), _to_header("accesskey")
_STUDENT_QUERY = _student_in_query()

REQUEST_FAULTS: tuple[RequestFault, ...] = (
    # --- Ed-Fi: the token request ---------------------------------------------------------------
    RequestFault("token-request-with-get", E, "token", "asks for its token with GET", TOKEN, _with(method="GET")),
    RequestFault("token-request-without-content-type", E, "token", "sends its token request without a Content-Type",
                 TOKEN, _content_type(None)),
    RequestFault("token-request-as-text-plain", E, "token", "labels its token request text/plain", TOKEN,
                 _content_type("text/plain")),
    RequestFault("token-without-grant-type", E, "token", "leaves grant_type out of its token request", TOKEN,
                 _with(raw=b"")),
    RequestFault("token-grant-type-empty", E, "token", "sends grant_type empty", TOKEN, _with(raw=b"grant_type=")),
    RequestFault("token-grant-type-misspelt", E, "token", "sends grant_type=client_credential", TOKEN,
                 _with(raw=b"grant_type=client_credential")),
    RequestFault("token-password-grant", E, "token", "asks for the password grant", TOKEN,
                 _with(raw=b"grant_type=password")),
    RequestFault("token-grant-type-capitalised", E, "token", "sends grant_type=Client_Credentials", TOKEN,
                 _with(raw=b"grant_type=Client_Credentials")),
    RequestFault("token-grant-type-twice", E, "token", "sends grant_type twice, password then client_credentials",
                 TOKEN, _with(raw=b"grant_type=password&" + GRANT.encode())),
    RequestFault("token-grant-type-in-url", E, "token", "puts grant_type in the token URL's query, not the body",
                 TOKEN, lambda r, _: (setattr(r, "url", r.url + "?" + GRANT), setattr(r, "raw", b""))),
    RequestFault("token-form-without-client-id", E, "token", "sends client_secret in the form body without client_id",
                 TOKEN, lambda r, c: (r.drop_header("Authorization"),
                                      setattr(r, "raw", f"{GRANT}&client_secret={c.client_secret}".encode()))),
    RequestFault("token-basic-empty-client-id", E, "token", "writes Basic credentials with an empty client id",
                 TOKEN, _authorization(lambda c: _basic(f":{c.client_secret}"))),
    RequestFault("token-unknown-client-id", E, "token", "sends another client id with its secret", TOKEN,
                 _authorization(lambda c: _basic(f"someone-else:{c.client_secret}"))),
    RequestFault("token-client-id-upper-case", E, "token", "writes its client id in upper case", TOKEN,
                 _authorization(lambda c: _basic(f"{c.client_id.upper()}:{c.client_secret}"))),
    RequestFault("token-basic-without-secret", E, "token", "writes Basic credentials of the client id alone", TOKEN,
                 _authorization(lambda c: _basic(c.client_id))),
    RequestFault("token-basic-empty-secret", E, "token", "writes Basic credentials with an empty secret", TOKEN,
                 _authorization(lambda c: _basic(f"{c.client_id}:"))),
    RequestFault("token-wrong-secret", E, "token", "sends a secret of another environment", TOKEN,
                 _authorization(lambda c: _basic(f"{c.client_id}:not-{c.client_secret}"))),
    RequestFault("token-secret-other-case", E, "token", "changes the letter case of its secret", TOKEN,
                 _authorization(lambda c: _basic(f"{c.client_id}:{c.client_secret.swapcase()}"))),
    RequestFault("token-credentials-in-header-and-body", E, "token",
                 "sends its credentials in the Basic header and in the form body", TOKEN,
                 _form(lambda c: f"{GRANT}&client_id={c.client_id}&client_secret={c.client_secret}")),
    RequestFault("token-secret-as-bearer", E, "token", "sends its secret as Authorization: Bearer", TOKEN,
                 _authorization(lambda c: f"Bearer {c.client_secret}")),
    RequestFault("token-basic-not-base64", E, "token", "writes its Basic credentials without base64", TOKEN,
                 _authorization(lambda c: f"Basic {c.client_id}:{c.client_secret}")),
    # --- Ed-Fi: the bearer token, on a read at the end of the run --------------------------------
    RequestFault("authorization-empty-on-a-read", E, "read", "reads with an empty Authorization header", BEARER,
                 _authorization(lambda c: "")),
    RequestFault("two-authorization-headers-on-a-read", E, "read",
                 "reads with two Authorization headers, its token and another", BEARER, _two_authorizations),
    RequestFault("token-without-scheme-on-a-read", E, "read", "reads with Authorization: <token>, no scheme", BEARER,
                 _authorization(lambda c: c.token)),
    RequestFault("basic-credentials-on-a-read", E, "read", "reads with its Basic credentials instead of its token",
                 BEARER, _authorization(lambda c: _basic(f"{c.client_id}:{c.client_secret}"))),
    RequestFault("bearer-token-empty-on-a-read", E, "read", "reads with Authorization: Bearer and no token", BEARER,
                 _authorization(lambda c: "Bearer ")),
    RequestFault("made-up-bearer-token-on-a-read", E, "read", "reads with a token the API never issued", BEARER,
                 _authorization(lambda c: f"Bearer {secrets.token_hex(16)}")),
    RequestFault("bearer-token-quoted-on-a-read", E, "read", "reads with its token in double quotes", BEARER,
                 _authorization(lambda c: f'Bearer "{c.token}"')),
    RequestFault("bearer-token-upper-case-on-a-read", E, "read", "reads with its token in upper case", BEARER,
                 _authorization(lambda c: f"Bearer {c.token.upper()}")),
    RequestFault("bearer-token-in-query-on-a-read", E, "read", "reads with its token in the URL (access_token)",
                 BEARER, _token_in_query),
    RequestFault("client-secret-as-bearer-on-a-read", E, "read", "reads with its client secret as bearer token",
                 BEARER, _authorization(lambda c: f"Bearer {c.client_secret}")),
    # --- Ed-Fi: the POST of scenario 1 (its form) ------------------------------------------------
    RequestFault("no-content-type-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 without a Content-Type", JSON_,
                 _content_type(None)),
    RequestFault("text-plain-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 as text/plain", JSON_,
                 _content_type("text/plain")),
    RequestFault("truncated-body-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 with its JSON cut short", SENT,
                 _truncated),
    RequestFault("array-body-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 as a JSON array of one record", SENT,
                 _document(lambda d, _: [d])),
    RequestFault("begin-date-twice-on-scenario-1", E, "SCA-S1",
                 "writes beginDate twice in scenario 1's body, M/D/YYYY then yyyy-mm-dd", SCHEMA, _begin_date_twice),
    # --- Ed-Fi: the POST of scenario 2 (its values) ----------------------------------------------
    RequestFault("student-missing-on-scenario-2", E, "SCA-S2", "leaves studentUniqueId out of scenario 2", SENT,
                 _set("studentReference.studentUniqueId", ...)),
    RequestFault("student-empty-on-scenario-2", E, "SCA-S2", "writes scenario 2's studentUniqueId empty", SENT,
                 _set("studentReference.studentUniqueId", "")),
    RequestFault("student-as-number-on-scenario-2", E, "SCA-S2", "writes scenario 2's studentUniqueId as a number",
                 SCHEMA, _set("studentReference.studentUniqueId", 222222)),
    RequestFault("unknown-student-on-scenario-2", E, "SCA-S2", "writes scenario 2 for a student the sheet never names",
                 SENT, _set("studentReference.studentUniqueId", "999999")),
    RequestFault("student-outside-reference-on-scenario-2", E, "SCA-S2",
                 "writes scenario 2's studentUniqueId beside studentReference instead of in it", SENT,
                 _document(_moved_student)),
    RequestFault("cohort-missing-on-scenario-2", E, "SCA-S2", "leaves cohortIdentifier out of scenario 2", SCHEMA,
                 _set("cohortReference.cohortIdentifier", ...)),
    RequestFault("cohort-empty-on-scenario-2", E, "SCA-S2", "writes scenario 2's cohortIdentifier empty", SCHEMA,
                 _set("cohortReference.cohortIdentifier", "")),
    RequestFault("cohort-as-number-on-scenario-2", E, "SCA-S2", "writes scenario 2's cohortIdentifier as a number",
                 SCHEMA, _set("cohortReference.cohortIdentifier", 2)),
    RequestFault("unknown-cohort-on-scenario-2", E, "SCA-S2", "writes scenario 2 for cohort \"99\"", VALUES,
                 _set("cohortReference.cohortIdentifier", "99")),
    RequestFault("ed-org-missing-on-scenario-2", E, "SCA-S2", "leaves educationOrganizationId out of scenario 2",
                 SCHEMA, _set("cohortReference.educationOrganizationId", ...)),
    RequestFault("elementary-ed-org-on-scenario-2", E, "SCA-S2",
                 "writes scenario 2 with the elementary school's educationOrganizationId", VALUES,
                 _set("cohortReference.educationOrganizationId", 255901107)),
    RequestFault("ed-org-negative-on-scenario-2", E, "SCA-S2", "writes scenario 2's educationOrganizationId as -1",
                 SCHEMA, _set("cohortReference.educationOrganizationId", -1)),
    RequestFault("begin-date-missing-on-scenario-2", E, "SCA-S2", "leaves beginDate out of scenario 2", SCHEMA,
                 _set("beginDate", ...)),
    RequestFault("begin-date-empty-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate empty", DATES,
                 _set("beginDate", "")),
    RequestFault("begin-date-as-number-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate as a number",
                 DATES, _set("beginDate", lambda c: int(f"{c.year}0914"))),
    RequestFault("impossible-begin-date-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate as September 31",
                 DATES, _set("beginDate", lambda c: f"{c.year}-09-31")),
    RequestFault("begin-date-a-day-late-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate as 9/15", VALUES,
                 _set("beginDate", lambda c: f"{c.year}-09-15")),
    RequestFault("null-id-on-scenario-2", E, "SCA-S2", "writes \"id\": null in scenario 2's body",
                 ("EDFI-CLIENT-NO-ID",), _set("id", None)),
    RequestFault("extra-property-on-scenario-2", E, "SCA-S2", "adds a studentUSI property to scenario 2's body",
                 SCHEMA, _set("studentUSI", 1)),
    # --- Ed-Fi: the update of scenario 3 ---------------------------------------------------------
    RequestFault("update-with-patch", E, "SCA-S3", "sends the update of scenario 3 with PATCH", SENT,
                 _with(method="PATCH")),
    RequestFault("put-to-unknown-id", E, "SCA-S3", "PUTs scenario 3 to an id the API never gave", SAME,
                 lambda r, _: r.set_path_tail(secrets.token_hex(16))),
    RequestFault("put-body-names-another-id", E, "SCA-S3", "PUTs scenario 3 with another record's id in the body",
                 SAME, _set("id", lambda _: secrets.token_hex(16))),
    RequestFault("update-without-end-date", E, "SCA-S3", "sends the update of scenario 3 without its endDate", VALUES,
                 _set("endDate", ...)),
    RequestFault("end-date-as-number-on-update", E, "SCA-S3", "writes scenario 3's endDate as a number", DATES,
                 _set("endDate", lambda c: int(f"{c.year}0921"))),
    RequestFault("impossible-end-date-on-update", E, "SCA-S3", "writes scenario 3's endDate as September 31", DATES,
                 _set("endDate", lambda c: f"{c.year}-09-31")),
    RequestFault("end-date-a-day-late-on-update", E, "SCA-S3", "writes scenario 3's endDate as 9/22", VALUES,
                 _set("endDate", lambda c: f"{c.year}-09-22")),
    RequestFault("update-changes-begin-date", E, "SCA-S3", "moves beginDate to 9/15 in the update of scenario 3",
                 VALUES, _set("beginDate", lambda c: f"{c.year}-09-15")),
    RequestFault("update-changes-student", E, "SCA-S3", "writes scenario 2's student into the update of scenario 3",
                 VALUES, _set("studentReference.studentUniqueId", "222222")),
    RequestFault("no-content-type-on-update", E, "SCA-S3", "sends the update of scenario 3 without a Content-Type",
                 JSON_, _content_type(None)),
    RequestFault("stale-if-match-on-update", E, "SCA-S3", "sends the update of scenario 3 with an old If-Match",
                 ACCEPTED, lambda r, _: r.set_header("If-Match", '"0-stale"')),
    RequestFault("garbled-if-match-on-update", E, "SCA-S3", "sends the update of scenario 3 with If-Match: yes",
                 ACCEPTED, lambda r, _: r.set_header("If-Match", "yes")),
    # --- LinkIt!: method and path ----------------------------------------------------------------
    RequestFault("method-in-lower-case", L, "json", "sends its JSON calls with the method written put", PUT,
                 _with(method="put")),
    RequestFault("put-by-method-override", L, "xml", "sends its XML calls as POST with X-HTTP-Method-Override: PUT",
                 PUT, lambda r, _: (setattr(r, "method", "POST"), r.set_header("X-HTTP-Method-Override", "PUT"))),
    RequestFault("another-program", L, "json", "calls the next program's URL in JSON", EXAMPLE,
                 lambda r, _: r.set_path_tail(str(int(urlsplit(r.url).path.rsplit("/", 1)[-1]) + 1))),
    RequestFault("program-id-not-a-number", L, "xml", "calls /programs/{id}x in XML", EXAMPLE,
                 lambda r, _: r.set_path_tail(urlsplit(r.url).path.rsplit("/", 1)[-1] + "x")),
    # --- LinkIt!: verb -----------------------------------------------------------------------------
    RequestFault("verb-missing", L, "json", "leaves verb out of its JSON calls", EXAMPLE,
                 params=_param("verb", lambda v, _: None)),
    RequestFault("verb-empty", L, "xml", "sends verb= empty in its XML calls", EXAMPLE,
                 params=_param("verb", lambda v, _: "")),
    RequestFault("verb-unknown", L, "json", "sends verb=add or verb=remove in its JSON calls", EXAMPLE,
                 params=_param("verb", lambda v, _: "add" if v == "assign" else "remove")),
    RequestFault("verb-capitalised", L, "xml", "sends verb=Assign and verb=Deassign in its XML calls", EXAMPLE,
                 params=_param("verb", lambda v, _: v.capitalize())),
    RequestFault("verb-twice", L, "json", "sends verb twice, the example's and the other, in its JSON calls", PARAMS,
                 params=_repeat("verb", lambda v, _: _other_verb(v))),
    RequestFault("verb-in-header", L, "xml", "sends verb as a header of its XML calls", EXAMPLE,
                 _VERB_HEADER[1], _VERB_HEADER[0]),
    # --- LinkIt!: timestamp ----------------------------------------------------------------------
    RequestFault("timestamp-missing", L, "json", "leaves timestamp out of its JSON calls", PARAMS,
                 params=_param("timestamp", lambda v, _: None)),
    RequestFault("timestamp-empty", L, "xml", "sends timestamp= empty in its XML calls", STAMP,
                 params=_param("timestamp", lambda v, _: "")),
    RequestFault("timestamp-iso-8601", L, "json", "writes the timestamp of its JSON calls as ISO 8601", STAMP,
                 params=_param("timestamp", lambda v, _: quote_plus(datetime.now(timezone.utc).strftime(
                     "%Y-%m-%dT%H:%M:%SZ"), safe=""))),
    RequestFault("timestamp-impossible-date", L, "xml", "writes month 13 in the timestamp of its XML calls", STAMP,
                 params=_param("timestamp", lambda v, _: "13" + v[v.index("%2f"):])),
    RequestFault("timestamp-twenty-minutes-old", L, "json", "sends a timestamp 20 minutes old in its JSON calls",
                 STAMP, params=_param("timestamp", lambda v, _: _stamp(datetime.now(timezone.utc)
                                                                       - timedelta(minutes=20)))),
    RequestFault("timestamp-twice", L, "xml", "sends timestamp twice, a minute apart, in its XML calls", PARAMS,
                 params=_repeat("timestamp", lambda v, _: _stamp(datetime.now(timezone.utc) - timedelta(minutes=1)))),
    RequestFault("timestamp-in-header", L, "json", "sends the timestamp as a header of its JSON calls", PARAMS,
                 _STAMP_HEADER[1], _STAMP_HEADER[0]),
    RequestFault("timestamp-lower-case-pm", L, "xml",
                 "writes am and pm in lower case in its XML calls (advisory: a warning, still certified)",
                 ("LINKIT-CLIENT-TEMPLATE",), params=_param("timestamp", lambda v, _: v[:-2] + v[-2:].lower()),
                 outcome="warn"),
    # --- LinkIt!: accesskey ----------------------------------------------------------------------
    RequestFault("access-key-missing", L, "xml", "leaves accesskey out of its XML calls", PARAMS,
                 params=_param("accesskey", lambda v, _: None)),
    RequestFault("access-key-empty", L, "json", "sends accesskey= empty in its JSON calls", PARAMS,
                 params=_param("accesskey", lambda v, _: "")),
    RequestFault("access-key-unknown", L, "xml", "sends a made-up access key in its XML calls", PARAMS,
                 params=_param("accesskey", lambda v, _: "000000000-000000000")),
    RequestFault("access-key-of-the-document", L, "json", "sends the document's access key in its JSON calls",
                 PARAMS, params=_param("accesskey", lambda v, _: "123456789-987654321")),
    RequestFault("access-key-twice", L, "xml", "sends accesskey twice, its own and the document's, in its XML calls",
                 PARAMS, params=_repeat("accesskey", lambda v, _: "123456789-987654321")),
    RequestFault("access-key-in-header", L, "json", "sends the access key as a header of its JSON calls", PARAMS,
                 _KEY_HEADER[1], _KEY_HEADER[0]),
    # --- LinkIt!: tag ----------------------------------------------------------------------------
    RequestFault("tag-missing", L, "xml", "leaves the tag out of its XML calls", PARAMS, _tag(lambda r, t, c: None)),
    RequestFault("tag-empty", L, "json", "sends tag= empty in its JSON calls", TAG, _tag(lambda r, t, c: "")),
    RequestFault("tag-not-hex", L, "xml", "sends a tag of 40 characters that are not hex in its XML calls", TAG,
                 _tag(lambda r, t, c: "z" * 40)),
    RequestFault("tag-random-hex", L, "json", "sends 40 random hex characters as the tag of its JSON calls", TAG,
                 _tag(lambda r, t, c: secrets.token_hex(20))),
    RequestFault("tag-keyed-with-access-key", L, "xml", "keys the tag of its XML calls with the access key", TAG,
                 _tag(_keyed_with_access_key)),
    RequestFault("tag-twice", L, "json", "sends a second tag after the first in its JSON calls", PARAMS, _tag_twice),
    RequestFault("tag-not-last", L, "xml", "puts the tag first in the query of its XML calls", TAG, _tag_first),
    # --- LinkIt!: StudentID ----------------------------------------------------------------------
    RequestFault("student-id-empty", L, "json", "sends StudentID empty in its JSON calls", STUDENT, _student("", "")),
    RequestFault("student-id-as-json-array", L, "json", "writes StudentID as a JSON array", STUDENT,
                 lambda r, c: (r.drop_header("StudentID"),
                               setattr(r, "raw", json.dumps({"StudentID": [c.student_id]}).encode()))),
    RequestFault("student-id-not-a-number", L, "xml", "sends StudentID 151557x in its XML calls", STUDENT,
                 lambda r, c: _student(c.student_id + "x", c.student_id + "x")(r, c)),
    RequestFault("student-id-unknown", L, "json", "sends a student the API does not hold in its JSON calls", STUDENT,
                 _student("999999", "999999")),
    RequestFault("another-student", L, "xml", "sends another student, 151558, in its XML calls", STUDENT,
                 lambda r, c: _student(*(["151558" if c.student_id != "151558" else "151557"] * 2))(r, c)),
    RequestFault("student-ids-disagree", L, "json", "sends one StudentID in the header and another in the body",
                 STUDENT, lambda r, c: _student(c.student_id, "151558" if c.student_id != "151558" else "151557")(r, c)),
    RequestFault("student-id-in-query", L, "xml", "sends StudentID in the URL of its XML calls, not in the body or "
                 "a header", STUDENT, _STUDENT_QUERY[1], _STUDENT_QUERY[0]),
    # --- LinkIt!: body, Content-Type and Accept --------------------------------------------------
    RequestFault("body-without-content-type", L, "xml", "sends its XML bodies without a Content-Type", BODY,
                 _content_type(None)),
    RequestFault("body-as-text-plain", L, "json", "labels its JSON bodies text/plain", BODY,
                 _content_type("text/plain")),
    RequestFault("json-body-truncated", L, "json", "sends its JSON body cut short", BODY, _truncated),
    RequestFault("json-body-an-array", L, "json", "sends its JSON body as an array of one object", BODY,
                 _raw_body(lambda c: json.dumps([{"StudentID": c.student_id}]))),
    RequestFault("json-student-id-camel-case", L, "json", "names the JSON property studentId", BODY,
                 _raw_body(lambda c: json.dumps({"studentId": c.student_id}))),
    RequestFault("xml-body-unclosed", L, "xml", "sends its XML body without the closing tag of its root", BODY,
                 _raw_body(lambda c: f"<ProgramElement><StudentID>{c.student_id}</StudentID>")),
    RequestFault("xml-in-a-namespace", L, "xml", "puts its XML elements in a namespace of its own", BODY,
                 _raw_body(lambda c: '<ProgramElement xmlns="http://example.invalid/linkit"><StudentID>'
                                     f"{c.student_id}</StudentID></ProgramElement>")),
    RequestFault("xml-student-id-as-attribute", L, "xml", "writes StudentID as an attribute of <ProgramElement>",
                 BODY, _raw_body(lambda c: f'<ProgramElement StudentID="{c.student_id}"/>')),
    RequestFault("xml-calls-accept-json", L, "xml", "asks for JSON (Accept) in its XML calls", ACCEPT,
                 lambda r, _: r.set_header("Accept", "application/json")),
)

REQUEST_FAULTS_BY_NAME = {fault.name: fault for fault in REQUEST_FAULTS}


def faults_on(switches: frozenset[str], hits: str) -> list[RequestFault]:
    return [REQUEST_FAULTS_BY_NAME[name] for name in sorted(switches)
            if name in REQUEST_FAULTS_BY_NAME and REQUEST_FAULTS_BY_NAME[name].hits == hits]


def apply_call(switches: frozenset[str], hits: str, request: Outgoing, ctx: Context) -> Outgoing:
    for fault in faults_on(switches, hits):
        if fault.call is not None:
            fault.call(request, ctx)
    return request


def apply_params(switches: frozenset[str], hits: str, pairs: list[tuple[str, str]],
                 ctx: Context) -> list[tuple[str, str]]:
    for fault in faults_on(switches, hits):
        if fault.params is not None:
            pairs = fault.params(pairs, ctx)
    return pairs
