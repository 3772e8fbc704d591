"""How much a certification costs beyond the HTTP exchanges it makes.

Measures, as the median of 5 runs after one warm-up:
  (a) `edcert run` on the built-in reference target, all suites: wall time and peak memory;
  (a') `edcert run --target` against a reference target serving from its own process, as a vendor's
      API would: the harness's process then does only the harness's work;
  (b) the same HTTP exchanges replayed with a bare requests.Session against that same server
      (the floor: what the exchanges cost without the harness);
  (c) the fixed start-up cost: `edcert --version`, and pytest collecting the suite alone.
Prints a/b, the share of (a) that is start-up, and the harness's own work (a' - b - start-up).

    python benchmarks/run.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from edcert import reference
from edcert.suite import suite_root

Exchange = tuple[str, str, dict[str, str], bytes | None]


def _timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss


def _record_exchanges(profile: str) -> list[Exchange]:
    """Run the suite once in this process and keep every request it sends."""
    import pytest

    from edcert import transport

    recorded: list[Exchange] = []
    original = transport.HttpClient.send

    def recording(self, method, url, *, headers=None, body=None, auth=None):  # type: ignore[no-untyped-def]
        all_headers = dict(headers or {})
        if auth is not None:
            all_headers["Authorization"] = requests.auth._basic_auth_str(*auth)
        recorded.append((method, url, all_headers, body))
        return original(self, method, url, headers=headers, body=body, auth=auth)

    transport.HttpClient.send = recording  # type: ignore[method-assign]
    root = suite_root()
    with tempfile.TemporaryDirectory() as reports:
        code = pytest.main([str(root / "steps" / "test_features.py"), "-c", str(root / "pytest.ini"), "--rootdir",
                            str(root), "-q", "-p", "no:cacheprovider", "--report-dir", reports, "--seed", "1",
                            "--target", profile])
    transport.HttpClient.send = original  # type: ignore[method-assign]
    if code != 0:
        raise SystemExit("the recording run did not certify the reference target")
    return recorded


def _replay(exchanges: list[Exchange], server_url: str) -> float:
    """Send the recorded requests with a bare requests.Session to the server."""
    session = requests.Session()
    token = None
    started = time.perf_counter()
    for method, url, headers, body in exchanges:
        path = url.split("/", 3)[3]
        headers = dict(headers)
        if token and headers.get("Authorization", "").startswith("Bearer "):
            headers["Authorization"] = f"Bearer {token}"
        answer = session.request(method, f"{server_url}/{path}", headers=headers, data=body,
                                 allow_redirects=False, timeout=30)
        if path.startswith("oauth/token") and answer.status_code == 200:
            token = answer.json()["access_token"]
    return time.perf_counter() - started


def _serve() -> tuple[subprocess.Popen[str], str]:
    """A reference target in its own process (edcert serve); returns it and its URL."""
    process = subprocess.Popen([sys.executable, "-m", "edcert", "serve"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()  # "edcert reference target on http://127.0.0.1:PORT (faults: none)"
    return process, first.split(" on ", 1)[1].split()[0]


PROFILE = """[edfi]
base_url = "{url}/data/v3"
token_url = "{url}/oauth/token"
client_id = "{client_id}"
client_secret = "{client_secret}"

[linkit]
base_url = "{url}/linkit"
access_key = "{access_key}"
secret = "{linkit_secret}"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    root = suite_root()
    server, url = _serve()
    try:
        with tempfile.TemporaryDirectory() as reports:
            profile = str(Path(reports) / "profile.toml")
            Path(profile).write_text(PROFILE.format(
                url=url, client_id=reference.DEFAULT_EDFI_CLIENT_ID, client_secret=reference.DEFAULT_EDFI_CLIENT_SECRET,
                access_key=reference.DEFAULT_LINKIT_ACCESS_KEY, linkit_secret=reference.DEFAULT_LINKIT_SECRET))
            commands = {
                "run": [sys.executable, "-m", "edcert", "run", "--report-dir", reports, "--seed", "1"],
                "run-target": [sys.executable, "-m", "edcert", "run", "--report-dir", reports, "--seed", "1",
                               "--target", profile],
                "version": [sys.executable, "-m", "edcert", "--version"],
                "collect": [sys.executable, "-m", "pytest", str(root / "steps" / "test_features.py"), "-c",
                            str(root / "pytest.ini"), "--rootdir", str(root), "--collect-only", "-q", "-p",
                            "no:cacheprovider", "--report-dir", reports],
            }
            measured: dict[str, list[tuple[float, int]]] = {}
            for name, command in commands.items():
                _timed(command)  # warm-up
                measured[name] = [_timed(command) for _ in range(runs)]
            exchanges = _record_exchanges(profile)
        _replay(exchanges, url)  # warm-up
        floor = statistics.median(_replay(exchanges, url) for _ in range(runs))
    finally:
        server.terminate()
        server.wait(10)

    def median(name: str) -> float:
        return statistics.median(t for t, _ in measured[name])

    a, a_target, version, collect = median("run"), median("run-target"), median("version"), median("collect")
    memory = statistics.median(m for _, m in measured["run"]) / 1024
    own = a_target - floor - collect
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; median of {runs} runs after a warm-up")
    print(f"(a)  edcert run, built-in target, all suites: {a:.2f} s wall, {memory:.0f} MiB peak RSS")
    print(f"(a') edcert run --target, reference target in its own process: {a_target:.2f} s wall")
    print(f"(b)  the same {len(exchanges)} HTTP exchanges with a bare requests.Session: {floor:.3f} s")
    print(f"(c)  start-up: edcert --version {version:.2f} s; pytest collecting the suite alone {collect:.2f} s")
    print(f"a/b = {a / floor:.1f}; start-up (collection) is {collect / a:.0%} of (a)")
    print(f"harness's own work a' - b - start-up = {own:.2f} s = {own / floor:.1f} x b (budget 0.5 x b: "
          f"{'met' if own <= floor / 2 else 'not met'})")
    print(f"full certification of the built-in target <= 3 s: {'met' if a <= 3 else 'not met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
