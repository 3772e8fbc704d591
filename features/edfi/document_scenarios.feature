@edfi
Feature: Ed-Fi v3 StudentCohort > StudentCohortAssociation
  Cohorts are used to designate groups of students outside of class Student Information Systems,
  enrollment lists, or extra curricular participation. StudentCohortAssociation: this association
  represents the cohort(s) for which a student is designated.

  Source: the Ed-Fi scenario sheet "v3 StudentCohort > StudentCohortAssociation". Prerequisites:
  Cohort, Student. A "system value" and [Current School Year] come from the target profile; the
  document's values are the defaults. Records of scenarios 1 to 3 stay on the target as evidence;
  records made by the negative scenarios are removed afterwards.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-S1 @required @critical
  Scenario: SCA-S1 Create a student cohort association for an elementary school student
    Given the values of scenario 1:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901107                        |
      | cohortReference.cohortIdentifier        | "1" if possible, or system value |
      | studentReference.studentUniqueId        | 111111                           |
      | beginDate                               | 9/14/[Current School Year]       |
    And the cohort and the student they refer to exist on the target
    When the association is POSTed
    Then it is created: 201 Created, or 200 OK if it already existed
    And its Location header leads to the association
    And reading it back gives every value sent, unchanged
    And querying the collection by its natural key finds exactly that association
    And POSTing the same association again updates it in place

  @SCA-S2 @required @critical
  Scenario: SCA-S2 Create a student cohort association for a high school student
    Given the values of scenario 2:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901001                        |
      | cohortReference.cohortIdentifier        | "2" if possible, or system value |
      | studentReference.studentUniqueId        | 222222                           |
      | beginDate                               | 9/14/[Current School Year]       |
    And the cohort and the student they refer to exist on the target
    When the association is POSTed
    Then it is created: 201 Created, or 200 OK if it already existed
    And its Location header leads to the association
    And reading it back gives every value sent, unchanged
    And querying the collection by its natural key finds exactly that association
    And POSTing the same association again updates it in place

  @SCA-S3 @required @critical
  Scenario: SCA-S3 Add an end date to the student cohort association for an elementary student
    Given the values of scenario 3:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901107                        |
      | cohortReference.cohortIdentifier        | "1" if possible, or system value |
      | studentReference.studentUniqueId        | 111111                           |
      | beginDate                               | 9/14/[Current School Year]       |
      | endDate                                 | 9/21/[Current School Year]       |
    And the cohort and the student they refer to exist on the target
    And the association of scenario 1 exists on the target
    When the association is PUT with its end date
    Then the update is accepted: 204 No Content, or 200 OK
    And reading it back shows the end date and every other value unchanged

  @SCA-N1 @required @security @blocker
  Scenario: SCA-N1 A request without a bearer token is refused
    Given the values of scenario 1
    When the collection is queried by the association's natural key without a bearer token
    Then the API refuses it with 401 Unauthorized

  @SCA-N2 @required @security @blocker
  Scenario: SCA-N2 A wrong client secret gets no token
    When a token is requested for the profile's client id with a wrong secret
    Then the token endpoint refuses it with 401 Unauthorized, or 400 Bad Request and error invalid_client

  @SCA-N3 @required @negative @normal
  Scenario: SCA-N3 An association without its required beginDate is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed without beginDate
    Then the API rejects it with 400 Bad Request

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

  @SCA-N6 @required @negative @normal
  Scenario: SCA-N6 Changing beginDate, part of the natural key, with PUT is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is PUT with a different beginDate
    Then the API rejects it with 400 Bad Request

  @SCA-N7 @required @negative @normal
  Scenario: SCA-N7 A new association can be deleted, and is gone afterwards
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed
    Then it is created: 201 Created, or 200 OK if it already existed
    When the association is DELETEd
    Then the API answers 204 No Content
    And reading it afterwards answers 404 Not Found
