@edfi
Feature: Ed-Fi v3 StudentCohortAssociation - input validation: an association that breaks the resource's rules is rejected and nothing is stored
  A POST that leaves out a required value, gives a value of the wrong type or length, a date that does not
  exist, an id of its own, or a body that is not one JSON object is rejected with 400 Bad Request and an
  Ed-Fi error body, and stores nothing. References to a cohort or student that does not exist are refused.
  SCA-N33 and N34 send every cell of edcert's request model for the body (src/edcert/inputs/edfi.py): each
  part of each reference, each date and the body itself, missing, empty, of the wrong type, not parsing, too
  long or out of range under every Data Standard; a PUT is held to the same rules as a POST.

  Lengths are judged by the Data Standard the API declares (or the profile names); without one, the value
  sent is one character longer than the longest any Data Standard allows (37 and 33 characters).
  Every other value sent here is wrong on every Data Standard (3.x to 6.x) and every Ed-Fi API a vendor may run:
  the ODS/API turns "255901107" into an integer and 1 into "1", and the Data Management Service coerces
  numeric strings, so neither is used as a wrong type. Each scenario uses a beginDate generated from the
  seed, so its records stay apart from every other scenario's; whatever is stored all the same is removed.

  Source: the resource table of the Ed-Fi sheet (Data Type, Required), the Ed-Fi Data Standard lengths,
  and the published behaviour of the Ed-Fi ODS/API and Data Management Service.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-N3 @required @negative @normal
  Scenario: SCA-N3 An association without one of its required values is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each of these required values left out in turn:
      | left out                                |
      | cohortReference                         |
      | cohortReference.cohortIdentifier        |
      | cohortReference.educationOrganizationId |
      | studentReference                        |
      | studentReference.studentUniqueId        |
      | beginDate                               |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body

  @SCA-N13 @required @negative @normal
  Scenario: SCA-N13 An association with a value of the wrong type is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each of these values of the wrong type:
      | property                                | value             | wrong because                             |
      | cohortReference                         | "1"               | text where a reference object belongs     |
      | studentReference                        | ["111111"]        | an array where a reference object belongs |
      | cohortReference.educationOrganizationId | "ABC"             | text that is no number, for an integer    |
      | cohortReference.educationOrganizationId | {"id": 255901107} | an object where an integer belongs        |
      | cohortReference.educationOrganizationId | past the largest  | an integer the Data Standard cannot hold  |
      | cohortReference.cohortIdentifier        | {"value": "1"}    | an object where a string belongs          |
      | studentReference.studentUniqueId        | ["111111"]        | an array where a string belongs           |
      | beginDate                               | ["2026-09-14"]    | an array where a date belongs             |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body

  @SCA-N14 @required @negative @normal
  Scenario: SCA-N14 Dates that do not exist are rejected; a date not written yyyy-mm-dd is rejected or read right
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each of these dates that do not exist:
      | property  | value      |
      | beginDate | 2026-02-30 |
      | endDate   | 2026-04-31 |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body
    And POSTing it with valid values afterwards creates it: 201 Created, so nothing was stored before
    When an association is POSTed with its beginDate written M/D/YYYY, as the Ed-Fi sheet writes dates
    Then the API rejects it with 400 Bad Request, or stores that same date and reads it back as yyyy-mm-dd

  @SCA-N15 @required @negative @normal
  Scenario: SCA-N15 An association with a value longer than its Data Standard allows is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each of these values one character longer than the Data Standard judged allows:
      | property                         | longest allowed                                         |
      | cohortReference.cohortIdentifier | 20 (Data Standard 3 and 4), 36 (Data Standard 5 and on) |
      | studentReference.studentUniqueId | 32                                                      |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body

  @SCA-N16 @required @negative @normal
  Scenario: SCA-N16 A POST that assigns its own id is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with an id of its own
    Then the API rejects it with 400 Bad Request
    And POSTing it with valid values afterwards creates it: 201 Created, so nothing was stored before

  @SCA-N17 @required @negative @normal
  Scenario: SCA-N17 A POST whose body is not one JSON object is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed as each of these bodies:
      | body                                 |
      | an empty body                        |
      | JSON cut short in the middle         |
      | a JSON array holding the association |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body
    And POSTing it with valid values afterwards creates it: 201 Created, so nothing was stored before

  @SCA-N4 @required @negative @normal
  Scenario: SCA-N4 An association with a student that does not exist is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed for a student that does not exist
    Then the API rejects it with 409 Conflict or 403 Forbidden

  @SCA-N5 @required @negative @normal
  Scenario: SCA-N5 An association with a cohort that does not exist is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed for a cohort that does not exist
    Then the API rejects it with 409 Conflict

  @SCA-N33 @required @negative @normal
  Scenario: SCA-N33 A POST with any one value of the association broken is rejected and stores nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each value of the model broken in turn:
      # request model: edfi-association-body
      | element                                 | operator     | sent                                                                                | expected answer |
      | the body                                | empty        | an empty body                                                                       | 400 Bad Request |
      | the body                                | malformed    | JSON cut short in the middle                                                        | 400 Bad Request |
      | the body                                | wrong type   | a JSON array holding the association                                                | 400 Bad Request |
      | cohortReference                         | missing      | left out                                                                            | 400 Bad Request |
      | cohortReference                         | wrong type   | "1"; ["1"]                                                                          | 400 Bad Request |
      | cohortReference.cohortIdentifier        | missing      | left out                                                                            | 400 Bad Request |
      | cohortReference.cohortIdentifier        | empty        | ""                                                                                  | 400 Bad Request |
      | cohortReference.cohortIdentifier        | wrong type   | {"value": "1"}; ["1"]                                                               | 400 Bad Request |
      | cohortReference.cohortIdentifier        | too long     | 37 characters (at most 36)                                                          | 400 Bad Request |
      | cohortReference.educationOrganizationId | missing      | left out                                                                            | 400 Bad Request |
      | cohortReference.educationOrganizationId | empty        | ""                                                                                  | 400 Bad Request |
      | cohortReference.educationOrganizationId | wrong type   | "ABC"; {"id": 255901107}                                                            | 400 Bad Request |
      | cohortReference.educationOrganizationId | malformed    | 1.5 (not an integer)                                                                | 400 Bad Request |
      | cohortReference.educationOrganizationId | out of range | 9223372036854775808; -9223372036854775809                                           | 400 Bad Request |
      | studentReference                        | missing      | left out                                                                            | 400 Bad Request |
      | studentReference                        | wrong type   | ["111111"]; "111111"                                                                | 400 Bad Request |
      | studentReference.studentUniqueId        | missing      | left out                                                                            | 400 Bad Request |
      | studentReference.studentUniqueId        | empty        | ""                                                                                  | 400 Bad Request |
      | studentReference.studentUniqueId        | wrong type   | ["111111"]; {"id": "111111"}                                                        | 400 Bad Request |
      | studentReference.studentUniqueId        | too long     | 33 characters (at most 32)                                                          | 400 Bad Request |
      | beginDate                               | missing      | left out                                                                            | 400 Bad Request |
      | beginDate                               | empty        | ""                                                                                  | 400 Bad Request |
      | beginDate                               | wrong type   | ["2026-09-14"]; 20260914                                                            | 400 Bad Request |
      | beginDate                               | malformed    | "2026-02-30"; "2026-13-01"; "2026-09-14T00:00:00" (a date-time where a date is due) | 400 Bad Request |
      | endDate                                 | wrong type   | ["2026-09-21"]; 20260921                                                            | 400 Bad Request |
      | endDate                                 | malformed    | "2026-04-31"; "2026-09-21T00:00:00" (a date-time where a date is due)               | 400 Bad Request |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body
    And POSTing it with valid values afterwards creates it: 201 Created, so nothing was stored before

  @SCA-N34 @required @negative @normal
  Scenario: SCA-N34 A PUT with any one value of the association broken is rejected and changes nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is PUT with each value of the model broken in turn:
      # request model: edfi-association-body
      | element                                 | operator     | sent                                                                                | expected answer |
      | the body                                | empty        | an empty body                                                                       | 400 Bad Request |
      | the body                                | malformed    | JSON cut short in the middle                                                        | 400 Bad Request |
      | the body                                | wrong type   | a JSON array holding the association                                                | 400 Bad Request |
      | cohortReference                         | missing      | left out                                                                            | 400 Bad Request |
      | cohortReference                         | wrong type   | "1"; ["1"]                                                                          | 400 Bad Request |
      | cohortReference.cohortIdentifier        | missing      | left out                                                                            | 400 Bad Request |
      | cohortReference.cohortIdentifier        | empty        | ""                                                                                  | 400 Bad Request |
      | cohortReference.cohortIdentifier        | wrong type   | {"value": "1"}; ["1"]                                                               | 400 Bad Request |
      | cohortReference.cohortIdentifier        | too long     | 37 characters (at most 36)                                                          | 400 Bad Request |
      | cohortReference.educationOrganizationId | missing      | left out                                                                            | 400 Bad Request |
      | cohortReference.educationOrganizationId | empty        | ""                                                                                  | 400 Bad Request |
      | cohortReference.educationOrganizationId | wrong type   | "ABC"; {"id": 255901107}                                                            | 400 Bad Request |
      | cohortReference.educationOrganizationId | malformed    | 1.5 (not an integer)                                                                | 400 Bad Request |
      | cohortReference.educationOrganizationId | out of range | 9223372036854775808; -9223372036854775809                                           | 400 Bad Request |
      | studentReference                        | missing      | left out                                                                            | 400 Bad Request |
      | studentReference                        | wrong type   | ["111111"]; "111111"                                                                | 400 Bad Request |
      | studentReference.studentUniqueId        | missing      | left out                                                                            | 400 Bad Request |
      | studentReference.studentUniqueId        | empty        | ""                                                                                  | 400 Bad Request |
      | studentReference.studentUniqueId        | wrong type   | ["111111"]; {"id": "111111"}                                                        | 400 Bad Request |
      | studentReference.studentUniqueId        | too long     | 33 characters (at most 32)                                                          | 400 Bad Request |
      | beginDate                               | missing      | left out                                                                            | 400 Bad Request |
      | beginDate                               | empty        | ""                                                                                  | 400 Bad Request |
      | beginDate                               | wrong type   | ["2026-09-14"]; 20260914                                                            | 400 Bad Request |
      | beginDate                               | malformed    | "2026-02-30"; "2026-13-01"; "2026-09-14T00:00:00" (a date-time where a date is due) | 400 Bad Request |
      | endDate                                 | wrong type   | ["2026-09-21"]; 20260921                                                            | 400 Bad Request |
      | endDate                                 | malformed    | "2026-04-31"; "2026-09-21T00:00:00" (a date-time where a date is due)               | 400 Bad Request |
    Then the API rejects every one with 400 Bad Request and an Ed-Fi error body
    And reading it back shows it exactly as it was created: the refused PUTs changed nothing

  @SCA-N36 @required @negative @normal
  Scenario: SCA-N36 A cohort reference resolves by both its fields: an existing cohort's identifier at another education organization is refused
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the cohort and the student of scenario 2 exist on the target as well
    When the association is POSTed with each reference that resolves only in part:
      # request model: edfi-references
      | element                                 | operator            | sent                                                                                       | expected answer |
      | cohortReference.educationOrganizationId | another valid value | scenario 2's educationOrganizationId, with scenario 1's cohortIdentifier                   | 409, or 403     |
      | cohortReference.cohortIdentifier        | another valid value | scenario 2's cohortIdentifier, at scenario 1's educationOrganizationId                     | 409, or 403     |
      | cohortReference.educationOrganizationId | unknown             | scenario 1's cohortIdentifier at an education organization generated from the seed (int32) | 409, or 403     |
    Then each is refused with 409 Conflict or 403 Forbidden, unless that cohort exists there
