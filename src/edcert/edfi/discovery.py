"""The Ed-Fi Discovery API: what an API's root says of itself, read without trusting it.

The Ed-Fi API design guidelines (Ed-Fi-Alliance-OSS/Ed-Fi-API-Standards, ``api-guidelines/v4.0/
API-DESIGN-GUIDELINES/DISCOVERY-API.md``) say the GET of an API's base endpoint must answer a JSON document
with the application version, the data models it supports and the URLs of its token endpoint (``oauth``),
its resources (``dataManagementApi``) and its metadata (``openApiMetadata``, ``dependencies``). A profile
that gives only ``api_url`` takes its token URL and resource base from it; ``base_url`` and ``token_url``
written in the profile win. A URL the document names on an origin the profile does not name is never
used: the client secret and bearer tokens go to the profile's own origins only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from ..errors import CheckFailed, TargetUnreachable
from ..http import safe_json, target_urls
from ..http.transport import Exchange, HttpClient
from ..inputs.data_standard import Judged, judge
from ..profile import EdfiProfile

#: The URLs edcert reads, and whether the guidelines make them a must (urls.oauth, urls.dataManagementApi).
REQUIRED_URLS = ("oauth", "dataManagementApi")
_TEMPLATE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
ADVISED_URLS = ("openApiMetadata", "dependencies")


@dataclass(frozen=True)
class Discovery:
    """What the API's root answered, and what edcert made of it."""

    api_url: str
    exchange: Exchange | None = None  # None: no answer came
    problems: tuple[str, ...] = ()  # why it is not a valid discovery document (the guidelines' "must")
    advice: tuple[str, ...] = ()  # what it lacks that the guidelines advise ("should")
    urls: dict[str, str] = field(default_factory=dict)  # the urls it names, made absolute
    declared_standard: str | None = None  # the version of its "Ed-Fi" data model
    no_answer: str = ""  # why no answer came

    @property
    def valid(self) -> bool:
        return self.exchange is not None and not self.problems and not self.no_answer

    def answer_in_words(self) -> str:
        if self.exchange is None:
            return f"GET {target_urls.shown(self.api_url)}: no answer ({self.no_answer})"
        body = self.exchange.body[:300].decode("utf-8", "replace")
        return f"GET {target_urls.shown(self.api_url)} answered HTTP {self.exchange.status_line}: {body!r}"


def fetch(http: HttpClient, api_url: str) -> Discovery:
    """GET the API's root (no credentials: the document is public) and read it."""
    try:
        exchange = http.send("GET", api_url, headers={"Accept": "application/json"})
    except (CheckFailed, TargetUnreachable) as problem:
        return Discovery(api_url, getattr(problem, "exchange", None), no_answer=str(problem)[:300])
    return read(api_url, exchange)


def read(api_url: str, exchange: Exchange) -> Discovery:
    """The discovery document in an answer, with what is wrong with it."""
    problems: list[str] = []
    advice: list[str] = []
    if exchange.status != 200:
        return Discovery(api_url, exchange, (f"HTTP {exchange.status_line}, not 200 OK with the discovery document",))
    try:
        document = safe_json.loads(exchange.body)
    except ValueError as error:
        return Discovery(api_url, exchange, (f"the body is not JSON ({error})",))
    if not isinstance(document, dict):
        return Discovery(api_url, exchange, (f"a JSON {type(document).__name__}, not a JSON object",))
    # The Data Management Service writes its application version as informationalVersion alone.
    if not any(isinstance(document.get(key), str) and document[key].strip()
               for key in ("version", "informationalVersion")):
        problems.append("no application version (version or informationalVersion, a string)")
    if "suite" not in document:
        advice.append("no suite (the guidelines' sample and the Discovery API schema carry one)")
    declared = _declared_standard(document, problems, advice)
    urls = _urls(api_url, document.get("urls"), problems, advice)
    return Discovery(api_url, exchange, tuple(problems), tuple(advice), urls, declared)


