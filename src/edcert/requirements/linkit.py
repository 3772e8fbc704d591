"""Requirements of the LinkIt! program assignment suite, each quoting the LinkIt! document."""

from __future__ import annotations

from .base import LINKIT_DOC, Requirement

_RESPONSE_TABLE = ("Result STRING (10): indicates whether the staff is added/removed successfully. SUCCESS ERROR. "
                   "Data JSON/XML: returns the following data is result is SUCCESS to indicate all the programs the "
                   "student is currently enrolled in: StudentID, Programs (ProgramID, Name). Error STRING (100): "
                   "provides explanation if result is ERROR. \"Null\" is returned if result is SUCCESS.")
_EXAMPLE_1 = ('Example 1: Add the student (StudentID: 151557) to the program (ProgramID: 19740). Response Content: '
              '{"Result":"SUCCESS", "Data":{"StudentID":"151557", "Programs":[{"ProgramID":1552, "Name":"LEP"}, '
              '{"ProgramID":19740, "Name":"Free and Reduced"}]}, "Error":null}')
_EXAMPLE_2 = ('Example 2: Remove the student (StudentID: 151557) from the program (ProgramID: 19740). Response '
              'Content: {"Result":"SUCCESS", "Data":{"StudentID":"151557", "Programs":[{"ProgramID":1552, '
              '"Name":"LEP"}]}, "Error":null}')
_TAG = "Tag | Yes | STRING (128) | token generated for authorization and authentication."
_URL = ("HTTPS PUT /programs/{id}?verb=assign&timestamp={TimeStamp}&accesskey={AccessKey}&tag={Token}; "
        "/programs/{id}?verb=deassign&timestamp={TimeStamp}&accesskey={AccessKey}&tag={Token}")
_TIMESTAMP = "TimeStamp | Yes | DATETIME | the GMT time at which the call is generated. EXAMPLE: 5/1/2013+5:10:5+PM"
_ACCESS_KEY = "AccessKey | Yes | STRING (128) | a unique key associated with the API user. EXAMPLE: 123456789-987654321"
_VERBS = ("Add /programs/{id}?verb=assign; Remove /programs/{id}?verb=deassign (Resource URI); HTTPS PUT")
_STUDENT = ("StudentID | Yes | INTEGER | the ID of the student that you would like to add/remove from the program "
            "(Parameters for Request Header); Request Header { \"StudentID\": \"151557\" } (JSON), <ProgramElement ...>"
            "<StudentID>151557</StudentID></ProgramElement> (XML)")
_ID = "id | Yes | INTEGER | the unique ID that identifies the program in the LinkIt! database."
_PROGRAMS = ("Data JSON/XML: returns the following data is result is SUCCESS to indicate all the programs the student "
             "is currently enrolled in: StudentID, Programs (ProgramID, Name).")

