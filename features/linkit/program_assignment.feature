@linkit
Feature: LinkIt! Add/Remove Student from Program
  Using the LinkIt! REST API, you can add a student to or remove a student from a program:
  HTTPS PUT /programs/{id}?verb=assign|deassign&timestamp={TimeStamp}&accesskey={AccessKey}&tag={Token},
  with the StudentID of the student. The answer is a Result/Data/Error envelope: on SUCCESS, Data
  lists every program the student is in after the call and Error is null; on ERROR, Error explains
  in at most 100 characters.

  Source: the LinkIt! document "Add/Remove Student from Program", Examples 1 and 2, in JSON and
  XML. The student, the program and the programs the student already holds come from the target
  profile; the document's values are the defaults. Each example sets up its own starting point,
  so any example runs alone, in any order, and twice in a row with the same verdict.

  Background:
    Given the vendor's LinkIt! API, with the profile's access key and signing secret

  @LINKIT-EX1-JSON @required @critical @json
  Scenario: LINKIT-EX1-JSON Add the student (StudentID 151557) to the program (ProgramID 19740), in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with verb=assign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs holds program 19740 "Free and Reduced"
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student in program 19740

  @LINKIT-EX2-JSON @required @critical @json
  Scenario: LINKIT-EX2-JSON Remove the student (StudentID 151557) from the program (ProgramID 19740), in JSON
    Given student 151557 is in program 19740
    When student 151557 is removed from program 19740 with verb=deassign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs no longer holds program 19740
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student no longer in program 19740

  @LINKIT-EX1-XML @required @critical @xml
  Scenario: LINKIT-EX1-XML Add the student (StudentID 151557) to the program (ProgramID 19740), in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with verb=assign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs holds program 19740 "Free and Reduced"
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student in program 19740

  @LINKIT-EX2-XML @required @critical @xml
  Scenario: LINKIT-EX2-XML Remove the student (StudentID 151557) from the program (ProgramID 19740), in XML
    Given student 151557 is in program 19740
    When student 151557 is removed from program 19740 with verb=deassign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs no longer holds program 19740
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student no longer in program 19740

  @LINKIT-SEC1-JSON @required @security @blocker @json
  Scenario: LINKIT-SEC1-JSON A call with a wrong tag is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a wrong tag
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC1-XML @required @security @blocker @xml
  Scenario: LINKIT-SEC1-XML A call with a wrong tag is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a wrong tag
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC2-JSON @required @security @blocker @json
  Scenario: LINKIT-SEC2-JSON A valid tag replayed from another program's URL is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with the tag of a call to program 1552, replayed
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC2-XML @required @security @blocker @xml
  Scenario: LINKIT-SEC2-XML A valid tag replayed from another program's URL is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with the tag of a call to program 1552, replayed
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC3-JSON @required @security @blocker @json
  Scenario: LINKIT-SEC3-JSON A call signed with a timestamp 24 hours old is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a timestamp 24 hours old
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC3-XML @required @security @blocker @xml
  Scenario: LINKIT-SEC3-XML A call signed with a timestamp 24 hours old is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with a timestamp 24 hours old
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC4-JSON @required @security @blocker @json
  Scenario: LINKIT-SEC4-JSON A call with an unknown access key is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with an unknown access key
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC4-XML @required @security @blocker @xml
  Scenario: LINKIT-SEC4-XML A call with an unknown access key is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with an unknown access key
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC5-JSON @required @negative @normal @json
  Scenario: LINKIT-SEC5-JSON A call for a program id that does not exist is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to a program id that does not exist
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC5-XML @required @negative @normal @xml
  Scenario: LINKIT-SEC5-XML A call for a program id that does not exist is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to a program id that does not exist
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC6-JSON @required @negative @normal @json
  Scenario: LINKIT-SEC6-JSON A call without StudentID is refused, in JSON
    Given student 151557 is not in program 19740
    When program 19740 is assigned without a StudentID
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC6-XML @required @negative @normal @xml
  Scenario: LINKIT-SEC6-XML A call without StudentID is refused, in XML
    Given student 151557 is not in program 19740
    When program 19740 is assigned without a StudentID
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged
