"""The seal of a report: manifest.json, the signature, the bundle, and `edcert verify` catching every kind of
tampering; runs that do not certify (a selection, a modified suite, an option that may weaken a check) say
so everywhere the verdict is shown. The built-in target runs once for the module; tampering works on copies."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from edcert import __version__
from edcert.record.suite import suite_root, suite_sha256
from edcert.seal.manifest import MANIFEST_NAME, NOT_SEALED, file_entries
from edcert.seal.published import published_digest
from edcert.seal.runkind import classify
from edcert.seal.verify import hashes_match, load, verify

from .targets import RunResult, run_edcert


def edcert(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "edcert", *args], capture_output=True, text=True, timeout=120,
                          check=False, cwd=cwd)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("keys")
    made = edcert("keygen", "--out", str(base / "vendor"))
    assert made.returncode == 0, made.stderr
    return base / "vendor.key", base / "vendor.pub"


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory, keys: tuple[Path, Path]) -> RunResult:
    """One signed, bundled run of the built-in target."""
    base = tmp_path_factory.mktemp("sealed")
    result = run_edcert(["--seed", "11", "--sign-key", str(keys[0]), "--bundle"], base / "reports")
    assert result.exit_code == 0, result.stdout[-3000:] + result.stderr
    return result


@pytest.fixture
def copy(sealed: RunResult, tmp_path: Path) -> Path:
    """A copy of the sealed report directory to tamper with."""
    return Path(shutil.copytree(sealed.report_dir, tmp_path / "copy"))


def findings(path: Path, public_key: Path | None = None) -> list[str]:
    from edcert.seal.keys import load_public

    found, _ = verify(load(path), load_public(public_key) if public_key else None)
    return found


def reseal(directory: Path) -> None:
    """What a tamperer does next: hash the files again and drop the signature they cannot make."""
    manifest = json.loads((directory / MANIFEST_NAME).read_text())
    manifest.pop("signature", None)
    manifest["files"] = file_entries(directory)
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest))


def edit_json(path: Path, change) -> None:  # noqa: ANN001 - a small callable on the parsed document
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document, indent=2))


# --- the seal of a clean run ------------------------------------------------------------------

def test_verify_knows_the_features_of_an_api_certification() -> None:
    from edcert.run.pytest_plugin import API_FEATURES
    from edcert.seal import consistency

    assert consistency.API_FEATURES == API_FEATURES


def test_the_published_digest_is_the_suite_in_the_tree() -> None:
    assert published_digest(__version__) == suite_sha256(), (
        "the suite changed: publish its digest with python -m edcert.seal.published --write")


def test_a_bundle_from_edcert_run_verifies_with_the_vendors_key(sealed: RunResult, keys: tuple[Path, Path]) -> None:
    bundle = sealed.report_dir.parent / "reports.zip"
    assert f"edcert seal: bundle {bundle}" in sealed.stdout
    assert "edcert seal: verified by the run itself" in sealed.stdout
    for path in (bundle, sealed.report_dir):
        checked = edcert("verify", str(path), "--public-key", str(keys[1]))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.splitlines()[-1].startswith(f"edcert verify: VERIFIED: {path}")
    with zipfile.ZipFile(bundle) as zipped:
        assert MANIFEST_NAME in zipped.namelist() and "certification.json" in zipped.namelist()


def test_the_manifest_names_every_file_and_the_run(sealed: RunResult, keys: tuple[Path, Path]) -> None:
    manifest = json.loads((sealed.report_dir / MANIFEST_NAME).read_text())
    on_disk = {p.relative_to(sealed.report_dir).as_posix() for p in sealed.report_dir.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {MANIFEST_NAME, ".edcert.lock"}
    assert manifest["harness"] == {"name": "edcert", "version": __version__, "suite_sha256": suite_sha256(),
                                   "published_suite_sha256": suite_sha256()}
    assert manifest["certification_run"] is True and manifest["not_a_certification_run"] == []
    assert manifest["seed"] == 11 and manifest["verdict"] == "certified" and manifest["selection"] == []
    assert manifest["command_line"][:2] == ["edcert", "run"] and "--seed" in manifest["command_line"]
    assert manifest["started_at"] and manifest["finished_at"] and len(manifest["profile_sha256"]) == 64
    certification = sealed.certification
    fingerprint = manifest["signature"]["fingerprint"]
    assert certification["seal"]["signed_by"] == fingerprint and fingerprint.startswith("SHA256:")
    assert all(outcome == "holds" for outcome in certification["seal"]["checked_by_the_run"].values())
    html = (sealed.report_dir / "certification.html").read_text()
    assert "<h2 id='seal'>Seal</h2>" in html and fingerprint in html and "edcert verify DIR|ZIP" in html
    assert "NOT A CERTIFICATION RUN" not in html


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(keys: tuple[Path, Path]) -> None:
    assert stat.S_IMODE(keys[0].stat().st_mode) == 0o600
    assert keys[1].read_text().startswith("-----BEGIN PUBLIC KEY-----")
    again = edcert("keygen", "--out", str(keys[0].with_suffix("")))
    assert again.returncode == 2 and "exists already" in again.stderr and len(again.stderr.splitlines()) == 1


# --- tampering ---------------------------------------------------------------------------------

def test_editing_any_byte_of_any_file_is_reported(sealed: RunResult, tmp_path: Path) -> None:
    report = load(sealed.report_dir)
    for name, data in report.files.items():
        if name in NOT_SEALED:
            continue
        middle = len(data) // 2
        report.files[name] = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]
        assert any(f.startswith(f"{name}: sha256") for f in hashes_match(report)), name
        report.files[name] = data


@pytest.mark.parametrize("name", ["certification.json", "certification.html", "evidence.har", "junit.xml",
                                  "allure-results/environment.properties"])
def test_editing_a_byte_is_reported_by_the_command(copy: Path, name: str) -> None:
    data = bytearray((copy / name).read_bytes())
    data[len(data) // 3] ^= 0x01
    (copy / name).write_bytes(bytes(data))
    checked = edcert("verify", str(copy))
    assert checked.returncode == 1, checked.stdout
    assert f"finding: {name}: sha256" in checked.stdout and "NOT VERIFIED" in checked.stdout.splitlines()[-1]


def test_a_changed_manifest_breaks_the_signature(copy: Path, keys: tuple[Path, Path]) -> None:
    edit_json(copy / MANIFEST_NAME, lambda m: m.update(seed=12))
    assert any("does not match manifest.json" in f for f in findings(copy))
    reseal(copy)  # the tamperer drops the signature: the body's key is then missing
    assert any("is not signed, but --public-key" in f for f in findings(copy, keys[1]))


def test_another_key_is_not_the_vendors(copy: Path, tmp_path: Path) -> None:
    assert edcert("keygen", "--out", str(tmp_path / "other")).returncode == 0
    assert any("not by --public-key" in f for f in findings(copy, tmp_path / "other.pub"))


def test_a_removed_har_entry_is_reported(copy: Path) -> None:
    def drop_first_evidence(har: dict) -> None:
        entries = har["log"]["entries"]
        entries.remove(next(e for e in entries if e["_edcert"]["checks"]))

    edit_json(copy / "evidence.har", drop_first_evidence)
    assert any(f.startswith("evidence.har: sha256") for f in findings(copy))
    reseal(copy)
    assert any("which is not in evidence.har" in f for f in findings(copy))


def test_an_entry_moved_to_another_scenario_is_reported(copy: Path) -> None:
    def move(har: dict) -> None:
        entry = next(e for e in har["log"]["entries"] if e["_edcert"]["checks"] and e["_edcert"]["scenario"] != "SCA-N1")
        entry["_edcert"]["scenario"] = "SCA-N1"

    edit_json(copy / "evidence.har", move)
    reseal(copy)
    assert any("which evidence.har puts in SCA-N1" in f for f in findings(copy))


def test_a_flipped_check_status_is_reported(copy: Path) -> None:
    def flip(doc: dict) -> None:
        next(c for c in doc["scenarios"][0]["checks"] if c["evidence"])["status"] = "failed"

    edit_json(copy / "certification.json", flip)
    assert any(f.startswith("certification.json: sha256") for f in findings(copy))
    reseal(copy)
    found = findings(copy)
    assert any("is passed but its check(s)" in f for f in found), found
    assert any("certification.json says" in f for f in found), "the HAR tells the check's status too"


def test_a_failed_scenario_without_a_failed_check_is_reported(copy: Path) -> None:
    edit_json(copy / "certification.json", lambda doc: doc["scenarios"][0].update(status="failed"))
    reseal(copy)
    assert any("is failed but none of its" in f for f in findings(copy))


def test_a_flipped_verdict_is_reported(copy: Path) -> None:
    def flip(doc: dict) -> None:
        doc["verdict"] = "not-certified"

    edit_json(copy / "certification.json", flip)
    edit_json(copy / MANIFEST_NAME, flip)
    reseal(copy)
    found = findings(copy)
    assert any("the verdict is 'not-certified' but the scenario statuses give 'certified'" in f for f in found), found


def test_a_missing_required_scenario_is_reported(copy: Path) -> None:
    def drop(doc: dict) -> None:
        doc["scenarios"] = [s for s in doc["scenarios"] if s["id"] != "SCA-S2"]

    edit_json(copy / "certification.json", drop)
    reseal(copy)
    found = findings(copy)
    assert any("required scenario SCA-S2 is missing" in f for f in found), found


def test_a_scenario_made_not_required_is_reported(copy: Path) -> None:
    edit_json(copy / "certification.json", lambda doc: doc["scenarios"][1].update(required=False))
    reseal(copy)
    assert any("marks it not required" in f for f in findings(copy))


def test_a_secret_in_a_report_is_reported(copy: Path) -> None:
    with (copy / "junit.xml").open("a") as junit:
        junit.write("<!-- Authorization: Bearer 0123456789abcdef -->\n")
    reseal(copy)
    assert any(f == "junit.xml holds an Authorization credential unmasked" for f in findings(copy))


def test_an_added_or_removed_file_is_reported(copy: Path) -> None:
    (copy / "extra.txt").write_text("added later")
    (copy / "junit.xml").unlink()
    found = findings(copy)
    assert "extra.txt: not named in manifest.json: the file was added after the run" in found
    assert "junit.xml: named in manifest.json but missing" in found


def test_unreadable_reports_exit_2_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / MANIFEST_NAME).write_text("{not json")
    for path in ("missing", "empty", "broken.zip", "bad"):
        checked = edcert("verify", str(tmp_path / path))
        assert checked.returncode == 2, (path, checked.stdout, checked.stderr)
        assert len(checked.stderr.splitlines()) == 1 and "Traceback" not in checked.stderr, checked.stderr
    checked = edcert("verify", str(tmp_path / "bad"), "--public-key", str(tmp_path / "nokey.pub"))
    assert checked.returncode == 2 and "--public-key" in checked.stderr


# --- runs that do not certify -------------------------------------------------------------------

@pytest.fixture(scope="module")
def selected(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """A run of one scenario chosen with -k, with an ini value overridden."""
    return run_edcert(["--seed", "3", "-k", "SCA-N1", "-o", "xfail_strict=false"],
                      tmp_path_factory.mktemp("selected") / "reports")


def test_a_selection_is_not_a_certification_run_anywhere_the_verdict_shows(selected: RunResult) -> None:
    result = selected
    assert result.exit_code == 3, result.stdout[-2000:]
    first, last = result.stdout.splitlines()[0], result.stdout.splitlines()[-1]
    assert first.startswith("edcert: NOT A CERTIFICATION RUN: selection -k SCA-N1"), first
    assert last.startswith("edcert verdict: INCOMPLETE - NOT A CERTIFICATION RUN"), last
    text = (result.report_dir / "certification.json").read_text()
    assert text.splitlines()[1].startswith('  "notice": "NOT A CERTIFICATION RUN: selection -k SCA-N1')
    html = (result.report_dir / "certification.html").read_text()
    assert html.index("NOT A CERTIFICATION RUN") < html.index("edcert certification report</h1>")
    manifest = json.loads((result.report_dir / MANIFEST_NAME).read_text())
    assert manifest["certification_run"] is False and manifest["selection"] == ["-k SCA-N1"]
    assert manifest["weakening_options"] == ["-o xfail_strict=false"]
    assert "option -o xfail_strict=false may weaken the checks" in manifest["not_a_certification_run"]
    checked = edcert("verify", str(result.report_dir))
    assert checked.returncode == 1 and "finding: not a certification run: selection -k SCA-N1" in checked.stdout


def _modified_suite(tmp_path: Path) -> Path:
    """A copy of the suite with one feature file changed (a comment added)."""
    root = tmp_path / "suite"
    for part in ("features", "steps", "schemas", "fixtures"):
        shutil.copytree(suite_root() / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conftest.py", "pytest.ini"):
        shutil.copy(suite_root() / name, root / name)
    feature = next((root / "features" / "edfi").rglob("*.feature"))
    feature.write_text(feature.read_text() + "\n# edited after publication\n")
    return root


LAUNCH_WITH_SUITE = """
import sys
from pathlib import Path
import edcert.record.suite as suite
root = Path(sys.argv[1])
suite.suite_root = lambda: root
suite.suite_sha256.cache_clear()
from edcert.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_modified_suite_is_reported_by_verify(tmp_path: Path) -> None:
    root = _modified_suite(tmp_path)
    reports = tmp_path / "reports"
    ran = subprocess.run([sys.executable, "-c", LAUNCH_WITH_SUITE, str(root), "run", "--seed", "3", "--report-dir",
                          str(reports)], capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    assert ran.returncode in (0, 3), ran.stdout[-3000:] + ran.stderr
    assert ran.stdout.splitlines()[0].startswith("edcert: NOT A CERTIFICATION RUN: the suite differs"), ran.stdout[:500]
    assert json.loads((reports / "certification.json").read_text())["certification_run"] is False
    found = findings(reports)
    assert any("is not the one published for edcert" in f and "the suite was modified" in f for f in found), found


@pytest.mark.parametrize(("args", "selection", "weakening"), [
    (["-n", "2", "-v", "--tb=short", "-x", "--seed", "4"], [], []),
    (["-k", "SCA-N1", "-mSCA-S1", "steps/test_features.py::test_x"], ["-k SCA-N1", "-m SCA-S1",
                                                                      "steps/test_features.py::test_x"], []),
    (["-p", "no:cacheprovider", "-p", "evil_plugin", "-o", "xfail_strict=false", "--runxfail"], [],
     ["-p evil_plugin", "-o xfail_strict=false", "--runxfail"]),
    (["--deselect", "x", "--lf"], ["--deselect x", "--lf"], []),
])
def test_options_that_select_or_may_weaken_are_named(args: list[str], selection: list[str],
                                                     weakening: list[str]) -> None:
    assert classify(args, suite_root(), suite_root()) == (selection, weakening)


def test_the_options_edcert_run_passes_itself_are_a_certification_run(sealed: RunResult) -> None:
    manifest = json.loads((sealed.report_dir / MANIFEST_NAME).read_text())
    assert "--sign-key" in manifest["pytest_arguments"] and manifest["weakening_options"] == []


def test_allure_html_rendered_later_is_not_a_finding(copy: Path) -> None:
    (copy / "allure-report").mkdir()
    (copy / "allure-report" / "index.html").write_text("<html></html>")
    assert findings(copy) == []


def test_the_summary_of_many_runs_marks_what_does_not_certify(sealed: RunResult, selected: RunResult,
                                                              tmp_path: Path) -> None:
    summary = edcert("summary", str(sealed.report_dir), str(selected.report_dir), "--report-dir", str(tmp_path / "sum"))
    assert summary.returncode == 3, summary.stdout + summary.stderr
    assert (tmp_path / "sum" / "summary.html").read_text().count("NOT A CERTIFICATION RUN") == 1


def test_a_client_certification_is_sealed_and_verifies(tmp_path: Path) -> None:
    from .client_runs import listen_with_client

    run = listen_with_client(tmp_path / "listen")
    assert run.exit_code == 0, run.explain()
    assert "edcert seal: verified by the run itself" in run.stdout, run.stdout[-2000:]
    assert findings(run.report_dir) == []
    assert json.loads((run.report_dir / MANIFEST_NAME).read_text())["command_line"][:2] == ["edcert", "listen"]


def test_a_selection_hidden_from_the_manifest_is_reported(selected: RunResult, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(selected.report_dir, tmp_path / "copy"))

    def hide(document: dict) -> None:
        document.update(certification_run=True, not_a_certification_run=[], selection=[], weakening_options=[])
        document.pop("notice", None)

    edit_json(copy / MANIFEST_NAME, hide)
    edit_json(copy / "certification.json", hide)
    reseal(copy)
    found = findings(copy)
    assert any("hold -k SCA-N1, -o xfail_strict=false, which manifest.json does not name" in f for f in found), found


def test_the_manifest_names_local_files_by_their_names_only() -> None:
    from edcert.seal.plugin import without_local_paths

    assert without_local_paths(["edcert", "run", "--target", "/home/vendor/p.toml", "--report-dir=/tmp/r/out",
                                "-m", "SCA-N1"]) == ["edcert", "run", "--target", "p.toml", "--report-dir=out",
                                                     "-m", "SCA-N1"]


def test_a_run_whose_profile_names_no_api_root_verifies(tmp_path: Path) -> None:
    """Without an api_url the discovery scenarios are not required; the seal judges them by the same rule."""
    from edcert import reference

    from .targets import write_profile

    with reference.start() as target:
        env = write_profile(target, tmp_path / "profile.toml")
        text = (tmp_path / "profile.toml").read_text()
        (tmp_path / "profile.toml").write_text(re.sub(r"(?m)^api_url = .*\n", "", text))
        result = run_edcert(["--target", str(tmp_path / "profile.toml"), "--seed", "5"],
                            tmp_path / "reports", env)
    assert result.scenario("SCA-D1")["required"] is False
    assert "edcert seal: verified by the run itself" in result.stdout, result.stdout[-2000:]
    assert findings(result.report_dir) == []
