@edfi
Feature: Ed-Fi v3 StudentCohortAssociation - search by natural key: the collection filtered by the natural key finds exactly that association
  The Ed-Fi certification checks read an association back by querying the collection with its natural key
  flattened into query parameters: educationOrganizationId, cohortIdentifier, studentUniqueId and beginDate.
  Only these scenarios (SCA-N23, N38, N40) need collection queries: every other scenario establishes its records
  from the answers to its own POSTs, so an API without search support fails here and nowhere else. An API that
  answers queries from a search index may list a new association a moment after it is written: while the answer
  is an array without one it must hold, the query is asked again, for up to 10 seconds.

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

  @SCA-N38 @required @negative @normal
  Scenario: SCA-N38 Each natural-key filter of the collection query is applied, alone and with the others
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the cohort and the student of scenario 2 exist on the target as well
    And the association is POSTed and created
    And a second association, differing only in its beginDate, is POSTed and created
    And associations differing from it only in the student, and only in the cohort, are POSTed and created
    When the collection is queried with each of these key filters:
      # request model: edfi-query-filters
      | element                 | operator            | sent                                                                              | expected answer                                |
      | beginDate               | alone               | the first association's beginDate, no other filter                                | exactly the scenario's associations that match |
      | studentUniqueId         | alone               | the first association's studentUniqueId, no other filter                          | exactly the scenario's associations that match |
      | cohortIdentifier        | alone               | the first association's cohortIdentifier, no other filter                         | exactly the scenario's associations that match |
      | educationOrganizationId | alone               | the first association's educationOrganizationId, no other filter                  | exactly the scenario's associations that match |
      | beginDate               | another valid value | the second association's beginDate, the first association's other three filters   | exactly the scenario's associations that match |
      | studentUniqueId         | another valid value | scenario 2's studentUniqueId, the first association's other three filters         | exactly the scenario's associations that match |
      | cohortIdentifier        | another valid value | scenario 2's cohortIdentifier, the first association's other three filters        | exactly the scenario's associations that match |
      | educationOrganizationId | another valid value | scenario 2's educationOrganizationId, the first association's other three filters | exactly the scenario's associations that match |
    Then each answer holds exactly the scenario's associations that match its filters

  @SCA-N40 @required @negative @normal
  Scenario: SCA-N40 The collection query pages its matches: limit, offset and totalCount
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the cohort and the student of scenario 2 exist on the target as well
    And the association is POSTed and created
    And a second association, differing only in its beginDate, is POSTed and created
    And associations differing from it only in the student, and only in the cohort, are POSTed and created
    When the collection is queried by the first association's beginDate with each of these paging parameters:
      # request model: edfi-query-paging
      | element    | operator            | sent                                          | expected answer                                 |
      | limit      | another valid value | limit=1                                       | at most that many, each a match                 |
      | offset     | another valid value | limit=1 with offset=0, 1 and 2, then offset=3 | pages that together hold each match once        |
      | totalCount | another valid value | totalCount=true                               | a Total-Count header with the number of matches |
      | limit      | malformed           | limit=abc                                     | 400 Bad Request                                 |
      | offset     | malformed           | offset=abc                                    | 400 Bad Request                                 |
    Then each answer pages the matches as its row names
