"""Steps of the Ed-Fi discovery feature: the API's root, its OpenAPI metadata and its Data Standard, each
declaration held against the exchanges that show what the API does."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, then, when

from edcert.edfi import actions, declarations, discovery, prerequisites
from edcert.edfi.client import EdfiClient
from edcert.edfi.data import ASSOCIATIONS, checked_payload, long_text, with_value, without
from edcert.edfi.declarations import Declaration, NotDeclared
from edcert.edfi.scenario import EdfiScenario
from edcert.edfi.token import token_problems
from edcert.errors import HarnessError
from edcert.http import safe_json
from edcert.http.transport import Exchange
from edcert.record import checks
from edcert.record.generated import GeneratedData


@dataclass
class RootScenario:
    """What one discovery scenario read and sent."""

    found: discovery.Discovery | None = None
    declaration: Declaration | None = None
    cases: list[tuple[str, Exchange]] = field(default_factory=list)
    bounded: list[tuple[str, str, Exchange]] = field(default_factory=list)  # (what, "at" or "past", exchange)


@pytest.fixture
def root() -> RootScenario:
    return RootScenario()


def _rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    header = [cell.strip() for cell in datatable[0]]
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in datatable[1:]]


def _cited(exchange: Exchange) -> str:
    return f"{exchange.id or exchange.request_line()}: HTTP {exchange.status_line or 'no answer'}"


# --- SCA-D1: the discovery document --------------------------------------------------------------

@when("the API's root is read")
def read_root(edfi_client: EdfiClient, root: RootScenario) -> None:
    api_url = edfi_client.profile.api_url
    if not api_url:
        raise HarnessError("the discovery scenarios run only when the profile names api_url")
    root.found = discovery.fetch(edfi_client.http, api_url)


@then("it answers a discovery document: JSON with the version, dataModels and urls")
def is_discovery_document(edfi_client: EdfiClient, root: RootScenario) -> None:
    found = root.found
    assert found is not None
    if not found.valid:
        raise checks.fail("EDFI-DISCOVERY", "HTTP 200 with a JSON discovery document (version, dataModels with name "
                          "and version, urls.oauth and urls.dataManagementApi)",
                          f"{found.answer_in_words()}: {'; '.join(found.problems) or found.no_answer}", found.exchange)
    if found.advice:
        checks.warn("EDFI-DISCOVERY", f"the discovery document lacks what the guidelines advise: "
                    f"{'; '.join(found.advice)}", found.exchange)
    checks.passed("EDFI-DISCOVERY", f"a discovery document declaring Ed-Fi {found.declared_standard or '(none)'}; "
                  f"{edfi_client.standard.in_words()}", found.exchange)


@then("its urls.oauth issues a token for the profile's client credentials")
def oauth_issues_token(edfi_client: EdfiClient, root: RootScenario) -> None:
    assert root.found is not None
    url = root.found.urls.get("oauth")
    if url is None:
        checks.warn("EDFI-DISCOVERY", "urls.oauth is a template edcert cannot fill in: not tried", root.found.exchange)
        return
    if not edfi_client.may_send_to(url):
        checks.warn("EDFI-DISCOVERY", f"urls.oauth {url} is on an origin the profile does not name: the guidelines "
                    "allow a token endpoint elsewhere, but edcert sends the client secret only to the profile's "
                    "origins, so it is not tried (write token_url in [edfi] to allow it)", root.found.exchange)
        return
    profile = edfi_client.profile
    exchange = edfi_client.request_token(profile.client_id, profile.client_secret.reveal(), url)
    body: object = None
    if exchange.status == 200:
        try:
            body = safe_json.loads(exchange.body)
        except ValueError:
            body = None
    problems = [f"HTTP {exchange.status_line}"] if exchange.status != 200 else token_problems(body)
    if problems:
        raise checks.fail("EDFI-DISCOVERY", f"urls.oauth ({url}) is the token URL: a bearer token for the client "
                          "credentials", "; ".join(problems), exchange)
    checks.passed("EDFI-DISCOVERY", f"urls.oauth {url} issued a bearer token", exchange)


@then("its urls.dataManagementApi serves studentCohortAssociations")
def data_management_serves(edfi_client: EdfiClient, root: RootScenario) -> None:
    assert root.found is not None
    if "dataManagementApi" not in root.found.urls:
        checks.warn("EDFI-DISCOVERY", "urls.dataManagementApi is a template edcert cannot fill in: not tried",
                    root.found.exchange)
        return
    base = root.found.urls["dataManagementApi"].rstrip("/")
    url = f"{base}/ed-fi/{ASSOCIATIONS}?limit=1"
    if not edfi_client.may_send_to(url):
        checks.warn("EDFI-DISCOVERY", f"urls.dataManagementApi {base} is on an origin the profile does not name: "
                    "not tried", root.found.exchange)
        return
    exchange = edfi_client.read_named(url, authorized=True)
    if exchange.status >= 500:
        checks.warn("EDFI-DISCOVERY", f"urls.dataManagementApi {base}: the collection GET answered HTTP "
                    f"{exchange.status_line}, so the base is not proven (nor refuted)", exchange)
        return
    if exchange.status != 200:
        raise checks.fail("EDFI-DISCOVERY", f"urls.dataManagementApi ({base}) is the resource base: "
                          f"GET {base}/ed-fi/{ASSOCIATIONS} answers 200", f"HTTP {exchange.status_line}", exchange)
    checks.passed("EDFI-DISCOVERY", f"urls.dataManagementApi {base} serves {ASSOCIATIONS}", exchange)


# --- SCA-D2: the OpenAPI metadata ----------------------------------------------------------------

@given("the OpenAPI metadata the discovery document names, read for studentCohortAssociations")
def read_metadata(edfi_client: EdfiClient, root: RootScenario) -> None:
    found = edfi_client.resolution.discovery
    url = found.urls.get("openApiMetadata") if found is not None and found.valid else None
    if url is None:
        checks.warn("EDFI-METADATA", "the discovery document names no openApiMetadata (or is not valid): the API "
                    "declares nothing to hold against what it does", found.exchange if found else None)
        return
    exchange = _metadata_answer(edfi_client, url)
    if exchange is None:
        return
    document = safe_json.loads(exchange.body)
    source = url
    if not declarations.is_specification(document):
        link = declarations.specification_link(document)
        if link is None:
            checks.warn("EDFI-METADATA", f"{url} lists no Resources specification (name, endpointUri)", exchange)
            return
        exchange = _metadata_answer(edfi_client, link)
        if exchange is None:
            return
        document, source = safe_json.loads(exchange.body), link
    try:
        root.declaration = declarations.read(document, source)
    except NotDeclared as problem:
        raise checks.fail("EDFI-METADATA-OPERATIONS", f"the Resources specification at {source} declares "
                          f"{ASSOCIATIONS}, which the API serves (the OpenAPI metadata must be a faithful "
                          "representation of all available resources)", str(problem), exchange) from None
    d = root.declaration
    checks.passed("EDFI-METADATA", f"{source} declares {ASSOCIATIONS}: required {sorted(d.required)}, maxLength "
                  f"{d.max_lengths}, operations {({k: sorted(v) for k, v in d.operations.items()})}", exchange)
    _lengths_against_standard(edfi_client, d, exchange)


def _metadata_answer(edfi_client: EdfiClient, url: str) -> Exchange | None:
    """A JSON answer from a metadata URL (public on Ed-Fi APIs; sent again with the token if refused 401)."""
    if not edfi_client.may_send_to(url):
        checks.warn("EDFI-METADATA", f"the metadata {url} is on an origin the profile does not name: not read")
        return None
    exchange = edfi_client.read_named(url)
    if exchange.status == 401:
        exchange = edfi_client.read_named(url, authorized=True)
    try:
        safe_json.loads(exchange.body)
        parsed = exchange.status == 200
    except ValueError:
        parsed = False
    if not parsed:
        checks.warn("EDFI-METADATA", f"GET {url} answered HTTP {exchange.status_line}, not 200 with JSON: the API "
                    "does not declare itself in OpenAPI there", exchange)
        return None
    return exchange


def _lengths_against_standard(edfi_client: EdfiClient, d: Declaration, exchange: Exchange) -> None:
    """The metadata's maxLength and integer format against the Data Standard judged (advice: behaviour decides)."""
    standard = edfi_client.standard
    if not standard.bounds.known:
        return
    bounds = standard.bounds
    declared = d.max_lengths.get("cohortReference.cohortIdentifier")
    if declared is not None and declared != bounds.cohort_identifier_max:
        checks.warn("EDFI-METADATA-LENGTHS", f"the metadata declares cohortIdentifier maxLength {declared}, while "
                    f"Data Standard {standard.version} allows {bounds.cohort_identifier_max}", exchange)
    wanted = "int32" if bounds.education_organization_id_max < 2**32 else "int64"
    form = d.formats.get("cohortReference.educationOrganizationId")
    if form is not None and form != wanted:
        checks.warn("EDFI-METADATA-LENGTHS", f"the metadata declares educationOrganizationId {form}, while Data "
                    f"Standard {standard.version} makes it an {wanted}", exchange)


