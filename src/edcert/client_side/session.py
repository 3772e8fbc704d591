"""One edcert listen session: the reference target with fresh credentials, every exchange recorded,
live progress, and the end (Ctrl-C, SIGTERM, idle, or the maximum duration).

When it ends, edcert reads the stored associations itself (with a private marker, so that read is not
taken for the client's) and stops the target; the result holds everything the judge needs.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from ..edfi.data import Association
from ..masking import Secret, mask, register, register_basic
from ..untrusted import Unreadable, read_json
from .connections import ConnectionCounts, counts_from_environment, guarded_protocol
from .edfi_traffic import EdfiPaths, EdfiSnapshot, EdfiTraffic
from .linkit_traffic import LinkitTraffic
from .recorder import PRIVATE_HEADER, Recorder, TokenRenewalProbe
from .traffic import Overflow, RecordedExchange, TrafficLog
from .values import SystemValues

#: What ends a session as Ctrl-C does: CI runners and `timeout` send SIGTERM, a closing terminal SIGHUP.
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ListenSettings:
    suite: str  # "edfi", "linkit" or "all"
    host: str
    port: int
    idle_timeout: float
    max_duration: float
    school_year: int
    values: SystemValues = field(default_factory=SystemValues)

    def covers(self, api: str) -> bool:
        return self.suite in ("all", api)


@dataclass(frozen=True)
class SessionCredentials:
    """Made fresh for each session, so the published demo credentials never certify anything."""

    edfi_client_id: str
    edfi_client_secret: Secret = field(repr=False)
    linkit_access_key: str
    linkit_secret: Secret = field(repr=False)

    @classmethod
    def fresh(cls) -> SessionCredentials:
        client_id = f"edcert-listen-{secrets.token_hex(4)}"
        edfi_secret, linkit_secret = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        # The access key has the document's form (123456789-987654321); it identifies, it does not prove.
        access_key = f"{secrets.randbelow(10**9):09d}-{secrets.randbelow(10**9):09d}"
        register_basic(client_id, edfi_secret)
        register_basic(access_key, linkit_secret)  # a client may pair them the way Basic does
        return cls(client_id, Secret(edfi_secret), access_key, Secret(linkit_secret))


@dataclass
class ListenResult:
    settings: ListenSettings
    credentials: SessionCredentials
    edfi_base_url: str
    token_url: str
    linkit_base_url: str
    records: list[RecordedExchange]
    overflow: dict[str, Overflow]
    snapshot: EdfiSnapshot | None
    started_at: str
    ended_at: str
    ended_by: str
    connections: ConnectionCounts = field(default_factory=ConnectionCounts)
    bounds: dict[str, int] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"ListenResult({len(self.records)} exchanges, ended by {self.ended_by})"

    @property
    def dropped(self) -> int:
        return sum(overflow.exchanges for overflow in self.overflow.values())

    def not_kept(self) -> dict[str, Any]:
        return {api: overflow.summary() for api, overflow in self.overflow.items()}

    def over_bounds(self, api: str) -> str:
        """What the client sent beyond the session's bounds, for this API (requests of no API count for both,
        and so do connections closed before a request could be read), in one sentence; empty when nothing."""
        parts = []
        names = {"edfi": "Ed-Fi", "linkit": "LinkIt!", "other": "other"}
        for name in (api, "other"):
            overflow = self.overflow.get(name)
            if overflow is None or not overflow.exchanges:
                continue
            kinds = ", ".join(f"{row['request']} x{row['count']}" for row in overflow.summary()["requests"][:5])
            parts.append(f"{overflow.exchanges} {names[name]} request(s) (#{overflow.first} to #{overflow.last}, "
                         f"{overflow.request_bytes} bytes of body) beyond the "
                         f"{self.bounds.get('max_exchanges_per_api')} exchanges or "
                         f"{self.bounds.get('max_kept_bytes_per_api')} bytes a session keeps of them: {kinds}")
        if self.connections.misbehaved:
            parts.append(self.connections.describe())
        return "; ".join(parts)

    def edfi_expected(self) -> dict[int, Association]:
        return {n: self.settings.values.association(n, self.settings.school_year) for n in (1, 2)}

    def edfi_traffic(self) -> EdfiTraffic:
        return EdfiTraffic.of(EdfiPaths.of(self.edfi_base_url, self.token_url), self.edfi_expected(), self.records)

    def linkit_traffic(self) -> LinkitTraffic:
        return LinkitTraffic.of(self.linkit_base_url, self.settings.values.linkit_program, self.records)

    def subject(self) -> dict[str, Any]:
        """What was certified, for the report: the client, as seen by this session; no secret."""
        agents = sorted({r.request_header("user-agent") or "" for r in self.records} - {""})
        return {
            "source": "edcert listen: the vendor's client, judged from the requests it sent",
            "listen": {"host": self.settings.host, "suite": self.settings.suite, "started_at": self.started_at,
                       "ended_at": self.ended_at, "ended_by": self.ended_by,
                       "idle_timeout_seconds": self.settings.idle_timeout,
                       "max_duration_seconds": self.settings.max_duration},
            "edfi": {"base_url": self.edfi_base_url, "token_url": self.token_url,
                     "client_id": self.credentials.edfi_client_id, "client_secret": "***"},
            "linkit": {"base_url": self.linkit_base_url, "access_key": self.credentials.linkit_access_key,
                       "secret": "***"},
            "school_year": self.settings.school_year,
            "values": self.settings.values.describe(),
            "requests_recorded": len(self.records) + self.dropped,
            "requests_kept": len(self.records),
            "bounds": self.bounds,
            "not_kept": self.not_kept(),
            "connections": self.connections.summary(),
            "client_addresses": sorted({r.client.rsplit(":", 1)[0] for r in self.records}),
            "user_agents": [mask(a)[:200] for a in agents[:10]],
        }


class _Handoff:
    """The listen session being judged: set by edcert listen just before it runs pytest in this process,
    read by the client plugin (the traffic keeps its secrets in memory, never unmasked on disk)."""

    result: ListenResult | None = None


HANDOFF = _Handoff()


def advertised_host(host: str) -> str:
    """The host name to give the client: the machine's name when listening on every address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


