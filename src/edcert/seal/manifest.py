"""manifest.json: the seal of a report directory.

It names every file of the directory with its SHA-256 and size, and the facts of the run: edcert's
version, the suite digest and the digest published for that version, whether it is a certification
run (and if not, why), the digest of the profile as the report shows it (secrets removed), the seed,
the command line and the selection, the start and end times, the verdict. With a signing key, an
Ed25519 signature covers the canonical form of everything else in the manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
#: Never sealed: the manifest itself, and the lock a run holds on its report directory.
NOT_SEALED = frozenset({MANIFEST_NAME, ".edcert.lock"})
#: Never sealed either: Allure's HTML, rendered from the sealed allure-results, possibly after the run
#: (edcert report, edcert run --allure-html).
NOT_SEALED_DIRS = ("allure-report/",)


def is_sealed(name: str) -> bool:
    """Whether a file of the report directory (a relative POSIX path) is one the manifest seals."""
    return name not in NOT_SEALED and not name.startswith(NOT_SEALED_DIRS)


def canonical(value: Any) -> bytes:
    """One byte form of a JSON value, for digests and signatures."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def profile_sha256(target: Any) -> str:
    """Digest of the profile as certification.json shows it (the profile with its secrets removed)."""
    return sha256_hex(canonical(target))


def signed_bytes(manifest: dict[str, Any]) -> bytes:
    """What a signature covers: the manifest without its signature."""
    return canonical({k: v for k, v in manifest.items() if k != "signature"})


def sealed_files(report_dir: Path) -> list[str]:
    """Every file of the report directory but the manifest and the lock, as sorted relative POSIX paths."""
    return sorted(name for name in (p.relative_to(report_dir).as_posix() for p in report_dir.rglob("*")
                                    if p.is_file()) if is_sealed(name))


def file_entries(report_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for name in sealed_files(report_dir):
        data = (report_dir / name).read_bytes()
        out[name] = {"sha256": sha256_hex(data), "bytes": len(data)}
    return out


def build(report_dir: Path, document: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a report directory whose certification.json is ``document``; ``facts`` are what only
    the run knows (command line, selection, run kind, interruption)."""
    harness = document.get("harness", {})
    return {
        "manifest_version": MANIFEST_VERSION,
        "certification_run": facts["certification_run"],
        "not_a_certification_run": facts["reasons"],
        "harness": {"name": "edcert", "version": harness.get("version"), "suite_sha256": harness.get("suite_sha256"),
                    "published_suite_sha256": facts["published_suite_sha256"]},
        "role": document.get("role"),
        "verdict": document.get("verdict"),
        "verdict_reason": document.get("verdict_reason"),
        "covers": document.get("covers"),
        "interrupted": facts["interrupted"],
        "profile_sha256": profile_sha256(document.get("target")),
        "seed": document.get("seed"),
        "command_line": facts["command_line"],
        "pytest_arguments": facts["pytest_arguments"],
        "selection": facts["selection"],
        "weakening_options": facts["weakening"],
        "started_at": document.get("started_at"),
        "finished_at": document.get("finished_at"),
        "files": file_entries(report_dir),
    }
