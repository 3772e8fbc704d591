"""Named faults of the reference clients, each imitating a bug a real client could ship.

The client-side twin of the reference target's fault registry: every fault says which CLIENT-
scenarios of edcert listen must catch it, which requirement their failure names, and whether it
fails the certification or only gives a warning. ``readback`` names the scenarios edcert readback
fails when the same client writes into an Ed-Fi API (the faults visible in stored data).
Identifiers are plain strings here, so this package imports nothing from the harness side.
"""

from __future__ import annotations

from dataclasses import dataclass

from edcert.reference_clients.request_faults import REQUEST_FAULTS

_ALL_EXAMPLES = ("CLIENT-LINKIT-EX1-JSON", "CLIENT-LINKIT-EX2-JSON", "CLIENT-LINKIT-EX1-XML", "CLIENT-LINKIT-EX2-XML")
_EXAMPLE_2 = ("CLIENT-LINKIT-EX2-JSON", "CLIENT-LINKIT-EX2-XML")
_XML = ("CLIENT-LINKIT-EX1-XML", "CLIENT-LINKIT-EX2-XML")
_CREATES = ("CLIENT-SCA-S1", "CLIENT-SCA-S2")
_ALL_EDFI = ("CLIENT-SCA-S1", "CLIENT-SCA-S2", "CLIENT-SCA-S3", "CLIENT-SCA-N1", "CLIENT-SCA-N2", "CLIENT-SCA-N3")
#: How often a client with a retry loop without a bound repeats its call, and the size of each body: together
#: beyond the 16 MiB an edcert listen session keeps.
FLOOD_REQUESTS, FLOOD_BODY_BYTES = 80, 900_000


@dataclass(frozen=True)
class ClientFault:
    name: str
    api: str  # "edfi" or "linkit"
    kind: str  # the kind of requirement it breaks
    description: str  # the client bug it imitates, in one line
    caught_by: tuple[str, ...]  # CLIENT- scenarios of edcert listen that must catch it
    requirements: tuple[str, ...]  # requirement ids their failures (or warnings) name
    outcome: str = "fail"  # "fail": not certified; "warn": certified, with a warning
    readback: tuple[str, ...] = ()  # scenarios edcert readback fails on the stored data
    needs_values: bool = False  # shows only when the client uses its own "system values"
    #: The scenarios the fault can disturb, when it touches one part of the client's work (so faults of
    #: different parts share a listen session); empty: every scenario of its API.
    reach: tuple[str, ...] = ()


