"""Write the model where people read it: each feature's data tables (after a ``# request model: NAME``
comment) and the README's section between ``<!-- request-model:begin -->`` and ``<!-- request-model:end -->``
(the client side's tables, when the README has one, between ``<!-- request-model:begin client -->`` and
``<!-- request-model:end client -->``)."""

from __future__ import annotations

import re
from pathlib import Path

from .model import Table

MARKER = re.compile(r"^(\s*)# request model: (\S+)\s*$")
README_BEGIN = "<!-- request-model:begin -->"
README_END = "<!-- request-model:end -->"


def gherkin_table(rows: list[list[str]], indent: str) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]


def rendered_feature(text: str, tables: dict[str, Table]) -> str:
    """The feature text with each marked data table replaced by the model's."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        match = MARKER.match(line)
        if not match:
            continue
        name = match.group(2)
        if name not in tables:
            raise KeyError(f"feature marks a table {name!r} that the request model does not hold")
        indent = match.group(1)
        while i < len(lines) and lines[i].strip().startswith("|"):
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            i += 1
        out.extend(gherkin_table(tables[name].rows(), indent))
    return "\n".join(out)


def markdown_table(rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        # "<" escaped: "Bearer <token>" would otherwise read as an HTML tag and vanish from the rendered page.
        return "| " + " | ".join(cell.replace("|", "\\|").replace("<", "&lt;") for cell in cells) + " |"
    return [line(rows[0]), line(["---"] * len(rows[0]))] + [line(row) for row in rows[1:]]


def readme_section(tables: dict[str, Table]) -> str:
    parts: list[str] = []
    for table in tables.values():
        parts.append(f"**{table.name}** ({table.scenario}, {table.requirement}): {table.request}")
        parts.append("")
        rows = table.rows()
        if len(rows) > 1:  # a table of exceptions only has nothing to send
            parts.extend(markdown_table(rows))
            parts.append("")
        exceptions = table.exceptions()
        if exceptions:
            parts.append("Not sent, and why:")
            parts.append("")
            parts.extend(f"- {cell.element}, {cell.operator}: {cell.exception}" for cell in exceptions)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


#: The client side's tables (named client-...) go to a section of their own, under "Certify your client".
CLIENT_BEGIN = "<!-- request-model:begin client -->"
CLIENT_END = "<!-- request-model:end client -->"


def _replaced(text: str, begin: str, end: str, tables: dict[str, Table], exceptions: str = "") -> str:
    if begin not in text or end not in text:
        raise KeyError(f"README has no {begin} ... {end} section")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    section = readme_section(tables)
    if exceptions:
        section = section.replace("\nNot sent, and why:\n", f"\n{exceptions}\n")
    return head + begin + "\n\n" + section + "\n" + end + tail


def rendered_readme(text: str, tables: dict[str, Table]) -> str:
    client = {name: t for name, t in tables.items() if name.startswith("client-")}
    if CLIENT_BEGIN in text:
        # A client's exceptions are requests it may send, and listen certifies them.
        text = _replaced(text, CLIENT_BEGIN, CLIENT_END, client, "Certified, and why:")
        tables = {name: t for name, t in tables.items() if name not in client}
    if README_BEGIN in text or CLIENT_BEGIN not in text:
        text = _replaced(text, README_BEGIN, README_END, tables)
    return text


def stale_files(root: Path, tables: dict[str, Table], write: bool) -> list[Path]:
    """Files whose tables differ from the model's; rewritten when ``write``."""
    stale: list[Path] = []
    targets = sorted((root / "features").rglob("*.feature")) + [root / "README.md"]
    for path in targets:
        text = path.read_text(encoding="utf-8")
        if path.name == "README.md":
            if README_BEGIN not in text and CLIENT_BEGIN not in text:
                continue
            new = rendered_readme(text, tables)
        else:
            new = rendered_feature(text, tables)
        if new != text:
            stale.append(path)
            if write:
                path.write_text(new, encoding="utf-8")
    return stale
