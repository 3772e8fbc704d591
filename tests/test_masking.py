"""Masking that cannot corrupt a report and cannot miss a secret, whatever form the secret takes."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from edcert import reference
from edcert.credential_shape import name_credential
from edcert.masking import MASK, mask, mask_data, mask_excerpt, mask_headers, register, register_basic

from .hostile import HostileServer, run_measured
from .hostile_clients import listen_measured, renderings, secret_everywhere
from .targets import write_profile


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


@pytest.mark.parametrize("name", ["base64-alone", "base64url-unpadded", "json-u-escape-of-one-char",
                                  "json-u-escapes-of-all", "double-json-u-escapes", "percent-every-byte",
                                  "html-numeric", "repr-x-escape"])
def test_renderings_no_list_holds_are_masked(name: str) -> None:
    secret = "tok-9f8e7d6c-5b4a"
    register(secret)
    rendering = {
        "base64-alone": base64.b64encode(secret.encode()).decode(),
        "base64url-unpadded": base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
        "json-u-escape-of-one-char": secret.replace("-", "\\u002d"),
        "json-u-escapes-of-all": "".join(f"\\u{ord(c):04X}" for c in secret),
        "double-json-u-escapes": secret.replace("-", "\\\\u002d"),
        "percent-every-byte": "".join(f"%{b:02x}" for b in secret.encode()),
        "html-numeric": "".join(f"&#{ord(c)};" for c in secret),
        "repr-x-escape": secret.replace("-", "\\x2d"),
    }[name]
    shown = mask(f'{{"before": 1, "value": "{rendering}", "after": 2}}')
    assert shown == f'{{"before": 1, "value": "{MASK}", "after": 2}}', shown


# --- every rendering, in every file of a report directory ------------------------------------------

RENDERINGS = list(renderings("id", "secret"))


@pytest.fixture(scope="module")
def listen_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A listen session whose client wrote the session's secrets (client secret, LinkIt! secret, its bearer
    token) in every rendering, in paths, queries, headers and bodies: the report files, and the renderings
    of each secret."""
    directory = tmp_path_factory.mktemp("secrets")
    run = listen_measured(directory, secret_everywhere)
    assert run.exit_code in (1, 3), run.explain()
    config = json.loads((directory / "client.json").read_text())
    token = run.client_output.rsplit("token ", 1)[1].strip()
    forms: dict[str, list[str]] = {name: [] for name in RENDERINGS}
    for identifier, secret in ((config["edfi"]["client_id"], config["edfi"]["client_secret"]),
                               (config["linkit"]["access_key"], config["linkit"]["secret"]), (None, token)):
        for name, form in renderings(identifier or "", secret).items():
            if identifier is not None or name != "base64-id-secret":  # a token has no identifier to pair with
                forms[name].append(form)
    files = {str(p.relative_to(run.report_dir)): p.read_text(errors="replace")
             for p in run.report_dir.rglob("*") if p.is_file()}
    files["stderr"] = run.stderr
    return files, forms


@pytest.mark.parametrize("name", RENDERINGS)
def test_a_secret_in_every_rendering_is_masked_in_every_file_of_a_listen_report(
        name: str, listen_reports: tuple[dict[str, str], dict[str, list[str]]]) -> None:
    files, forms = listen_reports
    assert {"certification.json", "certification.html", "evidence.har", "junit.xml", "client-traffic.json"} <= set(files)
    assert any(f.startswith("allure-results/") for f in files)
    leaks = [(file, form[:6]) for file, text in files.items() for form in forms[name] if form in text]
    assert not leaks, f"the {name} rendering of a secret is in {leaks}"


def test_a_token_written_with_json_escapes_is_masked_in_every_file_of_a_run(tmp_path: Path) -> None:
    escaped = b"edcert\\u002dcanary\\u002dtoken\\u002D7d1f9e"
    with reference.start() as target, HostileServer("token", payload=escaped) as server:
        env = write_profile(target, tmp_path / "profile.toml", edfi_base_url=f"{server.url}/data/v3",
                            token_url=f"{server.url}/oauth/token")
        result = run_measured(["--target", str(tmp_path / "profile.toml"), "--timeout", "2", "--seed", "8",
                               "-m", "SCA-S1 or SCA-N1 or SCA-N2"], tmp_path / "reports", env)
    assert result.exit_code == 1, result.stdout[-2000:]
    files = {str(p.relative_to(result.report_dir)): p.read_text(errors="replace")
             for p in result.report_dir.rglob("*") if p.is_file()}
    assert "junit.xml" in files and "evidence.har" in files
    token = "edcert-canary-token-7d1f9e"
    forms = [token, escaped.decode(), escaped.decode().replace("\\u002D", "\\u002d"), "canary\\u002dtoken",
             base64.b64encode(token.encode()).decode()]
    leaks = [(file, form[:14]) for file, text in files.items() for form in forms if form in text]
    assert not leaks, leaks


def test_a_scheme_without_credentials_leaves_the_next_line_alone() -> None:
    """An empty bearer token sent on purpose: the header names only its scheme, and the next header stays."""
    assert mask("Authorization: Bearer\nContent-Length: 229\n") == "Authorization: Bearer\nContent-Length: 229\n"
