@edfi @needs-api-url
Feature: Ed-Fi API root - the discovery document, the OpenAPI metadata and the Data Standard the API declares, held against what it does
  A client is configured with one URL, the API's root, plus a key and secret. The GET of the root answers the
  discovery document: the application version, the data models it supports (the Ed-Fi Data Standard among
  them) and the URLs of its token endpoint (oauth), its resources (dataManagementApi) and its OpenAPI metadata.
  The OpenAPI metadata must be a faithful representation of the resources the API serves, and the API applies
  the rules of the Data Standard it declares. Each scenario is decided on its own requirement: an API without
  a discovery document or metadata fails only these. They run when the profile names the root (api_url).

  Source: the Ed-Fi API design guidelines, Discovery API (Ed-Fi-Alliance-OSS/Ed-Fi-API-Standards,
  api-guidelines/v4.0/API-DESIGN-GUIDELINES/DISCOVERY-API.md), the Discovery API specification, and the
  Ed-Fi Data Standard lengths and types of studentCohortAssociation.

  Background:
    Given the vendor's Ed-Fi API, with a bearer token for the profile's client credentials

  @SCA-D1 @required @normal
  Scenario: SCA-D1 The API's root answers the discovery document, and the URLs it names work
    When the API's root is read
    Then it answers a discovery document: JSON with the version, dataModels and urls
    And its urls.oauth issues a token for the profile's client credentials
    And its urls.dataManagementApi serves studentCohortAssociations

  @SCA-D2 @required @normal
  Scenario: SCA-D2 The OpenAPI metadata declares studentCohortAssociations as the API serves them
    Given the OpenAPI metadata the discovery document names, read for studentCohortAssociations
    And the values of scenario 1, with a beginDate generated from the seed, and an end date
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each of these properties left out in turn:
      | left out                                |
      | beginDate                               |
      | endDate                                 |
      | cohortReference                         |
      | cohortReference.cohortIdentifier        |
      | cohortReference.educationOrganizationId |
      | studentReference                        |
      | studentReference.studentUniqueId        |
    Then the API refuses with 400 exactly the properties the metadata declares required
    When the association is POSTed with each of these strings at the maxLength the metadata declares, and one character longer:
      | property                         |
      | cohortReference.cohortIdentifier |
      | studentReference.studentUniqueId |
    Then a string of the declared maxLength is not refused as invalid, and one character longer is refused with 400
    When each method is sent to the collection and to an association the scenario created:
      | method | on             |
      | GET    | the collection |
      | POST   | the collection |
      | GET    | an item        |
      | PUT    | an item        |
      | DELETE | an item        |
    Then the API serves exactly the operations the metadata declares

  @SCA-D3 @required @normal
  Scenario: SCA-D3 The API applies the rules of the Data Standard it declares
    Given the values of scenario 1, with a beginDate generated from the seed
    And the cohort and the student they refer to exist on the target
    When the association is POSTed with each of these values at the bound of the Data Standard judged, and past it:
      | property                                | at the bound                   | past the bound       |
      | cohortReference.cohortIdentifier        | the longest the version allows | one character longer |
      | cohortReference.educationOrganizationId | the largest the version allows | one more             |
    Then each value at the bound is not refused as invalid, and each value past it is refused with 400 Bad Request
