"""promtool unit-test files: build/prometheus/tests/<rule file>.yml.

Every alert test case becomes one promtool test named
`<alert>: <case>`. Each test file loads every rule file, so an alert that
reads a recording rule from another file is evaluated with it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from monitoring_as_code.compile.output import dump_yaml
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule
from monitoring_as_code.paths import RULES_DIR, TESTS_DIR

_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.S)


def promtool_test_name(alert: AlertingRule, case, tiers: bool = False) -> str:
    """Name a case `<alert>: <case>`, or `<alert> [<severity>]: <case>` when
    several rules share the alert name (`tiers`)."""
    if tiers:
        return f"{alert.name} [{alert.severity}]: {case.name}"
    return f"{alert.name}: {case.name}"


def shared_alert_names(project: Project) -> set[str]:
    """Alert names that more than one rule uses, as tiers of severity do."""
    names = [alert.name for alert in project.alerts]
    return {name for name, count in Counter(names).items() if count > 1}


def static_annotations(alert: AlertingRule) -> dict[str, str]:
    """Annotations without templates: their rendered value is known."""
    return {
        key: value
        for key, value in alert.all_annotations().items()
        if not _TEMPLATE.search(value)
    }


def templated_annotations(alert: AlertingRule) -> set[str]:
    return set(alert.all_annotations()) - set(static_annotations(alert))


def expected_alert(alert: AlertingRule, expected) -> dict:
    # The case's labels win, so that a case of one tier of an alert name can
    # expect the other tier too, with its own severity.
    labels = {**alert.all_labels(), **expected.labels}
    annotations = {**static_annotations(alert), **expected.annotations}
    data: dict = {"exp_labels": dict(sorted(labels.items()))}
    if annotations:
        data["exp_annotations"] = dict(sorted(annotations.items()))
    return data


def _case(alert: AlertingRule, case, tiers: bool) -> dict:
    return {
        "name": promtool_test_name(alert, case, tiers),
        "interval": case.interval,
        "input_series": [
            {"series": series.selector(), "values": series.values} for series in case.series
        ],
        "alert_rule_test": [
            {
                "eval_time": case.at,
                "alertname": alert.name,
                "exp_alerts": [expected_alert(alert, expected) for expected in case.alerts],
            }
        ],
    }


def evaluation_order(project: Project) -> list[str]:
    """Order rule group names so that a group recording a series is
    evaluated before the groups that read it.

    Without `group_eval_order`, promtool evaluates the groups in a random
    order at each step, so an alert that reads another group's recording
    rule gets its value one evaluation late now and then. The order names
    groups, not files: groups that share a name take the same place, and
    `Project.check` rejects such a group that reads the other.
    """
    names = list(dict.fromkeys(group.name for group in project.groups))
    reads: dict[str, set[str]] = {name: set() for name in names}
    for reader, source, _ in project.group_reads():
        if source.name != reader.name:
            reads[reader.name].add(source.name)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(names):
        ready = [n for n in names if n not in placed and reads[n] <= placed]
        # A cycle between groups has no right order, so declaration order wins.
        for name in ready or [next(n for n in names if n not in placed)]:
            ordered.append(name)
            placed.add(name)
    return ordered


def compile_tests(project: Project) -> dict[str, bytes]:
    rule_files = sorted({group.file for group in project.groups})
    relative_rules = [f"../{RULES_DIR.removeprefix('prometheus/')}/{stem}.yml" for stem in rule_files]
    by_file: dict[str, list[dict]] = defaultdict(list)
    shared = shared_alert_names(project)
    for group in project.groups:
        for alert in group.alerts:
            tiers = alert.name in shared
            by_file[group.file].extend(_case(alert, case, tiers) for case in alert.tests)
    order = evaluation_order(project)
    files = {}
    for stem, cases in sorted(by_file.items()):
        if not cases:
            continue
        document = {
            "rule_files": relative_rules,
            "evaluation_interval": project.prometheus.evaluation_interval,
            "group_eval_order": order,
            "tests": cases,
        }
        files[f"{TESTS_DIR}/{stem}.yml"] = dump_yaml(document)
    return files
