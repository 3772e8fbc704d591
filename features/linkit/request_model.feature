@linkit
Feature: LinkIt! Add/Remove Student from Program: every element of the call, each one wrong
  The call has a method (PUT), a path with the program id, the query parameters verb, timestamp,
  accesskey and tag, and the StudentID in a header and a JSON or XML body. Each table below takes one
  element and changes it one way (left out, empty, malformed, of the wrong type, out of range, moved,
  duplicated, in the other letter case), signed as sent, so that only that element is wrong. The rows
  come from edcert's request model (python -m edcert.inputs); the README lists every cell, with the
  cells not sent and why. The last column says what is sent, with the document's values; where it
  holds a ';', the values before it are sent to add the student and those after it to remove them.

  Each call is sent from the starting point that makes obeying it visible: to add the student, they
  are not in the program; to remove them, they are. Each call is followed by a read of the student's
  programs: a refused call changes nothing. Where the document can be read two ways, the row says
  so: obeying such a call is a warning, not a failure. A signed URL fetched with another method than
  the document's PUT must not change enrolment, whatever it answers.

  Source: the LinkIt! document "Add/Remove Student from Program", Resource URI (HTTPS PUT), Parameters
  for Request URL (id INTEGER, TimeStamp DATETIME, AccessKey, Tag), Parameters for Request Header
  (StudentID INTEGER), the JSON and XML examples, and Response (Result ERROR). All scenarios share the
  profile's one student, so they run one after another.

  Background:
    Given the vendor's LinkIt! API, with the profile's access key and signing secret

  @LINKIT-SEC12-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC12-JSON A call whose verb is neither assign nor deassign is refused
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-verb
      | element | operator   | expected answer                   | sent                                           |
      | verb    | missing    | ERROR envelope                    | no verb parameter                              |
      | verb    | empty      | ERROR envelope                    | verb=                                          |
      | verb    | unknown    | ERROR envelope                    | enroll, assigned, reassign; enroll, deassigned |
      | verb    | wrong type | ERROR envelope                    | 0, 1, 2                                        |
      | verb    | moved      | ERROR envelope                    | no verb in the URL, "verb" in the JSON body    |
      | verb    | other case | ERROR envelope; obeyed: a warning | ASSIGN, Assign; DEASSIGN, Deassign             |
      | verb    | duplicated | ERROR envelope; obeyed: a warning | verb=assign&verb=deassign, and the other order |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it

  @LINKIT-SEC13-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC13-JSON A call whose timestamp does not parse is refused
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-timestamp
      | element   | operator     | expected answer                   | sent                                        |
      | timestamp | malformed    | ERROR envelope                    | now; the time with an x after it            |
      | timestamp | out of range | ERROR envelope                    | month 13                                    |
      | timestamp | wrong type   | ERROR envelope                    | Unix seconds                                |
      | timestamp | moved        | ERROR envelope                    | no timestamp in the URL, a Timestamp header |
      | timestamp | duplicated   | ERROR envelope; obeyed: a warning | 24 hours old and now, in either order       |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it

  @LINKIT-SEC14-JSON @required @negative @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC14-JSON A call whose StudentID is not an integer, or whose body does not parse, is refused
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-student
      | element                    | operator     | expected answer                   | sent                               |
      | StudentID header           | empty        | ERROR envelope                    | StudentID: (nothing), no body      |
      | StudentID header           | malformed    | ERROR envelope                    | 151557x, 1_51557                   |
      | StudentID header           | wrong type   | ERROR envelope                    | 151557.0                           |
      | StudentID header           | out of range | ERROR envelope                    | -151557                            |
      | StudentID header           | too long     | ERROR envelope                    | 151557 + 2^64                      |
      | StudentID of the JSON body | empty        | ERROR envelope                    | {"StudentID": ""}                  |
      | StudentID of the JSON body | malformed    | ERROR envelope                    | 151557x, fullwidth digits, 1_51557 |
      | StudentID of the JSON body | wrong type   | ERROR envelope                    | {"StudentID": ["151557"]}          |
      | JSON body                  | malformed    | ERROR envelope                    | cut before its closing brace       |
      | StudentID of the XML body  | empty        | ERROR envelope                    | <StudentID></StudentID>            |
      | StudentID of the XML body  | malformed    | ERROR envelope                    | 151557x, fullwidth digits          |
      | XML body                   | malformed    | ERROR envelope                    | without its closing tag            |
      | StudentID header and body  | duplicated   | ERROR envelope; obeyed: a warning | header 151557, body 0; and back    |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it

  @LINKIT-SEC15-JSON @required @negative @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC15-JSON A call whose program id is not an integer is refused
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-program-id
      | element    | operator     | expected answer                           | sent                             |
      | program id | malformed    | ERROR envelope; a router's 4xx: a warning | 19740x, 1_9740, fullwidth digits |
      | program id | wrong type   | ERROR envelope; a router's 4xx: a warning | 19740.0                          |
      | program id | out of range | ERROR envelope; a router's 4xx: a warning | -19740                           |
      | program id | too long     | ERROR envelope; a router's 4xx: a warning | 19740 + 2^64                     |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it

  @LINKIT-SEC16-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC16-JSON A signed URL sent with another method than PUT changes nothing
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-method
      | element       | operator            | expected answer             |
      | method GET    | another valid value | any answer, nothing changed |
      | method HEAD   | another valid value | any answer, nothing changed |
      | method POST   | another valid value | any answer, nothing changed |
      | method DELETE | another valid value | any answer, nothing changed |
      | method PATCH  | another valid value | any answer, nothing changed |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it
