@edfi
Feature: Ed-Fi v3 StudentCohortAssociation - authentication: only a bearer token issued for the client's credentials opens the resource
  An Ed-Fi API is reached with OAuth 2.0 client credentials: the token endpoint issues a bearer token
  (RFC 6749 section 4.4), and every request to a resource carries it as "Authorization: Bearer <token>"
  (RFC 6750 section 2.1). Any other request is refused with 401 Unauthorized and changes nothing: no
  header, a malformed one, a token never issued or altered, the client's own credentials sent as Basic, the
  client secret or id sent as the token. The token endpoint gives a token only for the client's own id and
  secret with the client_credentials grant: a missing, empty, unknown or repeated part gets none (RFC 6749
  section 5.2). The tables come from edcert's request model (src/edcert/inputs/edfi.py).

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

  @SCA-N30 @required @security @blocker
  Scenario: SCA-N30 A token request with any one of its parts missing, empty, unknown or repeated gets no token
    When a token is requested with each of these token requests:
      # request model: edfi-token-request
      | element            | operator   | sent                                                                         | expected answer                                                                                                          |
      | client credentials | moved      | the profile's client_id and client_secret in the form body, no Basic header  | a token, or a refusal, 401/400 (RFC 6749 2.3.1: the body MAY be supported)                                               |
      | client_id          | missing    | form body with client_secret only                                            | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_id          | empty      | Basic with an empty client id; an empty client_id in the form body           | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_id          | unknown    | an id never issued, with the right secret (Basic; form)                      | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_id          | duplicated | client_id twice in the form body, the right one first, then an unknown one   | 401, or 400 invalid_request; a token is a warning (RFC 6749 3.2 forbids repeated parameters; the right value came first) |
      | client_secret      | missing    | Basic "id" without a colon; form body client_id only                         | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_secret      | empty      | Basic with an empty secret; an empty client_secret in the form body          | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_secret      | unknown    | the secret of nothing, for the known client id (Basic; form)                 | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_secret      | other case | the secret with its letters' case swapped (Basic; form)                      | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | client_secret      | duplicated | client_secret twice in the form body, the right one first, then a wrong one  | 401, or 400 invalid_request; a token is a warning (RFC 6749 3.2 forbids repeated parameters; the right value came first) |
      | grant_type         | missing    | right Basic credentials, no grant_type                                       | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | grant_type         | empty      | right Basic credentials, an empty grant_type                                 | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | grant_type         | unknown    | right Basic credentials, grant_type password                                 | no token: 401, or 400 with an RFC 6749 5.2 error (another 4xx is a warning)                                              |
      | grant_type         | duplicated | right Basic credentials, grant_type twice: client_credentials, then password | 401, or 400 invalid_request; a token is a warning (RFC 6749 3.2 forbids repeated parameters; the right value came first) |
    Then no request gets a token, each answered as its row names

  @SCA-N1 @required @security @blocker
  Scenario: SCA-N1 Reading the collection without valid credentials is refused
    Given the values of scenario 1
    When the collection is queried by the association's natural key with each kind of invalid credentials:
      # request model: edfi-credentials-read
      | element                      | operator   | sent                                                               | expected answer                                               |
      | Authorization header         | missing    | no Authorization header                                            | 401 Unauthorized                                              |
      | Bearer scheme                | missing    | the issued token alone                                             | 401 Unauthorized                                              |
      | Bearer scheme                | duplicated | Bearer Bearer <the issued token>                                   | 401, or 400 (RFC 6750 3.1: invalid_request)                   |
      | bearer token                 | empty      | Bearer and nothing after it                                        | 401, or 400 (RFC 6750 3.1: invalid_request)                   |
      | bearer token                 | unknown    | a random token of the issued one's length and alphabet             | 401 Unauthorized                                              |
      | issued bearer token          | unknown    | the issued token with one character changed near its end           | 401 Unauthorized                                              |
      | client credentials           | moved      | Basic with the client id and secret                                | 401 Unauthorized                                              |
      | client_secret                | moved      | Bearer <the client secret>                                         | 401 Unauthorized                                              |
      | client_id                    | moved      | Bearer <the client id>                                             | 401 Unauthorized                                              |
      | Bearer scheme                | other case | bearer <the issued token>                                          | served: not 401 (RFC 9110 11.1: schemes are case-insensitive) |
      | bearer token                 | moved      | the issued token in an access_token query parameter, no header     | 401, or served (RFC 6750 2.3: MAY be supported)               |
      | access_token query parameter | unknown    | a token never issued in an access_token query parameter, no header | 401 Unauthorized                                              |
    Then every one gets the answer its row names: 401 Unauthorized, unless the row says it is served

  @SCA-N8 @required @security @blocker
  Scenario: SCA-N8 Reading an association by its id without valid credentials is refused
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is read by its id with each kind of invalid credentials:
      # request model: edfi-credentials-read
      | element                      | operator   | sent                                                               | expected answer                                               |
      | Authorization header         | missing    | no Authorization header                                            | 401 Unauthorized                                              |
      | Bearer scheme                | missing    | the issued token alone                                             | 401 Unauthorized                                              |
      | Bearer scheme                | duplicated | Bearer Bearer <the issued token>                                   | 401, or 400 (RFC 6750 3.1: invalid_request)                   |
      | bearer token                 | empty      | Bearer and nothing after it                                        | 401, or 400 (RFC 6750 3.1: invalid_request)                   |
      | bearer token                 | unknown    | a random token of the issued one's length and alphabet             | 401 Unauthorized                                              |
      | issued bearer token          | unknown    | the issued token with one character changed near its end           | 401 Unauthorized                                              |
      | client credentials           | moved      | Basic with the client id and secret                                | 401 Unauthorized                                              |
      | client_secret                | moved      | Bearer <the client secret>                                         | 401 Unauthorized                                              |
      | client_id                    | moved      | Bearer <the client id>                                             | 401 Unauthorized                                              |
      | Bearer scheme                | other case | bearer <the issued token>                                          | served: not 401 (RFC 9110 11.1: schemes are case-insensitive) |
      | bearer token                 | moved      | the issued token in an access_token query parameter, no header     | 401, or served (RFC 6750 2.3: MAY be supported)               |
      | access_token query parameter | unknown    | a token never issued in an access_token query parameter, no header | 401 Unauthorized                                              |
    Then every one gets the answer its row names: 401 Unauthorized, unless the row says it is served

  @SCA-N9 @required @security @blocker
  Scenario: SCA-N9 A POST without valid credentials is refused and stores nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each kind of invalid credentials:
      # request model: edfi-credentials-write
      | element              | operator   | sent                                                     | expected answer                             |
      | Authorization header | missing    | no Authorization header                                  | 401 Unauthorized                            |
      | Bearer scheme        | missing    | the issued token alone                                   | 401 Unauthorized                            |
      | Bearer scheme        | duplicated | Bearer Bearer <the issued token>                         | 401, or 400 (RFC 6750 3.1: invalid_request) |
      | bearer token         | empty      | Bearer and nothing after it                              | 401, or 400 (RFC 6750 3.1: invalid_request) |
      | bearer token         | unknown    | a random token of the issued one's length and alphabet   | 401 Unauthorized                            |
      | issued bearer token  | unknown    | the issued token with one character changed near its end | 401 Unauthorized                            |
      | client credentials   | moved      | Basic with the client id and secret                      | 401 Unauthorized                            |
      | client_secret        | moved      | Bearer <the client secret>                               | 401 Unauthorized                            |
      | client_id            | moved      | Bearer <the client id>                                   | 401 Unauthorized                            |
    Then every one gets the answer its row names: 401 Unauthorized, unless the row says it is served
    And POSTing it with a valid token afterwards creates it: 201 Created, so nothing was stored before

  @SCA-N10 @required @security @blocker
  Scenario: SCA-N10 A PUT without valid credentials is refused and changes nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is PUT with an end date, with each kind of invalid credentials:
      # request model: edfi-credentials-write
      | element              | operator   | sent                                                     | expected answer                             |
      | Authorization header | missing    | no Authorization header                                  | 401 Unauthorized                            |
      | Bearer scheme        | missing    | the issued token alone                                   | 401 Unauthorized                            |
      | Bearer scheme        | duplicated | Bearer Bearer <the issued token>                         | 401, or 400 (RFC 6750 3.1: invalid_request) |
      | bearer token         | empty      | Bearer and nothing after it                              | 401, or 400 (RFC 6750 3.1: invalid_request) |
      | bearer token         | unknown    | a random token of the issued one's length and alphabet   | 401 Unauthorized                            |
      | issued bearer token  | unknown    | the issued token with one character changed near its end | 401 Unauthorized                            |
      | client credentials   | moved      | Basic with the client id and secret                      | 401 Unauthorized                            |
      | client_secret        | moved      | Bearer <the client secret>                               | 401 Unauthorized                            |
      | client_id            | moved      | Bearer <the client id>                                   | 401 Unauthorized                            |
    Then every one gets the answer its row names: 401 Unauthorized, unless the row says it is served
    And reading it back with a valid token shows it unchanged, without an end date

  @SCA-N11 @required @security @blocker
  Scenario: SCA-N11 A DELETE without valid credentials is refused and removes nothing
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    And the association is POSTed and created
    When the association is DELETEd with each kind of invalid credentials:
      # request model: edfi-credentials-write
      | element              | operator   | sent                                                     | expected answer                             |
      | Authorization header | missing    | no Authorization header                                  | 401 Unauthorized                            |
      | Bearer scheme        | missing    | the issued token alone                                   | 401 Unauthorized                            |
      | Bearer scheme        | duplicated | Bearer Bearer <the issued token>                         | 401, or 400 (RFC 6750 3.1: invalid_request) |
      | bearer token         | empty      | Bearer and nothing after it                              | 401, or 400 (RFC 6750 3.1: invalid_request) |
      | bearer token         | unknown    | a random token of the issued one's length and alphabet   | 401 Unauthorized                            |
      | issued bearer token  | unknown    | the issued token with one character changed near its end | 401 Unauthorized                            |
      | client credentials   | moved      | Basic with the client id and secret                      | 401 Unauthorized                            |
      | client_secret        | moved      | Bearer <the client secret>                               | 401 Unauthorized                            |
      | client_id            | moved      | Bearer <the client id>                                   | 401 Unauthorized                            |
    Then every one gets the answer its row names: 401 Unauthorized, unless the row says it is served
    And reading it back with a valid token shows it is still there
