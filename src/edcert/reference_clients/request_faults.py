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

This module is the registry (which fault changes what, hits which request, fails which requirement); the
changes are built from the small builders of request_mutations.py.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import quote_plus, urlsplit

from edcert.reference_clients import request_mutations as change
from edcert.reference_clients.request_mutations import Context, Mutation, Outgoing

_EX_JSON = ("CLIENT-LINKIT-EX1-JSON", "CLIENT-LINKIT-EX2-JSON")
_EX_XML = ("CLIENT-LINKIT-EX1-XML", "CLIENT-LINKIT-EX2-XML")


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
_VERB_HEADER, _STAMP_HEADER = change.to_header("verb"), change.to_header("timestamp")
_KEY_HEADER = change.to_header("accesskey")
_STUDENT_QUERY = change.student_in_query()

REQUEST_FAULTS: tuple[RequestFault, ...] = (
    # --- Ed-Fi: the token request ---------------------------------------------------------------
    RequestFault("token-request-with-get", E, "token", "asks for its token with GET", TOKEN,
                 change.with_values(method="GET")),
    RequestFault("token-request-without-content-type", E, "token", "sends its token request without a Content-Type",
                 TOKEN, change.content_type(None)),
    RequestFault("token-request-as-text-plain", E, "token", "labels its token request text/plain", TOKEN,
                 change.content_type("text/plain")),
    RequestFault("token-without-grant-type", E, "token", "leaves grant_type out of its token request", TOKEN,
                 change.with_values(raw=b"")),
    RequestFault("token-grant-type-empty", E, "token", "sends grant_type empty", TOKEN,
                 change.with_values(raw=b"grant_type=")),
    RequestFault("token-grant-type-misspelt", E, "token", "sends grant_type=client_credential", TOKEN,
                 change.with_values(raw=b"grant_type=client_credential")),
    RequestFault("token-password-grant", E, "token", "asks for the password grant", TOKEN,
                 change.with_values(raw=b"grant_type=password")),
    RequestFault("token-grant-type-capitalised", E, "token", "sends grant_type=Client_Credentials", TOKEN,
                 change.with_values(raw=b"grant_type=Client_Credentials")),
    RequestFault("token-grant-type-twice", E, "token", "sends grant_type twice, password then client_credentials",
                 TOKEN, change.with_values(raw=b"grant_type=password&" + GRANT.encode())),
    RequestFault("token-grant-type-in-url", E, "token", "puts grant_type in the token URL's query, not the body",
                 TOKEN, lambda r, _: (setattr(r, "url", r.url + "?" + GRANT), setattr(r, "raw", b""))),
    RequestFault("token-form-without-client-id", E, "token", "sends client_secret in the form body without client_id",
                 TOKEN, lambda r, c: (r.drop_header("Authorization"),
                                      setattr(r, "raw", f"{GRANT}&client_secret={c.client_secret}".encode()))),
    RequestFault("token-basic-empty-client-id", E, "token", "writes Basic credentials with an empty client id",
                 TOKEN, change.authorization(lambda c: change.basic(f":{c.client_secret}"))),
    RequestFault("token-unknown-client-id", E, "token", "sends another client id with its secret", TOKEN,
                 change.authorization(lambda c: change.basic(f"someone-else:{c.client_secret}"))),
    RequestFault("token-client-id-upper-case", E, "token", "writes its client id in upper case", TOKEN,
                 change.authorization(lambda c: change.basic(f"{c.client_id.upper()}:{c.client_secret}"))),
    RequestFault("token-basic-without-secret", E, "token", "writes Basic credentials of the client id alone", TOKEN,
                 change.authorization(lambda c: change.basic(c.client_id))),
    RequestFault("token-basic-empty-secret", E, "token", "writes Basic credentials with an empty secret", TOKEN,
                 change.authorization(lambda c: change.basic(f"{c.client_id}:"))),
    RequestFault("token-wrong-secret", E, "token", "sends a secret of another environment", TOKEN,
                 change.authorization(lambda c: change.basic(f"{c.client_id}:not-{c.client_secret}"))),
    RequestFault("token-secret-other-case", E, "token", "changes the letter case of its secret", TOKEN,
                 change.authorization(lambda c: change.basic(f"{c.client_id}:{c.client_secret.swapcase()}"))),
    RequestFault("token-credentials-in-header-and-body", E, "token",
                 "sends its credentials in the Basic header and in the form body", TOKEN,
                 change.form_body(lambda c: f"{GRANT}&client_id={c.client_id}&client_secret={c.client_secret}")),
    RequestFault("token-secret-as-bearer", E, "token", "sends its secret as Authorization: Bearer", TOKEN,
                 change.authorization(lambda c: f"Bearer {c.client_secret}")),
    RequestFault("token-basic-not-base64", E, "token", "writes its Basic credentials without base64", TOKEN,
                 change.authorization(lambda c: f"Basic {c.client_id}:{c.client_secret}")),
    # --- Ed-Fi: the bearer token, on a read at the end of the run --------------------------------
    RequestFault("authorization-empty-on-a-read", E, "read", "reads with an empty Authorization header", BEARER,
                 change.authorization(lambda c: "")),
    RequestFault("two-authorization-headers-on-a-read", E, "read",
                 "reads with two Authorization headers, its token and another", BEARER, change.two_authorizations),
    RequestFault("token-without-scheme-on-a-read", E, "read", "reads with Authorization: <token>, no scheme", BEARER,
                 change.authorization(lambda c: c.token)),
    RequestFault("basic-credentials-on-a-read", E, "read", "reads with its Basic credentials instead of its token",
                 BEARER, change.authorization(lambda c: change.basic(f"{c.client_id}:{c.client_secret}"))),
    RequestFault("bearer-token-empty-on-a-read", E, "read", "reads with Authorization: Bearer and no token", BEARER,
                 change.authorization(lambda c: "Bearer ")),
    RequestFault("made-up-bearer-token-on-a-read", E, "read", "reads with a token the API never issued", BEARER,
                 change.authorization(lambda c: f"Bearer {secrets.token_hex(16)}")),
    RequestFault("bearer-token-quoted-on-a-read", E, "read", "reads with its token in double quotes", BEARER,
                 change.authorization(lambda c: f'Bearer "{c.token}"')),
    RequestFault("bearer-token-upper-case-on-a-read", E, "read", "reads with its token in upper case", BEARER,
                 change.authorization(lambda c: f"Bearer {c.token.upper()}")),
    RequestFault("bearer-token-in-query-on-a-read", E, "read", "reads with its token in the URL (access_token)",
                 BEARER, change.token_in_query),
    RequestFault("client-secret-as-bearer-on-a-read", E, "read", "reads with its client secret as bearer token",
                 BEARER, change.authorization(lambda c: f"Bearer {c.client_secret}")),
    # --- Ed-Fi: the POST of scenario 1 (its form) ------------------------------------------------
    RequestFault("no-content-type-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 without a Content-Type", JSON_,
                 change.content_type(None)),
    RequestFault("text-plain-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 as text/plain", JSON_,
                 change.content_type("text/plain")),
    RequestFault("truncated-body-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 with its JSON cut short", SENT,
                 change.truncated),
    RequestFault("array-body-on-scenario-1", E, "SCA-S1", "POSTs scenario 1 as a JSON array of one record", SENT,
                 change.document_edit(lambda d, _: [d])),
    RequestFault("begin-date-twice-on-scenario-1", E, "SCA-S1",
                 "writes beginDate twice in scenario 1's body, M/D/YYYY then yyyy-mm-dd", SCHEMA, change.begin_date_twice),
    # --- Ed-Fi: the POST of scenario 2 (its values) ----------------------------------------------
    RequestFault("student-missing-on-scenario-2", E, "SCA-S2", "leaves studentUniqueId out of scenario 2", SENT,
                 change.set_value("studentReference.studentUniqueId", ...)),
    RequestFault("student-empty-on-scenario-2", E, "SCA-S2", "writes scenario 2's studentUniqueId empty", SENT,
                 change.set_value("studentReference.studentUniqueId", "")),
    RequestFault("student-as-number-on-scenario-2", E, "SCA-S2", "writes scenario 2's studentUniqueId as a number",
                 SCHEMA, change.set_value("studentReference.studentUniqueId", 222222)),
    RequestFault("unknown-student-on-scenario-2", E, "SCA-S2", "writes scenario 2 for a student the sheet never names",
                 SENT, change.set_value("studentReference.studentUniqueId", "999999")),
    RequestFault("student-outside-reference-on-scenario-2", E, "SCA-S2",
                 "writes scenario 2's studentUniqueId beside studentReference instead of in it", SENT,
                 change.document_edit(change.moved_student)),
    RequestFault("cohort-missing-on-scenario-2", E, "SCA-S2", "leaves cohortIdentifier out of scenario 2", SCHEMA,
                 change.set_value("cohortReference.cohortIdentifier", ...)),
    RequestFault("cohort-empty-on-scenario-2", E, "SCA-S2", "writes scenario 2's cohortIdentifier empty", SCHEMA,
                 change.set_value("cohortReference.cohortIdentifier", "")),
    RequestFault("cohort-as-number-on-scenario-2", E, "SCA-S2", "writes scenario 2's cohortIdentifier as a number",
                 SCHEMA, change.set_value("cohortReference.cohortIdentifier", 2)),
    RequestFault("unknown-cohort-on-scenario-2", E, "SCA-S2", "writes scenario 2 for cohort \"99\"", VALUES,
                 change.set_value("cohortReference.cohortIdentifier", "99")),
    RequestFault("ed-org-missing-on-scenario-2", E, "SCA-S2", "leaves educationOrganizationId out of scenario 2",
                 SCHEMA, change.set_value("cohortReference.educationOrganizationId", ...)),
    RequestFault("elementary-ed-org-on-scenario-2", E, "SCA-S2",
                 "writes scenario 2 with the elementary school's educationOrganizationId", VALUES,
                 change.set_value("cohortReference.educationOrganizationId", 255901107)),
    RequestFault("ed-org-negative-on-scenario-2", E, "SCA-S2", "writes scenario 2's educationOrganizationId as -1",
                 SCHEMA, change.set_value("cohortReference.educationOrganizationId", -1)),
    RequestFault("begin-date-missing-on-scenario-2", E, "SCA-S2", "leaves beginDate out of scenario 2", SCHEMA,
                 change.set_value("beginDate", ...)),
    RequestFault("begin-date-empty-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate empty", DATES,
                 change.set_value("beginDate", "")),
    RequestFault("begin-date-as-number-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate as a number",
                 DATES, change.set_value("beginDate", lambda c: int(f"{c.year}0914"))),
    RequestFault("impossible-begin-date-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate as September 31",
                 DATES, change.set_value("beginDate", lambda c: f"{c.year}-09-31")),
    RequestFault("begin-date-a-day-late-on-scenario-2", E, "SCA-S2", "writes scenario 2's beginDate as 9/15", VALUES,
                 change.set_value("beginDate", lambda c: f"{c.year}-09-15")),
    RequestFault("null-id-on-scenario-2", E, "SCA-S2", "writes \"id\": null in scenario 2's body",
                 ("EDFI-CLIENT-NO-ID",), change.set_value("id", None)),
    RequestFault("extra-property-on-scenario-2", E, "SCA-S2", "adds a studentUSI property to scenario 2's body",
                 SCHEMA, change.set_value("studentUSI", 1)),
    # --- Ed-Fi: the update of scenario 3 ---------------------------------------------------------
    RequestFault("update-with-patch", E, "SCA-S3", "sends the update of scenario 3 with PATCH", SENT,
                 change.with_values(method="PATCH")),
    RequestFault("put-to-unknown-id", E, "SCA-S3", "PUTs scenario 3 to an id the API never gave", SAME,
                 lambda r, _: r.set_path_tail(secrets.token_hex(16))),
    RequestFault("put-body-names-another-id", E, "SCA-S3", "PUTs scenario 3 with another record's id in the body",
                 SAME, change.set_value("id", lambda _: secrets.token_hex(16))),
    RequestFault("update-without-end-date", E, "SCA-S3", "sends the update of scenario 3 without its endDate", VALUES,
                 change.set_value("endDate", ...)),
    RequestFault("end-date-as-number-on-update", E, "SCA-S3", "writes scenario 3's endDate as a number", DATES,
                 change.set_value("endDate", lambda c: int(f"{c.year}0921"))),
    RequestFault("impossible-end-date-on-update", E, "SCA-S3", "writes scenario 3's endDate as September 31", DATES,
                 change.set_value("endDate", lambda c: f"{c.year}-09-31")),
    RequestFault("end-date-a-day-late-on-update", E, "SCA-S3", "writes scenario 3's endDate as 9/22", VALUES,
                 change.set_value("endDate", lambda c: f"{c.year}-09-22")),
    RequestFault("update-changes-begin-date", E, "SCA-S3", "moves beginDate to 9/15 in the update of scenario 3",
                 VALUES, change.set_value("beginDate", lambda c: f"{c.year}-09-15")),
    RequestFault("update-changes-student", E, "SCA-S3", "writes scenario 2's student into the update of scenario 3",
                 VALUES, change.set_value("studentReference.studentUniqueId", "222222")),
    RequestFault("no-content-type-on-update", E, "SCA-S3", "sends the update of scenario 3 without a Content-Type",
                 JSON_, change.content_type(None)),
    RequestFault("stale-if-match-on-update", E, "SCA-S3", "sends the update of scenario 3 with an old If-Match",
                 ACCEPTED, lambda r, _: r.set_header("If-Match", '"0-stale"')),
    RequestFault("garbled-if-match-on-update", E, "SCA-S3", "sends the update of scenario 3 with If-Match: yes",
                 ACCEPTED, lambda r, _: r.set_header("If-Match", "yes")),
    # --- LinkIt!: method and path ----------------------------------------------------------------
    RequestFault("method-in-lower-case", L, "json", "sends its JSON calls with the method written put", PUT,
                 change.with_values(method="put")),
    RequestFault("put-by-method-override", L, "xml", "sends its XML calls as POST with X-HTTP-Method-Override: PUT",
                 PUT, lambda r, _: (setattr(r, "method", "POST"), r.set_header("X-HTTP-Method-Override", "PUT"))),
    RequestFault("another-program", L, "json", "calls the next program's URL in JSON", EXAMPLE,
                 lambda r, _: r.set_path_tail(str(int(urlsplit(r.url).path.rsplit("/", 1)[-1]) + 1))),
    RequestFault("program-id-not-a-number", L, "xml", "calls /programs/{id}x in XML", EXAMPLE,
                 lambda r, _: r.set_path_tail(urlsplit(r.url).path.rsplit("/", 1)[-1] + "x")),
    # --- LinkIt!: verb -----------------------------------------------------------------------------
    RequestFault("verb-missing", L, "json", "leaves verb out of its JSON calls", EXAMPLE,
                 params=change.param("verb", lambda v, _: None)),
    RequestFault("verb-empty", L, "xml", "sends verb= empty in its XML calls", EXAMPLE,
                 params=change.param("verb", lambda v, _: "")),
    RequestFault("verb-unknown", L, "json", "sends verb=add or verb=remove in its JSON calls", EXAMPLE,
                 params=change.param("verb", lambda v, _: "add" if v == "assign" else "remove")),
    RequestFault("verb-capitalised", L, "xml", "sends verb=Assign and verb=Deassign in its XML calls", EXAMPLE,
                 params=change.param("verb", lambda v, _: v.capitalize())),
    RequestFault("verb-twice", L, "json", "sends verb twice, the example's and the other, in its JSON calls", PARAMS,
                 params=change.repeated("verb", lambda v, _: change.other_verb(v))),
    RequestFault("verb-in-header", L, "xml", "sends verb as a header of its XML calls", EXAMPLE,
                 _VERB_HEADER[1], _VERB_HEADER[0]),
    # --- LinkIt!: timestamp ----------------------------------------------------------------------
    RequestFault("timestamp-missing", L, "json", "leaves timestamp out of its JSON calls", PARAMS,
                 params=change.param("timestamp", lambda v, _: None)),
    RequestFault("timestamp-empty", L, "xml", "sends timestamp= empty in its XML calls", STAMP,
                 params=change.param("timestamp", lambda v, _: "")),
    RequestFault("timestamp-iso-8601", L, "json", "writes the timestamp of its JSON calls as ISO 8601", STAMP,
                 params=change.param("timestamp", lambda v, _: quote_plus(datetime.now(timezone.utc).strftime(
                     "%Y-%m-%dT%H:%M:%SZ"), safe=""))),
    RequestFault("timestamp-impossible-date", L, "xml", "writes month 13 in the timestamp of its XML calls", STAMP,
                 params=change.param("timestamp", lambda v, _: "13" + v[v.index("%2f"):])),
    RequestFault("timestamp-twenty-minutes-old", L, "json", "sends a timestamp 20 minutes old in its JSON calls",
                 STAMP, params=change.param("timestamp", lambda v, _: change.stamp(datetime.now(timezone.utc)
                                                                       - timedelta(minutes=20)))),
    RequestFault("timestamp-twice", L, "xml", "sends timestamp twice, a minute apart, in its XML calls", PARAMS,
                 params=change.repeated("timestamp",
                                        lambda v, _: change.stamp(datetime.now(timezone.utc) - timedelta(minutes=1)))),
    RequestFault("timestamp-in-header", L, "json", "sends the timestamp as a header of its JSON calls", PARAMS,
                 _STAMP_HEADER[1], _STAMP_HEADER[0]),
    RequestFault("timestamp-lower-case-pm", L, "xml",
                 "writes am and pm in lower case in its XML calls (advisory: a warning, still certified)",
                 ("LINKIT-CLIENT-TEMPLATE",), params=change.param("timestamp", lambda v, _: v[:-2] + v[-2:].lower()),
                 outcome="warn"),
    # --- LinkIt!: accesskey ----------------------------------------------------------------------
    RequestFault("access-key-missing", L, "xml", "leaves accesskey out of its XML calls", PARAMS,
                 params=change.param("accesskey", lambda v, _: None)),
    RequestFault("access-key-empty", L, "json", "sends accesskey= empty in its JSON calls", PARAMS,
                 params=change.param("accesskey", lambda v, _: "")),
    RequestFault("access-key-unknown", L, "xml", "sends a made-up access key in its XML calls", PARAMS,
                 params=change.param("accesskey", lambda v, _: "000000000-000000000")),
    RequestFault("access-key-of-the-document", L, "json", "sends the document's access key in its JSON calls",
                 PARAMS, params=change.param("accesskey", lambda v, _: "123456789-987654321")),
    RequestFault("access-key-twice", L, "xml", "sends accesskey twice, its own and the document's, in its XML calls",
                 PARAMS, params=change.repeated("accesskey", lambda v, _: "123456789-987654321")),
    RequestFault("access-key-in-header", L, "json", "sends the access key as a header of its JSON calls", PARAMS,
                 _KEY_HEADER[1], _KEY_HEADER[0]),
    # --- LinkIt!: tag ----------------------------------------------------------------------------
    RequestFault("tag-missing", L, "xml", "leaves the tag out of its XML calls", PARAMS,
                 change.tag_made(lambda r, t, c: None)),
    RequestFault("tag-empty", L, "json", "sends tag= empty in its JSON calls", TAG, change.tag_made(lambda r, t, c: "")),
    RequestFault("tag-not-hex", L, "xml", "sends a tag of 40 characters that are not hex in its XML calls", TAG,
                 change.tag_made(lambda r, t, c: "z" * 40)),
    RequestFault("tag-random-hex", L, "json", "sends 40 random hex characters as the tag of its JSON calls", TAG,
                 change.tag_made(lambda r, t, c: secrets.token_hex(20))),
    RequestFault("tag-keyed-with-access-key", L, "xml", "keys the tag of its XML calls with the access key", TAG,
                 change.tag_made(change.keyed_with_access_key)),
    RequestFault("tag-twice", L, "json", "sends a second tag after the first in its JSON calls", PARAMS, change.tag_twice),
    RequestFault("tag-not-last", L, "xml", "puts the tag first in the query of its XML calls", TAG, change.tag_first),
    # --- LinkIt!: StudentID ----------------------------------------------------------------------
    RequestFault("student-id-empty", L, "json", "sends StudentID empty in its JSON calls", STUDENT,
                 change.student_named("", "")),
    RequestFault("student-id-as-json-array", L, "json", "writes StudentID as a JSON array", STUDENT,
                 lambda r, c: (r.drop_header("StudentID"),
                               setattr(r, "raw", json.dumps({"StudentID": [c.student_id]}).encode()))),
    RequestFault("student-id-not-a-number", L, "xml", "sends StudentID 151557x in its XML calls", STUDENT,
                 lambda r, c: change.student_named(c.student_id + "x", c.student_id + "x")(r, c)),
    RequestFault("student-id-unknown", L, "json", "sends a student the API does not hold in its JSON calls", STUDENT,
                 change.student_named("999999", "999999")),
    RequestFault("another-student", L, "xml", "sends another student, 151558, in its XML calls", STUDENT,
                 lambda r, c: change.student_named(*(["151558" if c.student_id != "151558" else "151557"] * 2))(r, c)),
    RequestFault("student-ids-disagree", L, "json", "sends one StudentID in the header and another in the body",
                 STUDENT, lambda r, c: change.student_named(c.student_id,
                                                            "151558" if c.student_id != "151558" else "151557")(r, c)),
    RequestFault("student-id-in-query", L, "xml", "sends StudentID in the URL of its XML calls, not in the body or "
                 "a header", STUDENT, _STUDENT_QUERY[1], _STUDENT_QUERY[0]),
    # --- LinkIt!: body, Content-Type and Accept --------------------------------------------------
    RequestFault("body-without-content-type", L, "xml", "sends its XML bodies without a Content-Type", BODY,
                 change.content_type(None)),
    RequestFault("body-as-text-plain", L, "json", "labels its JSON bodies text/plain", BODY,
                 change.content_type("text/plain")),
    RequestFault("json-body-truncated", L, "json", "sends its JSON body cut short", BODY, change.truncated),
    RequestFault("json-body-an-array", L, "json", "sends its JSON body as an array of one object", BODY,
                 change.raw_body(lambda c: json.dumps([{"StudentID": c.student_id}]))),
    RequestFault("json-student-id-camel-case", L, "json", "names the JSON property studentId", BODY,
                 change.raw_body(lambda c: json.dumps({"studentId": c.student_id}))),
    RequestFault("xml-body-unclosed", L, "xml", "sends its XML body without the closing tag of its root", BODY,
                 change.raw_body(lambda c: f"<ProgramElement><StudentID>{c.student_id}</StudentID>")),
    RequestFault("xml-in-a-namespace", L, "xml", "puts its XML elements in a namespace of its own", BODY,
                 change.raw_body(lambda c: '<ProgramElement xmlns="http://example.invalid/linkit"><StudentID>'
                                     f"{c.student_id}</StudentID></ProgramElement>")),
    RequestFault("xml-student-id-as-attribute", L, "xml", "writes StudentID as an attribute of <ProgramElement>",
                 BODY, change.raw_body(lambda c: f'<ProgramElement StudentID="{c.student_id}"/>')),
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
