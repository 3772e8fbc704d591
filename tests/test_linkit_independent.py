"""No false alarms: a LinkIt! server written apart from the reference target, with the variations the
document allows, is certified; the security scenarios run alone, in any order, and twice."""

from __future__ import annotations

import os
from pathlib import Path

from edcert import reference

from .linkit_server import ACCESS_KEY, SECRET, IndependentLinkit
from .targets import run_edcert, write_profile

REPOSITORY = Path(__file__).resolve().parents[1]
PROFILE = """\
[linkit]
base_url = "{base_url}"
access_key = "{access_key}"
secret = "${{EDCERT_TEST_LINKIT_SECRET}}"
{signer}
"""


def _certify(server: IndependentLinkit, tmp_path: Path, signer: str = "") -> dict:
    profile = tmp_path / "linkit.toml"
    profile.write_text(PROFILE.format(base_url=server.base_url, access_key=ACCESS_KEY,
                                      signer=f'signer = "{signer}"' if signer else ""))
    env = {"EDCERT_TEST_LINKIT_SECRET": SECRET,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))}
    result = run_edcert(["--target", str(profile), "--seed", "11"], tmp_path / "reports", env)
    assert result.exit_code == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return result.certification


def _warned(certification: dict) -> set[str]:
    return {c["requirement"] for s in certification["scenarios"] for c in s["checks"] if c["status"] == "warning"}


def test_variations_of_form_are_certified_without_warnings(tmp_path: Path) -> None:
    variations = {"extras-ignored", "xml-empty-error", "xml-empty-data-on-error", "reverse-order", "error-http-200",
                  "deassign-idempotent", "charset"}
    with IndependentLinkit(variations) as server:
        certification = _certify(server, tmp_path)
    assert certification["verdict"] == "certified"
    assert _warned(certification) == set()


def test_the_documents_other_readings_are_warnings_and_a_base64_tag_is_judged_by_its_case(tmp_path: Path) -> None:
    with IndependentLinkit({"null-string", "student-id-integer", "base64-tag"}) as server:
        certification = _certify(server, tmp_path, signer="tests.linkit_server:base64_signer")
    assert certification["verdict"] == "certified"
    assert _warned(certification) == {"LINKIT-ENVELOPE", "LINKIT-STUDENT-ID"}
    sec7 = next(s for s in certification["scenarios"] if s["id"] == "LINKIT-SEC7-JSON")
    assert any("letters in the other case" in c["message"] for c in sec7["checks"] if c["status"] == "passed")


def test_each_security_scenario_runs_alone_in_any_order_and_twice(tmp_path: Path) -> None:
    """EX1 leaves the student in the program; each scenario after it sets up its own starting point, and
    SEC11, which needs the student in the program, takes them out again only if it put them there."""
    order = ["LINKIT-EX1-XML", "LINKIT-SEC11-JSON", "LINKIT-SEC7-JSON", "LINKIT-SEC7-JSON", "LINKIT-SEC10-XML",
             "LINKIT-SEC11-XML"]
    with reference.start() as target:
        env = write_profile(target, tmp_path / "p.toml")
        results = [run_edcert(["--target", str(tmp_path / "p.toml"), "-m", sid], tmp_path / f"r{index}", env)
                   for index, sid in enumerate(order)]
        assert {pid for pid, _ in target.state.store.programs_of(151557)} == {1552}
    for sid, result in zip(order, results, strict=True):
        assert result.scenario(sid)["status"] == "passed", result.stdout[-2000:]
    # The reference's tag is hex: its letter case is not judged; every other change to it is.
    messages = [c["message"] for c in results[2].scenario("LINKIT-SEC7-JSON")["checks"]]
    assert not any("other case" in m for m in messages) and any("one character added" in m for m in messages)
