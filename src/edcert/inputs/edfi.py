"""The Ed-Fi API side of the request model: every element of the requests the Ed-Fi suite sends, the
operators applied to each, and the answer each combination must get.

Requests: the token request (client_id, client_secret, grant_type, where each travels), the
resource's Authorization (scheme, token, where it travels), the association's body (each part of
each reference, each date, the body itself), its natural key (changed by PUT, varied by POST, in
references) and the collection query's key filters.

Lengths and ranges come from one place, ``Bounds``: every value sent as too long or out of range is
wrong under every Data Standard the bounds name (the loosest bounds by default, so that one value is
wrong everywhere). ``tables(bounds)`` builds the tables for other bounds (a Data Standard chosen for
the run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .model import Cell, Table

WITH_SENT = ("element", "operator", "sent", "expected answer")


@dataclass(frozen=True)
class Bounds:
    """The longest strings and the widest integers the Data Standards allow (the loosest by default).

    cohortIdentifier: 20 characters in Data Standard 3 and 4, 36 from 5; studentUniqueId: 32 in every one;
    educationOrganizationId: int32 in 3 and 4, int64 from 5 (Ed-Fi ODS/API DDL 0020-Tables.sql).
    """

    cohort_identifier_max: int = 36
    student_unique_id_max: int = 32
    education_organization_id_max: int = 2**63 - 1
    education_organization_id_min: int = -(2**63)

    def too_long(self, longest: int) -> int:
        return longest + 1


LOOSEST = Bounds()

# --- the token request -----------------------------------------------------------------------------------------

_REFUSED_TOKEN = "no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)"
_REPEATED = ("401, or 400 invalid_request; a token is a warning (RFC 6749 3.2 forbids repeated parameters; the "
             "right value came first)")


def _token_cells() -> tuple[Cell, ...]:
    return (
        Cell("client credentials", "moved", "a token, or a refusal, 401/400 (RFC 6749 2.3.1: the body MAY be supported)",
             sent="the profile's client_id and client_secret in the form body, no Basic header"),
        Cell("client_id", "missing", _REFUSED_TOKEN, sent="form body with client_secret only"),
        Cell("client_id", "empty", _REFUSED_TOKEN,
             sent="Basic with an empty client id; an empty client_id in the form body"),
        Cell("client_id", "unknown", _REFUSED_TOKEN, sent="an id never issued, with the right secret (Basic; form)"),
        Cell("client_id", "other case", "", exception="client ids may be looked up ignoring case (the ODS/API keeps "
             "them in SQL Server, whose default collation is case-insensitive); the secret must still match"),
        Cell("client_id", "duplicated", _REPEATED,
             sent="client_id twice in the form body, the right one first, then an unknown one"),
        Cell("client_secret", "missing", _REFUSED_TOKEN, sent='Basic "id" without a colon; form body client_id only'),
        Cell("client_secret", "empty", _REFUSED_TOKEN,
             sent="Basic with an empty secret; an empty client_secret in the form body"),
        Cell("client_secret", "unknown", _REFUSED_TOKEN, sent="the secret of nothing, for the known client id "
             "(Basic; form)"),
        Cell("client_secret", "other case", _REFUSED_TOKEN, sent="the secret with its letters' case swapped "
             "(Basic; form)"),
        Cell("client_secret", "duplicated", _REPEATED,
             sent="client_secret twice in the form body, the right one first, then a wrong one"),
        Cell("grant_type", "missing", _REFUSED_TOKEN, sent="right Basic credentials, no grant_type"),
        Cell("grant_type", "empty", _REFUSED_TOKEN, sent="right Basic credentials, an empty grant_type"),
        Cell("grant_type", "unknown", _REFUSED_TOKEN, sent="right Basic credentials, grant_type password"),
        Cell("grant_type", "other case", "", exception="RFC 6749 does not say grant type values compare "
             "case-sensitively, and an API may read CLIENT_CREDENTIALS as client_credentials"),
        Cell("grant_type", "duplicated", _REPEATED,
             sent="right Basic credentials, grant_type twice: client_credentials, then password"),
    )


TOKEN_REQUEST = Table(
    "edfi-token-request", "POST {token_url}: grant_type=client_credentials, the client authenticated by Basic "
    "(or by client_id and client_secret in the form body)", "EDFI-TOKEN-REQUEST-REFUSED", "SCA-N30",
    _token_cells(), WITH_SENT)

# --- the resource's Authorization ----------------------------------------------------------------------------

_401 = "401 Unauthorized"
_MALFORMED = "401, or 400 (RFC 6750 3.1: invalid_request)"


def _credential_cells(reads: bool) -> tuple[Cell, ...]:
    cells = [
        Cell("Authorization header", "missing", _401, sent="no Authorization header"),
        Cell("Bearer scheme", "missing", _401, sent="the issued token alone"),
        Cell("Bearer scheme", "duplicated", _MALFORMED, sent="Bearer Bearer <the issued token>"),
        Cell("bearer token", "empty", _MALFORMED, sent="Bearer and nothing after it"),
        Cell("bearer token", "unknown", _401, sent="a random token of the issued one's length and alphabet"),
        Cell("issued bearer token", "unknown", _401, sent="the issued token with one character changed near its end"),
        Cell("client credentials", "moved", _401, sent="Basic with the client id and secret"),
        Cell("client_secret", "moved", _401, sent="Bearer <the client secret>"),
        Cell("client_id", "moved", _401, sent="Bearer <the client id>"),
    ]
    if reads:
        cells += [
            Cell("Bearer scheme", "other case", "served: not 401 (RFC 9110 11.1: schemes are case-insensitive)",
                 sent="bearer <the issued token>"),
            Cell("bearer token", "moved", "401, or served (RFC 6750 2.3: MAY be supported)",
                 sent="the issued token in an access_token query parameter, no header"),
            Cell("access_token query parameter", "unknown", _401,
                 sent="a token never issued in an access_token query parameter, no header"),
        ]
    else:
        cells.append(Cell("Bearer scheme", "other case", "", exception="sent on reads only (SCA-N1, N8): a write it "
                          "rightly opens would change what the scenario proves unchanged"))
    return tuple(cells)


CREDENTIALS_READ = Table(
    "edfi-credentials-read", "GET of the collection and GET by id, with Authorization: Bearer <token>",
    "EDFI-AUTH-REQUIRED", "SCA-N1, SCA-N8", _credential_cells(True), WITH_SENT)
CREDENTIALS_WRITE = Table(
    "edfi-credentials-write", "POST, PUT and DELETE of an association, with Authorization: Bearer <token>",
    "EDFI-AUTH-REQUIRED", "SCA-N9, SCA-N10, SCA-N11", _credential_cells(False), WITH_SENT)

# --- the association's body --------------------------------------------------------------------------------------

_400 = "400 Bad Request"


def _shown(values: tuple) -> str:
    return "; ".join(json.dumps(v) for v in values)


def _value(element: str, operator: str, values: tuple, expected: str = _400, sent: str = "") -> Cell:
    return Cell(element, operator, expected, sent=sent or _shown(values), values=values)


def _body_cells(bounds: Bounds) -> tuple[Cell, ...]:
    cohort_id = bounds.too_long(bounds.cohort_identifier_max)
    student_id = bounds.too_long(bounds.student_unique_id_max)
    return (
        Cell("the body", "empty", _400, sent="an empty body"),
        Cell("the body", "malformed", _400, sent="JSON cut short in the middle"),
        Cell("the body", "wrong type", _400, sent="a JSON array holding the association"),
        Cell("cohortReference", "missing", _400, sent="left out"),
        _value("cohortReference", "wrong type", ("1", ["1"])),
        Cell("cohortReference.cohortIdentifier", "missing", _400, sent="left out"),
        _value("cohortReference.cohortIdentifier", "empty", ("",)),
        _value("cohortReference.cohortIdentifier", "wrong type", ({"value": "1"}, ["1"])),
        Cell("cohortReference.cohortIdentifier", "too long", _400, values=(cohort_id,),
             sent=f"{cohort_id} characters (at most {bounds.cohort_identifier_max})"),
        Cell("cohortReference.educationOrganizationId", "missing", _400, sent="left out"),
        _value("cohortReference.educationOrganizationId", "empty", ("",)),
        _value("cohortReference.educationOrganizationId", "wrong type", ("ABC", {"id": 255901107})),
        _value("cohortReference.educationOrganizationId", "malformed", (1.5,), sent="1.5 (not an integer)"),
        _value("cohortReference.educationOrganizationId", "out of range",
               (bounds.education_organization_id_max + 1, bounds.education_organization_id_min - 1)),
        Cell("studentReference", "missing", _400, sent="left out"),
        _value("studentReference", "wrong type", (["111111"], "111111")),
        Cell("studentReference.studentUniqueId", "missing", _400, sent="left out"),
        _value("studentReference.studentUniqueId", "empty", ("",)),
        _value("studentReference.studentUniqueId", "wrong type", (["111111"], {"id": "111111"})),
        Cell("studentReference.studentUniqueId", "too long", _400, values=(student_id,),
             sent=f"{student_id} characters (at most {bounds.student_unique_id_max})"),
        Cell("beginDate", "missing", _400, sent="left out"),
        _value("beginDate", "empty", ("",)),
        _value("beginDate", "wrong type", (["2026-09-14"], 20260914)),
        _value("beginDate", "malformed", ("2026-02-30", "2026-13-01", "2026-09-14T00:00:00"),
               sent='"2026-02-30"; "2026-13-01"; "2026-09-14T00:00:00" (a date-time where a date is due)'),
        _value("endDate", "wrong type", (["2026-09-21"], 20260921)),
        _value("endDate", "malformed", ("2026-04-31", "2026-09-21T00:00:00"),
               sent='"2026-04-31"; "2026-09-21T00:00:00" (a date-time where a date is due)'),
        Cell("endDate", "empty", "", exception='not sent: the ODS/API reads "" for an optional date as null (no end '
             "date), as its serializer does for every nullable value"),
    )


def association_body(bounds: Bounds = LOOSEST) -> Table:
    return Table("edfi-association-body", "POST of a new association (SCA-N33) and PUT of an existing one (SCA-N34): "
                 "each value broken alone; a refused PUT leaves the association as it was",
                 "EDFI-BODY-RULES (POST), EDFI-PUT-VALIDATED (PUT)", "SCA-N33, SCA-N34", _body_cells(bounds), WITH_SENT)

# --- the natural key ---------------------------------------------------------------------------------------------

_OTHER_COHORT = "scenario 2's cohort (cohortIdentifier and educationOrganizationId)"


def _key_change_cells() -> tuple[Cell, ...]:
    return (
        Cell("beginDate", "another valid value", _400, sent="another date"),
        Cell("studentReference.studentUniqueId", "another valid value", "400, or 403/409", sent="scenario 2's student"),
        Cell("cohortReference", "another valid value", "400, or 409", sent=_OTHER_COHORT),
        Cell("cohortReference.cohortIdentifier", "another valid value", "400, or 409",
             sent="scenario 2's cohortIdentifier"),
        Cell("cohortReference.educationOrganizationId", "another valid value", "400, or 409",
             sent="scenario 2's educationOrganizationId"),
    )


KEY_CHANGE = Table(
    "edfi-key-change", "PUT of an existing association with one natural-key field changed; the association read "
    "back by its id must be unchanged", "EDFI-KEY-CHANGE-REFUSED", "SCA-N35", _key_change_cells(), WITH_SENT)

REFERENCES = Table(
    "edfi-references", "POST of an association whose cohortReference names an existing cohort's identifier at "
    "another education organization, or another cohort's identifier at this one", "EDFI-REFERENCE-RESOLVES",
    "SCA-N36", (
        Cell("cohortReference.educationOrganizationId", "another valid value", "409, or 403",
             sent="scenario 2's educationOrganizationId, with scenario 1's cohortIdentifier"),
        Cell("cohortReference.cohortIdentifier", "another valid value", "409, or 403",
             sent="scenario 2's cohortIdentifier, at scenario 1's educationOrganizationId"),
        Cell("cohortReference.educationOrganizationId", "unknown", "409, or 403",
             sent="scenario 1's cohortIdentifier at an education organization generated from the seed (int32)"),
    ), WITH_SENT)

_NEW = "201 Created, another id; the first unchanged"

NATURAL_KEY = Table(
    "edfi-natural-key", "POST of an association next to an existing one, differing from it in one natural-key "
    "field, or in none", "EDFI-NATURAL-KEY", "SCA-N37", (
        Cell("beginDate", "another valid value", _NEW, sent="another date"),
        Cell("studentReference.studentUniqueId", "another valid value", _NEW, sent="scenario 2's student"),
        Cell("cohortReference", "another valid value", _NEW, sent=_OTHER_COHORT),
        Cell("the natural key", "duplicated", "200 OK, the first's Location; still one association",
             sent="the first association's four key fields again"),
    ), WITH_SENT)

# --- the collection query's key filters ---------------------------------------------------------------------------

_EXACT = "exactly the scenario's associations that match"


def _query_cells() -> tuple[Cell, ...]:
    cells = []
    for name in ("beginDate", "studentUniqueId", "cohortIdentifier", "educationOrganizationId"):
        cells.append(Cell(name, "alone", _EXACT, sent=f"the first association's {name}, no other filter"))
    for name, other in (("beginDate", "the second association's"), ("studentUniqueId", "scenario 2's"),
                        ("cohortIdentifier", "scenario 2's"), ("educationOrganizationId", "scenario 2's")):
        cells.append(Cell(name, "another valid value", _EXACT,
                          sent=f"{other} {name}, the first association's other three filters"))
    return tuple(cells)


QUERY_FILTERS = Table(
    "edfi-query-filters", "GET {base_url}/ed-fi/studentCohortAssociations?<key filters>&limit=500, after POSTing "
    "four associations: the first, one differing in beginDate, one in the student, one in the cohort",
    "EDFI-QUERY-FILTERS", "SCA-N38", _query_cells(), WITH_SENT)


QUERY_PAGING = Table(
    "edfi-query-paging", "GET {base_url}/ed-fi/studentCohortAssociations?beginDate=<the first's>&<paging>, which "
    "matches three of the four associations the scenario POSTed (the first, one each for another student and "
    "cohort; not the one with another beginDate)",
    "EDFI-QUERY-PAGING", "SCA-N40", (
        Cell("limit", "another valid value", "at most that many, each a match", sent="limit=1"),
        Cell("offset", "another valid value", "pages that together hold each match once",
             sent="limit=1 with offset=0, 1 and 2, then offset=3"),
        Cell("totalCount", "another valid value", "a Total-Count header with the number of matches",
             sent="totalCount=true"),
        Cell("limit", "malformed", _400, sent="limit=abc"),
        Cell("offset", "malformed", _400, sent="offset=abc"),
        Cell("totalCount", "malformed", "", exception="not sent: an ODS/API reads a totalCount it cannot parse as "
             "false, where the DMS refuses it"),
    ), WITH_SENT)


def tables(bounds: Bounds = LOOSEST) -> tuple[Table, ...]:
    """The Ed-Fi tables, with lengths and ranges wrong under the given bounds."""
    return (TOKEN_REQUEST, CREDENTIALS_READ, CREDENTIALS_WRITE, association_body(bounds), KEY_CHANGE, REFERENCES,
            NATURAL_KEY, QUERY_FILTERS, QUERY_PAGING)


TABLES = tables()
BY_NAME = {table.name: table for table in TABLES}
