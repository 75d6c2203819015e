"""Compare two Projects section by section into a ProjectDiff."""

from __future__ import annotations

from monitoring_as_code.diff.alertmanager import (
    compare_alertmanager,
    compare_inhibit_rules,
)
from monitoring_as_code.diff.catalog import compare_metrics, compare_scrape
from monitoring_as_code.diff.dashboards import compare_dashboards
from monitoring_as_code.diff.model import ProjectDiff
from monitoring_as_code.diff.routing import compare_routing
from monitoring_as_code.diff.rules import compare_alerts, compare_recording_rules
from monitoring_as_code.model.project import Project


def compare_projects(
    base: Project, head: Project, base_label: str, head_label: str
) -> ProjectDiff:
    """Return every semantic change from `base` to `head`.

    Alert tests and lint suppressions are not compared, because they change
    no rule, route or dashboard.
    """
    result = ProjectDiff(base_label, head_label)
    alerts = compare_alerts(base, head)
    result.sections["alerts"] = alerts.changes
    result.sections["routing"] = compare_routing(base, head, alerts.pairs)
    result.sections["inhibit_rules"] = compare_inhibit_rules(
        base.alertmanager, head.alertmanager
    )
    result.sections["recording_rules"] = compare_recording_rules(base, head)
    result.sections["dashboards"] = compare_dashboards(base, head)
    result.sections["metrics"] = compare_metrics(base, head)
    result.sections["alertmanager"] = compare_alertmanager(
        base.alertmanager, head.alertmanager
    )
    result.sections["scrape"] = compare_scrape(base, head)
    return result


def diff_against_ref(definitions: str, base_ref: str) -> ProjectDiff:
    """Compare the definitions at git ref `base_ref` with the working tree."""
    from monitoring_as_code.diff.sides import HEAD_LABEL, load_sides

    sides = load_sides(definitions, base_ref)
    result = compare_projects(sides.base, sides.head, base_ref, HEAD_LABEL)
    result.base_commit = sides.base_commit
    if sides.base_missing:
        result.notes.append(
            f"The definitions folder {definitions} {sides.base_missing} at "
            f"{base_ref}, so every definition counts as added."
        )
    return result
