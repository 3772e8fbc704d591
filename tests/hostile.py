"""Misbehaving HTTP servers on 127.0.0.1 (or another loopback address), and a way to run edcert against
them and measure it.

A server answers each request in the way its mode names; given several modes, it takes them in turn
(request 1 the first, request 2 the second, ...), so one run of edcert meets several misbehaviours.
Every server is bounded (it stops sending when stopped or when the client goes away) and records the
requests it saw.
"""

from __future__ import annotations

import gzip
import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .targets import RunResult

HTML_PAGE = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
XML_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
            b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
            b'<Response><Result>&lol4;</Result></Response>')
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
_GZIP_MEMBER = gzip.compress(b"\0" * 1_000_000)  # about 1 KB that inflates to 1 MB; members concatenate
DRIP_PAUSE = 0.2


def xxe_document(path: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY secret SYSTEM "file://{path}">]>'
            f"<Response><Result>SUCCESS</Result><Data><StudentID>&secret;</StudentID><Programs/></Data>"
            f"</Response>").encode()


def _response(status: str, content_type: str, body: bytes, extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n{extra}"
            f"Connection: close\r\n\r\n").encode() + body


class HostileServer:
    """Answers every request in the way its mode (or, in turn, its modes) names; records the requests it saw.

    ``payload`` is mode-specific data (a document, a URL, a token); ``upstream`` and ``locations`` serve the
    proxy mode, which forwards to a real target and replaces each Location it answers with the next one."""

    def __init__(self, mode: str | list[str], host: str = "127.0.0.1", payload: bytes = b"",
                 upstream: str = "", locations: list[bytes] | None = None, interim: bytes = b"") -> None:
        self.modes = [mode] if isinstance(mode, str) else list(mode)
        self.mode, self.payload = self.modes[0], payload
        self.upstream, self.interim = upstream, interim
        self._locations = itertools.cycle(locations) if locations else None
        self.requests: list[bytes] = []
        self._count = itertools.count()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.host, self.port = host, self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> bytes:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    body += chunk
        return head + b"\r\n\r\n" + body

    def _handle(self, conn: socket.socket) -> None:
        try:
            if self.mode == "not-tls":  # answer a TLS ClientHello with plain HTTP at once
                conn.sendall(_response("400 Bad Request", "text/html", HTML_PAGE))
                return
            request = self._read_request(conn)
            with self._lock:
                self.requests.append(request)
                mode = self.modes[next(self._count) % len(self.modes)]
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"
            getattr(self, "_" + mode.replace("-", "_"))(conn, path, request)
        except OSError:
            pass
        finally:
            conn.close()

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        """Send one byte at a time, DRIP_PAUSE apart, until stopped or the client goes away."""
        for byte in itertools.cycle(data):
            if self._stop.wait(DRIP_PAUSE):
                return
            conn.sendall(bytes([byte]))

    def _flood(self, conn: socket.socket, head: bytes, block: bytes, limit: int) -> None:
        """Send a head, then blocks until ``limit`` bytes went out, the client went away or the server stops."""
        conn.sendall(head)
        sent = 0
        while sent < limit and not self._stop.is_set():
            conn.sendall(block)
            sent += len(block)

    # --- the modes: crude failures ------------------------------------------------------------
    def _hang(self, conn: socket.socket, path: str, request: bytes) -> None:
        self._stop.wait()

    def _slow(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n")
        for _ in range(2000):
            if self._stop.is_set():
                return
            conn.sendall(b" ")
            time.sleep(0.1)

    def _html(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("502 Bad Gateway", "text/html", HTML_PAGE))

    def _invalid_json(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("200 OK", "application/json", b'{"access_token": "abc", "expires_in": 18'))

    def _wrong_type(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("200 OK", "application/json", b'[{"access_token": "abc"}]'))

    def _empty(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("200 OK", "application/json", b""))

    def _huge(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        block = b" " * 65536
        for _ in range(160):  # 10 MB, without announcing its size
            conn.sendall(f"{len(block):x}\r\n".encode() + block + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    def _redirect_loop(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("302 Found", "text/plain", b"", f"Location: {self.url}{path}\r\n"))

    def _redirect_away(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("307 Temporary Redirect", "text/plain", b"",
                               f"Location: {self.payload.decode()}{path}\r\n"))

    def _close_midway(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                     b'{"access_token": "ab')

    def _xml(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("200 OK", "application/xml", self.payload))

    def _deep_json(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(_response("200 OK", "application/json", DEEP_JSON))

    # --- answers that never end in time: each must be cut at --timeout ---------------------------
    def _drip_status(self, conn: socket.socket, path: str, request: bytes) -> None:
        self._drip(conn, b"HTTP/1.1 200 OK\r\n")

    def _drip_headers(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        self._drip(conn, b"X-Slow: a-header-that-never-ends")

    def _endless_continue(self, conn: socket.socket, path: str, request: bytes) -> None:
        while not self._stop.wait(0.01):
            conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _drip_chunk_size(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        self._drip(conn, b"1")

    def _endless_trailers(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"2\r\n{}\r\n0\r\n")
        while not self._stop.wait(0.05):
            conn.sendall(b"X-Trailer: more\r\n" * 20)

    def _drip_redirect_body(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: 1000\r\n\r\n")
        self._drip(conn, b"moved ")

    def _header_flood(self, conn: socket.socket, path: str, request: bytes) -> None:
        self._flood(conn, b"HTTP/1.1 200 OK\r\n", b"X-Flood: " + b"f" * 60_000 + b"\r\n", 6_000_000)

    def _declared_huge(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n")
        self._stop.wait(2)

    # --- redirects whose bodies must never be read beyond the cap or decoded ---------------------
    def _redirect_gzip_bomb(self, conn: socket.socket, path: str, request: bytes) -> None:
        member = _GZIP_MEMBER
        self._flood(conn, b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Encoding: gzip\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n",
                    f"{len(member) * 64:x}\r\n".encode() + member * 64 + b"\r\n", 2_000_000)

    def _redirect_huge(self, conn: socket.socket, path: str, request: bytes) -> None:
        block = b" " * 65536
        self._flood(conn, b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nTransfer-Encoding: chunked\r\n\r\n",
                    f"{len(block):x}\r\n".encode() + block + b"\r\n", 300_000_000)

    def _redirect_gzip_small(self, conn: socket.socket, path: str, request: bytes) -> None:
        body = gzip.compress(b"moved", mtime=0)
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Encoding: gzip\r\n"
                     + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)

    def _redirect_bad_utf8(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /\xff\xfe/elsewhere\r\nContent-Length: 0\r\n"
                     b"Connection: close\r\n\r\n")

    def _early_hints(self, conn: socket.socket, path: str, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                     b"HTTP/1.1 100 Continue\r\n\r\n" + _response("200 OK", "application/json", b'{"ok": true}'))

    # --- a token endpoint that issues the token in ``payload``; every other request is not found -------
    def _token(self, conn: socket.socket, path: str, request: bytes) -> None:
        if path.endswith("/oauth/token"):
            body = (b'{"access_token": "' + self.payload + b'", "token_type": "bearer", "expires_in": 1800, '
                    b'"refresh_token":"not available"}')
            conn.sendall(_response("200 OK", "application/json", body))
        else:
            conn.sendall(_response("404 Not Found", "application/json", b'{"message": "not found"}'))

    # --- a proxy in front of a real target ---------------------------------------------------------
    def _proxy(self, conn: socket.socket, path: str, request: bytes) -> None:
        head, _, body = request.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method = lines[0].split(" ", 1)[0]
        headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        headers = {k.strip(): v.strip() for k, v in headers.items()
                   if k.strip().lower() not in ("host", "connection", "content-length")}
        upstream = http.client.HTTPConnection(self.upstream.split("//", 1)[1], timeout=10)
        try:
            upstream.request(method, path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
            out = [f"HTTP/1.1 {answer.status} {answer.reason}".encode()]
            for name, value in answer.getheaders():
                if name.lower() in ("content-length", "transfer-encoding", "connection", "date", "server"):
                    continue
                if name.lower() == "location":  # the next of the given Locations, or the proxy's own
                    with self._lock:
                        location = next(self._locations) if self._locations else \
                            value.replace(self.upstream, self.url).encode("latin-1")
                    out.append(b"Location: " + location)
                    continue
                out.append(f"{name}: {value}".encode("latin-1"))
            out += [f"Content-Length: {len(content)}".encode(), b"Connection: close"]
            conn.sendall(self.interim + b"\r\n".join(out) + b"\r\n\r\n" + content)
        finally:
            upstream.close()


@dataclass
class Measured(RunResult):
    """A finished `edcert run`, with its wall time and the peak resident memory of its process."""

    wall_seconds: float = 0.0
    peak_mib: float = 0.0

    def everything(self) -> str:
        """Its output and every file it left under the report directory, as text."""
        files = [p.read_text(errors="replace") for p in self.report_dir.rglob("*") if p.is_file()]
        return "\n".join([self.stdout, self.stderr, *files])


def run_measured(args: list[str], report_dir: Path, env: dict[str, str] | None = None,
                 limit: float = 120.0) -> Measured:
    """Run `edcert run --report-dir DIR ARGS...`; killed (exit -9) if it outlives ``limit`` seconds."""
    output = report_dir.parent / f"{report_dir.name}.output"
    output.mkdir(parents=True, exist_ok=True)
    with open(output / "stdout", "w+b") as out, open(output / "stderr", "w+b") as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "edcert", "run", "--report-dir", str(report_dir), *args],
                                   stdout=out, stderr=err, env={**os.environ, **(env or {})})
        killer = threading.Timer(limit, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Measured(process.returncode, stdout, stderr, report_dir, wall, usage.ru_maxrss / 1024)
