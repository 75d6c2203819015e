"""Compare Alertmanager configs: inhibit rules, routes, receivers and the rest.

What an alert reaches is compared in `routing.py`. This module lists the
configuration changes themselves, so that a change which reaches no alert
yet (a new route, a longer repeat_interval) is still shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.diff.fields import (
    compare_dataclasses,
    compare_indexes,
    compare_mappings,
    compare_members,
    compare_values,
    index_by,
    sort_changes,
)
from monitoring_as_code.diff.model import FieldChange, ItemChange, Status
from monitoring_as_code.model.alertmanager import Alertmanager, InhibitRule, Route


def _matchers_text(matchers) -> str:
    return ", ".join(str(matcher) for matcher in matchers)


def inhibit_rule_name(rule: InhibitRule) -> str:
    source = _matchers_text(rule.parsed_source)
    target = _matchers_text(rule.parsed_target)
    return f"{source} mutes {target}"


def compare_inhibit_rules(
    base: Alertmanager | None, head: Alertmanager | None
) -> list[ItemChange]:
    """Pair inhibit rules by their source and target matchers."""
    before = index_by(base.inhibit_rules if base else [], inhibit_rule_name)
    after = index_by(head.inhibit_rules if head else [], inhibit_rule_name)

    def compare(old: InhibitRule, new: InhibitRule) -> list[FieldChange]:
        return compare_values("equal", old.equal, new.equal)

    def describe(rule: InhibitRule) -> list[FieldChange]:
        return [FieldChange("equal", None, ", ".join(rule.equal) or "(empty)")]

    return compare_indexes(before, after, compare, describe)


def compare_alertmanager(
    base: Alertmanager | None, head: Alertmanager | None
) -> list[ItemChange]:
    """List route, receiver, time interval, global and template changes."""
    if base is None and head is None:
        return []
    if base is None:
        return [ItemChange("alertmanager config", Status.ADDED)]
    if head is None:
        return [ItemChange("alertmanager config", Status.REMOVED)]

    changes = _compare_routes(_routes(base), _routes(head))
    changes += compare_indexes(
        index_by(base.receivers, lambda receiver: f"receiver {receiver.name}"),
        index_by(head.receivers, lambda receiver: f"receiver {receiver.name}"),
        lambda old, new: compare_mappings("", old.to_config(), new.to_config()),
    )
    changes += compare_indexes(
        index_by(
            base.time_intervals, lambda interval: f"time interval {interval.name}"
        ),
        index_by(
            head.time_intervals, lambda interval: f"time interval {interval.name}"
        ),
        lambda old, new: compare_values("intervals", old.intervals, new.intervals),
    )
    global_fields = compare_mappings(
        "", base.global_.to_config(), head.global_.to_config()
    )
    if global_fields:
        changes.append(ItemChange("global", Status.CHANGED, fields=global_fields))
    template_fields = compare_members("template", base.templates, head.templates)
    if template_fields:
        changes.append(ItemChange("templates", Status.CHANGED, fields=template_fields))
    return changes


@dataclass(frozen=True)
class RouteEntry:
    """A route with its position, such as `2.1` for the first child of the second."""

    route: Route
    position: str


def _routes(config: Alertmanager) -> dict[str, RouteEntry]:
    """Index routes by the matchers on the way from the root, as `route a > b`."""
    entries: list[tuple[str, RouteEntry]] = []

    def visit(route: Route, chain: list[str], path: list[int]) -> None:
        for index, child in enumerate(route.routes, start=1):
            child_chain = chain + [_matchers_text(child.parsed_matchers) or "(any)"]
            child_path = path + [index]
            entries.append(
                (
                    "route " + " > ".join(child_chain),
                    RouteEntry(child, ".".join(str(step) for step in child_path)),
                )
            )
            visit(child, child_chain, child_path)

    entries.append(("root route", RouteEntry(config.route, "root")))
    visit(config.route, [], [])
    indexed = index_by(entries, lambda pair: pair[0])
    return {key: entry for key, (_, entry) in indexed.items()}


def _compare_routes(
    before: dict[str, RouteEntry], after: dict[str, RouteEntry]
) -> list[ItemChange]:
    """Pair routes by their matcher chain, then merge a removed and an added
    route at the same position into one change of matchers."""
    changes = compare_indexes(before, after, _compare_route, _describe_route)
    removed = {
        before[change.name].position: change
        for change in changes
        if change.status is Status.REMOVED
    }
    merged = []
    for change in changes:
        if change.status is Status.ADDED and after[change.name].position in removed:
            old = removed.pop(after[change.name].position)
            old_entry, new_entry = before[old.name], after[change.name]
            fields = [
                FieldChange(
                    "matchers",
                    _matchers_text(old_entry.route.parsed_matchers),
                    _matchers_text(new_entry.route.parsed_matchers),
                )
            ]
            fields += _compare_route(old_entry, new_entry)
            merged.append(ItemChange(change.name, Status.CHANGED, fields=fields))
        elif change.status is not Status.REMOVED:
            merged.append(change)
    return sort_changes(merged + list(removed.values()))


def _describe_route(entry: RouteEntry) -> list[FieldChange]:
    return [
        FieldChange("position", None, entry.position),
        FieldChange("receiver", None, _receiver_text(entry.route)),
    ]


def _receiver_text(route: Route) -> str:
    return route.receiver_name or "(inherited)"


def _compare_route(before: RouteEntry, after: RouteEntry) -> list[FieldChange]:
    changes = compare_values("position", before.position, after.position)
    changes += compare_values(
        "receiver", _receiver_text(before.route), _receiver_text(after.route)
    )
    changes += compare_dataclasses(
        before.route, after.route, skip=("receiver", "matchers", "routes")
    )
    return changes
