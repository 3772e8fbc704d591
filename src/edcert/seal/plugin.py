"""The seal in a run: the pytest options --sign-key and --bundle, what the reports say of the seal, and
the sealing of the report directory once every report is written (junit.xml last).

Loaded by edcert's pytest plugin, so ``edcert run`` and ``pytest`` in the repository seal alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..masking import mask_data
from .runkind import RunKind, current_run_kind

_KEY = pytest.StashKey[Any]()
_KIND = pytest.StashKey[RunKind]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("edcert", "edcert conformance suite")
    group.addoption("--sign-key", dest="edcert_sign_key", metavar="KEY", default=None,
                    help="sign the report directory's manifest.json with this Ed25519 private key (edcert keygen)")
    group.addoption("--bundle", dest="edcert_bundle", action="store_true",
                    help="also write the sealed report directory as one zip beside it (DIR.zip)")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("edcert_sign_key", None)
    if path and not hasattr(config, "workerinput"):
        from ..errors import EdcertError
        from .keys import load_private

        try:
            config.stash[_KEY] = load_private(Path(path))
        except EdcertError as exc:
            raise pytest.UsageError(f"edcert: {exc}") from None


def run_kind_of(config: pytest.Config) -> RunKind:
    """Whether this run certifies (computed once)."""
    kind = config.stash.get(_KIND, None)
    if kind is None:
        args = [str(a) for a in config.invocation_params.args]
        if not any(not a.startswith("-") for a in args):
            args += [str(a) for a in config.args]  # the ini's testpaths, when no path was given
        kind = current_run_kind(args, Path(config.invocation_params.dir))
        config.stash[_KIND] = kind
    return kind


def signing_key(config: pytest.Config | None) -> Any:
    return config.stash.get(_KEY, None) if config is not None else None


def report_head(config: pytest.Config | None) -> dict[str, Any]:
    """The first members of certification.json: whether this run certifies, and if not, why."""
    if config is None:
        return {}
    kind = run_kind_of(config)
    if kind.certification_run:
        return {"certification_run": True}
    return {"notice": kind.sentence(), "certification_run": False, "not_a_certification_run": kind.reasons}


def report_seal(config: pytest.Config | None, document: dict[str, Any], har_text: str,
                interrupted: bool) -> dict[str, Any]:
    """The "seal" member of certification.json: what seals the report, and the report's own checks of what
    `edcert verify` checks, as this run made them before sealing."""
    from .. import __version__
    from . import consistency
    from .keys import fingerprint
    from .published import published_digest
    from .verify import WHAT_VERIFY_CHECKS

    key = signing_key(config)
    files = {"certification.json": json.dumps(document).encode(), "evidence.har": har_text.encode()}
    found = consistency.content_findings(document, json.loads(har_text), interrupted, files)
    return {
        "manifest": "manifest.json",
        "signed_by": fingerprint(key.public_key()) if key is not None else None,
        "published_suite_sha256": published_digest(__version__),
        "checked_by_the_run": {rule: findings or "holds" for rule, findings in found.items()},
        "verify_checks": list(WHAT_VERIFY_CHECKS),
    }


#: Options whose value is a local file or directory: the manifest names it by its file name only, as the
#: rest of the report does, so no local path of the vendor's machine travels with the report.
_PATH_OPTIONS = ("--target", "--report-dir", "--sign-key", "--values", "--config-out", "--basetemp")


def _command_line(config: pytest.Config) -> list[str]:
    from .invocation import INVOCATION

    if INVOCATION.command is not None:
        return without_local_paths(INVOCATION.command)
    return without_local_paths(["pytest", *[str(a) for a in config.invocation_params.args]])


def without_local_paths(argv: list[str]) -> list[str]:
    """The command line with the value of each path option replaced by its file name."""
    shown: list[str] = []
    for arg in argv:
        option, equals, value = arg.partition("=")
        if equals and option in _PATH_OPTIONS:
            shown.append(f"{option}={Path(value).name}")
        elif shown and shown[-1] in _PATH_OPTIONS:
            shown.append(Path(arg).name)
        else:
            shown.append(arg)
    return shown


def seal_report_dir(config: pytest.Config, report_dir: Path, interrupted: bool) -> list[str]:
    """Write manifest.json (signed with --sign-key), the bundle with --bundle, then verify the result as
    `edcert verify` would; return the lines to print."""
    from ..record.files import atomic_write
    from .bundle import write_bundle
    from .keys import fingerprint, signature_block
    from .manifest import MANIFEST_NAME, build, signed_bytes
    from .verify import load, verify

    certification = report_dir / "certification.json"
    if not certification.is_file():
        return []
    document = json.loads(certification.read_text(encoding="utf-8"))
    kind = run_kind_of(config)
    facts = mask_data({
        "certification_run": kind.certification_run, "reasons": kind.reasons,
        "published_suite_sha256": kind.published_suite_sha256, "interrupted": interrupted,
        "command_line": _command_line(config),
        "pytest_arguments": [str(a) for a in config.invocation_params.args],
        "selection": kind.selection, "weakening": kind.weakening,
    }, keep=("certification_run", "interrupted", "published_suite_sha256"))
    manifest = build(report_dir, document, facts)  # type: ignore[arg-type]
    key = signing_key(config)
    if key is not None:
        manifest["signature"] = signature_block(key, signed_bytes(manifest))
    atomic_write(report_dir / MANIFEST_NAME, json.dumps(manifest, indent=2))
    signed = f"signed by {fingerprint(key.public_key())}" if key is not None else "unsigned (no --sign-key)"
    lines = [f"edcert seal: {report_dir / MANIFEST_NAME} seals {len(manifest['files'])} files, {signed}"]
    findings, _ = verify(load(report_dir), key.public_key() if key is not None else None)
    kind_findings = [f for f in findings if f.startswith("not a certification run")]
    broken = [f for f in findings if f not in kind_findings]
    if broken:
        lines += [f"edcert seal: finding: {f}" for f in broken]
    else:
        lines.append("edcert seal: verified by the run itself (edcert verify checks the same offline)")
    if kind_findings:
        lines.append(f"edcert seal: {kind.sentence()}")
    if config.getoption("edcert_bundle", False):
        lines.append(f"edcert seal: bundle {write_bundle(report_dir)}")
    return lines


def kind_note(config: pytest.Config | None) -> str:
    """Words to add to the verdict line of a run that does not certify."""
    if config is None:
        return ""
    kind = run_kind_of(config)
    return "" if kind.certification_run else " - NOT A CERTIFICATION RUN"
