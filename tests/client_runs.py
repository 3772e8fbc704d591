"""Helpers of the client-side tests: run edcert listen with a reference client, and edcert readback.

edcert listen and the reference client run as subprocesses, as a vendor's CI would run them: listen
writes the configuration (--config-out), the client reads it and does its work, and listen is ended
with SIGTERM as soon as the client is done.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: System values a vendor's SIS and LinkIt! application could use: a cohort and a student of its own,
#: which the SIS must create first, and another program for the document's student.
SYSTEM_VALUES = """\
[edfi.scenarios.SCA-S1]
cohort_identifier = "SH-7"
education_organization_id = 255901107
student_unique_id = "604822"

[edfi.scenarios.SCA-S2]
cohort_identifier = "SH-9"
education_organization_id = 255901001
student_unique_id = "604823"

[linkit]
student_id = "151557"
program_id = 1553
enrolled_programs = [{ program_id = 1552, name = "LEP" }]
"""


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    report_dir: Path
    client_output: str = ""
    document: dict | None = None  # certification.json as this run wrote it (a later run may overwrite it)

    @property
    def certification(self) -> dict:
        return self.document or json.loads((self.report_dir / "certification.json").read_text())

    def scenario(self, sid: str) -> dict:
        return next(s for s in self.certification["scenarios"] if s["id"] == sid)

    def explain(self) -> str:
        return f"exit {self.exit_code}\n{self.stdout[-4000:]}\n{self.stderr[-2000:]}\nclient: {self.client_output[-1500:]}"


def _edcert(*args: str) -> list[str]:
    return [sys.executable, "-m", "edcert", *args]


def run_client(config: Path, *, faults: tuple[str, ...] = (), suite: str = "all", values: Path | None = None,
               scenarios: str | None = None, formats: str | None = None,
               variants: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "edcert.reference_clients", "--config", str(config), "--suite", suite]
    command += ["--formats", formats] if formats else []
    command += [arg for fault in faults for arg in ("--fault", fault)]
    command += [arg for variant in variants for arg in ("--variant", variant)]
    command += ["--values", str(values)] if values else []
    command += ["--scenarios", scenarios] if scenarios else []
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def listen_with_client(directory: Path, *, faults: tuple[str, ...] = (), suite: str = "all",
                       values: Path | None = None, client: bool = True, listen_args: tuple[str, ...] = (),
                       client_suite: str | None = None, formats: str | None = None, variants: tuple[str, ...] = (),
                       stop: signal.Signals | None = signal.SIGTERM,
                       other_client: Callable[[Path], str] | None = None) -> Run:
    """One listen session: start listen, run the reference client against it (or `other_client`, given the
    configuration file, returning what it has to say), end listen with SIGTERM (or another signal, or none:
    then listen ends by itself, after its --idle-timeout)."""
    directory.mkdir(parents=True, exist_ok=True)
    config, report_dir = directory / "client.json", directory / "reports"
    out, err = (directory / "listen.out").open("w"), (directory / "listen.err").open("w")
    command = _edcert("listen", "--report-dir", str(report_dir), "--config-out", str(config), "--suite", suite,
                      *(listen_args or ("--idle-timeout", "60")))
    command += ["--values", str(values)] if values else []
    listen = subprocess.Popen(command, stdout=out, stderr=err, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    client_output = ""
    try:
        deadline = time.monotonic() + 30
        while not config.exists():
            if listen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"edcert listen did not start: {(directory / 'listen.err').read_text()}")
            time.sleep(0.02)
        if other_client is not None:
            client_output = other_client(config)
        elif client:
            done = run_client(config, faults=faults, suite=client_suite or suite, values=values, formats=formats,
                              variants=variants)
            client_output = done.stdout + done.stderr
        if stop is not None:
            listen.send_signal(stop)
        code = listen.wait(timeout=60)
    finally:
        if listen.poll() is None:
            listen.kill()
            listen.wait()
        out.close()
        err.close()
    return Run(code, (directory / "listen.out").read_text(), (directory / "listen.err").read_text(), report_dir,
               client_output)


def readback(report_dir: Path, profile: Path, scenarios: str, env: dict[str, str]) -> Run:
    done = subprocess.run(_edcert("readback", "--target", str(profile), "--scenarios", scenarios,
                                  "--report-dir", str(report_dir), "--timeout", "5"),
                          capture_output=True, text=True, timeout=60, check=False, env={**os.environ, **env})
    written = report_dir / "certification.json"
    document = json.loads(written.read_text()) if written.exists() else None
    return Run(done.returncode, done.stdout, done.stderr, report_dir, document=document)
