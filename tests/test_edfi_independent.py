"""No false alarms: Ed-Fi APIs written apart from the reference target (tests/edfi_servers.py), in the flavours and
variations real, conformant servers show, are certified by `edcert run --suite edfi`; warnings only where the
variant departs from an advisory form (no ETags, no expires_in). Without search support only SCA-N23 fails.
Each run also shows that the variant's own behaviour was met (a 403, a 400 for a PUT body id, a 200 DELETE),
and that the suite left only the document scenarios' records behind."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .edfi_servers import CLIENT_ID, CLIENT_SECRET, IndependentEdfi
from .targets import RunResult, run_edcert

PROFILE = """\
[edfi]
api_url = "{api_url}"
{urls}client_id = "{client_id}"
client_secret = "${{EDCERT_TEST_EDFI_SECRET}}"
create_prerequisites = {create}
"""


@dataclass(frozen=True)
class Variant:
    name: str
    flavour: str
    variations: frozenset[str] = frozenset()
    prefix: str = ""  # tenant, school year or route qualifiers in front of the API
    trailing_slash: bool = False  # the profile's base_url ends with "/"
    warned: frozenset[str] = frozenset()  # requirements the variant is (rightly) warned about, advisory
    shows: tuple[str, str, str] = ("", "", "")  # scenario, requirement, words in a passed check: the variant was met
    root_only: bool = False  # the profile names the API's root alone: the discovery document gives the URLs


VARIANTS = (
    Variant("ods5", "ods5", shows=("SCA-N14", "EDFI-DATES", "rejected: HTTP 400")),
    Variant("ods5-tenant-relationships", "ods5", frozenset({"student-403", "newest-token-only"}), prefix="/tenant-a/2026",
            trailing_slash=True, shows=("SCA-N4", "EDFI-STUDENT-MUST-EXIST", "HTTP 403")),
    Variant("ods7", "ods7", shows=("SCA-N22", "EDFI-IF-MATCH", "HTTP 412"), root_only=True),
    Variant("ods7-json-problems-bodies", "ods7",
            frozenset({"problem-as-json", "post-body", "delete-200", "etag-unquoted"}),
            shows=("SCA-N7", "EDFI-DELETE", "HTTP 200 OK")),
    Variant("ods7-empty-relationships", "ods7", frozenset({"empty", "student-403"}),
            shows=("SCA-N4", "EDFI-STUDENT-MUST-EXIST", "HTTP 403")),
    Variant("dms", "dms", shows=("SCA-N21", "EDFI-PUT-URL-ID", "HTTP 400"), root_only=True,
            warned=frozenset({"EDFI-DISCOVERY"})),
    Variant("meadowlark", "meadowlark", frozenset({"opaque-ids", "search-lag"}), root_only=True,
            warned=frozenset({"EDFI-DISCOVERY"}), shows=("SCA-N15", "EDFI-MAX-LENGTH", "21 characters")),
    Variant("dms-qualified-search-lag", "dms",
            frozenset({"path-absolute-location", "search-lag", "no-expires-in", "short-tokens", "chunked"}),
            prefix="/255901/2026", warned=frozenset({"EDFI-TOKEN", "EDFI-DISCOVERY"}),
            shows=("SCA-N14", "EDFI-DATES", "beginDate read back")),
    Variant("dms-bare-no-etags", "dms", frozenset({"token-bare", "no-etags"}),
            warned=frozenset({"EDFI-TOKEN", "EDFI-ETAG", "EDFI-IF-MATCH", "EDFI-DISCOVERY"})),
    Variant("third-party", "ods7", frozenset({"opaque-ids", "strict-schema", "rfc9457-problems", "relative-location"}),
            prefix="/ed-fi", shows=("SCA-N20", "EDFI-UNKNOWN-ID", "HTTP 404")),
    Variant("no-search", "ods7", frozenset({"no-search"}), warned=frozenset({"EDFI-DISCOVERY"})),
)


def _certify(variant: Variant, base: Path) -> tuple[RunResult, list[dict]]:
    directory = base / variant.name
    directory.mkdir()
    with IndependentEdfi(variant.flavour, variant.variations, variant.prefix) as server:
        urls = "" if variant.root_only else (
            f'base_url = "{server.base_url + ("/" if variant.trailing_slash else "")}"\n'
            f'token_url = "{server.token_url}"\n')
        (directory / "profile.toml").write_text(PROFILE.format(
            api_url=server.api_url, urls=urls,
            client_id=CLIENT_ID, create="true" if "empty" in variant.variations else "false"))
        result = run_edcert(["--target", str(directory / "profile.toml"), "--suite", "edfi", "--seed", "11",
                             "--timeout", "5"], directory / "reports", {"EDCERT_TEST_EDFI_SECRET": CLIENT_SECRET})
        return result, server.records("studentCohortAssociations")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[RunResult, list[dict]]]:
    base = tmp_path_factory.mktemp("edfi-independent")
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda variant: _certify(variant, base), VARIANTS))
    return {variant.name: result for variant, result in zip(VARIANTS, results, strict=True)}


def _checks(result: RunResult, status: str) -> list[tuple[str, str, str]]:
    return [(s["id"], c["requirement"], c["message"]) for s in result.certification["scenarios"]
            for c in s["checks"] if c["status"] == status]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_a_conformant_ed_fi_api_is_certified(variant: Variant, runs: dict) -> None:
    result, left = runs[variant.name]
    failed = _checks(result, "failed")
    if "no-search" in variant.variations:  # decided on its own requirement, nowhere else
        assert result.exit_code == 1, result.stdout[-3000:] + result.stderr[-2000:]
        assert {(sid, requirement) for sid, requirement, _ in failed} == {("SCA-N23", "EDFI-QUERY-BY-KEY")}, failed
        assert [s["id"] for s in result.certification["scenarios"]
                if s["suite"] == "edfi" and s["status"] != "passed"] == ["SCA-N23"]
    else:
        assert result.exit_code == 0, result.stdout[-3000:] + result.stderr[-2000:]
        assert result.certification["verdict"] == "certified"
        assert failed == []
    assert {requirement for _, requirement, _ in _checks(result, "warning")} == variant.warned
    scenario, requirement, words = variant.shows
    if scenario:
        assert any(sid == scenario and req == requirement and words in message
                   for sid, req, message in _checks(result, "passed")), (variant.name, words)
    # Only the document scenarios' records stay (SCA-S1 and S3 share one): nothing the suite made on its own.
    assert sorted(record["beginDate"][5:] for record in left) == ["09-14", "09-14"], left