@when("the association is POSTed with each of these properties left out in turn:")
def post_without_each(edfi_client: EdfiClient, edfi: EdfiScenario, root: RootScenario,
                      datatable: list[list[str]]) -> None:
    if root.declaration is None:
        return
    assert edfi.values is not None
    body = checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)
    for row in _rows(datatable):
        path = row["left out"]
        exchange = edfi_client.post(ASSOCIATIONS, without(body, path))
        actions.remove_if_stored(edfi_client, edfi, exchange)
        root.cases.append((path, exchange))


@then("the API refuses with 400 exactly the properties the metadata declares required")
def required_as_declared(edfi: EdfiScenario, root: RootScenario) -> None:
    d = root.declaration
    if d is None:
        return
    assert edfi.values is not None
    mismatches: list[tuple[str, Exchange]] = []
    for path, exchange in root.cases:
        enforced = exchange.status == 400
        if not enforced and not 200 <= exchange.status < 300:
            missing = prerequisites.missing(exchange, edfi.values, created=edfi.prerequisites_created,
                                            problems=edfi.prerequisite_problems)
            if missing is not None:
                raise missing
        declared = d.declared_required(path)
        if enforced != declared:
            said = "declares it required" if declared else "does not declare it required"
            mismatches.append((f"{path}: the metadata {said}, the POST without it answered "
                               f"{_cited(exchange)}", exchange))
    if mismatches:
        raise checks.fail("EDFI-METADATA-REQUIRED", f"each property refused with 400 when left out exactly when "
                          f"{d.source} declares it required", "; ".join(m for m, _ in mismatches), mismatches[0][1])
    checks.passed("EDFI-METADATA-REQUIRED", f"{len(root.cases)} properties left out in turn: refused exactly where "
                  "declared required", root.cases[-1][1] if root.cases else None)


