"""The reference target over real HTTP: conformant behaviour, faults, concurrency, its command line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
import requests

from edcert import reference

ASSOCIATIONS = "/data/v3/ed-fi/studentCohortAssociations"
S1 = {"cohortReference": {"cohortIdentifier": "1", "educationOrganizationId": 255901107},
      "studentReference": {"studentUniqueId": "111111"}, "beginDate": "2026-09-14"}


@pytest.fixture(scope="module")
def target() -> Iterator[reference.RunningTarget]:
    with reference.start() as running:
        yield running


@pytest.fixture(scope="module")
def session() -> requests.Session:
    return requests.Session()


@pytest.fixture(scope="module")
def auth(target: reference.RunningTarget, session: requests.Session) -> dict[str, str]:
    answer = session.post(target.token_url, data={"grant_type": "client_credentials"},
                          auth=(reference.DEFAULT_EDFI_CLIENT_ID, reference.DEFAULT_EDFI_CLIENT_SECRET))
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


# --- OAuth2 ---------------------------------------------------------------------------------

def test_token_accepts_basic_form_and_json_credentials(target, session) -> None:
    creds = {"client_id": reference.DEFAULT_EDFI_CLIENT_ID, "client_secret": reference.DEFAULT_EDFI_CLIENT_SECRET}
    basic = session.post(target.token_url, data={"grant_type": "client_credentials"},
                         auth=(creds["client_id"], creds["client_secret"]))
    form = session.post(target.token_url, data={"grant_type": "client_credentials", **creds})
    as_json = session.post(target.token_url, json={"grant_type": "client_credentials", **creds})
    for answer in (basic, form, as_json):
        assert answer.status_code == 200
        body = answer.json()
        assert body["token_type"] == "bearer" and isinstance(body["expires_in"], int) and body["access_token"]


def test_token_refuses_bad_credentials_and_grants(target, session) -> None:
    wrong = session.post(target.token_url, data={"grant_type": "client_credentials"}, auth=("edcert-reference", "x"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    grant = session.post(target.token_url, data={"grant_type": "password"},
                         auth=(reference.DEFAULT_EDFI_CLIENT_ID, reference.DEFAULT_EDFI_CLIENT_SECRET))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    both = session.post(target.token_url, auth=(reference.DEFAULT_EDFI_CLIENT_ID, reference.DEFAULT_EDFI_CLIENT_SECRET),
                        data={"grant_type": "client_credentials", "client_id": "a", "client_secret": "b"})
    assert both.status_code == 400


def test_resources_need_a_valid_token(target, session) -> None:
    assert session.get(target.url + ASSOCIATIONS).status_code == 401
    assert session.get(target.url + ASSOCIATIONS, headers={"Authorization": "Bearer nope"}).status_code == 401


# --- Ed-Fi resources ------------------------------------------------------------------------

def test_post_upserts_on_the_natural_key(target, session, auth) -> None:
    body = {**S1, "beginDate": "2011-02-03"}
    first = session.post(target.url + ASSOCIATIONS, json=body, headers=auth)
    assert first.status_code == 201 and first.headers["ETag"].startswith('"')
    again = session.post(target.url + ASSOCIATIONS, json=body, headers=auth)
    assert again.status_code == 200 and again.headers["Location"] == first.headers["Location"]
    item = session.get(first.headers["Location"], headers=auth)
    assert item.status_code == 200 and item.headers["ETag"]
    record = item.json()
    assert len(record["id"]) == 32 and record["_etag"] and record["_lastModifiedDate"]
    assert record["cohortReference"]["link"]["rel"] == "Cohort"
    found = session.get(target.url + ASSOCIATIONS, headers=auth,
                        params={"studentUniqueId": "111111", "beginDate": "2011-02-03", "totalCount": "true"})
    assert found.status_code == 200 and len(found.json()) == 1 and found.headers["Total-Count"] == "1"


def test_post_refuses_client_ids_and_invalid_bodies(target, session, auth) -> None:
    url = target.url + ASSOCIATIONS
    assert session.post(url, json={**S1, "id": "abc"}, headers=auth).status_code == 400
    missing = session.post(url, json={k: v for k, v in S1.items() if k != "beginDate"}, headers=auth)
    assert missing.status_code == 400 and "$.beginDate" in missing.json()["validationErrors"]
    for broken in ({**S1, "beginDate": "9/14/2026"}, {**S1, "extra": 1},
                   {**S1, "cohortReference": {"cohortIdentifier": " 1", "educationOrganizationId": 255901107}},
                   {**S1, "cohortReference": {"cohortIdentifier": "x" * 21, "educationOrganizationId": 255901107}}):
        answer = session.post(url, json=broken, headers=auth)
        assert answer.status_code == 400, broken
        assert answer.json()["type"].startswith("urn:ed-fi:api:bad-request")
    for raw in (b"{not json", b"", b"[]"):
        answer = session.post(url, data=raw, headers={**auth, "Content-Type": "application/json"})
        assert answer.status_code == 400
    assert session.post(url, data=b"x", headers={**auth, "Content-Type": "text/plain"}).status_code == 415


def test_unresolved_references_are_conflicts(target, session, auth) -> None:
    url = target.url + ASSOCIATIONS
    student = session.post(url, json={**S1, "studentReference": {"studentUniqueId": "999"}}, headers=auth)
    unknown_cohort = {"cohortIdentifier": "9", "educationOrganizationId": 255901107}
    cohort = session.post(url, json={**S1, "cohortReference": unknown_cohort}, headers=auth)
    assert student.status_code == 409 and cohort.status_code == 409
    assert student.json()["type"] == "urn:ed-fi:api:data-conflict:unresolved-reference"


def test_put_rules(target, session, auth) -> None:
    body = {**S1, "beginDate": "2012-05-06"}
    location = session.post(target.url + ASSOCIATIONS, json=body, headers=auth).headers["Location"]
    rid = location.rsplit("/", 1)[-1]
    assert session.put(location, json={**body, "endDate": "2012-06-01"}, headers=auth).status_code == 204
    assert session.get(location, headers=auth).json()["endDate"] == "2012-06-01"
    assert session.put(location, json={**body, "id": rid}, headers=auth).status_code == 204
    assert session.put(location, json={**body, "id": "0" * 32}, headers=auth).status_code == 400
    key_change = session.put(location, json={**body, "beginDate": "2012-05-07"}, headers=auth)
    assert key_change.status_code == 400 and key_change.json()["type"].endswith("key-change-not-supported")
    stale = session.put(location, json=body, headers={**auth, "If-Match": '"stale"'})
    assert stale.status_code == 412
    assert session.put(target.url + ASSOCIATIONS + "/" + "f" * 32, json=body, headers=auth).status_code == 404


def test_delete_rules(target, session, auth) -> None:
    body = {**S1, "beginDate": "2013-01-01"}
    location = session.post(target.url + ASSOCIATIONS, json=body, headers=auth).headers["Location"]
    assert session.delete(location, headers=auth).status_code == 204
    assert session.get(location, headers=auth).status_code == 404
    assert session.delete(location, headers=auth).status_code == 404
    cohorts = session.get(target.url + "/data/v3/ed-fi/cohorts", params={"cohortIdentifier": "1"}, headers=auth).json()
    session.post(target.url + ASSOCIATIONS, json=body, headers=auth)
    referenced = session.delete(target.url + "/data/v3/ed-fi/cohorts/" + cohorts[0]["id"], headers=auth)
    assert referenced.status_code == 409


def test_paging_limits(target, session, auth) -> None:
    url = target.url + ASSOCIATIONS
    assert session.get(url, params={"limit": "501"}, headers=auth).status_code == 400
    assert session.get(url, params={"offset": "-1"}, headers=auth).status_code == 400
    assert session.get(url, params={"limit": "500"}, headers=auth).status_code == 200
    empty = session.get(url, params={"limit": "0", "totalCount": "true"}, headers=auth)
    assert empty.json() == [] and int(empty.headers["Total-Count"]) >= 1


def test_fifty_concurrent_upserts_of_one_key_leave_one_record(target, auth) -> None:
    body = {**S1, "beginDate": "2014-07-08"}

    def post(_: int) -> int:
        return requests.post(target.url + ASSOCIATIONS, json=body, headers=auth, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(post, range(50)))
    assert statuses.count(201) == 1 and statuses.count(200) == 49
    found = requests.get(target.url + ASSOCIATIONS, params={"beginDate": "2014-07-08"}, headers=auth, timeout=30)
    assert len(found.json()) == 1


# --- LinkIt! --------------------------------------------------------------------------------

def _linkit_client(target: reference.RunningTarget):
    from edcert.http.transport import HttpClient
    from edcert.linkit.client import LinkitClient
    from edcert.run.builtin_target import profile_for

    return LinkitClient(profile_for(target).linkit, HttpClient(30))


def test_linkit_json_and_xml_envelopes(target) -> None:
    client = _linkit_client(target)
    answer = client.put(client.signed_url(1553, "assign"), "151558", "json")
    assert answer.status == 200 and answer.content_type == "application/json"
    body = json.loads(answer.body)
    assert body["Result"] == "SUCCESS" and body["Data"]["StudentID"] == "151558" and body["Error"] is None
    assert {"ProgramID": 1553, "Name": "Gifted and Talented"} in body["Data"]["Programs"]
    xml = client.put(client.signed_url(1554, "assign"), "151558", "xml")
    assert xml.content_type == "application/xml"
    assert xml.text().startswith("<Response ") and "<Program><ProgramID>1554</ProgramID>" in xml.text()
    assert "<Error>" not in xml.text()


def _error_of_body(raw: bytes) -> str:
    body = json.loads(raw)
    assert body["Result"] == "ERROR" and body["Data"] is None
    assert 1 <= len(body["Error"]) <= 100
    return body["Error"]


def test_linkit_error_envelopes(target) -> None:
    client = _linkit_client(target)
    cases = {
        "wrong tag": client.signed_url(1555, "assign", tag="0" * 40),
        "stale": client.signed_url(1555, "assign", moment=datetime.now(timezone.utc) - timedelta(hours=1)),
        "unknown key": client.signed_url(1555, "assign", access_key="nobody"),
        "unknown program": client.signed_url(99999, "assign"),
        "bad verb": client.signed_url(1555, "enrol"),
        "not held": client.signed_url(1556, "deassign"),
        "parameter after the tag": client.signed_url(1556, "deassign").with_after_tag("&verb=assign"),
        "no timestamp": client.signed_url(1555, "assign", omit=("timestamp",)),
        "no access key": client.signed_url(1555, "assign", omit=("accesskey",)),
        "no tag": client.signed_url(1555, "assign").with_tag(None),
        "empty tag": client.signed_url(1555, "assign").with_tag(""),
        "24 hours ahead": client.signed_url(1555, "assign", moment=datetime.now(timezone.utc) + timedelta(hours=24)),
    }
    for name, url in cases.items():
        answer = client.put(url, "151558", "json")
        assert 400 <= answer.status < 500, name
        _error_of_body(answer.body)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    for name, body, extra in (("missing", b"", {}), ("non-numeric", b'{"StudentID": "abc"}', {}),
                              ("conflict", b'{"StudentID": "151558"}', {"StudentID": "151557"}),
                              ("unknown student", b'{"StudentID": "424242"}', {}),
                              ("bomb", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><ProgramElement><StudentID>&a;</StudentID>'
                                       b'</ProgramElement>', {"Content-Type": "application/xml"})):
        answer = client.http.send("PUT", client.signed_url(1555, "assign").url, headers={**headers, **extra}, body=body)
        assert answer.status < 500, name
        _error_of_body(answer.body)
    assert 1556 not in {pid for pid, _ in target.state.store.programs_of(151558)}


def test_linkit_refuses_a_parameter_given_twice_even_when_signed(target) -> None:
    client = _linkit_client(target)
    url = client.signed_url(1556, "assign")
    twice = url.with_value("verb", "assign&verb=deassign")
    answer = client.put(twice.with_tag(client.sign(twice)), "151558", "json")
    assert "more than once" in _error_of_body(answer.body)


def test_fifty_concurrent_assigns_are_all_recorded(target) -> None:
    def assign(program: int) -> str:
        client = _linkit_client(target)
        return json.loads(client.put(client.signed_url(program, "assign"), "151558", "json").body)["Result"]

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(assign, range(20001, 20051)))
    assert results == ["SUCCESS"] * 50
    held = {pid for pid, _ in target.state.store.programs_of(151558)}
    assert set(range(20001, 20051)) <= held


def test_faults_change_behaviour() -> None:
    with reference.start(["no-token-accepted", "html-500-on-post"]) as faulty:
        assert requests.get(faulty.url + ASSOCIATIONS, timeout=10).status_code == 200
        token = requests.post(faulty.token_url, data={"grant_type": "client_credentials"}, timeout=10,
                              auth=(reference.DEFAULT_EDFI_CLIENT_ID, reference.DEFAULT_EDFI_CLIENT_SECRET)).json()
        answer = requests.post(faulty.url + ASSOCIATIONS, json=S1, timeout=10,
                               headers={"Authorization": f"Bearer {token['access_token']}"})
        assert answer.status_code == 500 and answer.headers["content-type"].startswith("text/html")


def test_unknown_fault_is_refused_in_python() -> None:
    with pytest.raises(reference.UnknownFaultError):
        reference.start(["no-such-fault"])


# --- command line ---------------------------------------------------------------------------

def _edcert(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "edcert", *args], capture_output=True, text=True, timeout=60,
                          check=False)


def test_serve_lists_at_least_24_faults_with_descriptions() -> None:
    listed = _edcert("serve", "--list-faults")
    assert listed.returncode == 0
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert len(lines) >= 24 and len(lines) == len(reference.FAULTS)
    assert all("[edfi]" in line or "[linkit]" in line for line in lines)


def test_serve_refuses_an_unknown_fault_naming_the_known_ones() -> None:
    answer = _edcert("serve", "--fault", "unknown-name")
    assert answer.returncode == 2
    assert "unknown-name" in answer.stderr and "missing-location-header" in answer.stderr
    assert "Traceback" not in answer.stderr
