"""The LinkIt! call's request model: every element of ``PUT /programs/{id}?verb=...&timestamp=...&accesskey=...
&tag=...`` with its StudentID, each operator that makes sense for it, and the answer it must get.

Elements: the method, the path's program id, the query's verb, timestamp, accesskey and tag (and whatever
follows the tag), the StudentID header and the StudentID of the JSON and XML bodies. The document names no
format parameter: the format travels in Content-Type and Accept, and its cells are exceptions below.

Each refusal is an ERROR envelope and changes nothing, which a read back of the student's programs
proves. Every call is built so that obeying it would visibly change the student's programs (add them
to the program they are not in, or remove them from the one they are in). The expected answers are a
small fixed vocabulary: the steps judge each row by its ``expected answer`` column.
"""

from __future__ import annotations

from .model import Cell, Table

#: The answers a LinkIt! row can expect; the steps judge each row by these words.
REFUSED = "ERROR envelope"
REFUSED_OR_WARNED = "ERROR envelope; obeyed: a warning"
REFUSED_OR_ROUTER_4XX = "ERROR envelope; a router's 4xx: a warning"
SERVED_AS_SIGNED = "ERROR envelope, or served as the signed deassign"
NOT_OBEYED = "any answer, nothing changed"
EXPECTED_ANSWERS = (REFUSED, REFUSED_OR_WARNED, REFUSED_OR_ROUTER_4XX, SERVED_AS_SIGNED, NOT_OBEYED)

_SIGNED = "PUT /programs/{id}?verb=...&timestamp=...&accesskey=...&tag=..., with StudentID in the header and body"
_SIGNED_AS_SENT = "every call is signed as sent: only its one element is wrong, its tag is right"
_NOT_SIGNED = ("the tag covers the URL only (the document: 'token generated for authorization and "
               "authentication' of the request URL)")

TAMPERED = Table(
    "linkit-tampered", f"{_SIGNED}; signed, then one signed part changed (student not in the program)",
    "LINKIT-REFUSE-TAMPERED-URL (tag rows: LINKIT-REFUSE-ALTERED-TAG)", "LINKIT-SEC7", (
        Cell("program id: signed for 1552, sent for 19740", "changed after signing", REFUSED),
        Cell("verb: signed as deassign, sent as assign", "changed after signing", REFUSED),
        Cell("timestamp: one minute earlier than signed", "changed after signing", REFUSED),
        Cell("accesskey: last character changed", "changed after signing", REFUSED),
        Cell("tag: last letter or digit changed", "changed after signing", REFUSED),
        Cell("tag: last letter or digit cut off", "changed after signing", REFUSED),
        Cell("tag: one character added", "changed after signing", REFUSED),
        Cell("tag: letters in the other case (not judged when the tag is hex)", "other case", REFUSED),
        Cell("tag", "unknown", "", exception="LINKIT-SEC1 sends a well-formed tag edcert never computed"),
        Cell("tag", "another valid value", "", exception="LINKIT-SEC2 replays the valid tag of another call"),
        Cell("accesskey", "unknown", "", exception="LINKIT-SEC4 signs with an access key never issued"),
        Cell("accesskey", "another valid value", "", exception=(
            "edcert holds one API user's key and secret; another user's key with that user's tag is that user's "
            "valid call")),
        Cell("accesskey", "other case", "", exception=(
            "an access key looked up under a case-insensitive collation finds the same API user, and the tag "
            "covers the key as sent; the keys of the document's example have no letters")),
        Cell("StudentID", "changed after signing", "", exception=(
            f"{_NOT_SIGNED}; the StudentID travels in the header and body, outside it, so another student's id "
            "is another valid call")),
    ))

TAMPERED_REMOVING = Table(
    "linkit-tampered-removing", f"{_SIGNED}; signed, then one signed part changed (student in the program)",
    "LINKIT-REFUSE-TAMPERED-URL (tag row: LINKIT-REFUSE-ALTERED-TAG)", "LINKIT-SEC11", (
        Cell("verb: signed as assign, sent as deassign", "changed after signing", REFUSED),
        Cell("timestamp: one minute earlier than signed", "changed after signing", REFUSED),
        Cell("tag: last letter or digit changed", "changed after signing", REFUSED),
    ))

