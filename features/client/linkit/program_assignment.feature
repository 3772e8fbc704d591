@linkit
Feature: LinkIt! client: the application adds and removes a student from a program
  The other side of the LinkIt! document "Add/Remove Student from Program": what an application
  calling LinkIt! must send. HTTPS PUT /programs/{id}?verb=assign|deassign&timestamp={TimeStamp}&
  accesskey={AccessKey}&tag={Token}, with the StudentID of the student, in JSON or in XML.

  edcert listen played the LinkIt! API (the built-in reference target, with an access key and secret
  made for the session) and recorded every call exactly as it arrived, so a signed URL is judged
  byte for byte. The student, the program and the programs the student already holds are the
  document's (student 151557, program 19740, program 1552 "LEP" already held) unless the vendor
  declared its own. A client may use one format: the examples of a format it never used are not
  required.

  Background:
    Given the requests edcert listen recorded from the vendor's LinkIt! client
    And the application stayed within the bounds of the listen session
    And no body the application sent is beyond the size and depth any reader may be asked to read

  @CLIENT-LINKIT-EX1-JSON @required @critical @json
  Scenario: CLIENT-LINKIT-EX1-JSON Add the student (StudentID 151557) to the program (ProgramID 19740), in JSON
    When the client's call of Example 1, verb=assign of student 151557 to program 19740, is found among its JSON calls
    Then it is an HTTP PUT
    And its URL carries verb, timestamp, accesskey and tag, in the template's order
    And its timestamp is the GMT time of the call, written like 6/26/2013 1:32:07 PM
    And its tag verifies for the URL as sent
    And its escapes and its tag are written in lower case, as in the examples
    And its URL is none of these departures from request model client-linkit-url:
      # request model: client-linkit-url
      | element         | operator            | edcert listen's verdict                                                                                                           |
      | method          | another valid value | fails LINKIT-CLIENT-PUT: POST                                                                                                     |
      | method          | other case          | fails LINKIT-CLIENT-PUT: put: RFC 9110 9.1, methods are case-sensitive                                                            |
      | method          | moved               | fails LINKIT-CLIENT-PUT: POST with X-HTTP-Method-Override: PUT                                                                    |
      | program id      | another valid value | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | program id      | malformed           | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | missing             | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | empty               | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | unknown             | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=add: no call of the example (verb=assign or verb=deassign of the program) is found         |
      | verb            | other case          | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=Assign: no call of the example (verb=assign or verb=deassign of the program) is found      |
      | verb            | duplicated          | fails LINKIT-CLIENT-PARAMETERS: verb=assign and verb=deassign in one URL                                                          |
      | verb            | moved               | fails LINKIT-CLIENT-EXAMPLE-SENT: in a verb header: no call of the example (verb=assign or verb=deassign of the program) is found |
      | timestamp       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | empty               | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | wrong type          | fails LINKIT-CLIENT-TIMESTAMP: 2026-06-26T13:32:07Z                                                                               |
      | timestamp       | malformed           | fails LINKIT-CLIENT-TIMESTAMP: month 13                                                                                           |
      | timestamp       | another valid value | fails LINKIT-CLIENT-TIMESTAMP: US Central time                                                                                    |
      | timestamp       | out of range        | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | other case          | warning LINKIT-CLIENT-TEMPLATE: pm; the document writes PM                                                                        |
      | accesskey       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | empty               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | unknown             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | another valid value | fails LINKIT-CLIENT-PARAMETERS: 123456789-987654321                                                                               |
      | accesskey       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | empty               | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | malformed           | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | unknown             | fails LINKIT-CLIENT-TAG: 40 hex characters that sign nothing                                                                      |
      | tag             | another valid value | fails LINKIT-CLIENT-TAG: HMAC keyed with the access key                                                                           |
      | tag             | other case          | warning LINKIT-CLIENT-ESCAPES: upper-case hex                                                                                     |
      | tag             | duplicated          | fails LINKIT-CLIENT-PARAMETERS: the tag, then a second tag                                                                        |
      | tag             | moved               | fails LINKIT-CLIENT-PARAMETERS: an X-LinkIt-Tag header                                                                            |
      | tag position    | moved               | fails LINKIT-CLIENT-TAG: the tag first, the signed parameters after it                                                            |
      | signed string   | another valid value | fails LINKIT-CLIENT-TAG: the query without the path                                                                               |
      | parameter order | moved               | warning LINKIT-CLIENT-TEMPLATE: accesskey first                                                                                   |
    And it sends StudentID 151557 in its body or in a StudentID header
    And its body, if it has one, is {"StudentID": "151557"} in JSON
    And its Accept header asks for JSON
    And the API answered SUCCESS with the student in program 1552 "LEP" and in program 19740

  @CLIENT-LINKIT-EX2-JSON @required @critical @json
  Scenario: CLIENT-LINKIT-EX2-JSON Remove the student (StudentID 151557) from the program (ProgramID 19740), in JSON
    When the client's call of Example 2, verb=deassign of student 151557 from program 19740, is found among its JSON calls
    Then it is an HTTP PUT
    And its URL carries verb, timestamp, accesskey and tag, in the template's order
    And its timestamp is the GMT time of the call, written like 6/26/2013 1:32:07 PM
    And its tag verifies for the URL as sent
    And its escapes and its tag are written in lower case, as in the examples
    And its URL is none of these departures from request model client-linkit-url:
      # request model: client-linkit-url
      | element         | operator            | edcert listen's verdict                                                                                                           |
      | method          | another valid value | fails LINKIT-CLIENT-PUT: POST                                                                                                     |
      | method          | other case          | fails LINKIT-CLIENT-PUT: put: RFC 9110 9.1, methods are case-sensitive                                                            |
      | method          | moved               | fails LINKIT-CLIENT-PUT: POST with X-HTTP-Method-Override: PUT                                                                    |
      | program id      | another valid value | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | program id      | malformed           | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | missing             | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | empty               | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | unknown             | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=add: no call of the example (verb=assign or verb=deassign of the program) is found         |
      | verb            | other case          | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=Assign: no call of the example (verb=assign or verb=deassign of the program) is found      |
      | verb            | duplicated          | fails LINKIT-CLIENT-PARAMETERS: verb=assign and verb=deassign in one URL                                                          |
      | verb            | moved               | fails LINKIT-CLIENT-EXAMPLE-SENT: in a verb header: no call of the example (verb=assign or verb=deassign of the program) is found |
      | timestamp       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | empty               | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | wrong type          | fails LINKIT-CLIENT-TIMESTAMP: 2026-06-26T13:32:07Z                                                                               |
      | timestamp       | malformed           | fails LINKIT-CLIENT-TIMESTAMP: month 13                                                                                           |
      | timestamp       | another valid value | fails LINKIT-CLIENT-TIMESTAMP: US Central time                                                                                    |
      | timestamp       | out of range        | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | other case          | warning LINKIT-CLIENT-TEMPLATE: pm; the document writes PM                                                                        |
      | accesskey       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | empty               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | unknown             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | another valid value | fails LINKIT-CLIENT-PARAMETERS: 123456789-987654321                                                                               |
      | accesskey       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | empty               | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | malformed           | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | unknown             | fails LINKIT-CLIENT-TAG: 40 hex characters that sign nothing                                                                      |
      | tag             | another valid value | fails LINKIT-CLIENT-TAG: HMAC keyed with the access key                                                                           |
      | tag             | other case          | warning LINKIT-CLIENT-ESCAPES: upper-case hex                                                                                     |
      | tag             | duplicated          | fails LINKIT-CLIENT-PARAMETERS: the tag, then a second tag                                                                        |
      | tag             | moved               | fails LINKIT-CLIENT-PARAMETERS: an X-LinkIt-Tag header                                                                            |
      | tag position    | moved               | fails LINKIT-CLIENT-TAG: the tag first, the signed parameters after it                                                            |
      | signed string   | another valid value | fails LINKIT-CLIENT-TAG: the query without the path                                                                               |
      | parameter order | moved               | warning LINKIT-CLIENT-TEMPLATE: accesskey first                                                                                   |
    And it sends StudentID 151557 in its body or in a StudentID header
    And its body, if it has one, is {"StudentID": "151557"} in JSON
    And its Accept header asks for JSON
    And it comes after the client's Example 1 in JSON, with no other removal in between
    And the API answered SUCCESS with the student in program 1552 "LEP" only, as at the end of the session

  @CLIENT-LINKIT-EX1-XML @required @critical @xml
  Scenario: CLIENT-LINKIT-EX1-XML Add the student (StudentID 151557) to the program (ProgramID 19740), in XML
    When the client's call of Example 1, verb=assign of student 151557 to program 19740, is found among its XML calls
    Then it is an HTTP PUT
    And its URL carries verb, timestamp, accesskey and tag, in the template's order
    And its timestamp is the GMT time of the call, written like 6/26/2013 1:32:07 PM
    And its tag verifies for the URL as sent
    And its escapes and its tag are written in lower case, as in the examples
    And its URL is none of these departures from request model client-linkit-url:
      # request model: client-linkit-url
      | element         | operator            | edcert listen's verdict                                                                                                           |
      | method          | another valid value | fails LINKIT-CLIENT-PUT: POST                                                                                                     |
      | method          | other case          | fails LINKIT-CLIENT-PUT: put: RFC 9110 9.1, methods are case-sensitive                                                            |
      | method          | moved               | fails LINKIT-CLIENT-PUT: POST with X-HTTP-Method-Override: PUT                                                                    |
      | program id      | another valid value | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | program id      | malformed           | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | missing             | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | empty               | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | unknown             | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=add: no call of the example (verb=assign or verb=deassign of the program) is found         |
      | verb            | other case          | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=Assign: no call of the example (verb=assign or verb=deassign of the program) is found      |
      | verb            | duplicated          | fails LINKIT-CLIENT-PARAMETERS: verb=assign and verb=deassign in one URL                                                          |
      | verb            | moved               | fails LINKIT-CLIENT-EXAMPLE-SENT: in a verb header: no call of the example (verb=assign or verb=deassign of the program) is found |
      | timestamp       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | empty               | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | wrong type          | fails LINKIT-CLIENT-TIMESTAMP: 2026-06-26T13:32:07Z                                                                               |
      | timestamp       | malformed           | fails LINKIT-CLIENT-TIMESTAMP: month 13                                                                                           |
      | timestamp       | another valid value | fails LINKIT-CLIENT-TIMESTAMP: US Central time                                                                                    |
      | timestamp       | out of range        | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | other case          | warning LINKIT-CLIENT-TEMPLATE: pm; the document writes PM                                                                        |
      | accesskey       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | empty               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | unknown             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | another valid value | fails LINKIT-CLIENT-PARAMETERS: 123456789-987654321                                                                               |
      | accesskey       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | empty               | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | malformed           | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | unknown             | fails LINKIT-CLIENT-TAG: 40 hex characters that sign nothing                                                                      |
      | tag             | another valid value | fails LINKIT-CLIENT-TAG: HMAC keyed with the access key                                                                           |
      | tag             | other case          | warning LINKIT-CLIENT-ESCAPES: upper-case hex                                                                                     |
      | tag             | duplicated          | fails LINKIT-CLIENT-PARAMETERS: the tag, then a second tag                                                                        |
      | tag             | moved               | fails LINKIT-CLIENT-PARAMETERS: an X-LinkIt-Tag header                                                                            |
      | tag position    | moved               | fails LINKIT-CLIENT-TAG: the tag first, the signed parameters after it                                                            |
      | signed string   | another valid value | fails LINKIT-CLIENT-TAG: the query without the path                                                                               |
      | parameter order | moved               | warning LINKIT-CLIENT-TEMPLATE: accesskey first                                                                                   |
    And it sends StudentID 151557 in its body or in a StudentID header
    And its body, if it has one, is <ProgramElement> holding <StudentID>151557</StudentID> in XML
    And its Accept header asks for XML
    And the API answered SUCCESS with the student in program 1552 "LEP" and in program 19740

  @CLIENT-LINKIT-EX2-XML @required @critical @xml
  Scenario: CLIENT-LINKIT-EX2-XML Remove the student (StudentID 151557) from the program (ProgramID 19740), in XML
    When the client's call of Example 2, verb=deassign of student 151557 from program 19740, is found among its XML calls
    Then it is an HTTP PUT
    And its URL carries verb, timestamp, accesskey and tag, in the template's order
    And its timestamp is the GMT time of the call, written like 6/26/2013 1:32:07 PM
    And its tag verifies for the URL as sent
    And its escapes and its tag are written in lower case, as in the examples
    And its URL is none of these departures from request model client-linkit-url:
      # request model: client-linkit-url
      | element         | operator            | edcert listen's verdict                                                                                                           |
      | method          | another valid value | fails LINKIT-CLIENT-PUT: POST                                                                                                     |
      | method          | other case          | fails LINKIT-CLIENT-PUT: put: RFC 9110 9.1, methods are case-sensitive                                                            |
      | method          | moved               | fails LINKIT-CLIENT-PUT: POST with X-HTTP-Method-Override: PUT                                                                    |
      | program id      | another valid value | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | program id      | malformed           | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | missing             | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | empty               | fails LINKIT-CLIENT-EXAMPLE-SENT: no call of the example (verb=assign or verb=deassign of the program) is found                   |
      | verb            | unknown             | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=add: no call of the example (verb=assign or verb=deassign of the program) is found         |
      | verb            | other case          | fails LINKIT-CLIENT-EXAMPLE-SENT: verb=Assign: no call of the example (verb=assign or verb=deassign of the program) is found      |
      | verb            | duplicated          | fails LINKIT-CLIENT-PARAMETERS: verb=assign and verb=deassign in one URL                                                          |
      | verb            | moved               | fails LINKIT-CLIENT-EXAMPLE-SENT: in a verb header: no call of the example (verb=assign or verb=deassign of the program) is found |
      | timestamp       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | empty               | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | wrong type          | fails LINKIT-CLIENT-TIMESTAMP: 2026-06-26T13:32:07Z                                                                               |
      | timestamp       | malformed           | fails LINKIT-CLIENT-TIMESTAMP: month 13                                                                                           |
      | timestamp       | another valid value | fails LINKIT-CLIENT-TIMESTAMP: US Central time                                                                                    |
      | timestamp       | out of range        | fails LINKIT-CLIENT-TIMESTAMP                                                                                                     |
      | timestamp       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | timestamp       | other case          | warning LINKIT-CLIENT-TEMPLATE: pm; the document writes PM                                                                        |
      | accesskey       | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | empty               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | unknown             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | another valid value | fails LINKIT-CLIENT-PARAMETERS: 123456789-987654321                                                                               |
      | accesskey       | duplicated          | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | accesskey       | moved               | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | missing             | fails LINKIT-CLIENT-PARAMETERS                                                                                                    |
      | tag             | empty               | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | malformed           | fails LINKIT-CLIENT-TAG                                                                                                           |
      | tag             | unknown             | fails LINKIT-CLIENT-TAG: 40 hex characters that sign nothing                                                                      |
      | tag             | another valid value | fails LINKIT-CLIENT-TAG: HMAC keyed with the access key                                                                           |
      | tag             | other case          | warning LINKIT-CLIENT-ESCAPES: upper-case hex                                                                                     |
      | tag             | duplicated          | fails LINKIT-CLIENT-PARAMETERS: the tag, then a second tag                                                                        |
      | tag             | moved               | fails LINKIT-CLIENT-PARAMETERS: an X-LinkIt-Tag header                                                                            |
      | tag position    | moved               | fails LINKIT-CLIENT-TAG: the tag first, the signed parameters after it                                                            |
      | signed string   | another valid value | fails LINKIT-CLIENT-TAG: the query without the path                                                                               |
      | parameter order | moved               | warning LINKIT-CLIENT-TEMPLATE: accesskey first                                                                                   |
    And it sends StudentID 151557 in its body or in a StudentID header
    And its body, if it has one, is <ProgramElement> holding <StudentID>151557</StudentID> in XML
    And its Accept header asks for XML
    And it comes after the client's Example 1 in XML, with no other removal in between
    And the API answered SUCCESS with the student in program 1552 "LEP" only, as at the end of the session
