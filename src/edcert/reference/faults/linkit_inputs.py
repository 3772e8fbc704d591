"""Named faults of the reference target's LinkIt! API on the inputs of the call: each reads one element of
the request model (edcert.inputs.linkit) more loosely than the document allows, the way a real vendor
could, and is caught by the scenario of that element's table."""

from __future__ import annotations

from .base import Fault

LINKIT_INPUT_FAULTS: tuple[Fault, ...] = (
    Fault("unknown-verb-assigns", "linkit", "validation",
          "any verb but deassign adds the student (an else branch): a missing, empty, unknown or numeric verb "
          "is an assign",
          ("LINKIT-SEC12-JSON",),
          ("LINKIT-REFUSE-BAD-VERB",)),
    Fault("verb-matched-by-prefix", "linkit", "validation",
          "the verb is matched by how it starts: verb=assigned adds the student, verb=deassigned removes them",
          ("LINKIT-SEC12-JSON",),
          ("LINKIT-REFUSE-BAD-VERB",)),
    Fault("verb-case-insensitive", "linkit", "validation",
          "the verb is read in any letter case: verb=ASSIGN adds the student (advisory: a warning, still certified)",
          ("LINKIT-SEC12-JSON",),
          ("LINKIT-REFUSE-BAD-VERB",), outcome="warn"),
    Fault("signed-duplicate-first-wins", "linkit", "validation",
          "a parameter given twice inside the signed part is read by its first value (advisory: a warning, still "
          "certified)",
          ("LINKIT-SEC12-JSON", "LINKIT-SEC13-JSON"),
          ("LINKIT-REFUSE-BAD-VERB", "LINKIT-REFUSE-BAD-TIMESTAMP"), outcome="warn"),
    Fault("unparsable-timestamp-accepted", "linkit", "authentication",
          "a timestamp that does not parse skips the clock check: a signed URL with timestamp=now works forever",
          ("LINKIT-SEC13-JSON",),
          ("LINKIT-REFUSE-BAD-TIMESTAMP",)),
    Fault("student-id-leading-digits", "linkit", "validation",
          "StudentID is read by its leading digits, as parseInt does: 151557x and 151557.0 are student 151557",
          ("LINKIT-SEC14-JSON",),
          ("LINKIT-REFUSE-BAD-STUDENT",)),
    Fault("student-id-read-by-int", "linkit", "validation",
          "StudentID is read with Python's int(), which takes 151_557 and fullwidth digits for student 151557",
          ("LINKIT-SEC14-JSON",),
          ("LINKIT-REFUSE-BAD-STUDENT",)),
    Fault("student-id-found-by-pattern", "linkit", "validation",
          "StudentID is found by a pattern in the raw body, which is never parsed: a cut JSON or XML body is obeyed",
          ("LINKIT-SEC14-JSON",),
          ("LINKIT-REFUSE-BAD-STUDENT",)),
    Fault("student-id-header-wins", "linkit", "validation",
          "when the header and the body name two students the header wins, instead of a refusal (advisory: a "
          "warning, still certified)",
          ("LINKIT-SEC14-JSON",),
          ("LINKIT-REFUSE-BAD-STUDENT",), outcome="warn"),
    Fault("program-id-leading-digits", "linkit", "validation",
          "the program id is read by its leading digits: /programs/19740x and /programs/19740.0 are program 19740",
          ("LINKIT-SEC15-JSON",),
          ("LINKIT-REFUSE-BAD-PROGRAM-ID",)),
    Fault("method-not-checked", "linkit", "safe methods",
          "the signed URL is served whatever the method: a GET (a prefetch, a crawler, a log viewer) or a DELETE "
          "changes enrolment",
          ("LINKIT-SEC16-JSON",),
          ("LINKIT-ONLY-PUT-CHANGES",)),
    Fault("deassign-skips-clock-check", "linkit", "authentication",
          "the clock check sits in the assign branch: a deassign without a timestamp, or with an empty one, works",
          ("LINKIT-SEC8-JSON", "LINKIT-SEC8-XML", "LINKIT-SEC13-JSON"),
          ("LINKIT-REFUSE-MISSING-PARAMETER", "LINKIT-REFUSE-BAD-TIMESTAMP")),
    Fault("semicolon-separates-parameters", "linkit", "authentication",
          "the query is served by a parser that also splits on ';', while the tag check splits on '&' only: "
          "';verb=assign' after the tag is obeyed",
          ("LINKIT-SEC10-JSON", "LINKIT-SEC10-XML"),
          ("LINKIT-UNSIGNED-PARAMETER-IGNORED",)),
)
