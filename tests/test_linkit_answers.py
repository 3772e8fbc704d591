"""The rules every LinkIt! answer keeps (edcert.linkit.answers): what fails, what warns, what passes."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import pytest

from edcert.errors import CheckFailed
from edcert.http.transport import Exchange
from edcert.linkit import answers
from edcert.record import checks
from edcert.record.results import ScenarioResult, current

EXPECTED_JSON = answers.Expected("json", "151557", {1552: "LEP", 19740: "Free and Reduced"})
EXPECTED_XML = answers.Expected("xml", "151557", {1552: "LEP", 19740: "Free and Reduced"})
NS = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
DOCUMENT_XML = (f"<Response {NS}><Result>SUCCESS</Result><Data><StudentID>151557</StudentID><Programs><Program>"
                "<ProgramID>1552</ProgramID><Name>LEP</Name></Program><Program><ProgramID>19740</ProgramID>"
                "<Name>Free and Reduced</Name></Program></Programs></Data></Response>")


def _json(body: object, status: int = 200, content_type: str = "application/json") -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange("PUT", "http://api.example/programs/19740?verb=assign", {}, b"", status, "OK",
                    {"Content-Type": content_type}, raw)


def _xml(body: str, status: int = 200) -> Exchange:
    return Exchange("PUT", "http://api.example/programs/19740?verb=assign", {}, b"", status, "OK",
                    {"Content-Type": "application/xml"}, body.encode())


def _success(programs: list | None = None, **changes: object) -> dict:
    data = {"StudentID": "151557", "Programs": programs if programs is not None else
            [{"ProgramID": 1552, "Name": "LEP"}, {"ProgramID": 19740, "Name": "Free and Reduced"}]}
    return {"Result": "SUCCESS", "Data": data, "Error": None, **changes}


@pytest.fixture
def scenario(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScenarioResult]:
    """A scenario to record the checks into; outside a Gherkin scenario there is no Allure step to nest in."""
    monkeypatch.setattr(checks.allure, "step", lambda title: contextlib.nullcontext())
    result = ScenarioResult("LINKIT-TEST", "linkit", "a test")
    current.scenario, current.step = result, "Then the answer is read"
    yield result
    current.scenario, current.step = None, None


def _statuses(scenario: ScenarioResult, status: str) -> list[str]:
    return [c.requirement for c in scenario.checks if c.status == status]


def _fails(exchange: Exchange, expected: answers.Expected, **read: object) -> str:
    with pytest.raises(CheckFailed) as failure:
        answers.read(exchange, expected, **read)  # type: ignore[arg-type]
    return str(failure.value)


def test_the_documents_examples_pass_without_warnings(scenario: ScenarioResult) -> None:
    assert answers.success(_json(_success()), EXPECTED_JSON) == {1552: "LEP", 19740: "Free and Reduced"}
    assert answers.success(_xml(DOCUMENT_XML), EXPECTED_XML) == {1552: "LEP", 19740: "Free and Reduced"}
    assert not _statuses(scenario, "warning") and not _statuses(scenario, "failed")
    assert {"LINKIT-CONTENT-TYPE", "LINKIT-PARSES", "LINKIT-ENVELOPE", "LINKIT-HTTP-200", "LINKIT-STUDENT-ID",
            "LINKIT-PROGRAMS-ONCE", "LINKIT-PROGRAM-NAMES", "LINKIT-SUCCESS"} <= set(_statuses(scenario, "passed"))


def test_programs_in_any_order_pass(scenario: ScenarioResult) -> None:
    reordered = _success([{"ProgramID": 19740, "Name": "Free and Reduced"}, {"ProgramID": 1552, "Name": "LEP"}])
    assert answers.success(_json(reordered), EXPECTED_JSON) == {1552: "LEP", 19740: "Free and Reduced"}


@pytest.mark.parametrize("exchange", [
    _json(_success(Error="Null")),
    _json(_success(Error="null")),
    _xml(DOCUMENT_XML.replace("</Data>", "</Data><Error>Null</Error>")),
])
def test_null_as_a_string_on_success_is_a_warning_under_linkit_envelope(scenario: ScenarioResult,
                                                                         exchange: Exchange) -> None:
    expected = EXPECTED_XML if exchange.content_type.endswith("xml") else EXPECTED_JSON
    answers.success(exchange, expected)
    answers.success(exchange, expected)
    assert _statuses(scenario, "warning") == ["LINKIT-ENVELOPE"]  # given once per scenario
    assert not _statuses(scenario, "failed")


@pytest.mark.parametrize("error", ["<Error/>", "<Error></Error>", '<Error xsi:nil="true"/>', ""])
def test_xml_success_with_an_absent_or_empty_error_passes_without_warning(scenario: ScenarioResult,
                                                                          error: str) -> None:
    answers.success(_xml(DOCUMENT_XML.replace("</Data>", f"</Data>{error}")), EXPECTED_XML)
    assert not _statuses(scenario, "warning")


def test_xml_error_with_an_empty_data_element_passes(scenario: ScenarioResult) -> None:
    answer = answers.refusal(_xml(f"<Response {NS}><Result>ERROR</Result><Data/><Error>Invalid tag</Error>"
                                  "</Response>", 403), EXPECTED_XML, "LINKIT-REFUSE-WRONG-TAG", "a wrong tag")
    assert answer.result == "ERROR" and answer.error == "Invalid tag"


def test_a_student_id_as_integer_is_a_warning(scenario: ScenarioResult) -> None:
    body = _success()
    body["Data"]["StudentID"] = 151557
    answers.success(_json(body), EXPECTED_JSON)
    assert _statuses(scenario, "warning") == ["LINKIT-STUDENT-ID"] and not _statuses(scenario, "failed")


def test_an_error_answered_with_http_200_passes(scenario: ScenarioResult) -> None:
    answers.refusal(_json({"Result": "ERROR", "Data": None, "Error": "Invalid tag"}, 200), EXPECTED_JSON,
                    "LINKIT-REFUSE-WRONG-TAG", "a wrong tag")


@pytest.mark.parametrize(("exchange", "expected", "requirement", "fragment"), [
    (_json(_success(Error="")), EXPECTED_JSON, "LINKIT-ENVELOPE", "$.Error"),
    (_json(_success(Result="Success")), EXPECTED_JSON, "LINKIT-ENVELOPE", "$.Result"),
    (_json(_success([{"ProgramID": "1552", "Name": "LEP"}])), EXPECTED_JSON, "LINKIT-ENVELOPE", "ProgramID"),
    (_json(_success(), 201), EXPECTED_JSON, "LINKIT-HTTP-200", "201"),
    (_json(_success(), content_type="text/html"), EXPECTED_JSON, "LINKIT-CONTENT-TYPE", "text/html"),
    (_json(b'{"Result": "SUCC'), EXPECTED_JSON, "LINKIT-PARSES", "JSON"),
    (_json(_success([{"ProgramID": 1552, "Name": "LEP"}, {"ProgramID": 1552, "Name": "LEP"}])), EXPECTED_JSON,
     "LINKIT-PROGRAMS-ONCE", "program 1552 listed 2 times"),
    (_json(_success([{"ProgramID": 1552, "Name": ""}])), EXPECTED_JSON, "LINKIT-PROGRAM-NAMES",
     "program 1552 named '', not 'LEP'"),
    (_json({**_success(), "Data": {"StudentID": "7151557", "Programs": []}}), EXPECTED_JSON, "LINKIT-STUDENT-ID",
     "7151557"),
    (_json({"Result": "ERROR", "Data": {"StudentID": "151557", "Programs": []}, "Error": "Invalid tag"}, 403),
     EXPECTED_JSON, "LINKIT-ENVELOPE", "$.Data"),
    (_json({"Result": "ERROR", "Data": None, "Error": "x" * 101}, 403), EXPECTED_JSON, "LINKIT-ENVELOPE", "$.Error"),
    (_json({"Result": "ERROR", "Data": None, "Error": ""}, 403), EXPECTED_JSON, "LINKIT-ENVELOPE", "$.Error"),
    (_xml(f"<Response {NS}><Result>ERROR</Result><Data/></Response>", 403), EXPECTED_XML, "LINKIT-ENVELOPE",
     "$.Error"),
    (_xml(DOCUMENT_XML.replace("<Program>", "<ProgramElement>").replace("</Program>", "</ProgramElement>")),
     EXPECTED_XML, "LINKIT-XML-SHAPE", "<ProgramElement>"),
])
def test_every_answer_breaking_a_rule_fails_the_rule_it_breaks(scenario: ScenarioResult, exchange: Exchange,
                                                               expected: answers.Expected, requirement: str,
                                                               fragment: str) -> None:
    message = _fails(exchange, expected)
    assert f"{requirement} (" in message and fragment in message
    assert _statuses(scenario, "failed") == [requirement]


def test_a_refusal_answered_success_fails_the_refusal_first_and_lists_the_programs(scenario: ScenarioResult) -> None:
    message = _fails(_json(_success(Error="")), EXPECTED_JSON, expect="ERROR",
                     requirement="LINKIT-REFUSE-TAMPERED-URL", call="the call with the verb changed")
    assert "LINKIT-REFUSE-TAMPERED-URL (" in message and "Result ERROR for the call with the verb changed" in message
    assert "listing 1552 'LEP', 19740 'Free and Reduced'" in message


def test_a_valid_call_answered_error_fails_linkit_success_with_the_error(scenario: ScenarioResult) -> None:
    message = _fails(_json({"Result": "ERROR", "Data": None, "Error": "Timestamp expired"}, 403), EXPECTED_JSON,
                     expect="SUCCESS", requirement="LINKIT-SUCCESS", call="a valid assign")
    assert "LINKIT-SUCCESS (" in message and "'Timestamp expired'" in message


def test_programs_the_suite_does_not_know_may_have_any_name(scenario: ScenarioResult) -> None:
    other = _success([{"ProgramID": 1552, "Name": "LEP"}, {"ProgramID": 4242, "Name": "Anything"}])
    assert answers.success(_json(other), EXPECTED_JSON)[4242] == "Anything"
