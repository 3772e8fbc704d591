"""What a certification costs, measured: edcert against the floor of the same HTTP exchanges, start-up,
and sequential against parallel runs when every exchange takes 100 ms (a vendor's staging API).

Each figure is the median of --runs runs after a warm-up:
  (a)  `edcert run` on the built-in reference target, all suites: wall time and peak memory;
  (a') `edcert run --target` against a reference target serving from its own process;
  (b)  the same HTTP exchanges sent again over a bare keep-alive http.client connection (no harness);
  (c)  start-up: `edcert --version`, and pytest collecting the suite alone;
  (d)  a minimal pytest-bdd harness sending the same exchanges, one Gherkin scenario per edcert scenario,
       checking each status (benchmarks/floor): edcert's own overhead is (a') over (d);
  (e)  `edcert run --target` through a proxy adding --latency seconds to every request: sequential and
       with -n 2, 4 and 8 workers (--latency-runs runs each).

    python benchmarks/run.py [--runs 5] [--latency 0.1] [--latency-runs 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from latency_proxy import LatencyProxy
from replay import Replayer, record_run, save

from edcert import reference
from edcert.record.suite import suite_root

HERE = Path(__file__).resolve().parent
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


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one child process, which must exit 0."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss


class Server:
    """A reference target in its own process (edcert serve), fresh for each use."""

    def __enter__(self) -> Server:
        self.process = subprocess.Popen([sys.executable, "-m", "edcert", "serve"], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        first = self.process.stdout.readline()  # "edcert reference target on http://127.0.0.1:PORT (faults: none)"
        self.url = first.split(" on ", 1)[1].split()[0]
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(10)

    def profile(self, directory: Path, url: str | None = None) -> str:
        path = directory / f"profile-{self.process.pid}.toml"
        path.write_text(PROFILE.format(
            url=url or self.url, client_id=reference.DEFAULT_EDFI_CLIENT_ID,
            client_secret=reference.DEFAULT_EDFI_CLIENT_SECRET, access_key=reference.DEFAULT_LINKIT_ACCESS_KEY,
            linkit_secret=reference.DEFAULT_LINKIT_SECRET))
        return str(path)


def _median(samples: list[tuple[float, int]]) -> float:
    return statistics.median(t for t, _ in samples)


def _edcert(reports: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "edcert", "run", "--report-dir", str(reports), "--seed", "1", *args]


def _replay(recorded: list[dict]) -> float:
    with Server() as server:
        replayer = Replayer(server.url)
        started = time.perf_counter()
        for item in recorded:
            answer = replayer.send(item)
            if answer.status_code != item["status"]:
                raise SystemExit(f"replay: {item['method']} {item['url']} answered {answer.status_code}, "
                                 f"recorded {item['status']}")
        return time.perf_counter() - started


def _floor(recorded: list[dict], work: Path) -> float:
    """The minimal pytest-bdd harness, in a directory of its own, against a fresh target."""
    floor = work / "floor"
    floor.mkdir(exist_ok=True)
    shutil.copy(HERE / "floor" / "test_floor.py", floor / "test_floor.py")
    (floor / "pytest.ini").write_text("[pytest]\nbdd_features_base_dir = .\n")
    scenarios = list(dict.fromkeys(item["scenario"] for item in recorded))
    (floor / "floor.feature").write_text("Feature: the same exchanges\n" + "".join(
        f"  Scenario: {sid}\n    When the requests of {sid} are sent again\n"
        "    Then each answer has the status it had\n" for sid in scenarios))
    save(recorded, floor / "recording.json")
    with Server() as server:
        env = {"EDCERT_FLOOR_BENCHMARKS": str(HERE), "EDCERT_FLOOR_RECORDING": str(floor / "recording.json"),
               "EDCERT_FLOOR_SERVER": server.url}
        return _timed([sys.executable, "-m", "pytest", str(floor), "-q", "-p", "no:cacheprovider", "-p", "no:faker",
                       "-p", "no:anyio", "-p", "no:allure_pytest_bdd", "-p", "no:xdist", "-c",
                       str(floor / "pytest.ini"), "--rootdir", str(floor)], env)[0]


def _with_latency(work: Path, delay: float, runs: int) -> dict[str, float]:
    figures = {}
    for workers in (0, 2, 4, 8):
        samples = []
        for _ in range(runs):
            with Server() as server, LatencyProxy("127.0.0.1", int(server.url.rsplit(":", 1)[1]), delay) as proxy:
                profile = server.profile(work, f"http://{proxy.address}")
                extra = ["-n", str(workers)] if workers else []
                samples.append(_timed(_edcert(work / "latency-reports", "--target", profile, *extra)))
        figures["sequential" if not workers else f"-n {workers}"] = _median(samples)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to each request in (e)")
    parser.add_argument("--latency-runs", type=int, default=1)
    args = parser.parse_args()
    root = suite_root()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        reports = work / "reports"
        with Server() as server:
            profile = server.profile(work)
            commands = {
                "run": _edcert(reports),
                "run-target": _edcert(reports, "--target", profile),
                "version": [sys.executable, "-m", "edcert", "--version"],
                "collect": [sys.executable, "-m", "pytest", str(root / "steps" / "test_features.py"), "-c",
                            str(root / "pytest.ini"), "--rootdir", str(root), "--collect-only", "-q", "-p",
                            "no:cacheprovider", "--report-dir", str(reports)],
            }
            measured = {}
            for name, command in commands.items():
                _timed(command)  # warm-up
                measured[name] = [_timed(command) for _ in range(args.runs)]
        with Server() as server:
            recorded = record_run(server.profile(work))
        _replay(recorded)  # warm-up
        bare = statistics.median(_replay(recorded) for _ in range(args.runs))
        _floor(recorded, work)  # warm-up
        floor = statistics.median(_floor(recorded, work) for _ in range(args.runs))
        latency = _with_latency(work, args.latency, args.latency_runs)
    a, a_target = _median(measured["run"]), _median(measured["run-target"])
    memory = statistics.median(m for _, m in measured["run"]) / 1024
    scenarios = len({item["scenario"] for item in recorded})
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; median of {args.runs} runs after a warm-up\n")
    print("| measure | figure |\n|---|---|")
    print(f"| (a) `edcert run`, built-in target, all suites ({scenarios} scenarios, {len(recorded)} exchanges) "
          f"| {a:.2f} s wall, {memory:.0f} MiB peak RSS |")
    print(f"| (a') `edcert run --target`, reference target in its own process | {a_target:.2f} s |")
    print(f"| (b) the same exchanges, bare keep-alive `http.client` | {bare:.2f} s |")
    print(f"| (c) `edcert --version` / pytest collecting the suite alone | {_median(measured['version']):.2f} s / "
          f"{_median(measured['collect']):.2f} s |")
    print(f"| (d) minimal pytest-bdd harness, same exchanges, status checks (the floor) | {floor:.2f} s |")
    print(f"| edcert's overhead over the floor, (a') / (d) | {a_target / floor - 1:+.0%} |")
    sequential = latency["sequential"]
    for name, wall in latency.items():
        share = "" if name == "sequential" else f" ({wall / sequential:.0%} of sequential)"
        print(f"| (e) {args.latency * 1000:.0f} ms per exchange, {name} | {wall:.1f} s{share} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
