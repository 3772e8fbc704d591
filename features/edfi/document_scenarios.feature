@edfi
Feature: Ed-Fi v3 StudentCohort > StudentCohortAssociation: the scenarios of the Ed-Fi sheet
  Cohorts are used to designate groups of students outside of class Student Information Systems,
  enrollment lists, or extra curricular participation. StudentCohortAssociation: this association
  represents the cohort(s) for which a student is designated.

  Source: the Ed-Fi scenario sheet "v3 StudentCohort > StudentCohortAssociation". Prerequisites:
  Cohort, Student. A "system value" and [Current School Year] come from the target profile; the
  document's values are the defaults. Records of scenarios 1 to 3 stay on the target as evidence.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-S1 @required @critical @shares-sca-s1-record
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
    And POSTing the same association again updates it in place

  @SCA-S3 @required @critical @shares-sca-s1-record
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
