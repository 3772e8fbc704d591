"""Everything `edcert verify` checks in a report directory or bundle, offline.

A bundle is read into memory and never extracted. ``Unreadable`` means there is nothing to verify
(no such path, not a zip, no manifest.json or one that is not a JSON object): exit 2. Anything else
that is wrong is a finding: exit 1.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .. import __version__
from ..errors import EdcertError
from . import consistency
from .keys import fingerprint, public_raw, signature_problems
from .manifest import MANIFEST_NAME, is_sealed, profile_sha256, sha256_hex, signed_bytes
from .published import published_digest
from .runkind import classify


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []

#: A bundle larger than this, unpacked, is refused: no report of edcert comes near it.
MAX_BUNDLE_BYTES = 2 * 1024**3

#: What verify checks, in the words the HTML report and the README use.
WHAT_VERIFY_CHECKS = (
    "every file of the report directory has the SHA-256 manifest.json names, and no file was added or removed",
    "the Ed25519 signature over manifest.json holds (and, with --public-key, was made with that key)",
    "the suite digest is the one published for that edcert version, and the run was a certification run "
    "(no selection, no option that may weaken a check)",
    "manifest.json and certification.json tell the same run (verdict, seed, times, profile digest)",
    "each scenario's status follows from its checks, and the verdict from the scenario statuses",
    "every check's evidence entries are in evidence.har and belong to its scenario",
    "no required scenario is missing",
    "no secret pattern of the profile's kinds of API appears in any file",
)


class Unreadable(EdcertError):
    """There is no report to verify at that path."""


@dataclass
class Report:
    """The files of one report directory or bundle, by relative POSIX path."""

    source: str
    files: dict[str, bytes]
    manifest: dict[str, Any] = field(default_factory=dict)


def _from_zip(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_BUNDLE_BYTES:
                raise Unreadable(f"{path}: the bundle unpacks to more than {MAX_BUNDLE_BYTES // 1024**3} GiB")
            files = {m.filename: bundle.read(m) for m in members}
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
        raise Unreadable(f"{path}: not a readable zip bundle ({exc})") from None
    top = {PurePosixPath(name).parts[0] for name in files}
    if MANIFEST_NAME not in files and len(top) == 1 and f"{next(iter(top))}/{MANIFEST_NAME}" in files:
        prefix = next(iter(top)) + "/"  # the directory was zipped with its folder
        files = {name[len(prefix):]: data for name, data in files.items()}
    return files


def _from_dir(path: Path) -> dict[str, bytes]:
    try:
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    except OSError as exc:
        raise Unreadable(f"{path}: cannot be read ({exc.strerror})") from None


def load(path: Path) -> Report:
    if path.is_dir():
        files = _from_dir(path)
    elif path.is_file():
        files = _from_zip(path)
    else:
        raise Unreadable(f"{path}: no such report directory or bundle; give the directory edcert run wrote or its zip")
    if MANIFEST_NAME not in files:
        raise Unreadable(f"{path}: no {MANIFEST_NAME}; only a report written by edcert run with a seal can be verified")
    try:
        manifest = json.loads(files[MANIFEST_NAME])
    except ValueError as exc:
        raise Unreadable(f"{path}: {MANIFEST_NAME} is not JSON ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise Unreadable(f"{path}: {MANIFEST_NAME} is not an edcert manifest (no files table)")
    return Report(str(path), files, manifest)


def hashes_match(report: Report) -> list[str]:
    findings = []
    listed: dict[str, Any] = report.manifest["files"]
    for name, entry in sorted(listed.items()):
        expected = entry.get("sha256") if isinstance(entry, dict) else None
        if name not in report.files:
            findings.append(f"{name}: named in manifest.json but missing")
            continue
        received = sha256_hex(report.files[name])
        if received != expected:
            findings.append(f"{name}: sha256 {received[:16]}... differs from the manifest's {str(expected)[:16]}...: "
                            "the file was changed after the run")
    for name in sorted(name for name in set(report.files) - set(listed) if is_sealed(name)):
        findings.append(f"{name}: not named in manifest.json: the file was added after the run")
    return findings


def signature_holds(report: Report, trusted: Ed25519PublicKey | None) -> tuple[list[str], str]:
    """Findings about the signature, and a note saying who signed."""
    block = report.manifest.get("signature")
    if block is None:
        if trusted is not None:
            return [f"manifest.json is not signed, but --public-key {fingerprint(trusted)} was given"], "unsigned"
        return [], "unsigned"
    problems, signer = signature_problems(block, signed_bytes(report.manifest))
    if signer is not None and trusted is not None and public_raw(signer) != public_raw(trusted):
        problems.append(f"signed by key {fingerprint(signer)}, not by --public-key {fingerprint(trusted)}")
    if signer is None:
        return problems, "signature unreadable"
    trust = "the key given with --public-key" if trusted is not None else "a key not compared with one you trust"
    return problems, f"signed by {fingerprint(signer)} ({trust})"


def suite_is_published(report: Report, document: dict[str, Any]) -> list[str]:
    harness = report.manifest.get("harness") if isinstance(report.manifest.get("harness"), dict) else {}
    version, digest = harness.get("version"), harness.get("suite_sha256")
    findings = []
    published = published_digest(str(version))
    if published is None:
        findings.append(f"no suite digest is published for edcert {version}: verify with edcert {version} itself")
    elif digest != published:
        findings.append(f"the suite that ran ({str(digest)[:16]}...) is not the one published for edcert {version} "
                        f"({published[:16]}...): the suite was modified")
    reported = document["harness"].get("suite_sha256") if isinstance(document.get("harness"), dict) else None
    if reported != digest:
        findings.append(f"certification.json names suite {str(reported)[:16]}..., manifest.json {str(digest)[:16]}...")
    return findings


def certification_run(report: Report, document: dict[str, Any]) -> list[str]:
    manifest = report.manifest
    findings = []
    if manifest.get("certification_run") is not True:
        reasons = manifest.get("not_a_certification_run") or ["manifest.json does not say why"]
        findings.append(f"not a certification run: {'; '.join(map(str, reasons))}")
    elif manifest.get("selection") or manifest.get("weakening_options"):
        findings.append("manifest.json calls it a certification run, yet names a selection or a weakening option")
    arguments = manifest.get("pytest_arguments")
    if isinstance(arguments, list):
        selection, weakening = classify([str(a) for a in arguments], None)
        unnamed = [a for a in selection if a not in _list(manifest.get("selection"))]
        unnamed += [a for a in weakening if a not in _list(manifest.get("weakening_options"))]
        if unnamed:
            findings.append(f"the run's pytest arguments hold {', '.join(unnamed)}, which manifest.json does not name")
    if document.get("certification_run") != manifest.get("certification_run"):
        findings.append("certification.json and manifest.json disagree on whether this is a certification run")
    return findings


def manifest_matches_report(report: Report, document: dict[str, Any]) -> list[str]:
    findings = []
    for key in ("verdict", "verdict_reason", "role", "covers", "seed", "started_at", "finished_at"):
        if report.manifest.get(key) != document.get(key):
            findings.append(f"{key}: manifest.json says {report.manifest.get(key)!r}, certification.json "
                            f"{document.get(key)!r}")
    if report.manifest.get("profile_sha256") != profile_sha256(document.get("target")):
        findings.append("the profile in certification.json is not the one whose digest manifest.json holds")
    return findings


def _json(report: Report, name: str) -> tuple[Any, list[str]]:
    if name not in report.files:
        return None, [f"{name} is missing"]
    try:
        return json.loads(report.files[name]), []
    except ValueError as exc:
        return None, [f"{name} is not JSON ({exc})"]


def verify(report: Report, trusted: Ed25519PublicKey | None = None) -> tuple[list[str], list[str]]:
    """(findings, notes) of a report: no finding means verified."""
    findings = hashes_match(report)
    signature_findings, who = signature_holds(report, trusted)
    findings += signature_findings
    document, problems = _json(report, "certification.json")
    har, har_problems = _json(report, "evidence.har")
    findings += problems + har_problems
    if not isinstance(document, dict):
        return findings + ([] if problems else ["certification.json is not a JSON object"]), [who]
    findings += suite_is_published(report, document)
    findings += certification_run(report, document)
    findings += manifest_matches_report(report, document)
    content = consistency.content_findings(document, har, report.manifest.get("interrupted") is True, report.files)
    harness = report.manifest.get("harness") if isinstance(report.manifest.get("harness"), dict) else {}
    version = harness.get("version")
    if version != __version__:  # the scenarios a version requires are known to that version alone
        content["no required scenario is missing"] = [
            f"made by edcert {version}, checked by edcert {__version__}: verify with edcert {version} "
            f"(pip install edcert=={version}) to check its required scenarios"]
    findings += [finding for found in content.values() for finding in found]
    return findings, [who]
