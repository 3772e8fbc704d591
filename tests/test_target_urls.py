"""URLs a target supplies: resolved or refused as EDFI-LOCATION, and credentials only to the API's own origin."""

from __future__ import annotations

import contextlib

import allure
import pytest

from edcert.edfi.client import EdfiClient
from edcert.errors import CheckFailed
from edcert.http import safe_json
from edcert.http.target_urls import UnusableUrl, resolve
from edcert.http.transport import HttpClient
from edcert.masking import Secret
from edcert.profile import EdfiProfile

from .hostile import HostileServer

BASE = "https://api.example/tenant1/data/v3"


@pytest.fixture
def outside_a_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks called outside a scenario: their Allure sub-steps have no test to belong to."""
    monkeypatch.setattr(allure, "step", lambda title: contextlib.nullcontext())


@pytest.mark.parametrize(("location", "reason"), [
    ("http://api.example:99999/ed-fi/x/1", "port"),
    ("http://api.example:port/ed-fi/x/1", "port"),
    ("http://[::1/ed-fi/x/1", "does not parse"),
    ("http://[fe80::zz]/ed-fi/x/1", "IPv6"),
    ("file:///etc/passwd", "scheme is file:"),
    ("javascript:alert(1)", "scheme is javascript:"),
    ("/ed-fi/x/\xff\xfe", "not valid UTF-8"),  # bytes FF FE as a header delivers them (ISO-8859-1)
    ("/ed-fi/x/" + "a" * 9000, "over the 8000"),
    ("https://user:pass@api.example/ed-fi/x/1", "user name or password"),
    ("/ed-fi/x/1\r\nSet-Cookie: a=b", "control characters"),
    ("https://exa mple/x", "whitespace"),
    ("http:///ed-fi/x/1", "names no host"),
    ("", "empty"),
])
def test_an_unusable_location_is_refused_with_the_reason(location: str, reason: str) -> None:
    with pytest.raises(UnusableUrl, match=reason.replace("(", r"\(")):
        resolve(BASE, location)


@pytest.mark.parametrize(("location", "resolved"), [
    ("//other.example/ed-fi/x/1", "https://other.example/ed-fi/x/1"),
    ("/ed-fi/x/\xc3\xa9", "https://api.example/tenant1/data/v3/ed-fi/x/%C3%A9"),  # UTF-8 bytes of "é"
    # Relative to the POST's target, .../ed-fi/studentCohortAssociations (RFC 9110 10.2.2, RFC 3986 5).
    ("studentCohortAssociations/1", "https://api.example/tenant1/data/v3/ed-fi/studentCohortAssociations/1"),
    ("../x/1", "https://api.example/tenant1/data/v3/x/1"),
    ("/tenant1/data/v3/ed-fi/x/1", "https://api.example/tenant1/data/v3/ed-fi/x/1"),
])
def test_a_usable_location_resolves(location: str, resolved: str) -> None:
    assert resolve(BASE, location) == resolved


@pytest.mark.parametrize(("base", "location", "resolved"), [
    # The DMS writes /ed-fi/... relative to the resource base, which may itself begin with /ed-fi.
    ("https://api.example/ed-fi", "/ed-fi/x/1", "https://api.example/ed-fi/ed-fi/x/1"),
    ("https://api.example", "/ed-fi/x/1", "https://api.example/ed-fi/x/1"),
    # The full path from the host's root, when the API is served under a path beginning with /ed-fi.
    ("https://api.example/ed-fi/data/v3", "/ed-fi/data/v3/ed-fi/x/1", "https://api.example/ed-fi/data/v3/ed-fi/x/1"),
    ("https://api.example/ed-fi/data/v3", "/ed-fi/x/1", "https://api.example/ed-fi/data/v3/ed-fi/x/1"),
])
def test_a_path_absolute_location_under_a_base_beginning_with_ed_fi_resolves(base: str, location: str,
                                                                            resolved: str) -> None:
    assert resolve(base, location) == resolved


def _client(base: str, token_url: str) -> EdfiClient:
    return EdfiClient(EdfiProfile(base, token_url, "client", Secret("client-secret-value")), HttpClient(2))


@pytest.mark.parametrize("method", ["get", "put", "delete"])
@pytest.mark.usefixtures("outside_a_scenario")
def test_no_request_and_no_credential_goes_to_a_url_on_another_origin(method: str) -> None:
    with HostileServer("html") as own, HostileServer("html") as other:
        client = _client(f"{own.url}/data/v3", f"{own.url}/oauth/token")
        call = getattr(client, method)
        arguments = ({},) if method == "put" else ()
        for url in (f"{other.url}/data/v3/ed-fi/x/1", f"http://127.0.0.1:{other.port}/data/v3/ed-fi/x/1",
                    "file:///etc/passwd"):
            with pytest.raises(CheckFailed, match="EDFI-LOCATION") as failure:
                call(url, *arguments)
            assert "another origin" in str(failure.value)
        assert own.requests == [] and other.requests == []  # not even a token was asked for


@pytest.mark.usefixtures("outside_a_scenario")
def test_a_bad_location_fails_edfi_location_naming_it() -> None:
    client = _client(BASE, "https://api.example/oauth/token")
    with pytest.raises(CheckFailed, match="EDFI-LOCATION") as failure:
        client.resolve_location("http://api.example:99999/ed-fi/x/1")
    assert "http://api.example:99999/ed-fi/x/1" in str(failure.value)


def test_json_deeper_than_the_bound_is_refused_without_recursion() -> None:
    assert safe_json.loads("[" * safe_json.MAX_DEPTH + "]" * safe_json.MAX_DEPTH) is not None
    for deep in ("[" * (safe_json.MAX_DEPTH + 1) + "]" * (safe_json.MAX_DEPTH + 1),
                 "[" * 100_000 + "]" * 100_000, '{"a":' * 900 + "1" + "}" * 900):
        with pytest.raises(safe_json.JsonTooDeep):
            safe_json.loads(deep)
    with pytest.raises(ValueError, match="NaN"):
        safe_json.loads('{"expires_in": NaN}')
