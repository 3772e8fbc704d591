"""The client side's reading rules, without a session: timestamps, tags, matching, recording, values."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from edcert.client_side.edfi_traffic import S1, S2, S3, EdfiPaths, EdfiTraffic, without_absent_values
from edcert.client_side.linkit_rules import body_problem, case_departures, describe_offset, student_in_body, verify_tag
from edcert.client_side.linkit_traffic import LinkitTraffic, parse_timestamp
from edcert.client_side.recorder import RENEWAL_NOTE, Recorder, TokenRenewalProbe
from edcert.client_side.session import is_loopback
from edcert.client_side.traffic import RecordedExchange, TrafficLog
from edcert.client_side.values import load_values
from edcert.edfi.data import Association
from edcert.errors import ProfileError
from edcert.masking import register

SECRET = "client-rules-linkit-secret"


def _record(number: int, method: str, target: str, *, body: object = None, status: int = 200,
            headers: list[tuple[str, str]] | None = None, location: str | None = None) -> RecordedExchange:
    path, _, query = target.partition("?")
    raw = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
    response_headers = [("location", location)] if location else []
    return RecordedExchange(number, 0.0, "127.0.0.1:1", "http", "127.0.0.1:9", method, path, query,
                            headers or [("content-type", "application/json")], raw, len(raw), status,
                            response_headers)


@pytest.mark.parametrize("text", ["6/26/2013 1:32:07 PM", "5/1/2013 5:10:5 PM", "06/26/2013 01:32:07 PM",
                                  "12/31/2025 12:00:00 AM"])
def test_timestamps_as_the_document_writes_them_parse(text: str) -> None:
    assert parse_timestamp(text) is not None


@pytest.mark.parametrize("text", ["6/26/2013 13:32:07", "2013-06-26 1:32:07 PM", "6/26/2013 13:32:07 PM",
                                  "2/30/2013 1:00:00 PM", "6/26/2013 1:32 PM"])
def test_timestamps_in_other_forms_do_not(text: str) -> None:
    assert parse_timestamp(text) is None


def test_a_whole_number_of_hours_off_is_named_a_local_time() -> None:
    assert "local time" in describe_offset(-6 * 3600)
    assert "local time" not in describe_offset(1000)


def _signed_call(query_without_tag: str, signed: str) -> LinkitTraffic:
    tag = hmac.new(SECRET.encode(), signed.encode(), hashlib.sha1).hexdigest()
    traffic = LinkitTraffic("/linkit", 19740)
    traffic.add(_record(1, "PUT", f"/linkit/programs/19740?{query_without_tag}&tag={tag}"))
    return traffic


def test_a_tag_over_the_path_and_query_verifies() -> None:
    query = "verb=assign&timestamp=6%2f26%2f2013+1%3a32%3a07+PM&accesskey=123456789-987654321"
    call = _signed_call(query, f"/linkit/programs/19740?{query}").calls[0]
    assert verify_tag(call, SECRET, None).ok
    assert not case_departures(call, declared_signer=False)


def test_a_tag_over_the_query_alone_is_refused_and_named() -> None:
    query = "verb=assign&timestamp=6%2f26%2f2013+1%3a32%3a07+PM&accesskey=123456789-987654321"
    verdict = verify_tag(_signed_call(query, query).calls[0], SECRET, None)
    assert not verdict.ok and "the query alone" in verdict.received


def test_upper_case_escapes_are_a_departure_not_a_failure() -> None:
    query = "verb=assign&timestamp=6%2F26%2F2013+1%3A32%3A07+PM&accesskey=123456789-987654321"
    call = _signed_call(query, f"/linkit/programs/19740?{query}").calls[0]
    assert verify_tag(call, SECRET, None).ok
    assert "upper case" in case_departures(call, declared_signer=False)[0]


def test_writes_are_matched_to_scenarios_by_their_student() -> None:
    expected = {1: Association("1", 255901107, "111111", "2026-09-14"),
                2: Association("2", 255901001, "222222", "2026-09-14")}
    traffic = EdfiTraffic(EdfiPaths("/data/v3/ed-fi/", "/oauth/token"), expected)
    collection = "/data/v3/ed-fi/studentCohortAssociations"
    wrong_date = {**expected[1].body(), "beginDate": "9/14/2026"}
    assert traffic.add(_record(1, "POST", collection, body=wrong_date, status=400)) == S1
    assert traffic.add(_record(2, "POST", collection, body=expected[1].body(), status=201,
                               location=f"http://h{collection}/ABC-123")) == S1
    assert traffic.created[S1] == "abc123"
    assert traffic.add(_record(3, "POST", collection, body=expected[2].with_(cohort_identifier="1").body())) == S2
    assert traffic.add(_record(4, "PUT", f"{collection}/abc123", body=expected[1].body())) == S3
    assert traffic.add(_record(5, "POST", collection, body=expected[1].with_(end_date="2026-09-21").body())) == S3
    assert traffic.add(_record(6, "DELETE", f"{collection}/abc123")) == S3
    assert traffic.creation(S1).number == 2 and traffic.update().number == 5
    assert [r.number for r in traffic.deletions_of("abc123")] == [6]


def test_the_renewal_probe_answers_the_second_use_of_the_first_token_once() -> None:
    probe = TokenRenewalProbe("/data/v3/ed-fi/")
    uses = [_record(n, "GET", "/data/v3/ed-fi/students", headers=[("authorization", f"Bearer {token}")])
            for n, token in enumerate(["first", "first", "first", "second"], 1)]
    assert [probe.intercept(r) for r in uses] == [False, True, False, False]


def test_the_recorder_keeps_the_raw_request_and_the_body_the_app_never_read() -> None:
    async def app(scope: dict, receive, send) -> None:  # answers without reading the body
        await send({"type": "http.response.start", "status": 405, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"no"})

    log = TrafficLog()
    recorder = Recorder(app, log, "marker", TokenRenewalProbe("/data/v3/ed-fi/"))
    messages = [{"type": "http.request", "body": b'{"StudentID": ', "more_body": True},
                {"type": "http.request", "body": b'"151557"}', "more_body": False}]

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        pass

    scope = {"type": "http", "method": "POST", "path": "/linkit/programs/19740", "query_string": b"verb=assign&x=%2f",
             "raw_path": b"/linkit/programs/19740", "headers": [(b"host", b"127.0.0.1:9")], "client": ("127.0.0.1", 5)}
    asyncio.run(recorder(scope, receive, send))
    record = log.records()[0]
    assert record.query == "verb=assign&x=%2f" and record.request_body == b'{"StudentID": "151557"}'
    assert record.status == 405 and record.response_body == b"no" and record.note != RENEWAL_NOTE


def test_a_masked_record_hides_what_was_registered_and_an_unmasked_one_round_trips() -> None:
    register("a-registered-client-secret")
    body = b"grant_type=client_credentials&client_secret=a-registered-client-secret"
    record = _record(1, "POST", "/oauth/token", body=body, headers=[("authorization", "Basic dXNlcjpwYXNz")])
    masked = json.dumps(record.to_dict(masked=True))
    assert "a-registered-client-secret" not in masked and "dXNlcjpwYXNz" not in masked
    assert RecordedExchange.from_dict(json.loads(json.dumps(record.to_dict(masked=False)))) == record


def test_values_come_from_the_value_tables_of_a_profile(tmp_path: Path) -> None:
    profile = tmp_path / "vendor.toml"
    profile.write_text('[edfi]\nbase_url = "https://x/data/v3"\ntoken_url = "https://x/oauth/token"\nclient_id = "a"\n'
                       'client_secret = "${UNSET_SECRET_OF_THE_VENDOR}"\n[edfi.scenarios.SCA-S2]\nstudent_unique_id = "9"\n'
                       '[linkit]\nstudent_id = "151558"\nformats = ["json"]\n')
    values = load_values(profile)
    assert values.edfi_values(2).student_unique_id == "9" and values.edfi_values(1).student_unique_id == "111111"
    assert values.linkit_student == "151558" and values.formats == ("json",) and values.signer is None
    assert values.association(3, 2026).end_date == "2026-09-21"
    profile.write_text('[linkit]\nstudent_id = "not digits"\n')
    with pytest.raises(ProfileError, match="student_id"):
        load_values(profile)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                                ("localhost", True), ("0.0.0.0", False), ("10.1.2.3", False),
                                                ("sis-test.example", False)])
def test_listen_warns_unless_it_listens_on_a_loopback_address(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_declared_signer_is_used_and_its_tag_case_is_not_judged() -> None:
    query = "verb=assign&timestamp=6%2f26%2f2013+1%3a32%3a07+PM&accesskey=123456789-987654321"
    tag = hmac.new(SECRET.encode(), f"/linkit/programs/19740?{query}".encode(), hashlib.sha1).hexdigest().upper()
    traffic = LinkitTraffic("/linkit", 19740)
    traffic.add(_record(1, "PUT", f"/linkit/programs/19740?{query}&tag={tag}"))
    call = traffic.calls[0]
    verdict = verify_tag(call, SECRET, "edcert.linkit.signing:hmac_sha1_hex")
    assert verdict.ok and "declared signer" in verdict.expected
    assert not case_departures(call, declared_signer=True)


def test_a_call_is_judged_as_the_format_of_its_body_else_of_its_accept() -> None:
    xml = [("content-type", "application/xml"), ("accept", "application/json")]
    traffic = LinkitTraffic("/linkit", 19740)
    traffic.add(_record(1, "PUT", "/linkit/programs/19740?verb=assign", body=b"<ProgramElement/>", headers=xml))
    traffic.add(_record(2, "PUT", "/linkit/programs/19740?verb=assign", headers=[("accept", "application/xml")]))
    traffic.add(_record(3, "PUT", "/linkit/programs/19740?verb=assign", body=b"\xef\xbb\xbf<ProgramElement/>",
                        headers=[("accept", "*/*")]))
    assert [call.fmt for call in traffic.calls] == ["xml", "xml", "xml"]


def test_an_xml_body_may_open_with_a_byte_order_mark_but_not_in_a_namespace() -> None:
    xml = [("content-type", "text/xml; charset=utf-8")]
    plain = b'\xef\xbb\xbf<?xml version="1.0"?>\r\n<ProgramElement><StudentID>151557</StudentID></ProgramElement>'
    assert student_in_body(_record(1, "PUT", "/p", body=plain, headers=xml)) == "151557"
    assert body_problem(_record(1, "PUT", "/p", body=plain, headers=xml), "xml") is None
    namespaced = b'<ProgramElement xmlns="urn:other"><StudentID>151557</StudentID></ProgramElement>'
    assert "namespace 'urn:other'" in (body_problem(_record(1, "PUT", "/p", body=namespaced, headers=xml), "xml") or "")


def test_optional_values_written_null_or_empty_are_read_as_absent_but_an_id_is_not() -> None:
    body = {"beginDate": None, "endDate": None, "sections": [], "id": None, "studentReference": {"a": 1}}
    kept, absent = without_absent_values(body)
    assert kept == {"beginDate": None, "id": None, "studentReference": {"a": 1}} and absent == ["endDate", "sections"]
