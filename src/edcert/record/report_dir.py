"""The report directory of one `edcert run`: claimed with a lock, checked writable, cleared of the last run.

Two runs never write into one directory at once (an advisory lock held for the whole run), and a
run never mixes its reports with an earlier run's: the outputs edcert writes there are removed
first. Every problem is a UsageError (exit 2) with one line, before the run starts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from ..errors import UsageError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: the lock is then not taken
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".edcert.lock"
#: What a run writes into its report directory; removed before the next run writes there.
OUTPUT_FILES = ("junit.xml", "evidence.har", "client-traffic.json", "manifest.json")
OUTPUT_GLOBS = ("certification.*",)
OUTPUT_DIRS = ("allure-results", "allure-report")


class ReportDir:
    """A claimed report directory; ``release`` (or leaving the with-block) gives it up."""

    def __init__(self, path: Path, option: str = "--report-dir") -> None:
        self.path, self.option = path, option
        self._lock_fd: int | None = None

    def claim(self) -> ReportDir:
        self._create()
        self._lock()
        try:
            self._check_writable()
            self._clear()
        except BaseException:
            self.release()
            raise
        return self

    def release(self) -> None:
        """Give the directory up: the lock file goes (while still held, so no other run can be holding it), then
        the lock."""
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path / LOCK_NAME)
            os.close(self._lock_fd)  # closing the descriptor releases the lock
            self._lock_fd = None

    def __enter__(self) -> ReportDir:
        return self.claim()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _problem(self, problem: str, fix: str = "choose a directory you can write to") -> UsageError:
        return UsageError(f"{self.option} {self.path}: {problem}; {fix}")

    def _create(self) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._problem(f"cannot create it ({exc.strerror or exc.__class__.__name__})") from None
        if not self.path.is_dir():
            raise self._problem("is not a directory")

    def _lock(self) -> None:
        lock_path = self.path / LOCK_NAME
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._problem(f"cannot write into it ({exc.strerror or exc.__class__.__name__})") from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                raise self._problem(f"is in use by another edcert run{f' (pid {holder})' if holder.isdigit() else ''}",
                                    "wait for it to finish or choose another --report-dir") from None
        if not _same_file(fd, lock_path):  # removed by the run that held it, after this run opened it
            os.close(fd)
            return self._lock()
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _check_writable(self) -> None:
        try:
            fd, probe = tempfile.mkstemp(dir=self.path, prefix=".edcert-probe-")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise self._problem(f"cannot write into it ({exc.strerror or exc.__class__.__name__})") from None

    def _outputs(self) -> list[Path]:
        found = [self.path / name for name in OUTPUT_FILES + OUTPUT_DIRS]
        for pattern in OUTPUT_GLOBS:
            found += sorted(self.path.glob(pattern))
        return [p for p in found if p.is_symlink() or p.exists()]

    def _clear(self) -> None:
        for path in self._outputs():
            name = path.name
            is_dir = path.is_dir() and not path.is_symlink()
            if is_dir and name not in OUTPUT_DIRS:
                raise self._problem(f"{name} is a directory, where edcert writes a file",
                                    "remove it or choose another --report-dir")
            if not is_dir and not path.is_symlink() and _read_only(path):
                raise self._problem(f"{name} is read-only (left by an earlier run?)",
                                    "remove it or choose another --report-dir")
            try:
                if is_dir:
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError as exc:
                raise self._problem(f"cannot remove the earlier run's {name} "
                                    f"({exc.strerror or exc.__class__.__name__})",
                                    "remove it or choose another --report-dir") from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _read_only(path: Path) -> bool:
    """Read-only for the user: without write permission, or without any write bit (which even root keeps to)."""
    mode = path.stat().st_mode
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
