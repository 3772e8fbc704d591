@edfi
Feature: Ed-Fi v3 StudentCohortAssociation - search by natural key: the collection filtered by the natural key finds exactly that association
  The Ed-Fi certification checks read an association back by querying the collection with its natural key
  flattened into query parameters: educationOrganizationId, cohortIdentifier, studentUniqueId and beginDate.
  Only this scenario needs collection queries: every other scenario establishes its records from the
  answers to its own POSTs, so an API without search support fails here and nowhere else. An API that answers
  queries from a search index may list a new association a moment after it is written: while the answer is an
  array without it, the query is asked again, for up to 10 seconds.

  Source: the Ed-Fi certification checks (certification-testing, StudentCohortAssociations 01 and 02) and
  the published behaviour of the Ed-Fi ODS/API and Data Management Service. Records made here are removed.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-N23 @required @negative @normal
  Scenario: SCA-N23 Querying the collection by the natural key finds exactly that association
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    And a second association, differing only in its beginDate, is POSTed and created
    When the collection is queried by the first association's natural key
    Then the answer is an array holding exactly the first association
    And a query whose studentUniqueId matches nothing answers an empty array
