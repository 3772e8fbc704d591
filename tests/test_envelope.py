"""LinkIt! envelopes: JSON and XML answers in one shape, hostile XML refused, request bodies checked."""

from __future__ import annotations

import pytest

from edcert.errors import HarnessError
from edcert.linkit.envelope import EnvelopeProblem, parse_envelope, request_body
from edcert.record.schemas import schema_errors

DOCUMENT_XML = (b'<Response xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
                b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Result>SUCCESS</Result><Data>'
                b'<StudentID>151557</StudentID><Programs><Program><ProgramID>1552</ProgramID><Name>LEP</Name>'
                b'</Program><Program><ProgramID>19740</ProgramID><Name>Free and Reduced</Name></Program></Programs>'
                b'</Data></Response>')
DOCUMENT_JSON = (b'{"Result":"SUCCESS", "Data":{"StudentID":"151557", "Programs":[{"ProgramID":1552, "Name":"LEP"}, '
                 b'{"ProgramID":19740, "Name":"Free and Reduced"}]}, "Error":null}')
SCHEMA = "linkit/response-envelope.schema.json"


def test_the_documents_examples_give_the_same_envelope_and_validate() -> None:
    from_xml, from_json = parse_envelope(DOCUMENT_XML, "xml"), parse_envelope(DOCUMENT_JSON, "json")
    assert from_xml == from_json
    assert schema_errors(SCHEMA, from_json) == []


@pytest.mark.parametrize(("envelope", "fragment"), [
    ({"Result": "Success", "Data": None, "Error": None}, "$.Result"),
    ({"Result": "SUCCESS", "Data": {"StudentID": "1", "Programs": []}, "Error": ""}, "$.Error"),
    ({"Result": "SUCCESS", "Data": {"StudentID": "1", "Programs": [{"ProgramID": "19740", "Name": "x"}]},
      "Error": None}, "ProgramID"),
    ({"Result": "ERROR", "Data": {"StudentID": "1", "Programs": []}, "Error": "no"}, "$.Data"),
    ({"Result": "ERROR", "Data": None, "Error": "x" * 101}, "$.Error"),
    ({"Result": "ERROR", "Data": None, "Error": ""}, "$.Error"),
])
def test_the_envelope_schema_refuses_what_the_document_rules_out(envelope: dict, fragment: str) -> None:
    errors = schema_errors(SCHEMA, envelope)
    assert errors and fragment in " ".join(errors)


def test_a_wrong_xml_element_is_reported_by_its_name() -> None:
    renamed = DOCUMENT_XML.replace(b"<Program>", b"<ProgramElement>").replace(b"</Program>", b"</ProgramElement>")
    with pytest.raises(EnvelopeProblem) as problem:
        parse_envelope(renamed, "xml")
    assert problem.value.requirement == "LINKIT-XML-SHAPE" and "<ProgramElement>" in problem.value.received
    with pytest.raises(EnvelopeProblem) as root:
        parse_envelope(b"<Answer><Result>SUCCESS</Result></Answer>", "xml")
    assert "<Answer>" in root.value.received


@pytest.mark.parametrize("hostile", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Response><Result>&c;</Result></Response>',
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Response><Result>&x;</Result></Response>',
])
def test_entity_expansion_and_external_entities_are_refused(hostile: bytes) -> None:
    with pytest.raises(EnvelopeProblem) as problem:
        parse_envelope(hostile, "xml")
    assert problem.value.requirement == "LINKIT-PARSES"
    assert "root:" not in problem.value.received


def test_broken_answers_are_problems_not_crashes() -> None:
    for body, fmt in ((b"<html><body>500</body></html", "xml"), (b'{"Result": "SUCC', "json"), (b"", "json")):
        with pytest.raises(EnvelopeProblem):
            parse_envelope(body, fmt)


def test_request_bodies_are_checked_before_sending() -> None:
    assert request_body("151557", "json") == b'{"StudentID": "151557"}'
    assert b"<StudentID>151557</StudentID>" in request_body("151557", "xml")
    with pytest.raises(HarnessError):
        request_body("15-57", "json")
