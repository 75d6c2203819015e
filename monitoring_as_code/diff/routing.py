"""The receivers each alert reaches, before and after the change.

Evaluates both sides' route trees with `routing.receivers_for` for the
labels Alertmanager receives from the rule: `alertname` and the alert's own
labels. A change of a route, of the alert's labels or of its severity all
show up here as the same kind of change: who gets notified.
"""

from __future__ import annotations

from monitoring_as_code.diff.model import FieldChange, ItemChange, Status
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule
from monitoring_as_code.routing import receivers_for


def alert_receivers(project: Project, alert: AlertingRule) -> list[str]:
    """Return the receivers the alert reaches; none without an Alertmanager.

    NOTE: labels the expression adds to each series (such as `job` or a
    `by (team)` label) are unknown here, so routes that match on them are
    evaluated as if the label were missing.
    """
    if project.alertmanager is None:
        return []
    labels = {"alertname": alert.name, **alert.all_labels()}
    return receivers_for(project.alertmanager, labels)


def compare_routing(
    base: Project,
    head: Project,
    pairs: list[tuple[str, str | None, AlertingRule, AlertingRule]],
) -> list[ItemChange]:
    """Compare receivers of alerts present on both sides.

    `pairs` contains (head name, base name when renamed, base alert, head alert).
    """
    changes = []
    for name, old_name, before_alert, after_alert in pairs:
        before = alert_receivers(base, before_alert)
        after = alert_receivers(head, after_alert)
        if before == after:
            continue
        changes.append(
            ItemChange(
                name,
                Status.CHANGED,
                old_name=old_name,
                summary=describe_receiver_change(before, after),
                fields=[
                    FieldChange(
                        "receivers", format_receivers(before), format_receivers(after)
                    )
                ],
            )
        )
    return changes


def format_receivers(names: list[str]) -> str:
    return ", ".join(names) if names else "(none)"


def describe_receiver_change(before: list[str], after: list[str]) -> str:
    """Say who stops and who starts receiving, as in "no longer reaches pager"."""
    lost = [name for name in before if name not in after]
    gained = [name for name in after if name not in before]
    parts = []
    if lost:
        parts.append(f"no longer reaches {', '.join(lost)}")
    if gained:
        parts.append(f"now reaches {', '.join(gained)}")
    if not parts:
        parts.append("reaches the same receivers in another order")
    return "; ".join(parts)
