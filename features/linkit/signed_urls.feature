@linkit
Feature: LinkIt! Add/Remove Student from Program: signed URLs
  The tag is the "token generated for authorization and authentication" over the request URL:
  program id, verb, TimeStamp ("the GMT time at which the call is generated") and AccessKey ("a
  unique key associated with the API user"). A URL changed in any signed part after signing, a tag
  that is not exactly the one signed, a URL without its timestamp, access key or tag, and a
  timestamp far from now (24 hours either way: the document names no window, and no vendor's
  window is assumed tighter than hours) are refused with an ERROR envelope, and the student's
  programs stay as they were. A parameter added after the tag is outside the signature: it is
  never obeyed.

  Each refused call is chosen so that obeying it would visibly change the student's programs (it
  would add the student to program 19740, which they are not in, or remove them from it when they
  are in it), and each one's answer is checked.
  The programs are read once before and once after the calls of a table; when they changed, the
  calls are replayed one at a time to name the one that changed them, and the programs are put back.
  A call without its timestamp, access key or tag is sent both to add the student and to remove them,
  each call followed by a read of the student's programs.

  Source: the LinkIt! document "Add/Remove Student from Program", Parameters for Request URL
  (TimeStamp, AccessKey, Tag) and Response (Result ERROR). Each scenario sets up its own starting
  point; all of them share the profile's one student, so they run one after another.

  Background:
    Given the vendor's LinkIt! API, with the profile's access key and signing secret

  @LINKIT-SEC1-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC1-JSON A call with a wrong tag is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a wrong tag
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC1-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC1-XML A call with a wrong tag is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a wrong tag
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC2-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC2-JSON A valid tag replayed from another program's URL is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with the tag of a call to program 1552, replayed
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC2-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC2-XML A valid tag replayed from another program's URL is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with the tag of a call to program 1552, replayed
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC3-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC3-JSON A call signed with a timestamp 24 hours old is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a timestamp 24 hours old
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC3-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC3-XML A call signed with a timestamp 24 hours old is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a timestamp 24 hours old
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC4-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC4-JSON A call with an unknown access key is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with an unknown access key
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC4-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC4-XML A call with an unknown access key is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with an unknown access key
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC7-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC7-JSON Each signed part of the URL changed alone after signing is refused, in JSON
    Given student 151557 is not in program 19740
    When calls adding student 151557 to program 19740 are signed, each changed in one part, and sent:
      # request model: linkit-tampered
      | element                                                         | operator              | expected answer |
      | program id: signed for 1552, sent for 19740                     | changed after signing | ERROR envelope  |
      | verb: signed as deassign, sent as assign                        | changed after signing | ERROR envelope  |
      | timestamp: one minute earlier than signed                       | changed after signing | ERROR envelope  |
      | accesskey: last character changed                               | changed after signing | ERROR envelope  |
      | tag: last letter or digit changed                               | changed after signing | ERROR envelope  |
      | tag: last letter or digit cut off                               | changed after signing | ERROR envelope  |
      | tag: one character added                                        | changed after signing | ERROR envelope  |
      | tag: letters in the other case (not judged when the tag is hex) | other case            | ERROR envelope  |
    Then every one of these calls is refused with an ERROR envelope
    And a following call shows the student's programs unchanged by any of them

  @LINKIT-SEC7-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC7-XML Each signed part of the URL changed alone after signing is refused, in XML
    Given student 151557 is not in program 19740
    When calls adding student 151557 to program 19740 are signed, each changed in one part, and sent:
      # request model: linkit-tampered
      | element                                                         | operator              | expected answer |
      | program id: signed for 1552, sent for 19740                     | changed after signing | ERROR envelope  |
      | verb: signed as deassign, sent as assign                        | changed after signing | ERROR envelope  |
      | timestamp: one minute earlier than signed                       | changed after signing | ERROR envelope  |
      | accesskey: last character changed                               | changed after signing | ERROR envelope  |
      | tag: last letter or digit changed                               | changed after signing | ERROR envelope  |
      | tag: last letter or digit cut off                               | changed after signing | ERROR envelope  |
      | tag: one character added                                        | changed after signing | ERROR envelope  |
      | tag: letters in the other case (not judged when the tag is hex) | other case            | ERROR envelope  |
    Then every one of these calls is refused with an ERROR envelope
    And a following call shows the student's programs unchanged by any of them

  @LINKIT-SEC8-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC8-JSON A call without its timestamp, access key or tag is refused, in JSON
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-missing
      | element   | operator | expected answer |
      | timestamp | missing  | ERROR envelope  |
      | timestamp | empty    | ERROR envelope  |
      | accesskey | missing  | ERROR envelope  |
      | accesskey | empty    | ERROR envelope  |
      | tag       | missing  | ERROR envelope  |
      | tag       | empty    | ERROR envelope  |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it

  @LINKIT-SEC8-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC8-XML A call without its timestamp, access key or tag is refused, in XML
    Given student 151557 is not in program 19740
    When calls for student 151557 and program 19740 are sent, each changed as its row says:
      # request model: linkit-missing
      | element   | operator | expected answer |
      | timestamp | missing  | ERROR envelope  |
      | timestamp | empty    | ERROR envelope  |
      | accesskey | missing  | ERROR envelope  |
      | accesskey | empty    | ERROR envelope  |
      | tag       | missing  | ERROR envelope  |
      | tag       | empty    | ERROR envelope  |
    Then each call gets the answer its row expects, and no call changes the student's programs unless its row allows it

  @LINKIT-SEC9-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC9-JSON A call signed with a timestamp 24 hours ahead is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a timestamp 24 hours ahead
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC9-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC9-XML A call signed with a timestamp 24 hours ahead is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a timestamp 24 hours ahead
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC10-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC10-JSON A parameter repeated after the tag is not obeyed, in JSON
    Given student 151557 is not in program 19740
    When a signed call removing student 151557 from program 19740 is sent with a parameter added after the tag:
      # request model: linkit-after-tag
      | element      | operator               | expected answer                                  |
      | &verb=assign | appended after the tag | ERROR envelope, or served as the signed deassign |
      | &Verb=assign | appended after the tag | ERROR envelope, or served as the signed deassign |
      | ;verb=assign | appended after the tag | ERROR envelope, or served as the signed deassign |
    Then no answer shows the student in program 19740: each call is refused, or answered as the signed deassign
    And a following call shows the student's programs unchanged by any of them

  @LINKIT-SEC10-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC10-XML A parameter repeated after the tag is not obeyed, in XML
    Given student 151557 is not in program 19740
    When a signed call removing student 151557 from program 19740 is sent with a parameter added after the tag:
      # request model: linkit-after-tag
      | element      | operator               | expected answer                                  |
      | &verb=assign | appended after the tag | ERROR envelope, or served as the signed deassign |
      | &Verb=assign | appended after the tag | ERROR envelope, or served as the signed deassign |
      | ;verb=assign | appended after the tag | ERROR envelope, or served as the signed deassign |
    Then no answer shows the student in program 19740: each call is refused, or answered as the signed deassign
    And a following call shows the student's programs unchanged by any of them

  @LINKIT-SEC11-JSON @required @security @blocker @json @shares-linkit-student
  Scenario: LINKIT-SEC11-JSON A signed URL changed to remove the student from a program is refused, in JSON
    Given student 151557 is in program 19740
    When calls removing student 151557 from program 19740 are signed, each changed in one part, and sent:
      # request model: linkit-tampered-removing
      | element                                   | operator              | expected answer |
      | verb: signed as assign, sent as deassign  | changed after signing | ERROR envelope  |
      | timestamp: one minute earlier than signed | changed after signing | ERROR envelope  |
      | tag: last letter or digit changed         | changed after signing | ERROR envelope  |
    Then every one of these calls is refused with an ERROR envelope
    And a following call shows the student's programs unchanged by any of them

  @LINKIT-SEC11-XML @required @security @blocker @xml @shares-linkit-student
  Scenario: LINKIT-SEC11-XML A signed URL changed to remove the student from a program is refused, in XML
    Given student 151557 is in program 19740
    When calls removing student 151557 from program 19740 are signed, each changed in one part, and sent:
      # request model: linkit-tampered-removing
      | element                                   | operator              | expected answer |
      | verb: signed as assign, sent as deassign  | changed after signing | ERROR envelope  |
      | timestamp: one minute earlier than signed | changed after signing | ERROR envelope  |
      | tag: last letter or digit changed         | changed after signing | ERROR envelope  |
    Then every one of these calls is refused with an ERROR envelope
    And a following call shows the student's programs unchanged by any of them
