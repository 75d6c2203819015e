"""Compare alerting and recording rules.

Alerts are paired by name. An alert that disappears while another with the
same expression and labels appears under a new name is a rename, so its
history in review reads as one alert, not a removal and an addition.
"""

from __future__ import annotations

from collections import Counter

from dataclasses import dataclass

from monitoring_as_code.compile.rules import normalize_expr
from monitoring_as_code.diff.expressions import compare_expressions, expression_key
from monitoring_as_code.diff.fields import (
    compare_indexes,
    compare_mappings,
    compare_values,
    index_by,
    sort_changes,
)
from monitoring_as_code.diff.model import FieldChange, ItemChange, Status
from monitoring_as_code.diff.routing import alert_receivers, format_receivers
from monitoring_as_code.diff.usage import UsageIndex
from monitoring_as_code.model.durations import parse_duration
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule, RecordingRule


@dataclass(frozen=True)
class RuleEntry:
    """A rule with the name of the group that evaluates it."""

    rule: AlertingRule | RecordingRule
    group: str


def _entries(project: Project, kind: type) -> list[RuleEntry]:
    return [
        RuleEntry(rule, group.name)
        for group in project.groups
        for rule in group.rules
        if isinstance(rule, kind)
    ]


@dataclass
class AlertComparison:
    """The alert changes and the alerts present on both sides."""

    changes: list[ItemChange]
    # (head name, base name when renamed, base alert, head alert)
    pairs: list[tuple[str, str | None, AlertingRule, AlertingRule]]


def compare_alerts(base: Project, head: Project) -> AlertComparison:
    """Pair alerts by name, and by name and severity where a name repeats.

    Warning and critical variants of one alert often share its name, so
    such alerts are keyed as `Name (severity)` on both sides.
    """
    base_entries = _entries(base, AlertingRule)
    head_entries = _entries(head, AlertingRule)
    repeated = _repeated_names(base_entries) | _repeated_names(head_entries)

    def key(entry: RuleEntry) -> str:
        if entry.rule.name not in repeated:
            return entry.rule.name
        return f"{entry.rule.name} ({entry.rule.severity or 'no severity'})"

    before = index_by(base_entries, key)
    after = index_by(head_entries, key)

    def describe(entry: RuleEntry) -> list[FieldChange]:
        return _describe_alert(head, entry.rule)

    changes = compare_indexes(before, after, _compare_alert, describe)
    changes = _find_renames(changes, before, after)

    pairs = [
        (name, None, before[name].rule, entry.rule)
        for name, entry in after.items()
        if name in before
    ]
    pairs += [
        (
            change.name,
            change.old_name,
            before[change.old_name].rule,
            after[change.name].rule,
        )
        for change in changes
        if change.status is Status.RENAMED
    ]
    return AlertComparison(changes, pairs)


def _repeated_names(entries: list[RuleEntry]) -> set[str]:
    names = [entry.rule.name for entry in entries]
    return {name for name, count in Counter(names).items() if count > 1}


def _compare_alert(before: RuleEntry, after: RuleEntry) -> list[FieldChange]:
    old, new = before.rule, after.rule
    changes = []
    expression = compare_expressions("expression", old.expr, new.expr)
    if expression is not None:
        changes.append(expression)
    changes += _compare_duration("for", old.for_, new.for_)
    changes += _compare_duration(
        "keep_firing_for", old.keep_firing_for, new.keep_firing_for
    )
    changes += compare_values("severity", old.severity, new.severity)
    changes += compare_mappings("label", old.labels, new.labels)
    changes += compare_mappings(
        "annotation", old.all_annotations(), new.all_annotations()
    )
    changes += compare_values("group", before.group, after.group)
    changes += compare_values("expected receivers", old.receivers, new.receivers)
    return changes


def _compare_duration(
    name: str, before: str | None, after: str | None
) -> list[FieldChange]:
    """Compare durations by length, so `1h` and `60m` are equal; None is 0s."""
    if parse_duration(before or "0s") == parse_duration(after or "0s"):
        return []
    return [FieldChange(name, before or "0s", after or "0s")]


def _describe_alert(head: Project, alert: AlertingRule) -> list[FieldChange]:
    fields = [FieldChange("expression", None, normalize_expr(alert.expr))]
    if alert.for_ and parse_duration(alert.for_):
        fields.append(FieldChange("for", None, alert.for_))
    if alert.severity:
        fields.append(FieldChange("severity", None, alert.severity))
    receivers = alert_receivers(head, alert)
    fields.append(FieldChange("receivers", None, format_receivers(receivers)))
    return fields


def _signature(entry: RuleEntry) -> tuple:
    alert = entry.rule
    return expression_key(alert.expr), tuple(sorted(alert.all_labels().items()))


def _find_renames(
    changes: list[ItemChange],
    before: dict[str, RuleEntry],
    after: dict[str, RuleEntry],
) -> list[ItemChange]:
    """Merge a removed and an added alert with equal expression and labels."""
    removed = [change for change in changes if change.status is Status.REMOVED]
    result = []
    for change in changes:
        if change.status is not Status.ADDED:
            continue
        signature = _signature(after[change.name])
        match = next(
            (old for old in removed if _signature(before[old.name]) == signature), None
        )
        if match is None:
            result.append(change)
            continue
        removed.remove(match)
        fields = _compare_alert(before[match.name], after[change.name])
        result.append(
            ItemChange(change.name, Status.RENAMED, old_name=match.name, fields=fields)
        )
    result += removed
    result += [change for change in changes if change.status is Status.CHANGED]
    return sort_changes(result)


def compare_recording_rules(base: Project, head: Project) -> list[ItemChange]:
    """Compare recording rules by name and list the head's users of each change."""
    before = index_by(_entries(base, RecordingRule), lambda entry: entry.rule.record)
    after = index_by(_entries(head, RecordingRule), lambda entry: entry.rule.record)

    def describe(entry: RuleEntry) -> list[FieldChange]:
        return [FieldChange("expression", None, normalize_expr(entry.rule.expr))]

    changes = compare_indexes(before, after, _compare_recording_rule, describe)
    usage = UsageIndex(head)
    for change in changes:
        if change.status is not Status.ADDED:
            record = (before.get(change.name) or after[change.name]).rule.record
            change.used_by = usage.users_of([record])
    return changes


def _compare_recording_rule(before: RuleEntry, after: RuleEntry) -> list[FieldChange]:
    changes = []
    expression = compare_expressions("expression", before.rule.expr, after.rule.expr)
    if expression is not None:
        changes.append(expression)
    changes += compare_mappings("label", before.rule.labels, after.rule.labels)
    changes += compare_values("group", before.group, after.group)
    return changes
