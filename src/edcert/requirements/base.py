"""What a requirement is: an identifier, what it asks in one line, and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass

EDFI_SHEET = "Ed-Fi scenario sheet \"v3 StudentCohort > StudentCohortAssociation\""
LINKIT_DOC = "LinkIt! \"Add/Remove Student from Program\""


@dataclass(frozen=True)
class Requirement:
    id: str
    text: str  # what it requires, in one line
    source: str  # the document and section (or RFC section, or published API behaviour)
    quote: str  # the sentence or table row it comes from, so the report needs no other file

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "source": self.source, "quote": self.quote}
