"""The bounded exchange, alone: every way a server can misbehave ends within --timeout as one clear failure,
nothing is read beyond the cap or decompressed, and nothing goes to an origin the profile does not name."""

from __future__ import annotations

import time

import pytest

from edcert.errors import CheckFailed, TargetUnreachable
from edcert.http.target_urls import origin
from edcert.http.transport import MAX_BODY_BYTES, HttpClient

from .hostile import HostileServer

TIMEOUT = 0.5
#: Generous: an exchange may take up to --timeout, the rest is the machine being busy.
BOUND = 2 * TIMEOUT + 1.0


@pytest.mark.parametrize(("mode", "phrase"), [
    ("drip-status", "no answer within 0.5 s (--timeout)"),
    ("drip-headers", "no answer within 0.5 s (--timeout)"),
    ("endless-continue", "more than 16 interim (1xx) answers"),
    ("drip-chunk-size", "did not finish within 0.5 s (--timeout)"),
    ("endless-trailers", "did not finish within 0.5 s (--timeout)"),
    ("drip-redirect-body", "(HTTP 302 Found) did not finish within 0.5 s"),
    ("redirect-gzip-bomb", f"body over {MAX_BODY_BYTES} bytes"),
    ("redirect-huge", f"body over {MAX_BODY_BYTES} bytes"),
    ("redirect-gzip-small", "Content-Encoding gzip although edcert asked for identity"),
    ("header-flood", "sent more than"),
])
def test_a_misbehaving_answer_ends_within_the_timeout_as_a_target_failure(mode: str, phrase: str) -> None:
    client = HttpClient(TIMEOUT)
    with HostileServer(mode) as server:
        started = time.monotonic()
        with pytest.raises(CheckFailed) as failure:
            client.send("GET", f"{server.url}/data/v3/ed-fi/x")
        elapsed = time.monotonic() - started
    client.close()
    assert phrase in str(failure.value)
    assert elapsed < BOUND, f"{mode} took {elapsed:.1f} s"


def test_interim_answers_are_skipped_and_the_final_answer_is_read() -> None:
    client = HttpClient(2)
    with HostileServer("early-hints") as server:
        exchange = client.send("GET", f"{server.url}/x")
    assert (exchange.status, exchange.body) == (200, b'{"ok": true}')


def test_a_redirect_is_recorded_not_followed() -> None:
    client = HttpClient(2)
    with HostileServer("html", host="127.0.0.2") as elsewhere, \
            HostileServer("redirect-away", payload=elsewhere.url.encode()) as server:
        exchange = client.send("GET", f"{server.url}/x")
        assert elsewhere.requests == []
    assert exchange.status == 307 and exchange.header("location") == f"{elsewhere.url}/x"


def test_a_3xx_location_that_is_not_utf8_is_just_recorded() -> None:
    client = HttpClient(2)
    with HostileServer("redirect-bad-utf8") as server:
        exchange = client.send("GET", f"{server.url}/x")
    assert exchange.status == 302


def test_only_the_allowed_origins_are_sent_anything() -> None:
    with HostileServer("html") as own, HostileServer("html", host="127.0.0.2") as other:
        client = HttpClient(2, allowed_origins={origin(own.url)})
        client.send("GET", f"{own.url}/x")
        for url in (f"{other.url}/x", f"http://127.0.0.1:{other.port}/x", f"http://u:p@127.0.0.1:{own.port}/x",
                    "file:///etc/passwd"):
            with pytest.raises(CheckFailed, match="edcert does not send a request"):
                client.send("DELETE", url, headers={"Authorization": "Bearer credential-for-own-origin"})
        assert other.requests == [] and len(own.requests) == 1


def test_a_header_value_with_a_line_break_is_never_sent_nor_shown() -> None:
    token = "canary-token-value\r\nX-Injected: 1"
    with HostileServer("html") as server:
        client = HttpClient(2)
        with pytest.raises(CheckFailed) as failure:
            client.send("GET", f"{server.url}/x", headers={"Authorization": f"Bearer {token}"})
        assert server.requests == []
    assert "Authorization" in str(failure.value) and "canary" not in str(failure.value)


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    client = HttpClient(2)
    with HostileServer("declared-huge") as server:
        with pytest.raises(CheckFailed, match="a body of 5000000000 bytes"):
            client.send("GET", f"{server.url}/x")


def test_no_answer_at_all_is_unreachable_not_a_failure() -> None:
    with HostileServer("html") as server:
        url = server.url
    with pytest.raises(TargetUnreachable, match="connection refused"):
        HttpClient(2).send("GET", f"{url}/x")


def test_connections_are_kept_alive_between_exchanges() -> None:
    from edcert import reference

    with reference.start() as target:
        client = HttpClient(5)
        for _ in range(5):
            assert client.send("GET", f"{target.url}/openapi.json").status == 200
        pool = next(iter(client.adapter.poolmanager.pools._container.values()))
        assert pool.num_connections == 1


def test_a_resolver_that_does_not_answer_is_bounded_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    real = socket.getaddrinfo

    def slow_resolver(host: str, *args: object, **kwargs: object) -> object:
        if host == "slow-dns.example":
            time.sleep(3)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_resolver)
    client = HttpClient(TIMEOUT, allowed_origins=[origin("http://slow-dns.example")])
    started = time.monotonic()
    with pytest.raises(TargetUnreachable, match="slow-dns.example cannot be resolved: the resolver gave no answer"):
        client.send("GET", "http://slow-dns.example/x")
    assert time.monotonic() - started < BOUND


def test_a_name_is_connected_by_its_address_and_sent_as_the_name() -> None:
    with HostileServer("html") as server:
        named = server.url.replace("127.0.0.1", "localhost")
        HttpClient(5, allowed_origins=[origin(named)]).send("GET", f"{named}/x")
        assert f"Host: localhost:{server.port}".encode() in server.requests[0]
