"""The Ed-Fi suite's own rules, without a target: token answers, invalid credentials, generated dates,
how a refusal is read, and how long a collection query is asked again."""

from __future__ import annotations

import base64
import json

import pytest

from edcert.edfi import credentials
from edcert.edfi.actions import query_until_listed
from edcert.edfi.answers import base_url_advice, named_references, refers_to_missing_prerequisite
from edcert.edfi.data import generated_date, read_both_ways, unissued_id_like, us_date
from edcert.edfi.token import lifetime, token_problems
from edcert.errors import HarnessError
from edcert.http.transport import Exchange
from edcert.record.generated import GeneratedData

ODS_TOKEN = "0123456789abcdef0123456789abcdef"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJlZGNlcnQifQ."
       "c2lnbmF0dXJlLW9mLXRoaXJ0eS10d28tYnl0ZXMtLi4uLi4")


# --- token answers --------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    {"access_token": ODS_TOKEN, "expires_in": 1800, "token_type": "bearer"},
    {"access_token": JWT, "expires_in": 300, "token_type": "Bearer", "scope": "255901"},
    {"access_token": ODS_TOKEN, "token_type": "BEARER", "refresh_token": "not available"},
])
def test_tokens_of_every_ed_fi_implementation_may_be_sent(body: dict) -> None:
    assert token_problems(body) == []


@pytest.mark.parametrize(("body", "problem"), [
    ({"access_token": ODS_TOKEN}, "no token_type"),
    ({"access_token": ODS_TOKEN, "token_type": "mac"}, "not bearer"),
    ({"token_type": "bearer"}, "no access_token"),
    ({"access_token": "0123abcd", "token_type": "bearer"}, "8 characters"),
    ({"access_token": '": "' * 8, "token_type": "bearer"}, "b64token"),
    ({"access_token": ODS_TOKEN + "\r\nX: y", "token_type": "bearer"}, "b64token"),
    ([ODS_TOKEN], "JSON list"),
])
def test_tokens_that_cannot_be_sent_are_named(body: object, problem: str) -> None:
    assert any(problem in p for p in token_problems(body))


def test_expires_in_is_a_lifetime_in_seconds() -> None:
    assert lifetime({"expires_in": 1800}).seconds == 1800
    missing = lifetime({})
    assert missing.missing and missing.seconds is None and not missing.problem
    for value, words in (("1800", "JSON str"), (0, "already expired"), (-5, "already expired"), (True, "JSON bool"),
                         (1795360712, "1795360712, which can only be an absolute time"),
                         (1795360712000, "as Unix time in milliseconds")):
        found = lifetime({"expires_in": value})
        assert found.seconds is None and words in found.problem, (value, found)
    assert "2026-11-22 15:18:32 UTC" in lifetime({"expires_in": 1795360712}).problem


# --- invalid credentials --------------------------------------------------------------------

def test_each_kind_of_invalid_credentials_is_what_it_says() -> None:
    generated = GeneratedData(1, "SCA-N1")
    headers = {kind: credentials.invalid_authorization(kind, ODS_TOKEN, "client", "secret-value", generated)
               for kind in credentials.INVALID_CREDENTIALS}
    assert headers[credentials.NO_HEADER] is None
    assert headers[credentials.MALFORMED] == ODS_TOKEN
    random = headers[credentials.NEVER_ISSUED]
    assert random.startswith("Bearer ") and len(random) == len("Bearer " + ODS_TOKEN) and random != f"Bearer {ODS_TOKEN}"
    assert all(c in "0123456789abcdef" for c in random.removeprefix("Bearer "))
    altered = headers[credentials.ALTERED].removeprefix("Bearer ")
    assert len(altered) == len(ODS_TOKEN) and altered != ODS_TOKEN and altered[:30] == ODS_TOKEN[:30]
    assert base64.b64decode(headers[credentials.BASIC].removeprefix("Basic ")) == b"client:secret-value"
    with pytest.raises(HarnessError):
        credentials.invalid_authorization("a token from another API", ODS_TOKEN, "c", "s", generated)


@pytest.mark.parametrize("token", [ODS_TOKEN, JWT, JWT + "==", "ABCDEFGHIJKLMNOPQRSTUV-_"])
def test_an_altered_token_differs_in_a_character_that_carries_data(token: str) -> None:
    altered = credentials.altered_token(token)
    differing = [i for i, (a, b) in enumerate(zip(token, altered, strict=True)) if a != b]
    assert len(differing) == 1
    # Not the last significant character: in base64 it may hold padding bits that decode to the same bytes.
    assert differing[0] < len(token.rstrip("=")) - 1


# --- generated dates ------------------------------------------------------------------------

def test_each_scenario_has_dates_no_other_scenario_uses() -> None:
    seen: dict = {}
    for number in range(1, 64):
        sid = f"SCA-N{number}"
        for second in (False, True):
            day = generated_date(GeneratedData(20261122, sid), sid, second=second)
            assert day not in seen, (sid, second, seen.get(day))
            assert 2000 <= day.year <= 2019
            seen[day] = (sid, second)
    again = generated_date(GeneratedData(20261122, "SCA-N9"), "SCA-N9")
    assert seen[again] == ("SCA-N9", False)


