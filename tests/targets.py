"""Helpers of the harness's own tests: start reference targets, write profiles, run edcert."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from edcert import reference

PROFILE_TEMPLATE = """\
[edfi]
api_url = "{api_url}"
base_url = "{edfi_base_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret = "${{EDCERT_TEST_EDFI_SECRET}}"

[linkit]
base_url = "{linkit_base_url}"
access_key = "{access_key}"
secret = "${{EDCERT_TEST_LINKIT_SECRET}}"
"""


@dataclass
class RunResult:
    exit_code: int
    stdout: str
    stderr: str
    report_dir: Path

    @property
    def certification(self) -> dict:
        return json.loads((self.report_dir / "certification.json").read_text())

    def scenario(self, sid: str) -> dict:
        return next(s for s in self.certification["scenarios"] if s["id"] == sid)


def write_profile(target: reference.RunningTarget, path: Path, *, edfi_base_url: str | None = None,
                  token_url: str | None = None, linkit_base_url: str | None = None,
                  linkit_signer: str | None = None) -> dict[str, str]:
    """Write a profile for the target; return the environment holding its secrets."""
    creds = target.state.credentials
    text = PROFILE_TEMPLATE.format(
        api_url=target.url, edfi_base_url=edfi_base_url or target.edfi_base_url, token_url=token_url or target.token_url,
        client_id=creds.edfi_client_id, linkit_base_url=linkit_base_url or target.linkit_base_url,
        access_key=creds.linkit_access_key)
    path.write_text(text + (f'signer = "{linkit_signer}"\n' if linkit_signer else ""))
    return {"EDCERT_TEST_EDFI_SECRET": creds.edfi_client_secret, "EDCERT_TEST_LINKIT_SECRET": creds.linkit_secret}


def run_edcert(args: list[str], report_dir: Path, env: dict[str, str] | None = None,
               timeout: float = 120) -> RunResult:
    full_env = {**os.environ, **(env or {})}
    completed = subprocess.run([sys.executable, "-m", "edcert", "run", "--report-dir", str(report_dir), *args],
                               capture_output=True, text=True, env=full_env, timeout=timeout, check=False)
    return RunResult(completed.returncode, completed.stdout, completed.stderr, report_dir)
