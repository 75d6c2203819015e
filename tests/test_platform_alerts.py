"""Mutation check of the test cases of the platform's alerts (definitions/).

Each mutation changes one alerting rule in the built rule files: the
threshold raised or lowered, or the `for` lengthened or shortened. promtool
then runs that alert's cases against the changed rules and must fail, which
shows that the cases fix the threshold and `for` the alert was written with.

The threshold is the number right of the last comparison in the operand
whose value the alert reports, such as `0.05` in `ratio > 0.05`. A
comparison in an `and` or `unless` operand is a condition, such as the
failure-rate floor of HighErrorRate, and is changed the same way.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
import yaml

from monitoring_as_code.compile import compile_project
from monitoring_as_code.paths import RULES_DIR, TESTS_DIR
from monitoring_as_code.compile.writer import write_build
from monitoring_as_code.load import load_project
from monitoring_as_code.model.durations import format_duration, parse_duration
from monitoring_as_code.testing.promtool import parse_test_output

DEFINITIONS = Path(__file__).resolve().parent.parent / "definitions"
PROMTOOL_TIMEOUT_SECONDS = 120

pytestmark = pytest.mark.skipif(
    shutil.which("promtool") is None, reason="promtool is installed by .ci/run"
)

# Mutations that cannot change what the alert does, by test id, with the
# reason. promtool does not run them.
EQUIVALENT: dict[str, str] = {}


def load_yaml(text: str | bytes):
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def dump_yaml(document: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(document, Dumper=dumper, sort_keys=False)


# A comparison with a number, such as `> 0.05` or `== 0`. Label matchers
# (`!="STA"`, `=~"5.."`) compare with strings, so they do not match.
_COMPARISON = re.compile(
    r"(?P<operator>==|!=|>=|<=|>|<)\s*(?:bool\s+)?"
    r"(?P<number>[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?![\w.])"
)
_SET_OPERATOR = re.compile(r"\b(?:and|or|unless)\b")


@dataclass(frozen=True)
class Mutation:
    rule_file: str  # path relative to the build, such as prometheus/rules/backend.yml
    alert: str
    severity: str
    kind: str  # "threshold", "condition" or "for"
    direction: str  # "up" or "down" for numbers, "longer" or "shorter" for `for`
    original: str
    changed: str
    span: tuple[int, int] | None = None  # where the number is in the expression

    @property
    def id(self) -> str:
        return f"{self.alert}[{self.severity}]-{self.kind}-{self.direction}"

    def apply(self, rule: dict) -> None:
        if self.kind == "for":
            rule["for"] = self.changed
            return
        start, end = self.span
        rule["expr"] = rule["expr"][:start] + self.changed + rule["expr"][end:]


def operand_spans(expr: str) -> list[tuple[int, int]]:
    """Split `expr` at the set operators (and, or, unless) outside brackets."""
    spans, start, depth, quoted = [], 0, 0, False
    position = 0
    while position < len(expr):
        char = expr[position]
        if char == '"' and (position == 0 or expr[position - 1] != "\\"):
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth -= 1
        elif not quoted and depth == 0:
            # \b also looks at the character before `position`.
            match = _SET_OPERATOR.match(expr, position)
            if match is not None:
                spans.append((start, position))
                start = position = match.end()
                continue
        position += 1
    spans.append((start, len(expr)))
    return spans


def changed_number(number: str, direction: str) -> str:
    """Scale a threshold by 1.5 or 0.5, or move a 0 threshold to 1 or -1."""
    value = float(number)
    if value == 0:
        changed = 1.0 if direction == "up" else -1.0
    else:
        changed = value * (1.5 if direction == "up" else 0.5)
    return f"{changed:g}"


def changed_duration(duration: str, direction: str) -> str:
    milliseconds = parse_duration(duration)
    return format_duration(
        milliseconds * 2 if direction == "longer" else milliseconds // 2
    )


def rule_mutations(rule_file: str, rule: dict) -> list[Mutation]:
    severity = rule["labels"]["severity"]
    base = {"rule_file": rule_file, "alert": rule["alert"], "severity": severity}
    mutations = []
    expr = rule["expr"]
    for index, (start, end) in enumerate(operand_spans(expr)):
        comparisons = list(_COMPARISON.finditer(expr, start, end))
        if not comparisons:
            continue
        last = comparisons[-1]
        kind = "threshold" if index == 0 else "condition"
        for direction in ("up", "down"):
            mutations.append(
                Mutation(
                    **base,
                    kind=kind,
                    direction=direction,
                    original=last["number"],
                    changed=changed_number(last["number"], direction),
                    span=last.span("number"),
                )
            )
    if parse_duration(rule.get("for", "0s")) > 0:
        for direction in ("longer", "shorter"):
            mutations.append(
                Mutation(
                    **base,
                    kind="for",
                    direction=direction,
                    original=rule["for"],
                    changed=changed_duration(rule["for"], direction),
                )
            )
    return mutations


def build_platform() -> dict[str, bytes]:
    return compile_project(load_project(DEFINITIONS))


ARTIFACTS = build_platform()
RULE_FILES = sorted(path for path in ARTIFACTS if path.startswith(f"{RULES_DIR}/"))
RULES = [
    (path, rule)
    for path in RULE_FILES
    for group in load_yaml(ARTIFACTS[path])["groups"]
    for rule in group["rules"]
]
ALERT_RULES = [(path, rule) for path, rule in RULES if "alert" in rule]
RECORDING_RULES = [(path, rule) for path, rule in RULES if "record" in rule]
EVALUATION_INTERVAL = next(
    load_yaml(content)["evaluation_interval"]
    for path, content in sorted(ARTIFACTS.items())
    if path.startswith(f"{TESTS_DIR}/")
)
MUTATIONS = [
    mutation for path, rule in ALERT_RULES for mutation in rule_mutations(path, rule)
]
ALERT_NAMES = sorted({rule["alert"] for _, rule in ALERT_RULES})


def records_read_by(alert: str) -> set[str]:
    """Return the recording rules that `alert` reads, directly or not."""
    expressions = {rule["record"]: rule["expr"] for _, rule in RECORDING_RULES}
    pending = [rule["expr"] for _, rule in ALERT_RULES if rule["alert"] == alert]
    found: set[str] = set()
    while pending:
        expr = pending.pop()
        for record, record_expr in expressions.items():
            name = rf"(?<![\w:]){re.escape(record)}(?![\w:])"
            if record not in found and re.search(name, expr):
                found.add(record)
                pending.append(record_expr)
    return found


@dataclass
class Build:
    """The rule files and test cases of a build, parsed once."""

    rule_files: dict[str, dict]  # path in the build: parsed YAML
    cases: dict[str, list[dict]]  # alert name: its promtool test cases
    # Without an order promtool evaluates the groups in Go's random map
    # order, and a case whose alert reads another group's recording rule
    # then fails now and then.
    group_eval_order: list[str]


def read_build(folder: Path) -> Build:
    rule_files = {path: load_yaml((folder / path).read_text()) for path in RULE_FILES}
    cases: dict[str, list[dict]] = {}
    orders = []
    for path in sorted((folder / TESTS_DIR).glob("*.yml")):
        document = load_yaml(path.read_text())
        orders.append(document["group_eval_order"])
        for case in document["tests"]:
            alertname = case["alert_rule_test"][0]["alertname"]
            cases.setdefault(alertname, []).append(case)
    assert all(order == orders[0] for order in orders), "test files disagree on the order"
    return Build(rule_files, cases, orders[0])


def write_rules(
    build: Build, folder: Path, alert: str, mutation: Mutation | None
) -> list[str]:
    """Write the rule files with only `alert` and the recording rules it
    reads, `mutation` applied; return their names.

    Prometheus evaluates each group's rules in order, and the rules left out
    do not affect `alert`, so its cases give the same results faster.
    """
    records = records_read_by(alert)
    names = []
    mutated = 0
    folder.mkdir(parents=True)
    for path, document in build.rule_files.items():
        groups = []
        for group in document["groups"]:
            rules = [
                copy.deepcopy(rule)
                for rule in group["rules"]
                if rule.get("alert") == alert or rule.get("record") in records
            ]
            for rule in rules:
                if (
                    mutation is not None
                    and path == mutation.rule_file
                    and rule.get("alert") == alert
                    and rule["labels"]["severity"] == mutation.severity
                ):
                    mutation.apply(rule)
                    mutated += 1
            if rules:
                groups.append({**group, "rules": rules})
        if groups:
            name = Path(path).name
            (folder / name).write_text(dump_yaml({**document, "groups": groups}))
            names.append(name)
    if mutation is not None:
        assert mutated == 1, f"{mutation.id} applies to {mutated} rules, expected 1"
    return names


def last_eval_time(case: dict) -> int:
    return max(parse_duration(test["eval_time"]) for test in case["alert_rule_test"])


@dataclass
class PromtoolRun:
    returncode: int
    output: str
    failed_cases: list[str]
    # Errors that are not a failing case, such as a rule file that does not load.
    errors: list[str]


def run_promtool(
    folder: Path, rule_files: list[str], group_eval_order: list[str], cases: list[dict]
) -> PromtoolRun:
    document = {
        "rule_files": [f"../rules/{name}" for name in rule_files],
        "evaluation_interval": EVALUATION_INTERVAL,
        # promtool 2.42 accepts names of groups that are not in the files.
        "group_eval_order": group_eval_order,
        "tests": cases,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cases.yml").write_text(dump_yaml(document))
    run = subprocess.run(
        ["promtool", "test", "rules", "cases.yml"],
        check=False,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=PROMTOOL_TIMEOUT_SECONDS,
    )
    output = run.stdout + run.stderr
    failures, errors = ([], []) if run.returncode == 0 else parse_test_output(output)
    return PromtoolRun(run.returncode, output, [f.test_name for f in failures], errors)


def run_unchanged(build: Build, scratch: Path, alert: str) -> PromtoolRun:
    """Run every case of `alert` on its unchanged rules."""
    rule_files = write_rules(build, scratch / "rules", alert, None)
    return run_promtool(scratch / "tests", rule_files, build.group_eval_order, build.cases[alert])


def run_mutated(build: Build, scratch: Path, mutation: Mutation) -> PromtoolRun:
    """Run the cases of the mutated alert one by one until one fails.

    Cases run shortest first, because a case costs about as much as the
    evaluations up to its last eval_time and the short cases that check
    `for` often fail first.
    """
    rule_files = write_rules(build, scratch / "rules", mutation.alert, mutation)
    cases = sorted(build.cases[mutation.alert], key=last_eval_time)
    for index, case in enumerate(cases):
        run = run_promtool(scratch / f"tests-{index}", rule_files, build.group_eval_order, [case])
        if run.returncode != 0:
            return run
    return run


@pytest.fixture(scope="module")
def promtool_runs(request, tmp_path_factory) -> dict[str, PromtoolRun]:
    """Run promtool, in parallel, for every selected test of this module.

    Keys are mutation ids, and alert names for the runs without a mutation.
    """
    folder = tmp_path_factory.mktemp("platform") / "build"
    write_build(ARTIFACTS, folder)
    build = read_build(folder)
    scratch = tmp_path_factory.mktemp("runs")
    jobs = {}
    for item in request.session.items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if item.module is not request.module:
            continue
        if "mutation" in params and params["mutation"].id not in EQUIVALENT:
            mutation = params["mutation"]
            folder = scratch / re.sub(r"\W", "_", mutation.id)
            jobs[mutation.id] = partial(run_mutated, build, folder, mutation)
        elif "alert" in params:
            alert = params["alert"]
            jobs[alert] = partial(run_unchanged, build, scratch / alert, alert)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("alert", ALERT_NAMES)
def test_cases_pass_unchanged(promtool_runs, alert: str):
    run = promtool_runs[alert]
    assert run.returncode == 0, run.output


@pytest.mark.parametrize(
    "mutation", MUTATIONS, ids=[mutation.id for mutation in MUTATIONS]
)
def test_mutation_fails_a_case(promtool_runs, mutation: Mutation):
    if mutation.id in EQUIVALENT:
        pytest.skip(EQUIVALENT[mutation.id])
    run = promtool_runs[mutation.id]
    assert not run.errors, f"the mutated rules do not load:\n{run.output}"
    assert run.failed_cases, (
        f"no case of {mutation.alert} fails when its {mutation.kind} changes "
        f"from {mutation.original} to {mutation.changed}"
    )


@pytest.mark.parametrize(
    "rule",
    [rule for _, rule in ALERT_RULES],
    ids=[f"{rule['alert']}[{rule['labels']['severity']}]" for _, rule in ALERT_RULES],
)
def test_alert_has_mutations(rule: dict):
    kinds = [
        mutation.kind
        for mutation in MUTATIONS
        if mutation.alert == rule["alert"]
        and mutation.severity == rule["labels"]["severity"]
    ]
    assert "threshold" in kinds or "condition" in kinds, (
        f"no comparison with a number in {rule['expr']!r}"
    )
    assert kinds.count("for") == 2, f"`for` is {rule.get('for', '0s')}"
