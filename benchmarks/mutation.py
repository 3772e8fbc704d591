"""The mutation score of the suite: how many planted faults in the reference target edcert run refuses.

Each mutant is a small fault planted in the reference target's behaviour; the score is the share of them
`edcert run` refuses to certify.

Mutants are made with cosmic-ray's operators (comparison, boolean, arithmetic, number, `not`, loop and
exception-handler replacements) over the reference target's behaviour modules (SCOPE below). Each mutant
is written into a copy of the source tree, never into the tree itself, and judged by `edcert run`
against the built-in reference target of that copy: exit 0 (certified) means the mutant survived;
not certified, incomplete or a run past --timeout means it was killed.

Before any mutant, the clean copy is certified once with a line tracer on (the lines a certification
reaches: a mutant on a line it never reaches, code that runs only with a named fault switched on,
cannot change the verdict and is listed apart, not run), and each worker's copy is given a mutant that
must be killed (every Ed-Fi token refused): if it survives, the copy is not what runs, and the
runner stops.

    python benchmarks/mutation.py --sample 200 --seed 1        # a random sample of the reachable mutants
    python benchmarks/mutation.py --changed-since main         # every mutant of the modules changed since main
    python benchmarks/mutation.py --all                        # every mutant (about an hour on 2 cores)
      [--modules edfi_auth,store] [--workers 2] [--timeout 60] [--suite all|edfi|linkit] [--json FILE]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path("src/edcert/reference")
#: The behaviour under certification, and why each module is in it.
SCOPE = {
    "edfi_auth.py": "the token endpoint and the bearer check of every resource request",
    "state.py": "issuing tokens and judging their validity",
    "edfi_model.py": "validation: types, required values, lengths, dates, descriptors, natural keys",
    "edfi_api.py": "resource semantics: upsert, PUT, DELETE, query, ETags, references, Locations",
    "edfi_errors.py": "the status and form of every Ed-Fi refusal",
    "store.py": "what is stored, found, updated and deleted, for both APIs",
    "linkit_api.py": "LinkIt!: signed URLs, timestamps, StudentID, enrolment and the answer's envelope",
    "discovery_api.py": "the Discovery API document and the OpenAPI metadata the target declares",
}
#: Modules of the reference target left out, and why.
OUT_OF_SCOPE = {
    "app.py": "wiring of the routers and the seed data; a mutant there stops the target or changes a value "
              "the documents do not fix",
    "server.py": "starting and stopping uvicorn; no API behaviour",
    "edfi_quirks.py": "date readings used only by named faults",
    "error_forms.py": "the error bodies of the faults that imitate Meadowlark",
    "faults/": "the fault registry and the vendors' signers, exercised by the fault matrix",
    "__init__.py": "re-exports",
}
COPIED = ("src/edcert", "features", "steps", "schemas", "fixtures", "conftest.py", "pytest.ini")
#: Mutated into each copy before the run: every Ed-Fi token refused, which no certification survives.
CANARY = ("edfi_auth.py", "    return client_id == creds.edfi_client_id and secret == creds.edfi_client_secret\n",
          "    return False\n")
SEED = 1  # every run of a mutation session uses the same generated data, so the traced paths hold
EXCHANGE_TIMEOUT = 5  # the reference target answers in milliseconds; a hanging mutant is caught quickly
_TRACER = '''\
import atexit, json, os, sys, threading
_root = os.environ["EDCERT_MUTATION_TRACE_ROOT"]
_hits = set()
def _line(frame, event, arg):
    if event == "line":
        _hits.add((frame.f_code.co_filename, frame.f_lineno))
    return _line
def _call(frame, event, arg):
    return _line if frame.f_code.co_filename.startswith(_root) else None
sys.settrace(_call)
threading.settrace(_call)
@atexit.register
def _dump():
    sys.settrace(None)
    path = os.path.join(os.environ["EDCERT_MUTATION_TRACE_OUT"], f"{os.getpid()}.json")
    with open(path, "w") as out:
        json.dump(sorted(_hits), out)
'''


class MutationError(Exception):
    """The session cannot give a meaningful score (a clean copy not certified, a canary that survived)."""


@dataclass
class Mutant:
    module: str  # file name under src/edcert/reference/
    operator: str  # cosmic-ray operator name, e.g. core/ReplaceComparisonOperator_Eq_NotEq
    occurrence: int  # the operator's n-th position in the module
    line: int
    column: int = 0  # where the operator applies: start_line, column (line becomes the first changed line)
    start_line: int = 0
    original: str = ""  # the line before and after mutation, for the survivors' table
    mutated: str = ""
    outcome: str = ""  # survived | killed | incomplete | timed-out | unreached | error
    exit_code: int | None = None
    seconds: float = 0.0
    detail: str = ""
    why: str = ""  # a reason found by rule for a survivor (see fault_guarded)
    never_run: bool = False  # on conformant code a clean certification never executes

    @property
    def name(self) -> str:
        return f"{self.module}:{self.line} {self.operator.split('/')[-1]}#{self.occurrence}"


@dataclass
class Session:
    mutants: list[Mutant] = field(default_factory=list)
    total: int = 0  # mutants of the modules selected
    reachable: int = 0
    in_annotations: int = 0  # equivalent: annotations are never evaluated
    never_run: int = 0
    started: str = ""
    seconds: float = 0.0
    options: dict = field(default_factory=dict)
    reached: dict[str, list[int]] = field(default_factory=dict)  # lines the traced clean run executed


# --- making mutants ---------------------------------------------------------------------------------
def _operators() -> list[tuple[str, object]]:
    import cosmic_ray.plugins

    chosen = []
    for name in cosmic_ray.plugins.operator_names():
        operator_class = cosmic_ray.plugins.get_operator(name)
        if not operator_class.arguments():  # those needing arguments (variable insertion) are not configured
            chosen.append((name, operator_class()))
    return chosen


def _in_annotation(node: object) -> bool:
    """Whether a parso node sits in a type annotation: never evaluated under `from __future__ import
    annotations`, which every module in scope has, so a mutant there is equivalent (or a parameter's star,
    which no operator can replace validly)."""
    child, parent = node, getattr(node, "parent", None)
    if getattr(node, "value", None) in ("*", "**") and parent is not None and parent.type in (
            "parameters", "typedargslist", "arglist", "argument", "star_expr", "lambdef"):
        return True  # the star of *args or of keyword-only parameters, not a product: no valid mutant
    while parent is not None:
        siblings = parent.children
        before = siblings[siblings.index(child) - 1] if siblings.index(child) else None
        if parent.type == "annassign" and siblings.index(child) == 1:
            return True
        if parent.type in ("funcdef", "param", "tfpdef") and getattr(before, "value", None) in ("->", ":") \
                and parent.type != "funcdef" or (parent.type == "funcdef" and getattr(before, "value", None) == "->"):
            return True
        child, parent = parent, parent.parent
    return False


def enumerate_mutants(tree: Path, modules: list[str]) -> tuple[list[Mutant], int]:
    """Every mutant cosmic-ray's operators make of the modules, in a stable order, and how many more sit in
    type annotations (left out: equivalent)."""
    from cosmic_ray.ast import ast_nodes, get_ast_from_path

    mutants, in_annotations = [], 0
    operators = _operators()
    for module in modules:
        nodes = list(ast_nodes(get_ast_from_path(tree / REFERENCE / module)))
        for name, operator in operators:
            positions = ((node, start) for node in nodes for start, _ in operator.mutation_positions(node))
            for occurrence, (node, start) in enumerate(positions):
                if _in_annotation(node):
                    in_annotations += 1
                else:
                    mutants.append(Mutant(module, name, occurrence, start[0], start[1], start[0]))
    return mutants, in_annotations


def mutated_source(source: str, mutant: Mutant) -> str | None:
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code

    return mutate_code(source, cosmic_ray.plugins.get_operator(mutant.operator)(), mutant.occurrence)


def describe(source: str, mutated: str, mutant: Mutant) -> None:
    """The first changed line, before and after (a mutant changes one expression)."""
    before, after = source.splitlines(), mutated.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "equal":
            mutant.line = i1 + 1
            mutant.original = " ".join(line.strip() for line in before[i1:i2])
            mutant.mutated = " ".join(line.strip() for line in after[j1:j2])
            return


_FAULT_FLAG = re.compile(r'^(not\s+)?(state\.has|fault)\(("[a-z0-9-]+"|name)(, spec)?\)$')


def _leaf_at(tree: object, line: int, column: int) -> object:
    """The leaf starting at the position (parso hands back the leaf ending there, if any, first)."""
    leaf = tree.get_leaf_for_position((line, column), include_prefixes=True)  # type: ignore[attr-defined]
    while leaf is not None and leaf.end_pos <= (line, column) and leaf.get_next_leaf() is not None:
        leaf = leaf.get_next_leaf()
    return leaf


def _is_flag(node: object) -> bool:
    """A fault flag switched on, alone or as an operand of an `and` (`x and state.has("...")`)."""
    code = node.get_code().strip()  # type: ignore[attr-defined]
    if _FAULT_FLAG.match(code):
        return not code.startswith("not")
    return node.type == "and_test" and any(_is_flag(operand) for operand in node.children  # type: ignore[attr-defined]
                                           if operand.type != "keyword")


def fault_guarded(tree: object, line: int, column: int) -> bool:
    """Whether the mutated expression only matters while a named fault is on: it is an operand of an
    `and` beside a fault flag (`state.has("...")`, `fault("...", spec)`), or the value of a conditional
    expression chosen when a flag is on. On the clean target the flag is off, so the mutant is equivalent
    there; the fault matrix, which switches the faults on, is what judges that code."""
    node = _leaf_at(tree, line, column)
    while node is not None and node.parent is not None:
        parent = node.parent
        if parent.type == "and_test" and node.type != "keyword":
            if any(other is not node and other.type != "keyword" and _FAULT_FLAG.match(other.get_code().strip())
                   and not other.get_code().strip().startswith("not") for other in parent.children):
                return True
        if parent.type == "test" and len(parent.children) == 5 and parent.children[0] is node:
            if _is_flag(parent.children[2]):
                return True
        node = parent
    return False


NEVER_RUN = "real: conformant code that no check exercises (a clean certification never runs this line)"
#: Functions the conformant target calls only from code of named faults.
FAULT_ONLY_FUNCTIONS = {"edfi_api.py": {"_touches_key"}, "edfi_errors.py": {"crashed"},
                        "state.py": {"token_prefix_valid", "never_answer"}, "linkit_api.py": {"stale_data"}}


def in_fault_code(tree: object, module: str, line: int, column: int) -> bool:
    """Whether the position sits in a branch taken only while a named fault is on (`if state.has(...):`,
    `if x and fault(...):`, the arm of a conditional expression), or in a function only such code calls."""
    node = _leaf_at(tree, line, column)
    while node is not None and node.parent is not None:
        parent = node.parent
        siblings = parent.children
        index = siblings.index(node)
        if parent.type == "if_stmt" and index >= 3 and getattr(siblings[index - 1], "value", None) == ":" and \
                getattr(siblings[index - 3], "value", None) in ("if", "elif") and _is_flag(siblings[index - 2]):
            return True
        if parent.type == "test" and len(siblings) == 5 and index == 0 and _is_flag(siblings[2]):
            return True
        if parent.type in ("funcdef",) or node.type == "funcdef":
            name = (node if node.type == "funcdef" else parent).name.value
            if name in FAULT_ONLY_FUNCTIONS.get(module, ()):
                return True
        node = parent
    return False


# --- where the mutants run --------------------------------------------------------------------------
def make_copy(destination: Path) -> Path:
    for part in COPIED:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def _environment(copy: Path, extra_path: str = "") -> dict[str, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(copy / "src"), extra_path) if p)
    return env


def run_edcert(copy: Path, suite: str, timeout: float, env: dict[str, str] | None = None) -> tuple[str, int | None, str]:
    """`edcert run` against the copy's built-in reference target: (outcome, exit code, last output line)."""
    reports = copy / "reports"
    command = [sys.executable, "-m", "edcert", "run", "--report-dir", str(reports), "--seed", str(SEED),
               "--suite", suite, "--timeout", str(EXCHANGE_TIMEOUT)]
    process = subprocess.Popen(command, cwd=copy, env=env or _environment(copy), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the target it started stops itself when the run is gone
        except ProcessLookupError:  # it ended just now
            pass
        process.communicate()
        return "timed-out", None, f"still running after {timeout:g} s"
    lines = [line for line in output.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    outcome = {0: "survived", 1: "killed", 3: "incomplete"}.get(process.returncode, "error")
    return outcome, process.returncode, last


def reached_lines(copy: Path, scratch: Path, suite: str, timeout: float) -> dict[str, set[int]]:
    """Certify the clean copy with a line tracer in every process; the lines of each module it reached."""
    tracer_dir, out = scratch / "tracer", scratch / "trace"
    tracer_dir.mkdir()
    out.mkdir()
    (tracer_dir / "sitecustomize.py").write_text(_TRACER)
    root = str((copy / REFERENCE).resolve())
    env = {**_environment(copy, str(tracer_dir)), "EDCERT_MUTATION_TRACE_ROOT": root,
           "EDCERT_MUTATION_TRACE_OUT": str(out)}
    outcome, code, last = run_edcert(copy, suite, timeout * 4, env)
    if outcome != "survived":
        raise MutationError(f"the clean reference target is not certified (exit {code}): {last}")
    deadline = time.monotonic() + 10
    while len(list(out.glob("*.json"))) < 2 and time.monotonic() < deadline:  # the target's process writes last
        time.sleep(0.1)
    reached: dict[str, set[int]] = {}
    for dump in out.glob("*.json"):
        for filename, line in json.loads(dump.read_text()):
            reached.setdefault(Path(filename).resolve().relative_to(root).as_posix(), set()).add(line)
    if not any(name in SCOPE for name in reached):
        raise MutationError("the traced run did not execute the copy's reference target: is edcert installed "
                            "in a way that ignores PYTHONPATH?")
    return reached


def statement_lines(tree: object, line: int, column: int) -> range:
    """The lines of the simple statement (or compound statement's header) holding the position."""
    headers = ("if_stmt", "while_stmt", "for_stmt", "with_stmt", "try_stmt", "funcdef", "classdef",
               "async_stmt", "decorated", "file_input", "suite")
    node = _leaf_at(tree, line, column)
    while node is not None and node.parent is not None and node.type != "simple_stmt" \
            and node.parent.type not in headers:
        node = node.parent
    if node is None or node.type == "file_input":
        return range(line, line + 1)
    end_line, end_column = node.end_pos
    return range(node.start_pos[0], end_line + (1 if end_column else 0))  # a simple statement ends past its newline


class Workers:
    """One copy of the source tree per worker; a mutant borrows a copy, is written into it, run, undone."""

    def __init__(self, scratch: Path, count: int, suite: str, timeout: float) -> None:
        self.suite, self.timeout = suite, timeout
        self.copies = [make_copy(scratch / f"worker-{n}") for n in range(count)]
        self._free = list(self.copies)
        self._lock = threading.Condition()

    def _borrow(self) -> Path:
        with self._lock:
            while not self._free:
                self._lock.wait()
            return self._free.pop()

    def _give_back(self, copy: Path) -> None:
        with self._lock:
            self._free.append(copy)
            self._lock.notify()

    def run(self, module: str, mutated: str) -> tuple[str, int | None, float, str]:
        copy = self._borrow()
        path = copy / REFERENCE / module
        original = path.read_text()
        try:
            path.write_text(mutated)
            started = time.monotonic()
            outcome, code, last = run_edcert(copy, self.suite, self.timeout)
            return outcome, code, time.monotonic() - started, last
        finally:
            path.write_text(original)
            self._give_back(copy)

    def check_canaries(self) -> None:
        """Each copy must refuse a mutant that no certification survives, or the copy is not what runs."""
        module, line, replacement = CANARY
        source = (self.copies[0] / REFERENCE / module).read_text()
        if line not in source:
            raise MutationError(f"the canary line is no longer in {module}; update CANARY in {__file__}")
        with ThreadPoolExecutor(len(self.copies)) as pool:
            results = list(pool.map(lambda copy: self.run(module, source.replace(line, replacement)), self.copies))
        for outcome, _, _, _ in results:
            if outcome == "survived":
                raise MutationError("a mutant refusing every Ed-Fi token was certified: the copy under mutation "
                                    "is not the code that runs")


# --- selecting and running ----------------------------------------------------------------------------
def changed_modules(since: str) -> list[str]:
    try:
        names = subprocess.run(["git", "diff", "--name-only", since, "--", str(REFERENCE)], cwd=REPO, text=True,
                               capture_output=True, check=True).stdout.split()
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        raise MutationError(f"git diff against {since!r} failed: {getattr(exc, 'stderr', exc)}".strip()) from None
    return sorted({Path(name).name for name in names} & set(SCOPE))


def run_session(args: argparse.Namespace) -> Session:
    import parso

    modules = [m if m.endswith(".py") else f"{m}.py" for m in args.modules.split(",")] if args.modules else list(SCOPE)
    unknown = [m for m in modules if m not in SCOPE]
    if unknown:
        raise MutationError(f"not a module in scope: {unknown[0]} (choose from {', '.join(SCOPE)})")
    if args.changed_since:
        modules = [m for m in modules if m in changed_modules(args.changed_since)]
    session = Session(started=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                      options={"modules": modules, "sample": args.sample, "seed": args.seed, "all": args.all,
                               "changed_since": args.changed_since, "suite": args.suite, "workers": args.workers,
                               "timeout": args.timeout})
    if not modules:
        return session
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="edcert-mutation-") as scratch_dir:
        scratch = Path(scratch_dir)
        workers = Workers(scratch, args.workers, args.suite, args.timeout)
        print(f"mutation: {len(modules)} modules; certifying a clean copy with a line tracer", flush=True)
        reached = reached_lines(workers.copies[0], scratch, args.suite, args.timeout)
        print("mutation: checking that each copy refuses a mutant every certification fails", flush=True)
        workers.check_canaries()
        sources = {m: (workers.copies[0] / REFERENCE / m).read_text() for m in modules}
        mutants, session.in_annotations = enumerate_mutants(workers.copies[0], modules)
        session.total = len(mutants) + session.in_annotations
        trees = {module: parso.parse(source) for module, source in sources.items()}
        for mutant in mutants:
            hit = reached.get(mutant.module, set())
            if mutant.line not in hit and not any(
                    n in hit for n in statement_lines(trees[mutant.module], mutant.line, mutant.column)):
                if in_fault_code(trees[mutant.module], mutant.module, mutant.start_line, mutant.column):
                    mutant.outcome = "unreached"  # code of a named fault: out of scope, never drawn
                else:
                    mutant.never_run = True  # conformant code no check exercises: drawn, and survives unrun
        reachable = [m for m in mutants if m.outcome != "unreached"]
        session.reachable = len(reachable)
        session.never_run = sum(1 for m in reachable if m.never_run)
        everything = args.all or (args.changed_since and not args.sample)
        chosen = reachable if everything else sorted(
            random.Random(args.seed).sample(reachable, min(args.sample, len(reachable))),
            key=lambda m: (m.module, m.line, m.operator, m.occurrence))
        session.mutants = chosen + [m for m in mutants if m.outcome == "unreached"]
        print(f"mutation: {len(mutants)} mutants, {len(reachable)} outside code of named faults; "
              f"running {len(chosen)} on {args.workers} workers", flush=True)
        done = 0

        def judge(mutant: Mutant) -> None:
            nonlocal done
            try:
                mutated = mutated_source(sources[mutant.module], mutant)
            except Exception as exc:  # an operator that cannot handle this node (cosmic-ray's own bug)
                mutant.outcome, mutant.detail = "error", f"cosmic-ray could not make it: {exc!r}"[:200]
                return
            if mutated is None or mutated == sources[mutant.module]:
                mutant.outcome, mutant.detail = "error", "the operator made no change"
                return
            describe(sources[mutant.module], mutated, mutant)
            if mutant.never_run:
                mutant.outcome, mutant.why = "survived", NEVER_RUN
                return
            try:
                compile(mutated, mutant.module, "exec")
            except SyntaxError as exc:  # e.g. the bare * of keyword-only parameters read as a product
                mutant.outcome, mutant.detail = "error", f"not valid Python: {exc.msg}"
                return
            mutant.outcome, mutant.exit_code, mutant.seconds, mutant.detail = workers.run(mutant.module, mutated)
            done += 1
            if args.verbose or mutant.outcome == "survived":
                print(f"  [{done}/{len(chosen)}] {mutant.outcome:<10} {mutant.name}: {mutant.mutated[:90]}",
                      flush=True)

        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(judge, chosen))
        label_survivors(session.mutants, trees)
        for mutant in session.mutants:
            if mutant.outcome == "unreached" and not mutant.original:
                mutant.original = sources[mutant.module].splitlines()[mutant.line - 1].strip()
        session.reached = {module: sorted(lines) for module, lines in reached.items() if module in SCOPE}
    session.seconds = time.monotonic() - began
    return session


