"""Give each scenario's JUnit test case its identifier and title (SCA-S1 Create a ...)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree  # our own file, written by pytest a moment ago
from pathlib import Path


def _python_name(title: str) -> str:
    """The test function name pytest-bdd derives from a scenario title."""
    return "test_" + re.sub(r"\W+", "_", re.sub(r"[^\w\s]", "", title).strip().lower())


def name_scenarios(path: Path, titles: dict[str, str]) -> None:
    by_python_name = {_python_name(title): title for title in titles.values()}
    tree = ElementTree.parse(path)
    changed = False
    for case in tree.iter("testcase"):
        title = by_python_name.get(case.get("name", ""))
        if title:
            case.set("name", title)
            changed = True
    if changed:
        tree.write(path, encoding="utf-8", xml_declaration=True)
