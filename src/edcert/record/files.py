"""Report files written whole or not at all: a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

REPORT_FILE_MODE = 0o644


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, REPORT_FILE_MODE & ~umask)
    os.replace(tmp, path)