@when("the association is POSTed with each of these strings at the maxLength the metadata declares, and one "
      "character longer:")
def post_declared_lengths(edfi_client: EdfiClient, edfi: EdfiScenario, root: RootScenario,
                          datatable: list[list[str]], generated: GeneratedData) -> None:
    d = root.declaration
    if d is None:
        return
    assert edfi.values is not None
    body = checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)
    root.bounded = []
    for row in _rows(datatable):
        path = row["property"]
        length = d.max_lengths.get(path)
        if length is None:
            checks.warn("EDFI-METADATA-LENGTHS", f"the metadata declares no maxLength for {path}: not checked")
            continue
        for where, size in (("at", length), ("past", length + 1)):
            exchange = edfi_client.post(ASSOCIATIONS, with_value(body, path, long_text(size, generated)))
            actions.remove_if_stored(edfi_client, edfi, exchange)
            root.bounded.append((f"{path} of {size} characters (declared maxLength {length})", where, exchange))


@then("a string of the declared maxLength is not refused as invalid, and one character longer is refused with 400")
def lengths_as_declared(root: RootScenario) -> None:
    if root.declaration is None:
        return
    _bounds_held(root, "EDFI-METADATA-LENGTHS", f"as {root.declaration.source} declares")


@when("each method is sent to the collection and to an association the scenario created:")
def send_each_method(edfi_client: EdfiClient, edfi: EdfiScenario, root: RootScenario,
                     datatable: list[list[str]]) -> None:
    if root.declaration is None:
        return
    assert edfi.values is not None
    root.cases = []
    body = checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)
    location: str | None = None
    for row in _rows(datatable):
        method, on = row["method"].upper(), row["on"]
        if on == "the collection":
            exchange = (edfi_client.query(ASSOCIATIONS, edfi.values.key_params()) if method == "GET"
                        else edfi_client.post(ASSOCIATIONS, body))
            if method == "POST":
                missing = prerequisites.missing(exchange, edfi.values, created=edfi.prerequisites_created,
                                                problems=edfi.prerequisite_problems)
                if missing is not None:
                    raise missing
                if 200 <= exchange.status < 300 and exchange.header("location"):
                    location = edfi_client.resolve_location(exchange.header("location") or "")
                    edfi.remove_afterwards(edfi_client, location)
        elif location is None:
            checks.warn("EDFI-METADATA-OPERATIONS", f"{method} on an item not tried: the POST created no association")
            continue
        elif method == "GET":
            exchange = edfi_client.get(location)
        elif method == "PUT":
            exchange = edfi_client.put(location, {"id": location.rstrip("/").rsplit("/", 1)[-1], **body})
        elif method == "DELETE":
            exchange = edfi_client.delete(location)
            if 200 <= exchange.status < 300:
                edfi.removed(location)
        else:
            raise HarnessError(f"feature table names method {method!r}; known: GET, POST, PUT, DELETE")
        root.cases.append((f"{method} on {on}", exchange))


