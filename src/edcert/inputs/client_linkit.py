"""The call a LinkIt! client (the application) must make, its elements, and each way a client gets one wrong.

PUT {base_url}/programs/{id}?verb=assign|deassign&timestamp={GMT}&accesskey={key}&tag={token}, with the
StudentID in the body or a StudentID header, in JSON or in XML (CLIENT-LINKIT-EX1/EX2-JSON/XML). Each refused
cell names the reference-client fault that sends it; a fault hits the calls of one format, so its failure is
judged in that format's two examples.
"""

from __future__ import annotations

from .client_cells import HEADER, allowed, refused, warned
from .model import Table

PUT, PARAMS, TEMPLATE, STAMP = "LINKIT-CLIENT-PUT", "LINKIT-CLIENT-PARAMETERS", "LINKIT-CLIENT-TEMPLATE", \
    "LINKIT-CLIENT-TIMESTAMP"
TAG, ESCAPES, STUDENT, BODY = "LINKIT-CLIENT-TAG", "LINKIT-CLIENT-ESCAPES", "LINKIT-CLIENT-STUDENT-ID", \
    "LINKIT-CLIENT-BODY"
ACCEPT, SENT = "LINKIT-CLIENT-ACCEPT", "LINKIT-CLIENT-EXAMPLE-SENT"
_NOT_THE_EXAMPLE = "no call of the example (verb=assign or verb=deassign of the program) is found"

URL_TABLE = Table(
    "client-linkit-url",
    "PUT {base_url}/programs/{id}?verb=assign|deassign&timestamp={GMT M/d/yyyy h:mm:ss AM|PM}&accesskey={key}"
    "&tag={lowercase hex HMAC-SHA1 of the path and query up to the tag}", PARAMS, "CLIENT-LINKIT-EX1/EX2", (
        refused("method", "another valid value", PUT, "post-instead-of-put", "POST"),
        refused("method", "other case", PUT, "method-in-lower-case", "put: RFC 9110 9.1, methods are case-sensitive"),
        refused("method", "moved", PUT, "put-by-method-override", "POST with X-HTTP-Method-Override: PUT"),
        refused("program id", "another valid value", SENT, "another-program", _NOT_THE_EXAMPLE),
        refused("program id", "malformed", SENT, "program-id-not-a-number", _NOT_THE_EXAMPLE),
        refused("verb", "missing", SENT, "verb-missing", _NOT_THE_EXAMPLE),
        refused("verb", "empty", SENT, "verb-empty", _NOT_THE_EXAMPLE),
        refused("verb", "unknown", SENT, "verb-unknown", "verb=add: " + _NOT_THE_EXAMPLE),
        refused("verb", "other case", SENT, "verb-capitalised", "verb=Assign: " + _NOT_THE_EXAMPLE),
        refused("verb", "duplicated", PARAMS, "verb-twice", "verb=assign and verb=deassign in one URL"),
        refused("verb", "moved", SENT, "verb-in-header", "in a verb header: " + _NOT_THE_EXAMPLE),
        refused("timestamp", "missing", PARAMS, "timestamp-missing"),
        refused("timestamp", "empty", STAMP, "timestamp-empty"),
        refused("timestamp", "wrong type", STAMP, "timestamp-iso-8601", "2026-06-26T13:32:07Z"),
        refused("timestamp", "malformed", STAMP, "timestamp-impossible-date", "month 13"),
        refused("timestamp", "another valid value", STAMP, "timestamp-in-local-time", "US Central time"),
        refused("timestamp", "out of range", STAMP, "timestamp-twenty-minutes-old"),
        refused("timestamp", "duplicated", PARAMS, "timestamp-twice"),
        refused("timestamp", "moved", PARAMS, "timestamp-in-header"),
        warned("timestamp", "other case", TEMPLATE, "timestamp-lower-case-pm", "pm; the document writes PM"),
        allowed("timestamp padding", "another valid value", "zero-padded month, day and hour (06/26/2013 "
                "01:32:07 PM): the document does not say, a M/d/yyyy parser reads both",
                "independent app-zero-padded-timestamp"),
        allowed("timestamp escapes", "another valid value", "seconds unpadded and slashes and colons "
                "unescaped, as the parameter table's example writes it (5/1/2013+5:10:5+PM)", "variant unescaped-timestamp"),
        refused("accesskey", "missing", PARAMS, "access-key-missing"),
        refused("accesskey", "empty", PARAMS, "access-key-empty"),
        refused("accesskey", "unknown", PARAMS, "access-key-unknown"),
        refused("accesskey", "another valid value", PARAMS, "access-key-of-the-document", "123456789-987654321"),
        refused("accesskey", "duplicated", PARAMS, "access-key-twice"),
        refused("accesskey", "moved", PARAMS, "access-key-in-header"),
        allowed("accesskey", "other case", "the keys edcert listen gives are digits and a hyphen: no letter case"),
        refused("tag", "missing", PARAMS, "tag-missing"),
        refused("tag", "empty", TAG, "tag-empty"),
        refused("tag", "malformed", TAG, "tag-not-hex"),
        refused("tag", "unknown", TAG, "tag-random-hex", "40 hex characters that sign nothing"),
        refused("tag", "another valid value", TAG, "tag-keyed-with-access-key", "HMAC keyed with the access key"),
        warned("tag", "other case", ESCAPES, "uppercase-escapes", "upper-case hex"),
        refused("tag", "duplicated", PARAMS, "tag-twice", "the tag, then a second tag"),
        refused("tag", "moved", PARAMS, "tag-in-header", "an X-LinkIt-Tag header"),
        refused("tag position", "moved", TAG, "tag-not-last", "the tag first, the signed parameters after it"),
        refused("signed string", "another valid value", TAG, "tag-over-query-only", "the query without the path"),
        warned("parameter order", "moved", TEMPLATE, "parameters-reordered", "accesskey first"),
    ), header=HEADER)

