"""promtool unit-test files: build/prometheus/tests/<rule file>.yml.

Every alert test case becomes one promtool test named
`<alert>: <case>`. Each test file loads every rule file, so an alert that
reads a recording rule from another file is evaluated with it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from monitoring_as_code.compile.output import dump_yaml
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule
from monitoring_as_code.paths import RULES_DIR, TESTS_DIR

_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.S)


def promtool_test_name(alert: AlertingRule, case) -> str:
    return f"{alert.name}: {case.name}"


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


def _case(alert: AlertingRule, case) -> dict:
    return {
        "name": promtool_test_name(alert, case),
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


def compile_tests(project: Project) -> dict[str, bytes]:
    rule_files = sorted({group.file for group in project.groups})
    relative_rules = [f"../{RULES_DIR.removeprefix('prometheus/')}/{stem}.yml" for stem in rule_files]
    by_file: dict[str, list[dict]] = defaultdict(list)
    for group in project.groups:
        for alert in group.alerts:
            by_file[group.file].extend(_case(alert, case) for case in alert.tests)
    files = {}
    for stem, cases in sorted(by_file.items()):
        if not cases:
            continue
        document = {
            "rule_files": relative_rules,
            "evaluation_interval": project.prometheus.evaluation_interval,
            "tests": cases,
        }
        files[f"{TESTS_DIR}/{stem}.yml"] = dump_yaml(document)
    return files
