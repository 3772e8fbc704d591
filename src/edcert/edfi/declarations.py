"""What an Ed-Fi API's OpenAPI metadata declares of studentCohortAssociations, read without trusting it.

The discovery document's ``urls.openApiMetadata`` answers a list of specifications (``name``,
``endpointUri``), of which "Resources" declares the resources (ODS/API, Data Management Service), or one
OpenAPI document itself. From it edcert reads the association's required properties (its own and those of
its references), the maxLength of its reference strings, and the operations declared on the collection
and on an item. OpenAPI 3 (``components/schemas``, ``requestBody``) and Swagger 2 (``definitions``, a body
parameter) are both read; ``$ref`` is followed within the document only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RESOURCE = "studentCohortAssociations"
SCHEMA_NAME = "edFi_studentCohortAssociation"
METHODS = ("get", "post", "put", "delete", "patch")
#: The properties whose "required" edcert holds against behaviour, each left out of an otherwise valid POST.
PROBED_REQUIRED = ("beginDate", "endDate", "cohortReference", "cohortReference.cohortIdentifier",
                   "cohortReference.educationOrganizationId", "studentReference", "studentReference.studentUniqueId")
#: The strings whose declared maxLength edcert holds against behaviour.
PROBED_LENGTHS = ("cohortReference.cohortIdentifier", "studentReference.studentUniqueId")
_MAX_REF_DEPTH = 16


class NotDeclared(ValueError):
    """The document declares no studentCohortAssociations edcert can read; the message says why."""


@dataclass(frozen=True)
class Declaration:
    source: str  # the URL of the specification read
    required: frozenset[str]  # dotted paths ("beginDate", "cohortReference.cohortIdentifier")
    max_lengths: dict[str, int] = field(default_factory=dict)  # dotted path -> declared maxLength
    operations: dict[str, frozenset[str]] = field(default_factory=dict)  # "collection"/"item" -> upper-case methods
    formats: dict[str, str] = field(default_factory=dict)  # dotted path -> integer format (int32, int64)

    def declared_required(self, path: str) -> bool:
        return path in self.required


def specification_link(answer: object) -> str | None:
    """The endpointUri of the Resources specification in an openApiMetadata answer (a list of links)."""
    if not isinstance(answer, list):
        return None
    links = [item for item in answer if isinstance(item, dict) and isinstance(item.get("endpointUri"), str)]
    for link in links:
        if str(link.get("name", "")).strip().lower() == "resources":
            return link["endpointUri"]
    return None


def is_specification(document: object) -> bool:
    return isinstance(document, dict) and isinstance(document.get("paths"), dict) \
        and ("openapi" in document or "swagger" in document)


def read(document: dict, source: str) -> Declaration:
    """The declaration of studentCohortAssociations in an OpenAPI (or Swagger) document; NotDeclared without one."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        raise NotDeclared("the document has no paths")
    collection, item = _paths(paths)
    if collection is None and item is None:
        raise NotDeclared(f"the document declares no path ending /ed-fi/{RESOURCE}")
    operations = {"collection": _methods(collection), "item": _methods(item)}
    schema = _body_schema(document, collection)
    if schema is None:
        raise NotDeclared(f"the document declares no {SCHEMA_NAME} schema (nor a POST body of the collection)")
    required: set[str] = set()
    lengths: dict[str, int] = {}
    formats: dict[str, str] = {}
    _walk(document, schema, "", required, lengths, formats, depth=0)
    return Declaration(source, frozenset(required), lengths, operations, formats)


def _paths(paths: dict) -> tuple[dict | None, dict | None]:
    collection = item = None
    for key, value in paths.items():
        if not isinstance(key, str) or not isinstance(value, dict):
            continue
        parts = [p for p in key.split("/") if p]
        if len(parts) >= 2 and parts[-2].lower() == "ed-fi" and parts[-1].lower() == RESOURCE.lower():
            collection = value
        elif (len(parts) >= 3 and parts[-3].lower() == "ed-fi" and parts[-2].lower() == RESOURCE.lower()
              and parts[-1].startswith("{")):
            item = value
    return collection, item


def _methods(path_item: dict | None) -> frozenset[str]:
    if path_item is None:
        return frozenset()
    return frozenset(m.upper() for m in METHODS if isinstance(path_item.get(m), dict))


def _resolve(document: dict, schema: Any, depth: int = 0) -> Any:
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and depth < _MAX_REF_DEPTH:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return None  # another document: not followed
        node: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node.get(part) if isinstance(node, dict) else None
        schema, depth = node, depth + 1
    return schema if isinstance(schema, dict) else None


def _body_schema(document: dict, collection: dict | None) -> dict | None:
    post = collection.get("post") if isinstance(collection, dict) else None
    if isinstance(post, dict):
        content = (post.get("requestBody") or {}).get("content") if isinstance(post.get("requestBody"), dict) else None
        if isinstance(content, dict):
            for media, entry in content.items():
                if "json" in str(media) and isinstance(entry, dict):
                    found = _resolve(document, entry.get("schema"))
                    if found is not None:
                        return found
        for parameter in post.get("parameters") or []:
            if isinstance(parameter, dict) and parameter.get("in") == "body":
                found = _resolve(document, parameter.get("schema"))
                if found is not None:
                    return found
    for container in ((document.get("components") or {}).get("schemas") if isinstance(document.get("components"),
                                                                                   dict) else None,
                      document.get("definitions")):
        if isinstance(container, dict):
            found = _resolve(document, container.get(SCHEMA_NAME))
            if found is not None:
                return found
    return None


def _walk(document: dict, schema: dict, prefix: str, required: set[str], lengths: dict[str, int],
          formats: dict[str, str], depth: int) -> None:
    if depth > 1:  # the association and its references: deeper levels are not probed
        return
    names = schema.get("required")
    if isinstance(names, list):
        required.update(f"{prefix}{name}" for name in names if isinstance(name, str))
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, prop in properties.items():
        resolved = _resolve(document, prop)
        if not isinstance(name, str) or resolved is None:
            continue
        path = f"{prefix}{name}"
        if isinstance(resolved.get("maxLength"), int) and not isinstance(resolved.get("maxLength"), bool):
            lengths[path] = resolved["maxLength"]
        if resolved.get("type") == "integer" and isinstance(resolved.get("format"), str):
            formats[path] = resolved["format"]
        if resolved.get("type") == "object" or isinstance(resolved.get("properties"), dict):
            _walk(document, resolved, f"{path}.", required, lengths, formats, depth + 1)
