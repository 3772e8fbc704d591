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

  Every answer, also those read to set up or to follow up, is held to the same rules: the format
  asked for, an envelope of the document's shape, on SUCCESS HTTP 200, the student sent, each
  program listed once under its name; on ERROR an explanation of at most 100 characters and no Data.
  The student's programs are read by re-assigning a program the student already holds (1552 "LEP"),
  a call that changes nothing. All LinkIt! scenarios share the profile's one student, so they run
  one after another.

  Background:
    Given the vendor's LinkIt! API, with the profile's access key and signing secret

  @LINKIT-EX1-JSON @required @critical @json @shares-linkit-student
  Scenario: LINKIT-EX1-JSON Add the student (StudentID 151557) to the program (ProgramID 19740), in JSON
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with verb=assign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs holds program 19740 "Free and Reduced"
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student in program 19740

  @LINKIT-EX2-JSON @required @critical @json @shares-linkit-student
  Scenario: LINKIT-EX2-JSON Remove the student (StudentID 151557) from the program (ProgramID 19740), in JSON
    Given student 151557 is in program 19740
    When student 151557 is removed from program 19740 with verb=deassign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs no longer holds program 19740
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student no longer in program 19740

  @LINKIT-EX1-XML @required @critical @xml @shares-linkit-student
  Scenario: LINKIT-EX1-XML Add the student (StudentID 151557) to the program (ProgramID 19740), in XML
    Given student 151557 is not in program 19740
    When student 151557 is added to program 19740 with verb=assign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs holds program 19740 "Free and Reduced"
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student in program 19740

  @LINKIT-EX2-XML @required @critical @xml @shares-linkit-student
  Scenario: LINKIT-EX2-XML Remove the student (StudentID 151557) from the program (ProgramID 19740), in XML
    Given student 151557 is in program 19740
    When student 151557 is removed from program 19740 with verb=deassign
    Then the answer is a SUCCESS envelope for student 151557
    And Data.Programs no longer holds program 19740
    And Data.Programs still holds the programs the student was already in
    And a following call shows the student no longer in program 19740