def label_survivors(mutants: list[Mutant], trees: dict[str, object]) -> None:
    for mutant in mutants:
        if mutant.outcome == "survived" and not mutant.why and \
                fault_guarded(trees[mutant.module], mutant.start_line, mutant.column):
            mutant.why = "equivalent on the clean target: only matters while a named fault is on"


# --- the verdict --------------------------------------------------------------------------------------
def counts(session: Session) -> dict[str, int]:
    ran = [m for m in session.mutants if m.outcome not in ("unreached", "")]
    tally = {outcome: sum(1 for m in ran if m.outcome == outcome)
             for outcome in ("killed", "incomplete", "timed-out", "error", "survived")}
    tally["ran"] = len(ran)
    tally["unreached"] = sum(1 for m in session.mutants if m.outcome == "unreached")
    return tally


def score(session: Session) -> float | None:
    tally = counts(session)
    judged = tally["ran"] - tally["error"]
    return None if not judged else (judged - tally["survived"]) / judged


def survivors_table(session: Session) -> Iterator[str]:
    yield "| module:line | operator | line | mutated line | reason found by rule |"
    yield "|---|---|---|---|---|"
    def cell(text: str) -> str:
        return "`" + text.replace("|", "\\|") + "`"

    for m in session.mutants:
        if m.outcome == "survived":
            yield f"| {m.module}:{m.line} | {m.operator.split('/')[-1]} | {cell(m.original)} | {cell(m.mutated)} | {m.why} |"