MISSING = Table(
    "linkit-missing", f"{_SIGNED}; one required URL parameter left out or empty, the rest signed as usual; sent "
    "to add and to remove the student",
    "LINKIT-REFUSE-MISSING-PARAMETER", "LINKIT-SEC8", (
        Cell("timestamp", "missing", REFUSED),
        Cell("timestamp", "empty", REFUSED),
        Cell("accesskey", "missing", REFUSED),
        Cell("accesskey", "empty", REFUSED),
        Cell("tag", "missing", REFUSED),
        Cell("tag", "empty", REFUSED),
    ))

AFTER_TAG = Table(
    "linkit-after-tag", f"{_SIGNED}; a signed deassign of a program the student is not in, with text after the tag",
    "LINKIT-UNSIGNED-PARAMETER-IGNORED", "LINKIT-SEC10", (
        Cell("&verb=assign", "appended after the tag", SERVED_AS_SIGNED),
        Cell("&Verb=assign", "appended after the tag", SERVED_AS_SIGNED),
        Cell(";verb=assign", "appended after the tag", SERVED_AS_SIGNED),
    ))

VERB = Table(
    "linkit-verb", f"{_SIGNED}; the verb wrong, {_SIGNED_AS_SENT}; sent to add and to remove the student",
    "LINKIT-REFUSE-BAD-VERB", "LINKIT-SEC12", (
        Cell("verb", "missing", REFUSED, sent="no verb parameter"),
        Cell("verb", "empty", REFUSED, sent="verb="),
        Cell("verb", "unknown", REFUSED, sent="enroll, assigned, reassign; enroll, deassigned"),
        Cell("verb", "wrong type", REFUSED, sent="0, 1, 2"),
        Cell("verb", "moved", REFUSED, sent="no verb in the URL, \"verb\" in the JSON body"),
        Cell("verb", "other case", REFUSED_OR_WARNED, sent="ASSIGN, Assign; DEASSIGN, Deassign"),
        Cell("verb", "duplicated", REFUSED_OR_WARNED, sent="verb=assign&verb=deassign, and the other order"),
        Cell("parameter names", "other case", "", exception=(
            "Verb=assign, signed as sent, names the same parameter on a server whose names are case-insensitive "
            "(ASP.NET's are); after the tag it is LINKIT-SEC10")),
        Cell("verb", "another valid value", "", exception=(
            "the other verb, signed as sent, is the document's other call (Example 2); a verb changed after "
            "signing is LINKIT-SEC7 and LINKIT-SEC11")),
    ))

TIMESTAMP = Table(
    "linkit-timestamp", f"{_SIGNED}; the timestamp wrong, {_SIGNED_AS_SENT}; sent to add and to remove the student "
    "(given twice: to add)",
    "LINKIT-REFUSE-BAD-TIMESTAMP", "LINKIT-SEC13", (
        Cell("timestamp", "malformed", REFUSED, sent="now; the time with an x after it"),
        Cell("timestamp", "out of range", REFUSED, sent="month 13"),
        Cell("timestamp", "wrong type", REFUSED, sent="Unix seconds"),
        Cell("timestamp", "moved", REFUSED, sent="no timestamp in the URL, a Timestamp header"),
        Cell("timestamp", "duplicated", REFUSED_OR_WARNED, sent="24 hours old and now, in either order"),
        Cell("timestamp", "other case", "", exception=(
            "'pm' and 'PM' name the same moment; the document's format does not say a server must refuse one")),
        Cell("timestamp", "another valid value", "", exception=(
            "another moment within the server's window, signed as sent, is a valid call; far from now is "
            "LINKIT-SEC3 and LINKIT-SEC9, changed after signing LINKIT-SEC7")),
    ))