def _declared_standard(document: dict, problems: list[str], advice: list[str]) -> str | None:
    models = document.get("dataModels")
    if not isinstance(models, list) or not models:
        problems.append("no dataModels (a list of the data models supported, each with name and version)")
        return None
    for model in models:
        if not isinstance(model, dict) or not isinstance(model.get("name"), str) \
                or not isinstance(model.get("version"), str):
            problems.append(f"a dataModels entry without a name and version string: {str(model)[:100]!r}")
            return None
    for model in models:
        if model["name"].strip().lower() == "ed-fi":
            return model["version"]
    advice.append("no data model named Ed-Fi in dataModels: the Data Standard is not declared")
    return None


def _urls(api_url: str, urls: object, problems: list[str], advice: list[str]) -> dict[str, str]:
    if not isinstance(urls, dict):
        problems.append("no urls object (oauth, dataManagementApi, openApiMetadata, dependencies)")
        return {}
    found: dict[str, str] = {}
    for name in (*REQUIRED_URLS, *ADVISED_URLS):
        value = urls.get(name)
        into = problems if name in REQUIRED_URLS else advice
        if not isinstance(value, str) or not value.strip():
            into.append(f"no urls.{name}")
            continue
        if _TEMPLATE.search(value):
            # The Data Management Service with route qualifiers names {districtId}/{schoolYear} templates: only
            # the profile knows their values.
            advice.append(f"urls.{name} {target_urls.shown(value)} is a template edcert cannot fill in (write the "
                          "URL with its values in the profile)")
            continue
        try:
            absolute = urljoin(api_url.rstrip("/") + "/", value.strip())
            target_urls.check(absolute)
        except (ValueError, target_urls.UnusableUrl) as problem:
            into.append(f"urls.{name} {target_urls.shown(value)} is not a usable URL ({problem})")
            continue
        found[name] = absolute
    return found


@dataclass(frozen=True)
class Resolution:
    """The profile edcert works with, once the API's discovery document was read."""

    profile: EdfiProfile
    discovery: Discovery | None
    standard: Judged
    unusable: tuple[str, ...] = ()  # discovered URLs edcert may not use (another origin)

    def as_facts(self) -> dict[str, object]:
        out: dict[str, object] = {"data_standard": self.standard.as_dict()}
        if self.discovery is not None:
            out["edfi_discovery"] = {
                "api_url": self.discovery.api_url, "valid": self.discovery.valid,
                "token_url": self.profile.token_url or None, "base_url": self.profile.base_url or None,
                "from_discovery": list(self.profile.discovered),
                "declared_data_standard": self.discovery.declared_standard,
                "problems": list(self.discovery.problems or ((self.discovery.no_answer,) if self.discovery.no_answer
                                                              else ())),
                "not_used": list(self.unusable)}
        return out


def resolve(profile: EdfiProfile, http: HttpClient, allowed: frozenset[target_urls.Origin]) -> Resolution:
    """Fill in base_url and token_url from the API's discovery document where the profile leaves them out."""
    if not profile.api_url:
        return Resolution(profile, None, judge(profile.data_standard, None))
    discovery = fetch(http, profile.api_url)
    base_url, token_url, discovered, unusable = profile.base_url, profile.token_url, [], []
    for name, key in (("token_url", "oauth"), ("base_url", "dataManagementApi")):
        if getattr(profile, name) or not discovery.valid:
            continue
        if key not in discovery.urls:
            why = "; ".join(a for a in discovery.advice if a.startswith(f"urls.{key} ")) or "it is not given"
            unusable.append(f"the discovery document's urls.{key} cannot be used ({why}): write {name} in [edfi]")
            continue
        url = discovery.urls[key].rstrip("/")
        if target_urls.origin(url) not in allowed:
            unusable.append(f"urls.{key} {target_urls.shown(url)} is on an origin the profile does not name; edcert "
                            f"sends no credentials there: write {name} = \"{target_urls.shown(url)}\" in [edfi] to "
                            "allow it")
            continue
        discovered.append(name)
        if name == "token_url":
            token_url = url
        else:
            base_url = url
    resolved = replace(profile, base_url=base_url, token_url=token_url, discovered=tuple(discovered))
    return Resolution(resolved, discovery, judge(profile.data_standard, discovery.declared_standard), tuple(unusable))
