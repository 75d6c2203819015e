"""Prometheus rule files: build/prometheus/rules/<file>.yml."""

from __future__ import annotations

import textwrap
from collections import defaultdict

from monitoring_as_code.compile.output import dump_yaml
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.paths import RULES_DIR



def normalize_expr(expr: str) -> str:
    """Dedent and strip an expression, so triple-quoted strings read well."""
    if "\n" not in expr:
        # The same result for one line, without dedent's regular expressions.
        return expr.strip()
    return textwrap.dedent(expr).strip()


def rule_to_yaml(rule: AlertingRule | RecordingRule) -> dict:
    if isinstance(rule, RecordingRule):
        data: dict = {"record": rule.record, "expr": normalize_expr(rule.expr)}
        if rule.labels:
            data["labels"] = dict(sorted(rule.labels.items()))
        return data
    data = {"alert": rule.name, "expr": normalize_expr(rule.expr)}
    if rule.for_ and rule.for_ != "0s":
        data["for"] = rule.for_
    if rule.keep_firing_for:
        data["keep_firing_for"] = rule.keep_firing_for
    labels = rule.all_labels()
    if labels:
        data["labels"] = dict(sorted(labels.items()))
    annotations = rule.all_annotations()
    if annotations:
        data["annotations"] = dict(sorted(annotations.items()))
    return data


def group_to_yaml(group: RuleGroup) -> dict:
    data: dict = {"name": group.name}
    if group.interval:
        data["interval"] = group.interval
    data["rules"] = [rule_to_yaml(rule) for rule in group.rules]
    return data


def compile_rules(project: Project) -> dict[str, bytes]:
    """Compile one file per group `file` stem, groups in declaration order."""
    by_file: dict[str, list[RuleGroup]] = defaultdict(list)
    for group in project.groups:
        by_file[group.file].append(group)
    return {
        f"{RULES_DIR}/{stem}.yml": dump_yaml(
            {"groups": [group_to_yaml(group) for group in groups]}
        )
        for stem, groups in sorted(by_file.items())
    }
