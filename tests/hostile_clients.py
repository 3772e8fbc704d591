"""Hostile clients of edcert listen, and a way to run a listen session against one and measure it.

Each client reads the session's configuration (--config-out) and misbehaves in one way: floods the API,
sends bodies no parser should meet, writes the session's secret in every rendering it can, or holds
connections open without finishing its requests. Every loop is bounded in count and time, and every
request goes to the listen session on 127.0.0.1.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .hostile import DEEP_JSON, XML_BOMB

ASSOCIATIONS = "/ed-fi/studentCohortAssociations"


def _config(path: Path) -> dict:
    return json.loads(path.read_text())


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=20)


def _send(connection: http.client.HTTPConnection, method: str, target: str, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection.request(method, target, body=body, headers=headers or {})
    answer = connection.getresponse()
    return answer.status, answer.read()


def token(config: dict) -> str:
    edfi = config["edfi"]
    connection = _connection(edfi["token_url"])
    try:
        basic = base64.b64encode(f"{edfi['client_id']}:{edfi['client_secret']}".encode()).decode()
        _, body = _send(connection, "POST", urlsplit(edfi["token_url"]).path, b"grant_type=client_credentials",
                        {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"})
        return json.loads(body)["access_token"]
    finally:
        connection.close()


# --- a flood of large requests --------------------------------------------------------------------

def flood(config_path: Path, requests: int, size: int, threads: int = 4) -> str:
    """PUTs of ``size`` bytes to distinct ids, on ``threads`` keep-alive connections."""
    config = _config(config_path)
    base = config["edfi"]["base_url"]
    path = urlsplit(base).path + ASSOCIATIONS
    body = json.dumps({"studentReference": {"studentUniqueId": "111111"}, "padding": "x" * size}).encode()
    headers = {"Authorization": f"Bearer {token(config)}", "Content-Type": "application/json"}
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def worker(first: int) -> None:
        connection = _connection(base)
        try:
            for number in range(first, requests, threads):
                try:
                    status, _ = _send(connection, "PUT", f"{path}/flood{number:06d}", body, headers)
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = _connection(base)
                    continue
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    return f"flood: {requests} PUTs of {size} bytes, answers {statuses}"


# --- bodies that break parsers ----------------------------------------------------------------------

DEEP_XML = b"<a>" * 100_000 + b"</a>" * 100_000
HOSTILE_BODIES: dict[str, tuple[bytes, str]] = {
    "deep-json": (DEEP_JSON, "application/json"),
    "deep-xml": (DEEP_XML, "application/xml"),
    "xml-bomb": (XML_BOMB, "application/xml"),
    "broken-utf8": (b'{"StudentID": "\xff\xfe\xfa"}', "application/json"),
    "lone-surrogate": (b'{"StudentID": "\\ud800"}', "application/json"),
    "half-json": (b'{"StudentID": "151', "application/json"),
    "nan": (b'{"StudentID": NaN}', "application/json"),
    "huge-number": (b'{"StudentID": 1' + b"0" * 5000 + b"}", "application/json"),
}


def hostile_bodies(config_path: Path) -> str:
    """Each hostile body as an Ed-Fi write (with a valid token), an Ed-Fi token request and a LinkIt! call."""
    config = _config(config_path)
    edfi, linkit = config["edfi"], config["linkit"]
    bearer = token(config)
    data = urlsplit(edfi["base_url"]).path + ASSOCIATIONS
    program = urlsplit(linkit["base_url"]).path + "/programs/19740?verb=assign&timestamp=1%2f1%2f2026+1%3a00%3a00+PM" \
        f"&accesskey={linkit['access_key']}&tag=0123456789abcdef0123456789abcdef01234567"
    said = []
    connection = _connection(edfi["base_url"])
    try:
        for name, (body, content_type) in HOSTILE_BODIES.items():
            for method, target, headers in (
                    ("POST", data, {"Authorization": f"Bearer {bearer}"}),
                    ("POST", urlsplit(edfi["token_url"]).path, {}),
                    ("PUT", program, {"StudentID": "151557", "Accept": content_type})):
                try:
                    status, _ = _send(connection, method, target, body, {**headers, "Content-Type": content_type})
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    connection = _connection(edfi["base_url"])
                    status = f"no answer ({exc.__class__.__name__})"
                said.append(f"{name} {method} {target[:30]}: {status}")
    finally:
        connection.close()
    return "\n".join(said)


# --- the session's secret, written in every rendering -------------------------------------------------

def renderings(client_id: str, secret: str) -> dict[str, str]:
    """Every form in which a report could hold the secret."""
    return {
        "raw": secret,
        "percent-encoded": quote(secret, safe=""),
        "percent-encoded-every-byte": "".join(f"%{byte:02X}" for byte in secret.encode()),
        "json-escaped": json.dumps(secret)[1:-1],
        "json-u-escapes": "".join(f"\\u{ord(c):04x}" if not c.isalnum() else c for c in secret),
        "json-u-escapes-all": "".join(f"\\u{ord(c):04x}" for c in secret),
        "repr-escaped": repr(secret.encode())[2:-1] + "\\n",
        "base64-secret": base64.b64encode(secret.encode()).decode(),
        "base64-id-secret": base64.b64encode(f"{client_id}:{secret}".encode()).decode(),
        "base64url-secret": base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
        "html-escapes": "".join(f"&#{ord(c)};" for c in secret),
    }


def secret_everywhere(config_path: Path) -> str:
    """A conformant token request, then requests holding the session's secrets in every rendering, in the
    path, the query, headers and bodies."""
    config = _config(config_path)
    edfi, linkit = config["edfi"], config["linkit"]
    bearer = token(config)
    data = urlsplit(edfi["base_url"]).path + ASSOCIATIONS
    connection = _connection(edfi["base_url"])
    sent = 0
    try:
        for identifier, secret in ((edfi["client_id"], edfi["client_secret"]), (linkit["access_key"], linkit["secret"]),
                                   ("", bearer)):
            for name, form in renderings(identifier, secret).items():
                header = form if form.isascii() and "\n" not in form else quote(form)
                body = json.dumps({"note": name}).encode()[:-1] + b', "echo": "' + form.encode() + b'"}'
                for method, target in (("POST", f"{data}?debug={quote(form, safe='%')}"),
                                       ("PUT", f"{data}/{quote(form, safe='%')}")):
                    _send(connection, method, target, body, {"Authorization": f"Bearer {bearer}",
                                                             "Content-Type": "application/json",
                                                             "X-Debug": header[:4000]})
                    sent += 1
    finally:
        connection.close()
    return f"secret-everywhere: {sent} requests; token {bearer}"


# --- slow and many connections -------------------------------------------------------------------------

def slow_connections(config_path: Path, dripping: int, idle: int, seconds: float) -> str:
    """``dripping`` connections that send their request line a byte at a time, ``idle`` connections that
    send nothing, all held for up to ``seconds``; says how many the server closed."""
    config = _config(config_path)
    parts = urlsplit(config["edfi"]["base_url"])
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    sockets = []
    for _ in range(dripping + idle):
        try:
            sockets.append(socket.create_connection(address, timeout=2))
        except OSError:
            break
    request = f"GET {parts.path}{ASSOCIATIONS} HTTP/1.1\r\nHost: x\r\nX-Slow: ".encode() + b"s" * 10_000
    closed: set[int] = set()
    deadline = time.monotonic() + seconds
    position = 0
    while time.monotonic() < deadline and len(closed) < len(sockets):
        for index, sock in enumerate(sockets[:dripping]):
            if index in closed:
                continue
            try:
                sock.send(request[position:position + 1])
            except OSError:
                closed.add(index)
        for index, sock in enumerate(sockets[dripping:], start=dripping):
            if index not in closed and _closed_by_peer(sock):
                closed.add(index)
        position = (position + 1) % len(request)
        time.sleep(0.1)
    for sock in sockets:
        sock.close()
    return f"slow-connections: {len(sockets)} opened, {len(closed)} closed by the server within {seconds:g} s"


def _closed_by_peer(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


# --- a listen session against one of them, measured -------------------------------------------------

@dataclass
class ListenMeasured:
    exit_code: int
    stdout: str
    stderr: str
    report_dir: Path
    client_output: str
    wall_seconds: float
    peak_mib: float

    @property
    def certification(self) -> dict:
        return json.loads((self.report_dir / "certification.json").read_text())

    @property
    def traffic(self) -> dict:
        return json.loads((self.report_dir / "client-traffic.json").read_text())

    def scenario(self, sid: str) -> dict:
        return next(s for s in self.certification["scenarios"] if s["id"] == sid)

    def everything(self) -> str:
        files = [p.read_text(errors="replace") for p in self.report_dir.rglob("*") if p.is_file()]
        return "\n".join([self.stdout, self.stderr, *files])

    def explain(self) -> str:
        return f"exit {self.exit_code}\n{self.stdout[-3000:]}\n{self.stderr[-2000:]}\nclient: {self.client_output[-800:]}"


def listen_measured(directory: Path, client: Callable[[Path], str], *, env: dict[str, str] | None = None,
                    stop: signal.Signals = signal.SIGTERM, limit: float = 120.0,
                    listen_args: tuple[str, ...] = ()) -> ListenMeasured:
    """Start edcert listen, run ``client`` against it, stop listen with ``stop``; measure listen's wall time
    and peak memory. Listen is killed (exit -9) if it outlives ``limit`` seconds."""
    directory.mkdir(parents=True, exist_ok=True)
    config, report_dir = directory / "client.json", directory / "reports"
    with open(directory / "listen.out", "w+b") as out, open(directory / "listen.err", "w+b") as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "edcert", "listen", "--report-dir", str(report_dir), "--config-out", str(config),
             "--idle-timeout", "60", *listen_args],
            stdout=out, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        killer = threading.Timer(limit, process.kill)
        killer.start()
        client_output = ""
        try:
            deadline = time.monotonic() + 30
            while not config.exists() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            if config.exists():
                try:
                    client_output = client(config)
                except Exception as exc:  # noqa: BLE001 - the session is judged all the same
                    client_output = f"the client broke off: {exc!r}"
                process.send_signal(stop)
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return ListenMeasured(os.waitstatus_to_exitcode(status), stdout, stderr, report_dir, client_output, wall,
                          usage.ru_maxrss / 1024)