STUDENT = Table(
    "linkit-student", f"{_SIGNED}; the StudentID wrong in one place, sent nowhere else, {_SIGNED_AS_SENT}; sent to "
    "add and to remove the student (given twice: to add)",
    "LINKIT-REFUSE-BAD-STUDENT", "LINKIT-SEC14", (
        Cell("StudentID header", "empty", REFUSED, sent="StudentID: (nothing), no body"),
        Cell("StudentID header", "malformed", REFUSED, sent="151557x, 1_51557"),
        Cell("StudentID header", "wrong type", REFUSED, sent="151557.0"),
        Cell("StudentID header", "out of range", REFUSED, sent="-151557"),
        Cell("StudentID header", "too long", REFUSED, sent="151557 + 2^64"),
        Cell("StudentID of the JSON body", "empty", REFUSED, sent="{\"StudentID\": \"\"}"),
        Cell("StudentID of the JSON body", "malformed", REFUSED, sent="151557x, fullwidth digits, 1_51557"),
        Cell("StudentID of the JSON body", "wrong type", REFUSED, sent="{\"StudentID\": [\"151557\"]}"),
        Cell("JSON body", "malformed", REFUSED, sent="cut before its closing brace"),
        Cell("StudentID of the XML body", "empty", REFUSED, sent="<StudentID></StudentID>"),
        Cell("StudentID of the XML body", "malformed", REFUSED, sent="151557x, fullwidth digits"),
        Cell("XML body", "malformed", REFUSED, sent="without its closing tag"),
        Cell("StudentID header and body", "duplicated", REFUSED_OR_WARNED, sent="header 151557, body 0; and back"),
        Cell("StudentID", "missing", "", exception="LINKIT-SEC6 sends a call without any StudentID"),
        Cell("StudentID header name", "other case", "", exception=(
            "HTTP header names are case-insensitive (RFC 9110 5.1): studentid is the StudentID header")),
        Cell("StudentID", "moved", "", exception=(
            "the document lists StudentID under the request header and shows it as the body: either place "
            "alone is the call (edcert sends both by default)")),
        Cell("StudentID", "another valid value", "", exception=(
            f"{_NOT_SIGNED}; another student's id is another valid call, which only the vendor's permissions "
            "can refuse")),
        Cell("StudentID of the JSON body as a number", "wrong type", "", exception=(
            "a JSON number is the document's INTEGER: {\"StudentID\": 151557} is a valid body")),
    ))

PROGRAM_ID = Table(
    "linkit-program-id", f"{_SIGNED}; the path's program id wrong, {_SIGNED_AS_SENT}; sent to add and to remove "
    "the student",
    "LINKIT-REFUSE-BAD-PROGRAM-ID", "LINKIT-SEC15", (
        Cell("program id", "malformed", REFUSED_OR_ROUTER_4XX, sent="19740x, 1_9740, fullwidth digits"),
        Cell("program id", "wrong type", REFUSED_OR_ROUTER_4XX, sent="19740.0"),
        Cell("program id", "out of range", REFUSED_OR_ROUTER_4XX, sent="-19740"),
        Cell("program id", "too long", REFUSED_OR_ROUTER_4XX, sent="19740 + 2^64"),
        Cell("program id", "unknown", "", exception="LINKIT-SEC5 sends a program id that does not exist"),
        Cell("program id", "empty", "", exception=(
            "a URL without an id is not the resource: a router's answer, not the API's, and nothing to obey")),
        Cell("program id", "other case", "", exception=(
            "'/Programs/' and '/programs/' may be one path on a server with case-insensitive paths (IIS); the "
            "tag covers the path as sent")),
    ))

METHOD = Table(
    "linkit-method", "a signed URL of the document's call, sent with another HTTP method than PUT; to add the "
    "student, and signed as deassign to remove them",
    "LINKIT-ONLY-PUT-CHANGES", "LINKIT-SEC16", (
        Cell("method GET", "another valid value", NOT_OBEYED),
        Cell("method HEAD", "another valid value", NOT_OBEYED),
        Cell("method POST", "another valid value", NOT_OBEYED),
        Cell("method DELETE", "another valid value", NOT_OBEYED),
        Cell("method PATCH", "another valid value", NOT_OBEYED),
    ))

FORMAT = Table(
    "linkit-format", "the format of the call: Content-Type and Accept (the document names no format parameter)",
    "LINKIT-CONTENT-TYPE", "LINKIT-EX1", (
        Cell("Accept", "missing", "", exception=(
            "the document names no default format: a server may answer either, and the answer is judged in "
            "the format it declares")),
        Cell("Accept", "unknown", "", exception=(
            "a format the document does not name may be refused (406) or answered in a default format")),
        Cell("Content-Type", "another valid value", "", exception=(
            "a body whose Content-Type names the other format: a server may read the body by its form")),
    ))

TABLES = (TAMPERED, TAMPERED_REMOVING, MISSING, AFTER_TAG, VERB, TIMESTAMP, STUDENT, PROGRAM_ID, METHOD, FORMAT)