CLIENT_FAULTS: tuple[ClientFault, ...] = (
    # --- Ed-Fi: the SIS -------------------------------------------------------------------------
    ClientFault("dates-written-m-d-yyyy", "edfi", "representation",
                "writes beginDate and endDate as M/D/YYYY (9/14/2026) instead of yyyy-mm-dd",
                _CREATES, ("EDFI-CLIENT-DATE-FORMAT", "EDFI-CLIENT-STORED"), readback=_CREATES),
    ClientFault("update-by-delete-and-recreate", "edfi", "identity",
                "does scenario 3 by deleting the record of scenario 1 and POSTing it again with the end date",
                ("CLIENT-SCA-S3",), ("EDFI-CLIENT-SAME-RECORD",), readback=("CLIENT-SCA-S3",)),
    ClientFault("skips-scenario-2", "edfi", "completeness",
                "never sends scenario 2, the high-school student's association",
                ("CLIENT-SCA-S2",), ("EDFI-CLIENT-SCENARIO-SENT", "EDFI-CLIENT-STORED"), readback=("CLIENT-SCA-S2",)),
    ClientFault("id-in-post-body", "edfi", "identity",
                "sends an id of its own in the body of its POSTs",
                _CREATES, ("EDFI-CLIENT-NO-ID", "EDFI-CLIENT-STORED"), readback=_CREATES),
    ClientFault("form-content-type", "edfi", "representation",
                "sends its JSON bodies labelled application/x-www-form-urlencoded (its HTTP library's default)",
                _CREATES, ("EDFI-CLIENT-JSON", "EDFI-CLIENT-STORED"), readback=_CREATES),
    ClientFault("education-organization-id-as-string", "edfi", "representation",
                "writes cohortReference.educationOrganizationId as a JSON string",
                _CREATES, ("EDFI-CLIENT-SCHEMA", "EDFI-CLIENT-STORED"), readback=_CREATES),
    ClientFault("scenario-2-in-cohort-1", "edfi", "values",
                "puts the high-school student of scenario 2 in cohort \"1\" of the elementary school",
                ("CLIENT-SCA-S2",), ("EDFI-CLIENT-VALUES", "EDFI-CLIENT-STORED"), readback=("CLIENT-SCA-S2",)),
    ClientFault("skips-prerequisites", "edfi", "reference integrity",
                "writes associations for its own cohort and student (system values) without creating them first",
                _CREATES, ("EDFI-CLIENT-PREREQUISITES", "EDFI-CLIENT-STORED"), readback=_CREATES,
                needs_values=True),
    ClientFault("deletes-scenario-2-record", "edfi", "persistence",
                "cleans up at the end of its run and deletes the record of scenario 2",
                ("CLIENT-SCA-S2",), ("EDFI-CLIENT-STORED",), readback=("CLIENT-SCA-S2",)),
    ClientFault("no-bearer-on-update", "edfi", "authentication",
                "sends the update of scenario 3 without its bearer token",
                ("CLIENT-SCA-N2", "CLIENT-SCA-S3"), ("EDFI-CLIENT-BEARER", "EDFI-CLIENT-ACCEPTED", "EDFI-CLIENT-STORED"),
                readback=("CLIENT-SCA-S3",)),
    ClientFault("credentials-in-token-url", "edfi", "authentication",
                "sends client_id and client_secret in the token URL's query string",
                ("CLIENT-SCA-N1",), ("EDFI-CLIENT-TOKEN",)),
    ClientFault("keeps-token-after-401", "edfi", "authentication",
                "answered 401, retries with the same token instead of getting a new one",
                ("CLIENT-SCA-N3",), ("EDFI-CLIENT-RENEWS-TOKEN",)),
    ClientFault("token-for-every-call", "edfi", "authentication",
                "gets a new token for every call (advisory: a warning, still certified)",
                ("CLIENT-SCA-N1",), ("EDFI-CLIENT-TOKEN-REUSE",), outcome="warn"),
    ClientFault("retries-without-bound", "edfi", "bounded traffic",
                f"after its scenarios, repeats a POST {FLOOD_REQUESTS} times with a {FLOOD_BODY_BYTES // 1000} KB body "
                "(a retry loop without a bound)", _ALL_EDFI, ("EDFI-CLIENT-WITHIN-BOUNDS",)),
    # --- LinkIt!: the application ---------------------------------------------------------------
    ClientFault("timestamp-in-local-time", "linkit", "authentication",
                "writes the timestamp in the client's local time (US Central, UTC-6) instead of GMT",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-TIMESTAMP",)),
    ClientFault("tag-over-query-only", "linkit", "authentication",
                "computes the tag over the query string alone, without the path",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-TAG",)),
    ClientFault("tag-in-header", "linkit", "authentication",
                "sends the tag in an X-LinkIt-Tag header instead of the URL",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-PARAMETERS",)),
    ClientFault("no-student-id", "linkit", "validation",
                "sends neither a StudentID body nor a StudentID header",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-STUDENT-ID",)),
    ClientFault("xml-body-under-another-root", "linkit", "representation",
                "wraps the XML StudentID in <Student> instead of <ProgramElement>",
                _XML, ("LINKIT-CLIENT-BODY",)),
    ClientFault("xml-without-accept", "linkit", "representation",
                "sends its XML calls without Accept: application/xml, so a server that chooses the answer's format "
                "by Accept answers in JSON (advisory: the document names no Accept header)",
                _XML, ("LINKIT-CLIENT-ACCEPT",), outcome="warn"),
    ClientFault("post-instead-of-put", "linkit", "method",
                "calls the programs URL with POST instead of PUT",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-PUT",)),
    ClientFault("skips-example-2", "linkit", "completeness",
                "adds the student to the program but never removes them (no Example 2)",
                _EXAMPLE_2, ("LINKIT-CLIENT-EXAMPLE-SENT",)),
    ClientFault("examples-reversed", "linkit", "order",
                "removes the student from the program before adding them (Example 2 before Example 1)",
                _EXAMPLE_2, ("LINKIT-CLIENT-ORDER",)),
    ClientFault("removes-held-program", "linkit", "persistence",
                "after Example 2 also removes the student from the program they already held (1552 \"LEP\")",
                _EXAMPLE_2, ("LINKIT-CLIENT-END-STATE",)),
    ClientFault("uppercase-escapes", "linkit", "representation",
                "writes percent-escapes and the tag in upper case (%2F, %3A) (advisory: a warning, still certified)",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-ESCAPES",), outcome="warn"),
    ClientFault("calls-without-bound", "linkit", "bounded traffic",
                f"after its examples, repeats a call {FLOOD_REQUESTS} times with a {FLOOD_BODY_BYTES // 1000} KB body "
                "(a retry loop without a bound)", _ALL_EXAMPLES, ("LINKIT-CLIENT-WITHIN-BOUNDS",)),
    ClientFault("parameters-reordered", "linkit", "representation",
                "puts accesskey before verb and timestamp in the URL (advisory: a warning, still certified)",
                _ALL_EXAMPLES, ("LINKIT-CLIENT-TEMPLATE",), outcome="warn"),
)

#: The faults of one element of one request (request_faults.py), one for each cell of the client request
#: model that edcert listen must refuse or warn about.
CLIENT_FAULTS += tuple(ClientFault(f.name, f.api, "request model", f.description, f.caught_by, f.requirements,
                                   f.outcome, reach=f.reach) for f in REQUEST_FAULTS)

CLIENT_FAULTS_BY_NAME: dict[str, ClientFault] = {fault.name: fault for fault in CLIENT_FAULTS}
if len(CLIENT_FAULTS_BY_NAME) != len(CLIENT_FAULTS):
    raise RuntimeError("two client faults share a name")


def check_client_fault_names(names: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Return the names as a set; a name the registry does not hold raises ValueError naming the known ones."""
    for name in names:
        if name not in CLIENT_FAULTS_BY_NAME:
            raise ValueError(f"unknown client fault {name!r}; known: {', '.join(sorted(CLIENT_FAULTS_BY_NAME))}")
    return frozenset(names)
