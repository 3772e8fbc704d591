"""Round 4: edcert against Ed-Fi and LinkIt! servers written from the documents alone (tests/round4/), each
with one realistic defect of the kinds the request model covers, and their clean twins. A clean twin must be
certified; a defective server must be refused on the requirement it breaks. One `edcert run` per server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .round4 import edfi, linkit
from .targets import RunResult, run_edcert

EDFI_PROFILE = """[edfi]
base_url = "{base_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret = "${{ROUND4_EDFI_SECRET}}"
"""
LINKIT_PROFILE = """[linkit]
base_url = "{base_url}"
access_key = "{access_key}"
secret = "${{ROUND4_LINKIT_SECRET}}"
"""
#: What refuses each defect: the scenarios and requirements that fail, exactly. Each defect runs only those
#: scenarios (selected by their tags); the clean twins run the whole suite.
REFUSED_BY = {
    "token-for-empty-secret": {"SCA-N30:EDFI-TOKEN-REQUEST-REFUSED"},
    "client-secret-as-bearer": {f"SCA-N{n}:EDFI-AUTH-REQUIRED" for n in (1, 8, 9, 10, 11)},
    "put-not-validated": {"SCA-N34:EDFI-PUT-VALIDATED"},
    "put-changes-key": {"SCA-N35:EDFI-KEY-CHANGE-REFUSED"},
    "cohort-at-wrong-ed-org": {"SCA-N36:EDFI-REFERENCE-RESOLVES"},
    "query-ignores-begin-date": {"SCA-N23:EDFI-QUERY-BY-KEY", "SCA-N38:EDFI-QUERY-FILTERS"},
    "end-date-lost-on-create": {"SCA-N39:EDFI-WRITE-STORED"},
    "etag-kept-on-upsert": {"SCA-N39:EDFI-ETAG-CHANGES"},
    "other-verb-obeyed": {"LINKIT-SEC12-JSON:LINKIT-REFUSE-BAD-VERB"},
    "unparsable-timestamp-accepted": {"LINKIT-SEC13-JSON:LINKIT-REFUSE-BAD-TIMESTAMP"},
    "student-id-leading-digits": {"LINKIT-SEC14-JSON:LINKIT-REFUSE-BAD-STUDENT"},
    "get-changes-enrolment": {"LINKIT-SEC16-JSON:LINKIT-ONLY-PUT-CHANGES"},
}


def _failed(run: RunResult) -> set[str]:
    return {f"{s['id']}:{c['requirement']}" for s in run.certification["scenarios"]
            for c in s.get("checks", []) if c["status"] == "failed"}


def _selection(defect: str | None) -> list[str]:
    if defect is None:
        return []
    tags = sorted({case.split(":")[0] for case in REFUSED_BY[defect]})
    return ["-m", " or ".join(tags)]


def _certify(api: str, defect: str | None, directory: Path) -> RunResult:
    directory.mkdir()
    server_class = edfi.Round4Edfi if api == "edfi" else linkit.Round4Linkit
    with server_class(defect) as server:
        profile = directory / "profile.toml"
        if api == "edfi":
            profile.write_text(EDFI_PROFILE.format(base_url=server.base_url, token_url=server.token_url,
                                                   client_id=edfi.CLIENT_ID))
            env = {"ROUND4_EDFI_SECRET": edfi.CLIENT_SECRET}
        else:
            profile.write_text(LINKIT_PROFILE.format(base_url=server.base_url, access_key=linkit.ACCESS_KEY))
            env = {"ROUND4_LINKIT_SECRET": linkit.SECRET}
        return run_edcert(["--target", str(profile), "--seed", "4", *_selection(defect)],
                          directory / "reports", env)


CASES = [("edfi", None), ("linkit", None), *(("edfi", d) for d in edfi.DEFECTS),
         *(("linkit", d) for d in linkit.DEFECTS)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str | None], RunResult]:
    base = tmp_path_factory.mktemp("round4")
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = pool.map(lambda case: _certify(case[0], case[1], base / f"{case[0]}-{case[1] or 'clean'}"), CASES)
        return dict(zip(CASES, results, strict=True))


def test_every_defect_names_what_refuses_it() -> None:
    assert set(REFUSED_BY) == set(edfi.DEFECTS) | set(linkit.DEFECTS)


@pytest.mark.parametrize("api", ["edfi", "linkit"])
def test_the_clean_twin_is_certified(api: str, runs: dict) -> None:
    run = runs[(api, None)]
    assert run.exit_code == 0, (run.stdout[-3000:], sorted(_failed(run)))


@pytest.mark.parametrize(("api", "defect"), [case for case in CASES if case[1] is not None],
                         ids=[case[1] for case in CASES if case[1] is not None])
def test_a_defective_server_is_refused_on_its_own_requirement(api: str, defect: str, runs: dict) -> None:
    run = runs[(api, defect)]
    described = (edfi.DEFECTS | linkit.DEFECTS)[defect]
    assert run.exit_code == 1, f"{defect} ({described}) was certified"
    assert run.certification["verdict"] == "not-certified"
    assert _failed(run) == REFUSED_BY[defect], f"{defect} ({described})"
