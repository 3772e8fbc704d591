"""Masking that cannot corrupt a report and cannot miss a secret, whatever form the secret takes."""

from __future__ import annotations

import base64
import html
import json
from urllib.parse import quote, quote_plus

import pytest

from edcert.credential_shape import name_credential
from edcert.masking import MASK, mask, mask_data, mask_excerpt, mask_headers, register, register_basic


@pytest.mark.parametrize("token", ['": "', "failed", "not-", "passed", "error"])
def test_a_value_too_short_to_mask_safely_never_alters_text(token: str) -> None:
    register(token)
    document = {"verdict": "not-certified", "scenarios": [{"status": "failed", "message": 'a "quoted": "x" failed'}]}
    assert mask_data(document) == document
    assert json.loads(json.dumps(mask_data(document))) == document


def test_a_token_equal_to_an_identifier_of_the_report_leaves_the_identifiers_alone() -> None:
    for token in ("not-certified", "certified", "EDFI-BAD-SECRET-REFUSED"):
        register(token)
    document = {"verdict": "not-certified", "covers": ["edfi"],
                "scenarios": [{"id": "SCA-N2", "status": "failed", "checks": [
                    {"requirement": "EDFI-BAD-SECRET-REFUSED", "status": "failed",
                     "message": "token certified was accepted"}]}]}
    masked = mask_data(document)
    assert masked["verdict"] == "not-certified"
    check = masked["scenarios"][0]["checks"][0]
    assert check["requirement"] == "EDFI-BAD-SECRET-REFUSED" and check["message"] == f"token {MASK} was accepted"


SECRET = "s3cret'\"\\ é\r\n<&>+/=%"


def test_every_rendering_of_a_secret_is_masked() -> None:
    register(SECRET)
    renderings = [SECRET, repr(SECRET), repr(repr(SECRET)), repr(SECRET.encode()), json.dumps(SECRET),
                  json.dumps(json.dumps(SECRET)), json.dumps(SECRET, ensure_ascii=False),
                  SECRET.encode("unicode_escape").decode(), quote(SECRET, safe=""), quote(SECRET, safe="").lower(),
                  quote_plus(SECRET, safe=""), html.escape(SECRET), html.escape(json.dumps(SECRET)),
                  str(ValueError(f"Invalid header value: {'Bearer ' + SECRET!r}")),
                  repr(ValueError(f"Invalid header value: {'Bearer ' + SECRET!r}"))]
    for rendering in renderings:
        shown = mask(f"before {rendering} after")
        assert "s3cret" not in shown, rendering
        assert shown.startswith("before ") and shown.endswith(" after")


def test_basic_credentials_of_a_client_are_masked() -> None:
    register_basic("client-one", "client-secret-one")
    encoded = base64.b64encode(b"client-one:client-secret-one").decode()
    assert mask(f"Basic {encoded}") == f"Basic {MASK}"


@pytest.mark.parametrize(("text", "shown"), [
    ('{"access_token": "a b c", "refresh_token":"not available", "expires_in": 1800, "id_token": null}',
     '{"access_token": "***", "refresh_token":"***", "expires_in": 1800, "id_token": null}'),
    ('{"access_token": "with \\"escaped\\" quotes", "x": 1}', '{"access_token": "***", "x": 1}'),
    ("{'access_token': 'a b', 'x': 1}", "{'access_token': '***', 'x': 1}"),
    ("grant_type=client_credentials&client_secret=a%20b&scope=x", "grant_type=client_credentials&client_secret=***&scope=x"),
    ('{"access_token": "cut off by an excerpt', '{"access_token": "***'),
    ("{'Authorization': 'Bearer a b', 'Accept': '*/*'}", "{'Authorization': 'Bearer ***', 'Accept': '*/*'}"),
    ("Authorization: Basic abc==\nnext line", "Authorization: Basic ***\nnext line"),
    ("PUT /linkit/programs/1?verb=assign&tag=0a1b2c HTTP/1.1", "PUT /linkit/programs/1?verb=assign&tag=*** HTTP/1.1"),
])
def test_secret_fields_are_masked_whole_and_nothing_else_is_touched(text: str, shown: str) -> None:
    assert mask(text) == shown


def test_an_excerpt_never_shows_part_of_a_secret() -> None:
    register("excerpt-secret-0123456789")
    text = "x" * 490 + "excerpt-secret-0123456789 and more"
    assert "excerpt-s" not in mask_excerpt(text, 500) and len(mask_excerpt(text, 500)) <= 500


def test_masked_authorization_headers_keep_their_shape_and_say_what_was_sent() -> None:
    """The scheme stays; a value without one says what it was (the issued token), never the secret."""
    token = "issued-token-for-shape-0123456789abcdef"
    register(token)
    name_credential(token, "the issued token")
    shown = mask_headers({"Authorization": token, "Accept": "application/json"})
    assert shown == {"Authorization": "*** (the issued token, no scheme)", "Accept": "application/json"}
    assert mask_headers({"Authorization": f"Bearer {token}"})["Authorization"] == "Bearer ***"
    assert mask_headers({"Authorization": "Basic aWQ6c2VjcmV0LXZhbHVl"})["Authorization"] == "Basic ***"
    assert mask_headers({"Authorization": "never-issued-token-value-9876"})["Authorization"] == "***"
    assert mask_headers({"Authorization": "Bearer"})["Authorization"] == "Bearer"
