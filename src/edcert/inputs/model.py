"""Elements, operators and cells: one negative request is one element of a request with one operator
applied, and the answer it must get."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The operators, each with what it does to an element. Not every operator fits every element: a
#: table lists the cells that make sense and names the exceptions with a reason.
OPERATORS: dict[str, str] = {
    "missing": "the element is left out",
    "empty": "the element is present with an empty value",
    "wrong type": "a value of another JSON type (number for text, text for number, object, array, null)",
    "malformed": "a value of the right type that does not parse (an impossible date, bad encoding)",
    "unknown": "a well-formed value the target never issued or does not hold",
    "another valid value": "a value that is valid elsewhere: another client's, another record's",
    "other case": "the same value in another letter case",
    "duplicated": "the element given twice, with two values",
    "moved": "the right value in the wrong place (header to query, secret to bearer token)",
    "too long": "a value longer than every version of the standard allows",
    "out of range": "a number outside the range every version allows",
    "changed after signing": "a signed element (or the tag itself) altered after the tag was computed",
    "appended after the tag": "a parameter added after the tag, outside the signature",
    "alone": "the element sent without the others of its group (one query filter by itself)",
}


@dataclass(frozen=True)
class Cell:
    """One element with one operator, and what the target must answer."""

    element: str  # the element, in the words of the feature table ("client_secret in the form body")
    operator: str  # a key of OPERATORS
    expected: str  # the answer, in words ("401 Unauthorized, or 400 with invalid_client")
    #: Why the cell is not a refusal, when it is not: an exception the documents justify. Empty for
    #: an ordinary cell.
    exception: str = ""
    #: What is sent, in words, for tables that show it (a fourth column, "sent").
    sent: str = ""
    #: The values sent, one request each, where the cell names concrete values (JSON values).
    values: tuple = ()

    def __post_init__(self) -> None:
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}; known: {', '.join(OPERATORS)}")

    def row(self, with_sent: bool = False) -> list[str]:
        if with_sent:
            return [self.element, self.operator, self.sent, self.expected]
        return [self.element, self.operator, self.expected]


@dataclass(frozen=True)
class Table:
    """The cells of one request under one requirement: one scenario's data table."""

    name: str  # the table's identifier, as written after "# request model:" in a feature file
    request: str  # the request, in one line
    requirement: str  # the requirement its refusals prove
    scenario: str  # the scenario that runs it
    cells: tuple[Cell, ...] = field(default_factory=tuple)
    header: tuple[str, ...] = ("element", "operator", "expected answer")

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for cell in self.cells:
            key = (cell.element, cell.operator)
            if key in seen:
                raise ValueError(f"table {self.name}: the cell {key} is listed twice")
            seen.add(key)

    def rows(self) -> list[list[str]]:
        """The data table, header first; exceptions are not run, so they are not in it."""
        run = [cell for cell in self.cells if not cell.exception]
        if len(self.header) == 4:  # element, operator, sent, expected answer
            return [list(self.header)] + [cell.row(with_sent=True) for cell in run]
        if any(cell.sent for cell in run):  # what is sent, in a last column
            return [[*self.header, "sent"]] + [cell.row() + [cell.sent] for cell in run]
        return [list(self.header)] + [cell.row() for cell in run]

    def exceptions(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.exception]

    def cell(self, element: str, operator: str) -> Cell:
        for cell in self.cells:
            if cell.element == element and cell.operator == operator:
                return cell
        raise KeyError(f"table {self.name} has no cell ({element!r}, {operator!r})")


def rows_of(datatable: list[list[str]]) -> list[tuple[str, str]]:
    """(element, operator) of each row of a feature's data table, header skipped."""
    return [(row[0].strip(), row[1].strip()) for row in datatable[1:]]
