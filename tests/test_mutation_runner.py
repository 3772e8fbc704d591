"""benchmarks/mutation.py, the mutation score's runner: a tiny sample end to end (a clean traced run, the
canary every copy must kill, one mutant), and the rules that set mutants aside without running them."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

parso = pytest.importorskip("parso")  # installed with cosmic-ray ('.[dev]')

RUNNER = Path(__file__).resolve().parents[1] / "benchmarks" / "mutation.py"


def _runner():
    spec = importlib.util.spec_from_file_location("edcert_mutation_runner", RUNNER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_tiny_sample_is_run_and_scored(tmp_path: Path) -> None:
    pytest.importorskip("cosmic_ray")
    out = tmp_path / "mutation.json"
    result = subprocess.run([sys.executable, str(RUNNER), "--sample", "1", "--seed", "2", "--modules", "edfi_errors",
                             "--workers", "1", "--suite", "edfi", "--json", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mutation score:" in result.stdout
    session = json.loads(out.read_text())
    ran = [m for m in session["mutants"] if m["outcome"] != "unreached"]
    assert len(ran) == 1 and ran[0]["module"] == "edfi_errors.py"
    assert ran[0]["outcome"] in ("killed", "incomplete", "timed-out", "survived", "error")
    assert ran[0]["outcome"] == "error" or ran[0]["mutated"]  # the mutated line is shown
    assert session["counts"]["ran"] == 1


def test_mutants_in_annotations_and_parameter_stars_are_left_out() -> None:
    pytest.importorskip("cosmic_ray")
    runner = _runner()
    tree = parso.parse("def f(a: int | None, *, b: str = 'x') -> dict | None:\n    return a | 2\n")
    leaves = {}
    node = tree.get_first_leaf()
    while node is not None:
        leaves.setdefault((node.value, node.start_pos[0]), []).append(node)
        node = node.get_next_leaf()
    first_bar, second_bar = leaves[("|", 1)]
    assert runner._in_annotation(first_bar) and runner._in_annotation(second_bar)
    assert runner._in_annotation(leaves[("*", 1)][0])
    assert not runner._in_annotation(leaves[("|", 2)][0])


def test_an_operand_beside_a_fault_flag_is_equivalent_on_the_clean_target() -> None:
    runner = _runner()
    source = ('if key != old and not fault("key-change-accepted", spec):\n    pass\n'
              'if request.method != "GET" and state.has("write-applied"):\n    pass\n'
              'size = 4 if state.has("token-too-short") else 16\n')
    tree = parso.parse(source)
    assert not runner.fault_guarded(tree, 1, 7)  # `!=` beside `not fault(...)`: the flag is true, it counts
    assert runner.fault_guarded(tree, 3, 18)  # `!=` beside `state.has(...)`: the flag is false
    assert not runner.fault_guarded(tree, 3, 27)  # the `and` itself: `or` would make it count
    assert runner.fault_guarded(tree, 5, 7)  # the value chosen only under the fault
    assert not runner.fault_guarded(tree, 5, 46)  # the value of the clean target
