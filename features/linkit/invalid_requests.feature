@linkit
Feature: LinkIt! Add/Remove Student from Program: requests naming what does not exist, or nothing
  The program id names a program "in the LinkIt! database" and StudentID is required. A call for a
  program that does not exist, or without a StudentID, is refused with an ERROR envelope and leaves
  the student's programs as they were.

  Source: the LinkIt! document "Add/Remove Student from Program", Parameters for Request URL (id)
  and Parameters for Request Header (StudentID, Required: Yes). Each scenario sets up its own
  starting point; all of them share the profile's one student, so they run one after another.

  Background:
    Given the vendor's LinkIt! API, with the profile's access key and signing secret

  @LINKIT-SEC5-JSON @required @negative @normal @json @shares-linkit-student
  Scenario: LINKIT-SEC5-JSON A call for a program id that does not exist is refused, in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to a program id that does not exist
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC5-XML @required @negative @normal @xml @shares-linkit-student
  Scenario: LINKIT-SEC5-XML A call for a program id that does not exist is refused, in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to a program id that does not exist
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC6-JSON @required @negative @normal @json @shares-linkit-student
  Scenario: LINKIT-SEC6-JSON A call without StudentID is refused, in JSON
    Given student 151557 is not in program 19740
    When program 19740 is assigned without a StudentID
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged

  @LINKIT-SEC6-XML @required @negative @normal @xml @shares-linkit-student
  Scenario: LINKIT-SEC6-XML A call without StudentID is refused, in XML
    Given student 151557 is not in program 19740
    When program 19740 is assigned without a StudentID
    Then the answer is an ERROR envelope
    And a following call shows the student's programs unchanged
