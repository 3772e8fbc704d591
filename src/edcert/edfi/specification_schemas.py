"""JSON Schemas derived from the Resources API specifications Ed-Fi publishes, one folder per Data Standard.

``schemas/edfi/specifications/resources-ds-X.json`` holds the components of Ed-Fi's specification that edcert
uses, vendored with their source (repository, path, commit) and version. From them this module derives JSON
Schemas (Draft 2020-12) into ``schemas/edfi/ds-X/``: ``$ref`` made local (a schema not vendored is read as an
open object), int32 and int64 made bounds, the ``x-`` annotations (``x-Ed-Fi-isIdentity``, ``x-nullable``)
dropped, and an optional property allowed to be null (Ed-Fi APIs read null as absent). The harness's tests
hold the committed files to what this derivation gives (``python -m edcert.edfi.specification_schemas --write`` writes them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..record.suite import suite_path

#: The resources derived, by file name: the component each comes from.
RESOURCES = {"studentCohortAssociation": "edFi_studentCohortAssociation", "cohort": "edFi_cohort",
             "student": "edFi_student"}
_INTEGERS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_PREFIX = "#/components/schemas/"


def vendored_versions() -> dict[str, Path]:
    """The vendored specifications by Data Standard ("3.3": .../resources-ds-3.3.json)."""
    folder = suite_path("schemas", "edfi", "specifications")
    return {path.stem.removeprefix("resources-ds-"): path for path in sorted(folder.glob("resources-ds-*.json"))}


def schema_name(version: str, resource: str = "studentCohortAssociation") -> str:
    """The name (under schemas/) of a derived schema."""
    return f"edfi/ds-{version}/{resource}.schema.json"


def for_standard(major: int | None, resource: str = "studentCohortAssociation") -> str | None:
    """The derived schema of a Data Standard's major version, when one of its versions is vendored."""
    if major is None:
        return None
    for version in vendored_versions():
        if version.split(".")[0] == str(major):
            return schema_name(version, resource)
    return None


def derive(vendored: dict[str, Any], resource: str) -> dict[str, Any]:
    """The JSON Schema of one resource, from the vendored specification."""
    components = vendored["components"]["schemas"]
    source = vendored["source"]
    defs: dict[str, Any] = {}
    root = _convert(components[RESOURCES[resource]], components, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://edcert.invalid/schemas/{schema_name(source['data_standard'], resource)}",
        "title": f"{resource} of Ed-Fi Data Standard {source['data_standard']}",
        "description": f"Derived from {source['repository']} {source['path']} at {source['commit']} "
                       f"({source['title']}) by edcert.edfi.specification_schemas; do not edit.",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _convert(schema: Any, components: dict[str, Any], defs: dict[str, Any]) -> Any:
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(_PREFIX)
        if name not in components:
            return {"type": "object"}  # not vendored: an open object
        if name not in defs:
            defs[name] = {}  # placed first, so a schema that refers to itself ends
            defs[name] = _convert(components[name], components, defs)
        return {"$ref": f"#/$defs/{name}"}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or key == "description":  # x-Ed-Fi-isIdentity, x-nullable: annotations
            continue
        if key == "format" and value in _INTEGERS:
            out["minimum"], out["maximum"] = _INTEGERS[value]
            continue
        if key == "properties":
            required = set(schema.get("required", []))
            out[key] = {name: _nullable(_convert(prop, components, defs), name in required)
                        for name, prop in value.items()}
            continue
        out[key] = _convert(value, components, defs) if isinstance(value, dict) else value
    return out


def _nullable(schema: Any, required: bool) -> Any:
    """An optional value of a simple type may be written null (Ed-Fi APIs read it as absent)."""
    if required or not isinstance(schema, dict) or schema.get("type") in (None, "object", "array"):
        return schema
    return {**schema, "type": [schema["type"], "null"]}


def derived_files() -> dict[Path, str]:
    """Every derived schema file and its text."""
    files = {}
    for version, path in vendored_versions().items():
        vendored = json.loads(path.read_text(encoding="utf-8"))
        for resource, component in RESOURCES.items():
            if component not in vendored["components"]["schemas"]:
                continue
            text = json.dumps(derive(vendored, resource), indent=2) + "\n"
            files[suite_path("schemas", *schema_name(version, resource).split("/"))] = text
    return files


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        for path, text in derived_files().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return 0
    stale = [str(path) for path, text in derived_files().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        print(f"stale: {path} (run python -m edcert.edfi.specification_schemas --write)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
