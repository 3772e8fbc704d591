"""The floor: a minimal pytest-bdd harness that sends the exchanges an edcert run made, each scenario's in
its own Gherkin scenario, and checks that every answer has the status it had then. No reports, no
schemas, no evidence: what the same exchanges cost under pytest-bdd and nothing more.

benchmarks/run.py writes floor.feature and the recording next to this file's copy and runs it.
"""

from __future__ import annotations

import os
import sys

import pytest
from pytest_bdd import parsers, scenarios, then, when

sys.path.insert(0, os.environ["EDCERT_FLOOR_BENCHMARKS"])
from replay import Replayer, load  # noqa: E402

scenarios("floor.feature")

RECORDED = load(os.environ["EDCERT_FLOOR_RECORDING"])
REPLAYER = Replayer(os.environ["EDCERT_FLOOR_SERVER"])


@pytest.fixture
def answers() -> list:
    return []


@when(parsers.parse("the requests of {sid} are sent again"))
def send_again(sid: str, answers: list) -> None:
    for item in RECORDED:
        if item["scenario"] == sid:
            answers.append((item, REPLAYER.send(item)))


@then("each answer has the status it had")
def same_statuses(answers: list) -> None:
    for item, answer in answers:
        assert answer.status_code == item["status"], (item["method"], item["url"], answer.status_code)
