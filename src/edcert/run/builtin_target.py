"""The built-in reference target, seen from the harness: started, described as a profile, stopped."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from typing import TYPE_CHECKING

from ..errors import TargetUnreachable
from ..masking import Secret
from ..profile import EdfiProfile, LinkitProfile, Profile
from ..reference import Credentials

if TYPE_CHECKING:
    from ..reference import RunningTarget

BUILTIN_SOURCE = "built-in reference target"
_READY = "edcert reference target on "


def profile_for_url(url: str, credentials: Credentials | None = None, source: str = BUILTIN_SOURCE) -> Profile:
    creds = credentials or Credentials()  # the reference target's published demo credentials
    return Profile(
        source,
        # The root too: its discovery document is certified (SCA-D1 to D3); the URLs written here win over it.
        EdfiProfile(f"{url}/data/v3", f"{url}/oauth/token", creds.edfi_client_id, Secret(creds.edfi_client_secret),
                    api_url=url),
        LinkitProfile(f"{url}/linkit", creds.linkit_access_key, Secret(creds.linkit_secret)),
    )


def profile_for(target: RunningTarget, source: str = BUILTIN_SOURCE) -> Profile:
    return profile_for_url(target.url, target.state.credentials, source)


class BuiltinTargetProcess:
    """The reference target in a child process (`edcert serve`), started before pytest so that its
    start-up overlaps pytest's and its request handling does not compete with the harness."""

    def __init__(self) -> None:
        # Its own session: a Ctrl-C or a CI runner's SIGTERM to the run's process group leaves it serving
        # while the run finishes its reports; the run stops it, and it stops itself when the run is gone,
        # even after a SIGKILL (`edcert serve --parent-pid`).
        self.process = subprocess.Popen([sys.executable, "-m", "edcert", "serve", "--port", "0",
                                         "--parent-pid", str(os.getpid())],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        start_new_session=True)
        self._url: str | None = None

    def url(self, timeout: float = 30.0) -> str:
        if self._url is None:
            assert self.process.stdout is not None
            ready, _, _ = select.select([self.process.stdout], [], [], timeout)
            line = self.process.stdout.readline() if ready else ""
            if not line.startswith(_READY):
                self.stop()
                raise TargetUnreachable("the built-in reference target did not start (edcert serve printed "
                                        f"{line.strip()[:200]!r})")
            self._url = line[len(_READY):].split()[0]
        return self._url

    def begin_stop(self) -> None:
        """Ask the target to stop, without waiting: its shutdown then overlaps the writing of the reports."""
        if self.process.poll() is None:
            self.process.terminate()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.process.stdout is not None:
            self.process.stdout.close()


class _Started:
    process: BuiltinTargetProcess | None = None


STARTED = _Started()  # set by `edcert run` when it starts the built-in target itself
