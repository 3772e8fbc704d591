@edfi
Feature: Ed-Fi client: the SIS writes StudentCohort > StudentCohortAssociation
  The other side of the Ed-Fi scenario sheet "v3 StudentCohort > StudentCohortAssociation": what a
  Student Information System must send. Scenario 1 POST, Scenario 2 POST, Scenario 3 PUT, with the
  sheet's values (or the "system values" the vendor declared to edcert listen), to an Ed-Fi API that
  wants an OAuth2 bearer token from the client_credentials grant.

  edcert listen played that API (the built-in reference target, with credentials made for the
  session) and recorded every request the client sent and every answer. Each scenario below is
  judged from those requests; a failure names its requirement and shows the request that broke it.
  A write is matched to its scenario by the student it names, so a write with a wrong value is
  judged as the scenario it attempts.

  Background:
    Given the requests edcert listen recorded from the vendor's Ed-Fi client
    And the SIS stayed within the bounds of the listen session
    And no body the SIS sent is beyond the size and depth any reader may be asked to read

  @CLIENT-SCA-S1 @required @critical
  Scenario: CLIENT-SCA-S1 Create a student cohort association for an elementary school student
    Given the values of scenario 1:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901107                        |
      | cohortReference.cohortIdentifier        | "1" if possible, or system value |
      | studentReference.studentUniqueId        | 111111                           |
      | beginDate                               | 9/14/[Current School Year]       |
    When the client's POST of scenario 1 is found among its requests
    Then it is sent as JSON, with Content-Type application/json
    And its body carries no id
    And its dates are written yyyy-mm-dd
    And its body is valid against the request schema
    And its body carries the values of scenario 1
    And the cohort and the student it refers to were on the API before it
    And the API accepted it: 201 Created, or 200 OK
    And at the end of the session the API holds the association of scenario 1, found by its natural key

  @CLIENT-SCA-S2 @required @critical
  Scenario: CLIENT-SCA-S2 Create a student cohort association for a high school student
    Given the values of scenario 2:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901001                        |
      | cohortReference.cohortIdentifier        | "2" if possible, or system value |
      | studentReference.studentUniqueId        | 222222                           |
      | beginDate                               | 9/14/[Current School Year]       |
    When the client's POST of scenario 2 is found among its requests
    Then it is sent as JSON, with Content-Type application/json
    And its body carries no id
    And its dates are written yyyy-mm-dd
    And its body is valid against the request schema
    And its body carries the values of scenario 2
    And the cohort and the student it refers to were on the API before it
    And the API accepted it: 201 Created, or 200 OK
    And at the end of the session the API holds the association of scenario 2, found by its natural key

  @CLIENT-SCA-S3 @required @critical
  Scenario: CLIENT-SCA-S3 Add an end date to the student cohort association for an elementary student
    Given the values of scenario 3:
      | property                                | document value                   |
      | cohortReference.educationOrganizationId | 255901107                        |
      | cohortReference.cohortIdentifier        | "1" if possible, or system value |
      | studentReference.studentUniqueId        | 111111                           |
      | beginDate                               | 9/14/[Current School Year]       |
      | endDate                                 | 9/21/[Current School Year]       |
    When the client's update of the record of scenario 1 is found among its requests
    Then it is sent as JSON, with Content-Type application/json
    And it updates the record of scenario 1 in place, keeping its id
    And its body carries no id, unless it is a PUT naming the record's own id
    And its dates are written yyyy-mm-dd
    And its body is valid against the request schema
    And its body carries the values of scenario 3: the end date added, nothing else changed
    And the API accepted it: 204 No Content or 200 OK for a PUT, 200 OK for a POST
    And at the end of the session the API holds the record of scenario 1, same id, with the values of scenario 3

  @CLIENT-SCA-N1 @required @security @blocker
  Scenario: CLIENT-SCA-N1 The client gets its token with the client_credentials grant and its own credentials
    When the client's token requests are found among its requests
    Then each one is a POST with grant_type client_credentials
    And each one carries the client's id and secret in a Basic header or in the body, never in the URL
    And no token request is one of these departures from request model client-edfi-token:
      # request model: client-edfi-token
      | element           | operator            | edcert listen's verdict                                                                   |
      | method            | another valid value | fails EDFI-CLIENT-TOKEN: GET instead of POST                                              |
      | Content-Type      | missing             | fails EDFI-CLIENT-TOKEN                                                                   |
      | Content-Type      | unknown             | fails EDFI-CLIENT-TOKEN: text/plain                                                       |
      | grant_type        | missing             | fails EDFI-CLIENT-TOKEN                                                                   |
      | grant_type        | empty               | fails EDFI-CLIENT-TOKEN                                                                   |
      | grant_type        | unknown             | fails EDFI-CLIENT-TOKEN: client_credential                                                |
      | grant_type        | another valid value | fails EDFI-CLIENT-TOKEN: password                                                         |
      | grant_type        | other case          | fails EDFI-CLIENT-TOKEN: Client_Credentials: RFC 6749 values are case-sensitive           |
      | grant_type        | duplicated          | fails EDFI-CLIENT-TOKEN: RFC 6749 3.2: a parameter MUST NOT be included more than once    |
      | grant_type        | moved               | fails EDFI-CLIENT-TOKEN: in the URL's query, not the body                                 |
      | client id         | missing             | fails EDFI-CLIENT-TOKEN: client_secret alone in the form                                  |
      | client id         | empty               | fails EDFI-CLIENT-TOKEN: Basic :secret                                                    |
      | client id         | unknown             | fails EDFI-CLIENT-TOKEN                                                                   |
      | client id         | other case          | fails EDFI-CLIENT-TOKEN                                                                   |
      | client id         | moved               | fails EDFI-CLIENT-TOKEN: in the URL's query                                               |
      | client secret     | missing             | fails EDFI-CLIENT-TOKEN: Basic id, no colon                                               |
      | client secret     | empty               | fails EDFI-CLIENT-TOKEN: Basic id:                                                        |
      | client secret     | unknown             | fails EDFI-CLIENT-TOKEN                                                                   |
      | client secret     | other case          | fails EDFI-CLIENT-TOKEN                                                                   |
      | client secret     | duplicated          | fails EDFI-CLIENT-TOKEN: in the Basic header and in the body (the Ed-Fi API refuses both) |
      | client secret     | moved               | fails EDFI-CLIENT-TOKEN: sent as Authorization: Bearer                                    |
      | Basic credentials | malformed           | fails EDFI-CLIENT-TOKEN: not base64                                                       |
    And the token endpoint issued a token to the client
    And the client keeps its token instead of getting one for every call

  @CLIENT-SCA-N2 @required @security @blocker
  Scenario: CLIENT-SCA-N2 Every resource request carries a bearer token the token endpoint issued
    When the client's resource requests are found among its requests
    Then each one carries Authorization: Bearer with a token issued to the client before it
    And no resource request is one of these departures from request model client-edfi-bearer:
      # request model: client-edfi-bearer
      | element       | operator            | edcert listen's verdict                                                           |
      | Authorization | missing             | fails EDFI-CLIENT-BEARER                                                          |
      | Authorization | empty               | fails EDFI-CLIENT-BEARER                                                          |
      | Authorization | duplicated          | fails EDFI-CLIENT-BEARER: two Authorization headers, the issued token and another |
      | bearer scheme | missing             | fails EDFI-CLIENT-BEARER: the token alone                                         |
      | bearer scheme | another valid value | fails EDFI-CLIENT-BEARER: Basic with the client's id and secret                   |
      | bearer token  | empty               | fails EDFI-CLIENT-BEARER                                                          |
      | bearer token  | unknown             | fails EDFI-CLIENT-BEARER                                                          |
      | bearer token  | malformed           | fails EDFI-CLIENT-BEARER: in double quotes                                        |
      | bearer token  | other case          | fails EDFI-CLIENT-BEARER                                                          |
      | bearer token  | moved               | fails EDFI-CLIENT-BEARER: access_token in the query                               |
      | bearer token  | another valid value | fails EDFI-CLIENT-BEARER: the client secret                                       |

  @CLIENT-SCA-N3 @required @security @critical
  Scenario: CLIENT-SCA-N3 The client gets a new token when the API answers 401
    Given edcert listen answered 401 Unauthorized to the second request made with the client's first token
    Then the client's next resource request carries a token it got after that 401
