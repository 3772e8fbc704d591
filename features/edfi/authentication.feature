@edfi
Feature: Ed-Fi v3 StudentCohortAssociation - authentication: only a bearer token issued for the client's credentials opens the resource
  An Ed-Fi API is reached with OAuth 2.0 client credentials: the token endpoint issues a bearer token
  (RFC 6749 section 4.4), and every request to a resource carries it as "Authorization: Bearer <token>"
  (RFC 6750 section 2.1). Any other request is refused with 401 Unauthorized and changes nothing: no
  header, a malformed one, a token never issued or altered, the client's own credentials sent as Basic.

  Source: RFC 6749, RFC 6750, RFC 9110 section 15.5.2, and the published behaviour of the Ed-Fi ODS/API
  and Data Management Service. Records made here are removed afterwards.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-N12 @required @security @blocker
  Scenario: SCA-N12 The token endpoint answers the client credentials grant with a bearer token
    When a token is requested with the profile's client credentials
    Then the token endpoint answers 200 OK with a bearer token that may be sent
    And the answer gives the token's lifetime in seconds, as RFC 6749 recommends

  @SCA-N2 @required @security @blocker
  Scenario: SCA-N2 A wrong client secret gets no token
    When a token is requested for the profile's client id with a wrong secret
    Then the token endpoint refuses it with 401 Unauthorized, or 400 Bad Request and error invalid_client

  @SCA-N1 @required @security @blocker
  Scenario: SCA-N1 Reading the collection without valid credentials is refused
    Given the values of scenario 1
    When the collection is queried by the association's natural key with each kind of invalid credentials:
      | credentials                                      |
      | no Authorization header                          |
      | a malformed Authorization header                 |
      | a bearer token that was never issued             |
      | the issued bearer token with a character altered |
      | Basic credentials instead of a bearer token      |
    Then every one is refused with 401 Unauthorized

  @SCA-N8 @required @security @blocker
  Scenario: SCA-N8 Reading an association by its id without valid credentials is refused
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is read by its id with each kind of invalid credentials:
      | credentials                                      |
      | no Authorization header                          |
      | a malformed Authorization header                 |
      | a bearer token that was never issued             |
      | the issued bearer token with a character altered |
      | Basic credentials instead of a bearer token      |
    Then every one is refused with 401 Unauthorized

  @SCA-N9 @required @security @blocker
  Scenario: SCA-N9 A POST without valid credentials is refused and stores nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each kind of invalid credentials:
      | credentials                                      |
      | no Authorization header                          |
      | a malformed Authorization header                 |
      | a bearer token that was never issued             |
      | the issued bearer token with a character altered |
      | Basic credentials instead of a bearer token      |
    Then every one is refused with 401 Unauthorized
    And POSTing it with a valid token afterwards creates it: 201 Created, so nothing was stored before

  @SCA-N10 @required @security @blocker
  Scenario: SCA-N10 A PUT without valid credentials is refused and changes nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is PUT with an end date, with each kind of invalid credentials:
      | credentials                                      |
      | no Authorization header                          |
      | a malformed Authorization header                 |
      | a bearer token that was never issued             |
      | the issued bearer token with a character altered |
      | Basic credentials instead of a bearer token      |
    Then every one is refused with 401 Unauthorized
    And reading it back with a valid token shows it unchanged, without an end date

  @SCA-N11 @required @security @blocker
  Scenario: SCA-N11 A DELETE without valid credentials is refused and removes nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is DELETEd with each kind of invalid credentials:
      | credentials                                      |
      | no Authorization header                          |
      | a malformed Authorization header                 |
      | a bearer token that was never issued             |
      | the issued bearer token with a character altered |
      | Basic credentials instead of a bearer token      |
    Then every one is refused with 401 Unauthorized
    And reading it back with a valid token shows it is still there
