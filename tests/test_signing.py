"""LinkIt! request signing: the default scheme, the document's timestamp, vendor signers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from edcert.errors import UsageError
from edcert.http.transport import HttpClient
from edcert.linkit.client import LinkitClient
from edcert.linkit.signing import encode_timestamp, format_timestamp, hmac_sha1_hex, load_signer
from edcert.masking import Secret
from edcert.profile import LinkitProfile

DOCUMENT_STRING_TO_SIGN = ("/programs/19740?verb=assign&timestamp=6%2f26%2f2013+1%3a32%3a07+PM"
                           "&accesskey=123456789-987654321")
# Computed independently: printf '%s' "$STRING" | openssl dgst -sha1 -hmac "edcert-test-secret"
OPENSSL_TAG = "3c3cfdc054781e0f7d9ea5b88b7ed2a14d975c1c"


def test_default_tag_matches_an_independent_hmac_sha1() -> None:
    assert hmac_sha1_hex(DOCUMENT_STRING_TO_SIGN, "edcert-test-secret") == OPENSSL_TAG


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_default_tag_matches_openssl_now() -> None:
    out = subprocess.run(["openssl", "dgst", "-sha1", "-hmac", "another secret"], input=DOCUMENT_STRING_TO_SIGN,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().rsplit(" ", 1)[-1] == hmac_sha1_hex(DOCUMENT_STRING_TO_SIGN, "another secret")


@pytest.mark.parametrize(("moment", "written", "encoded"), [
    (datetime(2013, 6, 26, 13, 32, 7), "6/26/2013 1:32:07 PM", "6%2f26%2f2013+1%3a32%3a07+PM"),
    (datetime(2013, 6, 26, 13, 34, 29), "6/26/2013 1:34:29 PM", "6%2f26%2f2013+1%3a34%3a29+PM"),
    (datetime(2026, 11, 2, 0, 5, 9), "11/2/2026 12:05:09 AM", "11%2f2%2f2026+12%3a05%3a09+AM"),
    (datetime(2026, 1, 10, 12, 0, 0), "1/10/2026 12:00:00 PM", "1%2f10%2f2026+12%3a00%3a00+PM"),
])
def test_timestamp_is_written_and_encoded_like_the_document(moment: datetime, written: str, encoded: str) -> None:
    assert format_timestamp(moment) == written
    assert encode_timestamp(written) == encoded


def _client(signer: str = "edcert.linkit.signing:hmac_sha1_hex", base: str = "https://vendor.example/api/linkit"):
    profile = LinkitProfile(base, "123456789-987654321", Secret("edcert-test-secret"), signer=signer)
    return LinkitClient(profile, HttpClient(5))


def test_signed_url_has_the_documents_parameter_order_and_signs_the_path_with_its_prefix() -> None:
    url = _client().signed_url(19740, "assign", moment=datetime(2013, 6, 26, 13, 32, 7, tzinfo=timezone.utc))
    assert url.url == ("https://vendor.example/api/linkit" + DOCUMENT_STRING_TO_SIGN + "&tag=" + url.tag)
    assert url.tag == hmac_sha1_hex("/api/linkit" + DOCUMENT_STRING_TO_SIGN, "edcert-test-secret")


def test_a_vendor_signer_is_used_when_the_profile_names_one(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "vendor_signer.py").write_text(
        "import hashlib\n"
        "def sign(string_to_sign, secret):\n"
        "    return hashlib.sha256((secret + string_to_sign).encode()).hexdigest()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    url = _client("vendor_signer:sign").signed_url(1552, "deassign")
    import hashlib

    signed = url.url.split("&tag=")[0].split("vendor.example")[1]
    assert url.tag == hashlib.sha256(("edcert-test-secret" + signed).encode()).hexdigest()
    sys.modules.pop("vendor_signer", None)


@pytest.mark.parametrize("spec", ["no_such_module_xyz:sign", "edcert.linkit.signing:missing",
                                  "edcert.linkit.signing:DEFAULT_NOTHING"])
def test_a_signer_that_cannot_be_imported_is_a_usage_error(spec: str) -> None:
    with pytest.raises(UsageError, match="signer"):
        load_signer(spec)


def test_the_signed_url_reaches_the_server_byte_for_byte() -> None:
    from .hostile import HostileServer

    with HostileServer("html") as server:
        client = _client(base=f"{server.url}/linkit")
        url = client.signed_url(19740, "assign", moment=datetime(2013, 6, 26, 13, 32, 7, tzinfo=timezone.utc))
        client.put(url, "151557", "json")
        request_line = server.requests[0].split(b"\r\n", 1)[0].decode()
    assert request_line == f"PUT {url.url.split(server.url, 1)[1]} HTTP/1.1"
    assert "timestamp=6%2f26%2f2013+1%3a32%3a07+PM" in request_line