@pytest.mark.parametrize("issued", ["0123456789abcdef0123456789abcdef", "00000000-0000-4000-a000-000000000000",
                                    "WhT14ozRv-M80122NydSim1PK4FiQIxmPRXMTA", "zzzz_zzzz", "---"])
def test_an_id_never_issued_has_the_form_of_an_issued_one(issued: str) -> None:
    other = unissued_id_like(issued, GeneratedData(5, "SCA-N20"))
    assert other != issued
    if any(c.isalnum() for c in issued):
        assert len(other) == len(issued)
        assert [c for c in other if not c.isalnum()] == [c for c in issued if not c.isalnum()]
        if set(issued) <= set("0123456789abcdef-"):
            assert set(other) <= set("0123456789abcdef-")


def test_a_date_read_both_ways_shows_a_misreading() -> None:
    day = generated_date(GeneratedData(5, "SCA-N14"), "SCA-N14", second=True, fits=read_both_ways)
    assert day.day <= 12 and day.day != day.month
    month, day_of_month, year = us_date(day).split("/")
    assert (int(month), int(day_of_month), int(year)) == (day.month, day.day, day.year)


# --- how a refusal is read ------------------------------------------------------------------

def _answer(status: int, body: str, url: str = "https://api.example/data/v3/ed-fi/studentCohortAssociations") -> Exchange:
    return Exchange("POST", url, {}, None, status=status, reason="", body=body.encode())


@pytest.mark.parametrize(("status", "body", "names"), [
    (409, '{"detail":"The referenced \'Cohort\' item does not exist.","type":"urn:ed-fi:api:data-conflict"}',
     {"cohort"}),
    (409, '{"message":"The value supplied for the related \'student\' resource does not exist."}', {"student"}),
    (409, '{"validationErrors":{"$.studentReference":["The referenced Student item does not exist."]}}', {"student"}),
    (403, '{"title":"Authorization Denied","errors":["No relationships have been established between the caller\'s '
          'education organization id claims (\'255901\') and one or more of the following properties of the '
          'resource item: \'StudentUniqueId\'."]}', {"student"}),
    (403, '{"type":"urn:ed-fi:api:security:access-denied:resource","errors":["The API client\'s assigned claim set '
          'must include one of the following resource claims: \'studentCohortAssociation\'"]}', set()),
])
def test_refusals_are_read_for_the_reference_they_name(status: int, body: str, names: set) -> None:
    answer = _answer(status, body)
    assert named_references(answer) == names
    assert refers_to_missing_prerequisite(answer) is bool(names)
    assert not refers_to_missing_prerequisite(_answer(500, body))


def test_base_url_advice_only_for_a_404_at_the_collection() -> None:
    collection = "https://api.example/data/v3/ed-fi/studentCohortAssociations"
    assert "base_url" in base_url_advice(_answer(404, "", collection + "?studentUniqueId=1"), collection)
    assert base_url_advice(_answer(404, "", collection + "/0123"), collection) == ""
    assert base_url_advice(_answer(500, "", collection), collection) == ""


# --- a collection query against a search index that follows writes ---------------------------

class _IndexedApi:
    """Answers the collection query from a scripted list of answers, the last one repeated."""

    def __init__(self, *answers: tuple[int, object]) -> None:
        self.answers = list(answers)
        self.asked = 0

    def query(self, resource: str, params: dict) -> Exchange:
        status, body = self.answers[min(self.asked, len(self.answers) - 1)]
        self.asked += 1
        return Exchange("GET", f"https://api.example/data/v3/ed-fi/{resource}", {}, None, status=status,
                        body=json.dumps(body).encode())


def test_the_query_is_asked_again_while_the_index_has_not_caught_up() -> None:
    listed = [{"id": "ABCDEF0123456789abcdef0123456789"}]
    api = _IndexedApi((200, []), (200, []), (200, listed))
    answer = query_until_listed(api, {}, "abcdef01-2345-6789-abcd-ef0123456789", wait=5)  # type: ignore[arg-type]
    assert (api.asked, json.loads(answer.body)) == (3, listed)


@pytest.mark.parametrize("answer", [(500, {"message": "x"}), (400, {"message": "x"}), (200, {"not": "a list"}),
                                    (200, [{"id": "other"}, {"id": "abc"}])])
def test_any_other_answer_is_judged_at_once(answer: tuple[int, object]) -> None:
    api = _IndexedApi(answer)
    query_until_listed(api, {}, "abc", wait=5)  # type: ignore[arg-type]
    assert api.asked == 1


def test_the_query_stops_being_asked_at_the_deadline() -> None:
    api = _IndexedApi((200, []))
    answer = query_until_listed(api, {}, "abc", wait=0.5)  # type: ignore[arg-type]
    assert 2 <= api.asked <= 4 and json.loads(answer.body) == []  # pauses of 0.1, 0.2, then the deadline
