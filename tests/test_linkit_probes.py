"""The LinkIt! request model and the requests built from it (edcert.linkit.probes): every cell that is sent
has a builder and every builder a cell; each request is signed as sent and wrong only where its row says."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from edcert.http.transport import HttpClient
from edcert.inputs import linkit as model
from edcert.linkit import probes
from edcert.linkit.client import LinkitClient
from edcert.linkit.signing import hmac_sha1_hex
from edcert.masking import Secret
from edcert.profile import LinkitProfile
from edcert.reference.linkit_api import split_query
from steps.linkit_tampering_steps import CHANGED_AFTER_SIGNING, CHANGED_TO_REMOVE

SECRET = "edcert-test-secret"
TARGET = probes.Target("151557", 19740, "json")
_PROBED = (model.MISSING, model.VERB, model.TIMESTAMP, model.STUDENT, model.PROGRAM_ID, model.METHOD)


def _client() -> LinkitClient:
    return LinkitClient(LinkitProfile("https://vendor.example/api/linkit", "123456789-987654321", Secret(SECRET)),
                        HttpClient(5))


def _sent_cells(table: model.Table) -> set[tuple[str, str]]:
    return {(cell.element, cell.operator) for cell in table.cells if not cell.exception}


def _probes(table: model.Table, element: str, operator: str) -> list[probes.Probe]:
    return probes.probes_of(table.name, element, operator, _client(), TARGET)


def _query(probe: probes.Probe) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(probe.request.url).query, keep_blank_values=True)


def test_every_cell_sent_has_a_builder_and_every_builder_a_cell():
    cells = {(table.name, *key) for table in _PROBED for key in _sent_cells(table)}
    assert cells == set(probes.BUILDS)
    assert _sent_cells(model.TAMPERED) == set(CHANGED_AFTER_SIGNING)
    assert _sent_cells(model.TAMPERED_REMOVING) == set(CHANGED_TO_REMOVE)


def test_every_row_expects_an_answer_the_steps_judge_and_every_exception_says_why():
    for table in model.TABLES:
        for cell in table.cells:
            assert cell.exception or cell.expected in model.EXPECTED_ANSWERS, (table.name, cell)
            assert not cell.exception or len(cell.exception) > 30, (table.name, cell)


def _signed_correctly(probe: probes.Probe) -> bool:
    split = urlsplit(probe.request.url)
    signed, tag, after = split_query(split.query)
    return tag is not None and after == "" and hmac_sha1_hex(f"{split.path}?{signed}", SECRET) == tag


@pytest.mark.parametrize("key", sorted(k for k in probes.BUILDS if k[:2] != (model.MISSING.name, "tag")),
                         ids=lambda key: " | ".join(key))
def test_each_probe_is_signed_as_sent(key: tuple[str, str, str]):
    table = next(t for t in _PROBED if t.name == key[0])
    built = _probes(table, key[1], key[2])
    assert built
    for probe in built:
        assert _signed_correctly(probe), probe.call


def test_verb_rows_are_sent_both_ways_and_change_only_the_verb():
    for operator in ("missing", "empty", "unknown", "other case"):
        built = _probes(model.VERB, "verb", operator)
        assert {p.removing for p in built} == {False, True}
        for probe in built:
            names = [name for name, _ in _query(probe)]
            assert names[-3:] == ["timestamp", "accesskey", "tag"]
    assert [(p.removing, dict(_query(p)).get("verb")) for p in _probes(model.VERB, "verb", "other case")] == [
        (False, "ASSIGN"), (False, "Assign"), (True, "DEASSIGN"), (True, "Deassign")]
    duplicated = _probes(model.VERB, "verb", "duplicated")
    assert [[v for n, v in _query(p) if n == "verb"] for p in duplicated] == [["assign", "deassign"],
                                                                              ["deassign", "assign"]]
    moved = _probes(model.VERB, "verb", "moved")
    assert all("verb" not in dict(_query(p)) for p in moved)
    assert [json.loads(p.request.body)["verb"] for p in moved] == ["assign", "deassign"]


def test_student_rows_carry_the_student_in_one_place_only():
    header = _probes(model.STUDENT, "StudentID header", "malformed")
    assert [p.request.headers["StudentID"] for p in header] == ["151557x", "151557x", "1_51557", "1_51557"]
    assert all(p.request.body == b"" for p in header)
    fullwidth = json.loads(_probes(model.STUDENT, "StudentID of the JSON body", "malformed")[2].request.body)
    assert fullwidth["StudentID"] != "151557" and int(fullwidth["StudentID"]) == 151557  # what int() reads
    huge = _probes(model.STUDENT, "StudentID header", "too long")[0]
    assert int(huge.request.headers["StudentID"]) % 2 ** 64 == 151557
    body = _probes(model.STUDENT, "StudentID of the XML body", "malformed")
    assert all("StudentID" not in p.request.headers and p.request.fmt == "xml" for p in body)
    assert b"<StudentID>151557x</StudentID>" in body[0].request.body
    cut = _probes(model.STUDENT, "JSON body", "malformed")[0]
    with pytest.raises(ValueError):
        json.loads(cut.request.body)
    twice = _probes(model.STUDENT, "StudentID header and body", "duplicated")
    assert [(p.request.headers["StudentID"], json.loads(p.request.body)["StudentID"]) for p in twice] == [
        ("151557", "0"), ("0", "151557")]


def test_program_and_method_rows():
    paths = [urlsplit(p.request.url).path.rsplit("/", 1)[-1]
             for p in _probes(model.PROGRAM_ID, "program id", "malformed")]
    assert paths == ["19740x", "19740x", "1_9740", "1_9740", *["%EF%BC%91%EF%BC%99%EF%BC%97%EF%BC%94%EF%BC%90"] * 2]
    for method in ("GET", "HEAD", "POST", "DELETE", "PATCH"):
        built = _probes(model.METHOD, f"method {method}", "another valid value")
        assert [p.request.method for p in built] == [method, method]
        assert [dict(_query(p))["verb"] for p in built] == ["assign", "deassign"]


def test_missing_rows_leave_out_or_empty_exactly_one_parameter():
    for name in ("timestamp", "accesskey", "tag"):
        for probe in _probes(model.MISSING, name, "missing"):
            assert name not in dict(_query(probe))
            assert name == "tag" or _signed_correctly(probe)
        for probe in _probes(model.MISSING, name, "empty"):
            assert dict(_query(probe))[name] == ""
        assert {p.removing for p in _probes(model.MISSING, name, "missing")} == {False, True}
