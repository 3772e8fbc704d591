"""Where the conformance suite (features, steps, schemas, fixtures) lives, and its digest."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

SUITE_PARTS = ("features", "steps", "schemas")


@cache
def suite_root() -> Path:
    """The installed copy inside the package, else the source tree this package sits in."""
    packaged = Path(__file__).resolve().parents[1] / "suite"
    if (packaged / "features").is_dir():
        return packaged
    source = Path(__file__).resolve().parents[3]
    if (source / "features").is_dir():
        return source
    raise RuntimeError("edcert's conformance suite (features/, steps/, schemas/) is not installed")


def suite_path(*parts: str) -> Path:
    return suite_root().joinpath(*parts)


@cache
def suite_sha256() -> str:
    """Digest of every file of features/, steps/ and schemas/, by relative path and content."""
    digest = hashlib.sha256()
    root = suite_root()
    files = sorted(p for part in SUITE_PARTS for p in (root / part).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
