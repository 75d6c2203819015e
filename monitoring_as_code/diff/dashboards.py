"""Compare dashboards by uid and their panels by title.

Panel queries are named by their Grafana refId (`query A`, `query B`), which
mac assigns from the target's position in the panel.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from monitoring_as_code.compile.rules import normalize_expr
from monitoring_as_code.diff.expressions import compare_expressions
from monitoring_as_code.diff.fields import (
    compare_dataclasses,
    compare_indexes,
    compare_values,
    format_value,
    index_by,
    plain,
    sort_changes,
)
from monitoring_as_code.diff.model import FieldChange, ItemChange, Status
from monitoring_as_code.model.dashboards import (
    Dashboard,
    Folder,
    Panel,
    RawPanel,
    Row,
    Target,
)
from monitoring_as_code.model.project import Project


def compare_dashboards(base: Project, head: Project) -> list[ItemChange]:
    """Compare dashboards with their panels, then folders as `folder <uid>` items."""
    before = index_by(base.dashboards, lambda dashboard: dashboard.uid)
    after = index_by(head.dashboards, lambda dashboard: dashboard.uid)
    changes = []
    for uid, dashboard in after.items():
        if uid not in before:
            changes.append(
                ItemChange(
                    uid,
                    Status.ADDED,
                    summary=dashboard.title,
                    fields=_describe(dashboard),
                )
            )
            continue
        fields = _compare_dashboard(before[uid], dashboard)
        panels = _compare_panels(before[uid], dashboard)
        if fields or panels:
            changes.append(
                ItemChange(
                    uid,
                    Status.CHANGED,
                    summary=dashboard.title,
                    fields=fields,
                    children=panels,
                )
            )
    for uid, dashboard in before.items():
        if uid not in after:
            changes.append(ItemChange(uid, Status.REMOVED, summary=dashboard.title))
    changes += _compare_folders(base, head)
    return sort_changes(changes)


def _compare_folders(base: Project, head: Project) -> list[ItemChange]:
    def compare(before: Folder, after: Folder) -> list[FieldChange]:
        changes = compare_values("title", before.title, after.title)
        changes += compare_values("parent", _parent_uid(before), _parent_uid(after))
        return changes

    return compare_indexes(
        index_by(base.folders, lambda folder: f"folder {folder.uid}"),
        index_by(head.folders, lambda folder: f"folder {folder.uid}"),
        compare,
    )


def _parent_uid(folder: Folder) -> str | None:
    return folder.parent.uid if folder.parent is not None else None


def _folder_uid(dashboard: Dashboard) -> str | None:
    return dashboard.folder.uid if dashboard.folder is not None else None


def _describe(dashboard: Dashboard) -> list[FieldChange]:
    return [
        FieldChange("folder", None, _folder_uid(dashboard) or "(General)"),
        FieldChange("panels", None, str(len(dashboard.all_panels()))),
    ]


def _compare_dashboard(before: Dashboard, after: Dashboard) -> list[FieldChange]:
    changes = compare_values("folder", _folder_uid(before), _folder_uid(after))
    changes += compare_dataclasses(
        before, after, skip=("uid", "panels", "folder", "variables")
    )
    old = index_by(before.variables, lambda variable: variable.name)
    new = index_by(after.variables, lambda variable: variable.name)
    for name in list(new) + [name for name in old if name not in new]:
        before_text = format_value(plain(old[name])) if name in old else None
        after_text = format_value(plain(new[name])) if name in new else None
        if before_text != after_text:
            changes.append(FieldChange(f"variable {name}", before_text, after_text))
    return changes


@dataclass(frozen=True)
class PanelEntry:
    """A panel with the title of the row it sits under, if any."""

    panel: Panel
    row: str | None


def _panels(dashboard: Dashboard) -> dict[str, PanelEntry]:
    entries = []
    for item in dashboard.panels:
        if isinstance(item, Row):
            entries += [PanelEntry(panel, item.title) for panel in item.panels]
        else:
            entries.append(PanelEntry(item, None))
    return index_by(entries, lambda entry: entry.panel.title)


def _compare_panels(before: Dashboard, after: Dashboard) -> list[ItemChange]:
    return compare_indexes(
        _panels(before), _panels(after), _compare_panel, _describe_panel
    )


def _panel_type(panel: Panel) -> str:
    if isinstance(panel, RawPanel):
        return str(panel.json.get("type"))
    return panel.type


def _ref_id(index: int) -> str:
    return string.ascii_uppercase[index] if index < 26 else str(index)


def _describe_panel(entry: PanelEntry) -> list[FieldChange]:
    fields = [FieldChange("type", None, _panel_type(entry.panel))]
    for index, target in enumerate(entry.panel.targets):
        fields.append(
            FieldChange(f"query {_ref_id(index)}", None, normalize_expr(target.expr))
        )
    return fields


def _compare_panel(before: PanelEntry, after: PanelEntry) -> list[FieldChange]:
    changes = compare_values(
        "type", _panel_type(before.panel), _panel_type(after.panel)
    )
    changes += compare_values("row", before.row, after.row)
    changes += _compare_targets(before.panel.targets, after.panel.targets)
    changes += compare_dataclasses(
        before.panel, after.panel, skip=("title", "targets", "suppress")
    )
    return changes


def _compare_targets(before: list[Target], after: list[Target]) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for index in range(max(len(before), len(after))):
        name = f"query {_ref_id(index)}"
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        if old is None or new is None:
            changes.append(
                FieldChange(
                    name,
                    normalize_expr(old.expr) if old else None,
                    normalize_expr(new.expr) if new else None,
                )
            )
            continue
        expression = compare_expressions(name, old.expr, new.expr)
        if expression is not None:
            changes.append(expression)
        for option in compare_dataclasses(old, new, skip=("expr",)):
            changes.append(
                FieldChange(f"{name} {option.name}", option.before, option.after)
            )
    return changes