def _served(exchange: Exchange, on: str) -> bool:
    """Whether the method is served there: not refused as a method (405, 501), nor the path unknown (404 on the
    collection; on an item 404 is an answer about the id)."""
    return exchange.status not in (405, 501) and not (on == "the collection" and exchange.status == 404)


@then("the API serves exactly the operations the metadata declares")
def operations_as_declared(root: RootScenario) -> None:
    d = root.declaration
    if d is None:
        return
    mismatches: list[tuple[str, Exchange]] = []
    for name, exchange in root.cases:
        method, on = name.split(" on ", 1)
        declared = method in d.operations["collection" if on == "the collection" else "item"]
        served = _served(exchange, on)
        if declared != served:
            said = "declares it" if declared else "does not declare it"
            mismatches.append((f"{name}: the metadata {said}, the API answered {_cited(exchange)}", exchange))
    if mismatches:
        raise checks.fail("EDFI-METADATA-OPERATIONS", f"the methods served on {ASSOCIATIONS} are the operations "
                          f"{d.source} declares", "; ".join(m for m, _ in mismatches), mismatches[0][1])
    checks.passed("EDFI-METADATA-OPERATIONS", f"{', '.join(n for n, _ in root.cases)}: served as declared",
                  root.cases[-1][1] if root.cases else None)


# --- SCA-D3: the Data Standard's rules -----------------------------------------------------------

@when("the association is POSTed with each of these values at the bound of the Data Standard judged, and past it:")
def post_standard_bounds(edfi_client: EdfiClient, edfi: EdfiScenario, root: RootScenario,
                         datatable: list[list[str]], generated: GeneratedData) -> None:
    assert edfi.values is not None
    bounds = edfi_client.standard.bounds
    body = checked_payload(edfi.values.body(), actions.REQUEST_SCHEMA)
    values: dict[str, tuple[object, object]] = {
        "cohortReference.cohortIdentifier": (long_text(bounds.cohort_identifier_max, generated),
                                             long_text(bounds.cohort_identifier_over, generated)),
        "cohortReference.educationOrganizationId": (bounds.education_organization_id_max,
                                                    bounds.education_organization_id_over),
    }
    for row in _rows(datatable):
        path = row["property"]
        if path not in values:
            raise HarnessError(f"feature table names {path!r}; known: {', '.join(values)}")
        for where, value in zip(("at", "past"), values[path], strict=True):
            shown = f"{len(value)} characters" if isinstance(value, str) else str(value)
            exchange = edfi_client.post(ASSOCIATIONS, with_value(body, path, value))
            actions.remove_if_stored(edfi_client, edfi, exchange)
            root.bounded.append((f"{path} of {shown}", where, exchange))


@then("each value at the bound is not refused as invalid, and each value past it is refused with 400 Bad Request")
def standard_rules_applied(edfi_client: EdfiClient, root: RootScenario) -> None:
    _bounds_held(root, "EDFI-DATA-STANDARD-RULES", edfi_client.standard.in_words())


def _bounds_held(root: RootScenario, requirement: str, judged_by: str) -> None:
    mismatches: list[tuple[str, Exchange]] = []
    for what, where, exchange in root.bounded:
        if where == "at" and exchange.status == 400:
            mismatches.append((f"{what} (allowed) was refused: {_cited(exchange)}", exchange))
        elif where == "past" and exchange.status != 400:
            mismatches.append((f"{what} (too long or too large) was not refused with 400: {_cited(exchange)}",
                               exchange))
    if mismatches:
        raise checks.fail(requirement, f"values at the bound accepted as valid and values past it refused with 400, "
                          f"{judged_by}", "; ".join(m for m, _ in mismatches), mismatches[0][1])
    if root.bounded:
        checks.passed(requirement, f"{len(root.bounded)} values at and past the bounds answered as they should, "
                      f"{judged_by}", root.bounded[-1][2])
