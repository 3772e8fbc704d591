"""Request bodies and response envelopes of LinkIt!, in JSON and XML.

XML from the target is untrusted: it is parsed with defusedxml (entities and DTDs refused)
and turned into the JSON shape, so one JSON Schema validates both formats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from ..errors import HarnessError
from ..http import safe_json
from ..record.schemas import schema_errors

_XML_NAMESPACES = ('xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
CONTENT_TYPES = {"json": "application/json", "xml": "application/xml"}


def request_body(student_id: str, fmt: str) -> bytes:
    """The document's request body in the chosen format, validated before it is sent."""
    if fmt == "json":
        body = json.dumps({"StudentID": student_id}).encode()
        as_json = json.loads(body)
    else:
        body = f"<ProgramElement {_XML_NAMESPACES}><StudentID>{student_id}</StudentID></ProgramElement>".encode()
        root = SafeElementTree.fromstring(body)
        if root.tag != "ProgramElement":
            raise HarnessError(f"edcert built an XML request with root <{root.tag}>, not <ProgramElement>")
        as_json = {child.tag: child.text for child in root}
    errors = schema_errors("linkit/request.schema.json", as_json)
    if errors:
        raise HarnessError(f"edcert built a {fmt.upper()} request that breaks schemas/linkit/request.schema.json: "
                           f"{'; '.join(errors)}; check student_id in the profile")
    return body


@dataclass
class EnvelopeProblem(Exception):
    """The answer is not an envelope at all; says which requirement and what was wrong."""

    requirement: str
    expected: str
    received: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: Element) -> str | None:
    if element.get(_XSI_NIL) == "true":
        return None
    return (element.text or "").strip()


def _children(element: Element, allowed: tuple[str, ...], where: str) -> dict[str, Element]:
    found: dict[str, Element] = {}
    for child in element:
        name = _local(child.tag)
        if name not in allowed:
            raise EnvelopeProblem("LINKIT-XML-SHAPE", f"only {', '.join(f'<{a}>' for a in allowed)} inside {where}",
                                  f"an unexpected element <{name}> inside {where}")
        if name in found:
            raise EnvelopeProblem("LINKIT-XML-SHAPE", f"one <{name}> inside {where}", f"<{name}> twice")
        found[name] = child
    return found


def _program(element: Element) -> dict[str, Any]:
    parts = _children(element, ("ProgramID", "Name"), "<Program>")
    program: dict[str, Any] = {}
    if "ProgramID" in parts:
        text = _text(parts["ProgramID"])
        program["ProgramID"] = int(text) if text and text.lstrip("-").isdigit() else text
    if "Name" in parts:
        program["Name"] = _text(parts["Name"])
    return program


def xml_to_envelope(body: bytes) -> dict[str, Any]:
    """Parse an XML answer safely and give it the JSON envelope's shape."""
    try:
        root = SafeElementTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise EnvelopeProblem("LINKIT-PARSES", "XML without DTDs or entity declarations",
                              f"XML that edcert refuses to expand ({exc.__class__.__name__}); entity expansion "
                              "and external entities are unsafe") from None
    except SafeElementTree.ParseError as exc:
        raise EnvelopeProblem("LINKIT-PARSES", "well-formed XML", f"XML that does not parse ({exc})") from None
    if _local(root.tag) != "Response":
        raise EnvelopeProblem("LINKIT-XML-SHAPE", "root element <Response>", f"root element <{_local(root.tag)}>")
    parts = _children(root, ("Result", "Data", "Error"), "<Response>")
    envelope: dict[str, Any] = {"Result": _text(parts["Result"]) if "Result" in parts else None}
    envelope["Error"] = _text(parts["Error"]) if "Error" in parts else None
    if "Data" in parts:
        data_parts = _children(parts["Data"], ("StudentID", "Programs"), "<Data>")
        data: dict[str, Any] = {}
        if "StudentID" in data_parts:
            data["StudentID"] = _text(data_parts["StudentID"])
        if "Programs" in data_parts:
            programs = []
            for child in data_parts["Programs"]:
                if _local(child.tag) != "Program":
                    raise EnvelopeProblem("LINKIT-XML-SHAPE", "<Program> elements inside <Programs>",
                                          f"an element <{_local(child.tag)}> inside <Programs>")
                programs.append(_program(child))
            data["Programs"] = programs
        envelope["Data"] = data
    else:
        envelope["Data"] = None
    if "Result" not in parts:
        del envelope["Result"]
    return envelope


def json_to_envelope(body: bytes) -> Any:
    try:
        return safe_json.loads(body)
    except safe_json.JsonTooDeep as exc:
        raise EnvelopeProblem("LINKIT-PARSES", f"a JSON body nested at most {safe_json.MAX_DEPTH} levels deep",
                              str(exc)) from None
    except ValueError:
        raise EnvelopeProblem("LINKIT-PARSES", "a JSON body", "a body that does not parse as JSON") from None


def parse_envelope(body: bytes, fmt: str) -> Any:
    return xml_to_envelope(body) if fmt == "xml" else json_to_envelope(body)