def report(session: Session) -> str:
    if not session.options.get("modules"):
        since = session.options.get("changed_since")
        return f"mutation score: no module in scope changed since {since}; nothing to mutate" if since else \
            "mutation score: no module in scope was selected; nothing to mutate"
    tally, value = counts(session), score(session)
    lines = [
        f"mutation score: {'n/a' if value is None else f'{value:.1%}'} ({tally['ran']} mutants drawn: "
        f"{tally['killed']} killed (not certified), {tally['incomplete']} killed (run incomplete), "
        f"{tally['timed-out']} timed out, {tally['survived']} survived; {tally['error']} left out, not valid "
        "Python or no change)",
        f"of {session.total} mutants in {', '.join(session.options['modules'])}: {session.in_annotations} in type "
        f"annotations (equivalent, not run), {session.reachable} drawn from ({session.never_run} of them on "
        "conformant lines a clean certification never runs: survivors without a run), "
        f"{tally['unreached']} in code only a named fault runs (out of scope, not drawn); "
        f"sample seed {session.options['seed']}; {session.started}; {session.seconds:.0f} s",
    ]
    if tally["survived"]:
        lines += ["", "survivors:", *survivors_table(session)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every reachable mutant")
    which.add_argument("--sample", type=int, default=None, help="this many reachable mutants, drawn with --seed")
    parser.add_argument("--changed-since", metavar="GIT_REF", help="only the modules changed since this ref")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    parser.add_argument("--modules", help=f"comma-separated, from: {', '.join(SCOPE)} (default: all of them)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one mutant's run may take (default 60)")
    parser.add_argument("--suite", choices=("all", "edfi", "linkit"), default="all")
    parser.add_argument("--json", metavar="FILE", help="also write every mutant's outcome as JSON")
    parser.add_argument("--verbose", action="store_true", help="print every mutant's outcome as it comes")
    args = parser.parse_args(argv)
    if args.sample is None and not args.all and not args.changed_since:
        args.sample = 50
    if args.sample is not None and args.sample < 1 or args.workers < 1 or args.timeout <= 0:
        parser.error("--sample and --workers must be at least 1, --timeout positive")
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        print("mutation: cosmic-ray is not installed: .venv/bin/pip install -e '.[dev]'", file=sys.stderr)
        return 2
    try:
        session = run_session(args)
    except MutationError as exc:
        print(f"mutation: {exc}", file=sys.stderr)
        return 2
    print(report(session))
    if args.json:
        Path(args.json).write_text(json.dumps({**asdict(session), "counts": counts(session), "score": score(session)},
                                              indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