LINKIT = (
    Requirement("LINKIT-HTTP-200", "a SUCCESS answer comes with HTTP 200", f"{LINKIT_DOC}, Response; RFC 9110 15.3",
                f"{_RESPONSE_TABLE} A successful PUT that returns a representation answers 200 OK (RFC 9110 15.3.1)."),
    Requirement("LINKIT-CONTENT-TYPE", "the answer's Content-Type is the format asked for (JSON or XML)",
                f"{LINKIT_DOC}, Examples (JSON, XML)",
                "Each example is given twice, JSON and XML: the JSON request gets the JSON Response Content, the XML "
                "request the <Response> XML."),
    Requirement("LINKIT-PARSES", "the answer parses as the format asked for", f"{LINKIT_DOC}, Examples",
                "Response Content: {\"Result\":\"SUCCESS\", ...} (JSON); <Response ...><Result>SUCCESS</Result>..."
                "</Response> (XML)."),
    Requirement("LINKIT-XML-SHAPE", "an XML answer has root <Response> with <Result>, <Data> "
                "(<StudentID>, <Programs>/<Program>) and <Error>", f"{LINKIT_DOC}, Examples (XML)",
                "<Response><Result>SUCCESS</Result><Data><StudentID>151557</StudentID><Programs><Program>"
                "<ProgramID>1552</ProgramID><Name>LEP</Name></Program>...</Programs></Data></Response>"),
    Requirement("LINKIT-ENVELOPE", "the answer is a Result/Data/Error envelope valid against "
                "schemas/linkit/response-envelope.schema.json", f"{LINKIT_DOC}, Response table", _RESPONSE_TABLE),
    Requirement("LINKIT-SUCCESS", "a valid, signed call answers Result SUCCESS", f"{LINKIT_DOC}, Examples 1 and 2",
                f"{_EXAMPLE_1} {_EXAMPLE_2}"),
    Requirement("LINKIT-STUDENT-ID", "Data.StudentID is the student sent (a string of digits, as shown)",
                f"{LINKIT_DOC}, Response: Data.StudentID", _EXAMPLE_1),
    Requirement("LINKIT-ASSIGNED", "after assign, Data.Programs holds the program with its name",
                f"{LINKIT_DOC}, Example 1", _EXAMPLE_1),
    Requirement("LINKIT-DEASSIGNED", "after deassign, Data.Programs no longer holds the program",
                f"{LINKIT_DOC}, Example 2", _EXAMPLE_2),
    Requirement("LINKIT-KEEPS-OTHERS", "the programs the student was already in are still listed",
                f"{LINKIT_DOC}, Examples 1 and 2 (LEP stays)", f"{_EXAMPLE_1} {_EXAMPLE_2}"),
    Requirement("LINKIT-PERSISTED", "a following call shows the change was stored",
                f"{LINKIT_DOC}, Response: all the programs the student is currently enrolled in", _RESPONSE_TABLE),
    Requirement("LINKIT-REFUSE-WRONG-TAG", "a call with a wrong tag is refused with an ERROR envelope",
                f"{LINKIT_DOC}, Parameters for Request URL: Tag", _TAG),
    Requirement("LINKIT-REFUSE-REPLAYED-TAG", "a tag taken from another program's URL is refused with an ERROR "
                "envelope", f"{LINKIT_DOC}, Parameters for Request URL: Tag (the signature covers the request URL)",
                _TAG),
    Requirement("LINKIT-REFUSE-STALE-TIMESTAMP", "a call whose timestamp is 24 hours old is refused with an "
                "ERROR envelope", f"{LINKIT_DOC}, Parameters for Request URL: TimeStamp",
                _TIMESTAMP),
    Requirement("LINKIT-REFUSE-UNKNOWN-KEY", "a call with an unknown access key is refused with an ERROR "
                "envelope", f"{LINKIT_DOC}, Parameters for Request URL: AccessKey",
                _ACCESS_KEY),
    Requirement("LINKIT-REFUSE-UNKNOWN-PROGRAM", "a call for a program id that does not exist is refused with "
                "an ERROR envelope", f"{LINKIT_DOC}, Parameters for Request URL: id",
                "id | Yes | INTEGER | the unique ID that identifies the program in the LinkIt! database."),
    Requirement("LINKIT-REFUSE-MISSING-STUDENT", "a call without StudentID is refused with an ERROR envelope",
                f"{LINKIT_DOC}, Parameters for Request Header: StudentID",
                "StudentID | Yes | INTEGER | the ID of the student that you would like to add/remove from the "
                "program."),
    Requirement("LINKIT-UNCHANGED-AFTER-ERROR", "after a refused call the student's programs are unchanged",
                f"{LINKIT_DOC}, Response: Result ERROR", _RESPONSE_TABLE),
    Requirement("LINKIT-REFUSE-TAMPERED-URL", "a signed URL whose program id, verb, timestamp or access key was "
                "changed after signing is refused with an ERROR envelope",
                f"{LINKIT_DOC}, Resource URI and Parameters for Request URL: Tag",
                f"{_URL}. {_TAG} A token for authorization and authentication of the call covers what the call "
                "does: the program, the verb, when it was generated and by whom."),
    Requirement("LINKIT-REFUSE-ALTERED-TAG", "a tag that is not exactly the one signed (a character changed, cut "
                "off or added; in the other letter case where the tag is not hex) is refused with an ERROR envelope",
                f"{LINKIT_DOC}, Parameters for Request URL: Tag",
                f"{_TAG} Hex digits are case-insensitive (3EAC and 3eac are the same number), so the case of a "
                "hex tag is not judged."),
    Requirement("LINKIT-REFUSE-MISSING-PARAMETER", "a call without its timestamp, access key or tag, or with one "
                "of them empty, is refused with an ERROR envelope",
                f"{LINKIT_DOC}, Parameters for Request URL (each Required: Yes)",
                f"{_TIMESTAMP}. {_ACCESS_KEY}. {_TAG}"),
    Requirement("LINKIT-REFUSE-FUTURE-TIMESTAMP", "a call whose timestamp is 24 hours ahead is refused with an "
                "ERROR envelope", f"{LINKIT_DOC}, Parameters for Request URL: TimeStamp",
                f"{_TIMESTAMP}. A call cannot have been generated tomorrow: a server that accepts it accepts a "
                "URL that stays valid for a day."),
    Requirement("LINKIT-UNSIGNED-PARAMETER-IGNORED", "a parameter added after the tag is never obeyed: the call is "
                "refused, or answered as the signed call, and the student's programs do not change",
                f"{LINKIT_DOC}, Resource URI",
                f"{_URL}. The tag is the last parameter: whatever follows it is outside the token."),
    Requirement("LINKIT-PROGRAMS-ONCE", "Data.Programs lists each program the student is in once",
                f"{LINKIT_DOC}, Response: Data; Examples 1 and 2", f"{_PROGRAMS} {_EXAMPLE_1}"),
    Requirement("LINKIT-PROGRAM-NAMES", "every answer lists each program the suite knows under its name (the "
                "profile's, or the document's 1552 \"LEP\" and 19740 \"Free and Reduced\")",
                f"{LINKIT_DOC}, Response: Data (ProgramID, Name); Examples 1 and 2",
                f"{_PROGRAMS} {_EXAMPLE_1} {_EXAMPLE_2}"),

    Requirement("LINKIT-REFUSE-BAD-VERB",
                "a signed call whose verb is neither assign nor deassign (missing, empty, unknown or only like one of "
                "them, a number, moved to the body) is refused with an ERROR envelope and changes nothing; another "
                "letter case or two verbs at once, if obeyed, is a warning",
                f"{LINKIT_DOC}, Resource URI", f"{_VERBS}. The document defines two verbs; a call naming neither "
                "says neither add nor remove."),
    Requirement("LINKIT-REFUSE-BAD-TIMESTAMP",
                "a signed call whose timestamp does not parse as the document's DATETIME (a word, text after the "
                "time, month 13, Unix seconds, moved to a header) is refused with an ERROR envelope and changes "
                "nothing; two timestamps at once, if obeyed, is a warning",
                f"{LINKIT_DOC}, Parameters for Request URL: TimeStamp",
                f"{_TIMESTAMP}. A time that does not parse is no GMT time at which the call was generated: the "
                "clock cannot be checked."),
    Requirement("LINKIT-REFUSE-BAD-STUDENT",
                "a call whose StudentID is not an integer (empty, with a letter or an underscore, in fullwidth "
                "digits, a decimal, negative, past 64 bits, in an array) or whose body does not parse is refused "
                "with an ERROR envelope and changes nothing; a header and a body naming two students, if obeyed, is "
                "a warning",
                f"{LINKIT_DOC}, Parameters for Request Header: StudentID; Examples (Request Header)", _STUDENT),
    Requirement("LINKIT-REFUSE-BAD-PROGRAM-ID",
                "a signed call whose program id is not an integer (with a letter or an underscore, in fullwidth "
                "digits, a decimal, negative, past 64 bits) is refused with an ERROR envelope and changes nothing; "
                "a router's non-envelope 4xx is a warning", f"{LINKIT_DOC}, Parameters for Request URL: id", _ID),
    Requirement("LINKIT-ONLY-PUT-CHANGES", "a signed URL sent with GET, HEAD, POST, DELETE or PATCH does not change "
                "the student's programs (refused or answered, either is fine)",
                f"{LINKIT_DOC}, Resource URI; RFC 9110 9.2.1",
                f"{_VERBS}. The document defines PUT only. GET and HEAD are safe methods (RFC 9110 9.2.1): a signed "
                "URL that changes enrolment when fetched is replayed by anything that sees it (logs, proxies, "
                "prefetchers)."),
)