STUDENT_TABLE = Table(
    "client-linkit-student",
    "StudentID {the example's student}: in the body ({\"StudentID\": ...} or <StudentID>), in a StudentID header, "
    "or in both with the same value", STUDENT, "CLIENT-LINKIT-EX1/EX2", (
        refused("StudentID", "missing", STUDENT, "no-student-id"),
        refused("StudentID", "empty", STUDENT, "student-id-empty"),
        refused("StudentID", "wrong type", STUDENT, "student-id-as-json-array", "[\"151557\"]"),
        refused("StudentID", "malformed", STUDENT, "student-id-not-a-number", "151557x"),
        refused("StudentID", "unknown", STUDENT, "student-id-unknown", "a student the API does not hold"),
        refused("StudentID", "another valid value", STUDENT, "another-student", "151558, another student"),
        refused("StudentID", "duplicated", STUDENT, "student-ids-disagree", "one in the header, another in the body"),
        refused("StudentID", "moved", STUDENT, "student-id-in-query", "in the URL's query"),
        allowed("StudentID", "other case", "the header named studentid: RFC 9110 5.1, field names are "
                "case-insensitive", "variant lower-case-schemes"),
        allowed("StudentID JSON type", "another valid value", "a JSON integer, as the parameter table types it",
                "variant integer-student-id"),
        allowed("StudentID place", "moved", "in one place only, header or body",
                "variants student-id-in-header-only, student-id-in-body-only"),
    ), header=HEADER)

BODY_TABLE = Table(
    "client-linkit-body",
    "the body: {\"StudentID\": ...} as application/json, or <ProgramElement><StudentID>...</StudentID>"
    "</ProgramElement> in no namespace as application/xml; Accept naming the same format", BODY,
    "CLIENT-LINKIT-EX1/EX2", (
        refused("Content-Type", "missing", BODY, "body-without-content-type"),
        refused("Content-Type", "unknown", BODY, "body-as-text-plain", "text/plain"),
        allowed("Content-Type", "other case", "Application/JSON: RFC 9110 8.3.1, a media type is case-insensitive",
                "variant lower-case-schemes"),
        refused("JSON body", "malformed", BODY, "json-body-truncated"),
        refused("JSON body", "wrong type", BODY, "json-body-an-array", "[{\"StudentID\": ...}]"),
        refused("JSON StudentID name", "other case", BODY, "json-student-id-camel-case", "studentId"),
        refused("XML body", "malformed", BODY, "xml-body-unclosed"),
        refused("XML root", "another valid value", BODY, "xml-body-under-another-root", "<Student>"),
        refused("XML root", "unknown", BODY, "xml-in-a-namespace", "<ProgramElement xmlns=...>"),
        refused("XML StudentID", "moved", BODY, "xml-student-id-as-attribute", "<ProgramElement StudentID=...>"),
        allowed("XML prolog", "unknown", "an XML declaration and a byte order mark before the root",
                "independent app-xml-with-byte-order-mark"),
        refused("Accept", "another valid value", ACCEPT, "xml-calls-accept-json", "JSON asked for in an XML call"),
        warned("Accept", "missing", ACCEPT, "xml-without-accept", "the document names no Accept header"),
        allowed("Accept", "other case", "Application/XML: RFC 9110 8.3.1, a media type is case-insensitive",
                "variant lower-case-schemes"),
    ), header=HEADER)

TABLES = (URL_TABLE, STUDENT_TABLE, BODY_TABLE)
