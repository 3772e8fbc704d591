"""Signed URLs changed after signing (edcert.linkit.tampering): each changes exactly what it says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlsplit

import pytest

from edcert.http.transport import HttpClient
from edcert.linkit import tampering
from edcert.linkit.client import LinkitClient
from edcert.linkit.signing import encode_timestamp, hmac_sha1_hex
from edcert.masking import Secret
from edcert.profile import LinkitProfile
from edcert.reference.faults.linkit_signers import hmac_sha1_base64
from edcert.reference.linkit_api import split_query

SECRET = "edcert-test-secret"
PROGRAM, HELD = 19740, 1552


def _client(signer: str = "edcert.linkit.signing:hmac_sha1_hex") -> LinkitClient:
    return LinkitClient(LinkitProfile("https://vendor.example/api/linkit", "123456789-987654321", Secret(SECRET),
                                      signer=signer), HttpClient(5))


def _parts(url: str) -> tuple[str, list[tuple[str, str]]]:
    split = urlsplit(url)
    return split.path, parse_qsl(split.query, keep_blank_values=True)


def _signed_correctly(url: str, signer: Callable[[str, str], str] = hmac_sha1_hex) -> bool:
    split = urlsplit(url)
    signed, tag, _ = split_query(split.query)
    return tag is not None and signer(f"{split.path}?{signed}", SECRET) == tag


KEY = "123456789-987654321"
UNDO = {  # how to take each change back: the URL is then exactly as signed
    "program": lambda client, url: url.with_program(HELD),
    "verb": lambda client, url: url.with_value("verb", "deassign"),
    "timestamp": lambda client, url: url.with_value("timestamp", encode_timestamp(url.timestamp)),
    "accesskey": lambda client, url: url.with_value("accesskey", KEY),
    "tag": lambda client, url: url.with_tag(client.sign(url)),
}


@pytest.mark.parametrize(("tamper", "changed"), [
    (tampering.program_changed, "program"),
    (tampering.verb_changed, "verb"),
    (tampering.timestamp_changed, "timestamp"),
    (tampering.access_key_changed, "accesskey"),
    (tampering.tag_character_changed, "tag"),
    (tampering.tag_cut, "tag"),
    (tampering.tag_extended, "tag"),
])
def test_each_change_after_signing_is_one_part_an_assign_of_the_program_would_need(tamper: tampering.Tampering,
                                                                                  changed: str) -> None:
    client = _client()
    url = tamper(client, PROGRAM, HELD)
    path, query = _parts(url.url)
    assert path == f"/api/linkit/programs/{PROGRAM}" and dict(query)["verb"] == "assign"
    assert [name for name, _ in query] == ["verb", "timestamp", "accesskey", "tag"]
    assert not _signed_correctly(url.url)
    assert _signed_correctly(UNDO[changed](client, url).url)


@pytest.mark.parametrize(("tamper", "changed"), [
    (tampering.removing_verb_changed, "verb-back-to-assign"),
    (tampering.removing_timestamp_changed, "timestamp"),
    (tampering.removing_tag_character_changed, "tag"),
])
def test_each_change_of_a_removal_is_one_part_a_deassign_of_the_program_would_need(tamper: tampering.Tampering,
                                                                                  changed: str) -> None:
    client = _client()
    url = tamper(client, PROGRAM, HELD)
    path, query = _parts(url.url)
    assert path == f"/api/linkit/programs/{PROGRAM}" and dict(query)["verb"] == "deassign"
    assert not _signed_correctly(url.url)
    undo = (lambda client, url: url.with_value("verb", "assign")) if changed == "verb-back-to-assign" else UNDO[changed]
    assert _signed_correctly(undo(client, url).url)


def test_a_timestamp_moved_one_minute_stays_in_the_documents_form() -> None:
    url = tampering.timestamp_changed(_client(), PROGRAM, HELD)
    stamp = datetime.strptime(dict(_parts(url.url)[1])["timestamp"], "%m/%d/%Y %I:%M:%S %p")
    assert abs((datetime.now(timezone.utc).replace(tzinfo=None) - stamp).total_seconds() - 60) < 30


def test_tag_forms_keep_their_alphabet_and_change_before_padding() -> None:
    client = _client("edcert.reference.faults.linkit_signers:hmac_sha1_base64")
    signed = client.signed_url(PROGRAM, "assign")
    assert signed.tag is not None and signed.tag.endswith("=")
    changed = tampering.tag_character_changed(client, PROGRAM, HELD).tag
    cut = tampering.tag_cut(client, PROGRAM, HELD).tag
    extended = tampering.tag_extended(client, PROGRAM, HELD).tag
    assert changed is not None and cut is not None and extended is not None
    assert changed.endswith("=") and len(changed) == len(signed.tag)
    assert cut.endswith("=") and len(cut) == len(signed.tag) - 1
    assert extended.endswith("0=") and len(extended) == len(signed.tag) + 1


def test_the_other_case_is_judged_only_for_a_tag_that_is_not_hex() -> None:
    assert tampering.tag_other_case(_client(), PROGRAM, HELD) is None
    client = _client("edcert.reference.faults.linkit_signers:hmac_sha1_base64")
    url = tampering.tag_other_case(client, PROGRAM, HELD)
    assert url is not None and url.tag is not None
    original = hmac_sha1_base64(urlsplit(url.with_tag(None).url).path + "?" +
                                urlsplit(url.with_tag(None).url).query, SECRET)
    assert url.tag == original.swapcase() != original


def test_a_base64_tag_is_percent_encoded_in_the_url() -> None:
    url = _client().signed_url(PROGRAM, "assign").with_tag("ab+/c=")
    assert url.url.endswith("&tag=ab%2B%2Fc%3D")


def test_a_parameter_after_the_tag_leaves_the_signed_deassign_intact() -> None:
    url = tampering.repeated_after_tag("&verb=assign")(_client(), PROGRAM, HELD).url
    signed, tag, after = split_query(urlsplit(url).query)
    assert after == "&verb=assign" and "verb=deassign" in signed
    assert _signed_correctly(url)


def test_timestamps_hours_away() -> None:
    url = tampering.signed_hours_away(_client(), PROGRAM, 24).url
    stamp = datetime.strptime(dict(_parts(url)[1])["timestamp"], "%m/%d/%Y %I:%M:%S %p")
    assert 23.9 < (stamp - datetime.now(timezone.utc).replace(tzinfo=None)).total_seconds() / 3600 < 24.1
    assert _signed_correctly(url)


@pytest.mark.parametrize(("query", "parts"), [
    ("verb=assign&tag=abc", ("verb=assign", "abc", "")),
    ("verb=assign&tag=abc&verb=deassign", ("verb=assign", "abc", "&verb=deassign")),
    ("verb=assign", ("verb=assign", None, "")),
    ("tag=abc&verb=assign", ("", "abc", "&verb=assign")),
    ("verb=assign&tag=", ("verb=assign", "", "")),
])
def test_the_reference_splits_the_query_at_the_tag(query: str, parts: tuple) -> None:
    assert split_query(query) == parts