class TrafficFile:
    """The report's client-traffic.json, written as the session goes: each kept exchange, masked, as it is
    kept; the session's summary when it ends. Nothing is held back to be serialized whole at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._handle: TextIO | None = path.open("w", encoding="utf-8")
        self._handle.write('{"exchanges": [\n')
        self._first = True

    def write(self, record: RecordedExchange) -> None:
        line = json.dumps(record.to_dict(masked=True), separators=(",", ":"))
        with self._lock:
            if self._handle is None:
                return
            self._handle.write(line if self._first else ",\n" + line)
            self._first = False
            self._handle.flush()

    def close(self, result: ListenResult) -> None:
        with self._lock:
            if self._handle is None:
                return
            tail = {"not_recorded": result.dropped, "not_kept": result.not_kept(), "session": result.subject()}
            self._handle.write("\n]," + json.dumps(tail, indent=1)[1:] + "\n")
            self._handle.close()
            self._handle = None


class ListenSession:
    def __init__(self, settings: ListenSettings, out: TextIO | None = None, traffic_path: Path | None = None) -> None:
        self.settings = settings
        self.out = out or sys.stdout
        self.credentials = SessionCredentials.fresh()
        self._marker = secrets.token_hex(16)
        register(self._marker)
        self._lock = threading.Lock()
        self.traffic_file = TrafficFile(traffic_path) if traffic_path is not None else None
        self.connections = counts_from_environment()
        self._told_over = False
        self.log = TrafficLog(on_record=self._progress, sink=self.traffic_file.write if self.traffic_file else None,
                              classify=self._api_of)
        self.target: Any = None
        self.started_at = datetime.now(timezone.utc)
        self._started = time.monotonic()

    # --- start --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the reference target; raises RuntimeError when it cannot listen on the host and port."""
        from ..reference import Credentials, start

        creds = self.credentials
        credentials = Credentials(creds.edfi_client_id, creds.edfi_client_secret.reveal(), creds.linkit_access_key,
                                  creds.linkit_secret.reveal())

        def wrap(app: Any) -> Any:
            return Recorder(app, self.log, self._marker, TokenRenewalProbe("/data/v3/ed-fi/"))

        self.target = start(port=self.settings.port, host=self.settings.host, credentials=credentials, wrap=wrap,
                            http=guarded_protocol(self.connections))
        base = f"http://{advertised_host(self.settings.host)}:{self.target.port}"
        self.edfi_base_url, self.token_url, self.linkit_base_url = f"{base}/data/v3", f"{base}/oauth/token", f"{base}/linkit"
        self._edfi = EdfiTraffic(EdfiPaths.of(self.edfi_base_url, self.token_url),
                                 {n: self.settings.values.association(n, self.settings.school_year) for n in (1, 2)})
        self._linkit = LinkitTraffic.of(self.linkit_base_url, self.settings.values.linkit_program, [])
        self._linkit_prefix = urlsplit(self.linkit_base_url).path.rstrip("/") + "/"
        self._started = time.monotonic()

    def configuration(self) -> dict[str, Any]:
        """The client's configuration, in the contract's JSON shape (with its secrets)."""
        creds = self.credentials
        return {"edfi": {"base_url": self.edfi_base_url, "token_url": self.token_url,
                         "client_id": creds.edfi_client_id, "client_secret": creds.edfi_client_secret.reveal()},
                "linkit": {"base_url": self.linkit_base_url, "access_key": creds.linkit_access_key,
                           "secret": creds.linkit_secret.reveal()},
                "school_year": self.settings.school_year}

    # --- while the client works ---------------------------------------------------------------
    def _api_of(self, record: RecordedExchange) -> str:
        if self._edfi.concerns(record):
            return "edfi"
        return "linkit" if record.raw_path.startswith(self._linkit_prefix) else "other"

    def _progress(self, record: RecordedExchange) -> None:
        """One line per request as it is answered, with the scenario it was matched to."""
        with self._lock:
            if record.raw_path == self._edfi.paths.token_path and record.status == 200:
                try:
                    register(read_json(record.response_body).get("access_token"))
                except (Unreadable, AttributeError):
                    pass
            label = self._edfi.add(record) or self._linkit.add(record) or "not an Ed-Fi or LinkIt! request"
            target = record.target if len(record.target) <= 110 else record.target[:107] + "..."
            note = " (answered 401 by edcert: does the client get a new token?)" if record.note.startswith("answered 401") \
                else ""
            self.out.write(mask(f"  #{record.number:<4} {record.method:6} {target} -> {record.status}   "
                                f"{label}{note}\n"))
            self.out.flush()

    def wait(self, tick: float = 0.2) -> str:
        """Until Ctrl-C, SIGTERM, SIGHUP, --idle-timeout after the last request, or --max-duration; says which."""
        stop = threading.Event()
        received: list[str] = []
        previous: dict[int, Callable | int | None] = {}
        in_main = threading.current_thread() is threading.main_thread()

        def ended(signum: int, frame: object) -> None:
            received.append(signal.Signals(signum).name)
            stop.set()

        if in_main:
            previous = {signum: signal.signal(signum, ended) for signum in _STOP_SIGNALS}
        try:
            while not stop.wait(tick):
                if self.log.dropped and not self._told_over:
                    self._told_over = True
                    self.out.write(f"  edcert listen: the session's bounds are reached ({self.log.max_exchanges} "
                                   f"exchanges or {self.log.max_kept_bytes} bytes of an API); its further requests "
                                   "are answered and counted, not recorded\n")
                    self.out.flush()
                now = time.monotonic()
                if now - self._started >= self.settings.max_duration:
                    return f"--max-duration ({self.settings.max_duration:g} s)"
                last = self.log.last_request
                if last is not None and now - last >= self.settings.idle_timeout:
                    return f"--idle-timeout ({self.settings.idle_timeout:g} s without a request)"
            return received[0] if received else "a signal"
        except KeyboardInterrupt:
            return "Ctrl-C"
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)

    # --- the end ------------------------------------------------------------------------------
    def _snapshot(self) -> EdfiSnapshot:
        """The associations stored now, read with edcert's own token, unrecorded."""
        from ..http.transport import HttpClient

        http = HttpClient(10.0)
        private = {PRIVATE_HEADER: self._marker, "Accept": "application/json"}
        url = self.target.url
        try:
            answer = http.send("POST", f"{url}/oauth/token", body=b"grant_type=client_credentials",
                               headers={**private, "Content-Type": "application/x-www-form-urlencoded"},
                               auth=(self.credentials.edfi_client_id, self.credentials.edfi_client_secret.reveal()))
            token = read_json(answer.body)["access_token"]
            register(token)
            exchange = http.send("GET", f"{url}/data/v3/ed-fi/studentCohortAssociations?limit=500",
                                 headers={**private, "Authorization": f"Bearer {token}"})
            records = read_json(exchange.body)
            if not isinstance(records, list):
                raise ValueError("not a list")
            return EdfiSnapshot(records, exchange)
        except Exception as exc:  # the judge reports it as an error of the run, never blames the client
            return EdfiSnapshot(None, problem=f"{exc.__class__.__name__}: {exc}")
        finally:
            http.close()

    def finish(self, ended_by: str) -> ListenResult:
        snapshot = self._snapshot() if self.settings.covers("edfi") else None
        self.target.stop()
        return ListenResult(self.settings, self.credentials, self.edfi_base_url, self.token_url, self.linkit_base_url,
                            self.log.records(), self.log.overflow(), snapshot,
                            self.started_at.isoformat(timespec="seconds"),
                            datetime.now(timezone.utc).isoformat(timespec="seconds"), ended_by, self.connections,
                            self.log.bounds())


def write_traffic_log(result: ListenResult, path: Path, streamed: TrafficFile | None = None) -> None:
    """The session's exchanges, masked, numbered as the checks name them: the evidence of the verdict. A
    session that streamed them (``streamed``) only adds its summary."""
    if streamed is None:
        streamed = TrafficFile(path)
        for record in result.records:
            streamed.write(record)
    streamed.close(result)
