@edfi
Feature: Ed-Fi client, read back: what the SIS stored for StudentCohort > StudentCohortAssociation
  The other side of the Ed-Fi scenario sheet "v3 StudentCohort > StudentCohortAssociation", judged
  the way Ed-Fi's own SIS certification does: by reading back what the SIS wrote into an Ed-Fi API
  (the vendor's sandbox), finding each record by its natural key and comparing every value.

  Two phases. After the SIS did scenarios 1 and 2, `edcert readback --scenarios SCA-S1,SCA-S2`
  finds both records and keeps their ids in the report directory. After the SIS did scenario 3,
  `edcert readback --scenarios SCA-S3` requires the same record, same id, now with endDate 9/21 and
  nothing else changed. The values are the sheet's, or the profile's "system values".

  Background:
    Given the Ed-Fi API the SIS wrote to, read with the profile's client credentials

  @CLIENT-SCA-S1 @required @critical
  Scenario: CLIENT-SCA-S1 Create a student cohort association for an elementary school student
    Given the values of scenario 1:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901107                        |
      | cohortReference.cohortIdentifier        | "1" if possible, or system value |
      | studentReference.studentUniqueId        | 111111                           |
      | beginDate                               | 9/14/[Current School Year]       |
    When the association is looked up on the API by its natural key
    Then exactly one association is found, with its id
    And it carries every value of scenario 1, and no end date yet
    And its id is kept in the report directory for the second phase

  @CLIENT-SCA-S2 @required @critical
  Scenario: CLIENT-SCA-S2 Create a student cohort association for a high school student
    Given the values of scenario 2:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901001                        |
      | cohortReference.cohortIdentifier        | "2" if possible, or system value |
      | studentReference.studentUniqueId        | 222222                           |
      | beginDate                               | 9/14/[Current School Year]       |
    When the association is looked up on the API by its natural key
    Then exactly one association is found, with its id
    And it carries every value of scenario 2, and no end date yet
    And its id is kept in the report directory for the second phase

  @CLIENT-SCA-S3 @required @critical
  Scenario: CLIENT-SCA-S3 Add an end date to the student cohort association for an elementary student
    Given the values of scenario 3:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901107                        |
      | cohortReference.cohortIdentifier        | "1" if possible, or system value |
      | studentReference.studentUniqueId        | 111111                           |
      | beginDate                               | 9/14/[Current School Year]       |
      | endDate                                 | 9/21/[Current School Year]       |
    And the id the first phase found for the association of scenario 1
    When the association is looked up on the API by its natural key
    Then exactly one association is found, the record the first phase found, same id
    And reading it by its id gives the end date of scenario 3 and every other value unchanged
