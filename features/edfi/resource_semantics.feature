@edfi
Feature: Ed-Fi v3 StudentCohortAssociation - resource semantics: upsert, replace, delete, ids and optimistic locking as the Ed-Fi API defines them
  A POST is an upsert on the natural key (beginDate, cohort, education organization, student): a new key
  is created (201), an existing one is updated in place (200) with the values sent. A PUT replaces the
  association its URL names and may not change its natural key. A DELETE removes it (204 No Content, or 200 OK
  with a body describing the outcome, as RFC 9110 allows). An id that does not exist answers 404. Where the API
  issues ETags, a stale If-Match is refused with 412.

  Source: the published behaviour of the Ed-Fi ODS/API and Data Management Service, and RFC 9110. Each
  scenario uses a beginDate generated from the seed and removes what it created.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-N18 @required @negative @critical
  Scenario: SCA-N18 POSTing an existing association with a changed end date updates it
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the same association is POSTed again with an end date
    Then the API answers 200 OK with the same Location
    And reading it back shows that end date

  @SCA-N19 @required @negative @critical
  Scenario: SCA-N19 A PUT replaces the association: a value it leaves out is removed
    Given the values of scenario 1, with a beginDate generated from the seed, and an end date
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is PUT with another end date
    Then the update is accepted: 204 No Content, or 200 OK
    And reading it back shows the new end date: the PUT was stored
    When the association is PUT without its end date
    Then the update is accepted: 204 No Content, or 200 OK
    And reading it back shows no end date

  @SCA-N6 @required @negative @normal
  Scenario: SCA-N6 Changing beginDate, part of the natural key, with PUT is rejected
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is PUT with a different beginDate
    Then the API rejects it with 400 Bad Request

  @SCA-N21 @required @negative @critical
  Scenario: SCA-N21 A PUT changes only the association its URL names, whatever id its body carries
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    And a second association, differing only in its beginDate, is POSTed and created
    When the first association is PUT with an end date and the second association's id in its body
    Then the API refuses it with 400 Bad Request, or accepts it for the first association
    And reading the second association back shows it unchanged

  @SCA-N7 @required @negative @normal
  Scenario: SCA-N7 A new association can be deleted, and is gone afterwards; another one stays
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And a second association, differing only in its beginDate, is POSTed and created
    When the association is POSTed
    Then it is created: 201 Created
    When the association is DELETEd
    Then the DELETE is accepted: 204 No Content, or 200 OK
    And reading it afterwards answers 404 Not Found
    And the second association is still there

  @SCA-N20 @required @negative @normal
  Scenario: SCA-N20 An id that does not exist answers 404 Not Found, also after a DELETE
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is DELETEd
    Then the DELETE is accepted: 204 No Content, or 200 OK
    And reading it afterwards answers 404 Not Found
    And DELETEing it again answers 404 Not Found
    And a PUT to its id answers 404 Not Found, and does not bring it back
    And reading an id that was never issued answers 404 Not Found

  @SCA-N22 @required @negative @normal
  Scenario: SCA-N22 A PUT or DELETE with a stale If-Match is refused with 412 and changes nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created, with the ETag the API gives it
    When the association is PUT with an end date and If-Match carrying that ETag
    Then the update is accepted: 204 No Content, or 200 OK, where the API gives ETags
    And reading it back shows that end date, with a new ETag, where the API gives ETags
    When the association is PUT with another end date and If-Match carrying that ETag, now stale
    Then the API answers 412 Precondition Failed
    When the association is DELETEd with If-Match carrying that ETag, now stale
    Then the API answers 412 Precondition Failed
    And reading it back shows the first end date: the stale requests changed nothing

  @SCA-N35 @required @negative @critical
  Scenario: SCA-N35 A PUT that changes any natural-key field is rejected and moves nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the cohort and the student of scenario 2 exist on the target as well
    And the association is POSTed and created
    When the association is PUT with each natural-key field changed in turn:
      # request model: edfi-key-change
      | element                                 | operator            | sent                                                               | expected answer |
      | beginDate                               | another valid value | another date                                                       | 400 Bad Request |
      | studentReference.studentUniqueId        | another valid value | scenario 2's student                                               | 400, or 403/409 |
      | cohortReference                         | another valid value | scenario 2's cohort (cohortIdentifier and educationOrganizationId) | 400, or 409     |
      | cohortReference.cohortIdentifier        | another valid value | scenario 2's cohortIdentifier                                      | 400, or 409     |
      | cohortReference.educationOrganizationId | another valid value | scenario 2's educationOrganizationId                               | 400, or 409     |
    Then the API refuses every one as its row names, and reading it back shows it unchanged

  @SCA-N37 @required @negative @critical
  Scenario: SCA-N37 The upsert matches on all four natural-key fields
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the cohort and the student of scenario 2 exist on the target as well
    And the association is POSTed and created
    When associations differing from it in one natural-key field, and then the same one, are POSTed in turn:
      # request model: edfi-natural-key
      | element                          | operator            | sent                                                               | expected answer                                     |
      | beginDate                        | another valid value | another date                                                       | 201 Created, another id; the first unchanged        |
      | studentReference.studentUniqueId | another valid value | scenario 2's student                                               | 201 Created, another id; the first unchanged        |
      | cohortReference                  | another valid value | scenario 2's cohort (cohortIdentifier and educationOrganizationId) | 201 Created, another id; the first unchanged        |
      | the natural key                  | duplicated          | the first association's four key fields again                      | 200 OK, the first's Location; still one association |
    Then reading the first back shows it unchanged

  @SCA-N39 @required @negative @critical
  Scenario: SCA-N39 Every write is read back exactly as sent, with a new ETag
    Given the values of scenario 1, with a beginDate generated from the seed, and an end date
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with its end date, as a new natural key
    Then it is created: 201 Created
    And reading it back shows exactly what that write sent, with an ETag it did not have before
    When the same association is POSTed again with another end date
    Then the API answers 200 OK with the same Location
    And reading it back shows exactly what that write sent, with an ETag it did not have before
    When the association is PUT with a third end date
    Then the update is accepted: 204 No Content, or 200 OK
    And reading it back shows exactly what that write sent, with an ETag it did not have before
