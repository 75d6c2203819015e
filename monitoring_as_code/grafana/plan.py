"""Decide what push does with each dashboard. No I/O happens here.

A dashboard that Grafana does not have is created. One that mac pushed
before and that no one else saved since is updated when the build changed,
and left alone otherwise. Any other dashboard with the same uid is a conflict
that only `--force` overwrites: it was changed in Grafana since mac pushed
it, or it was never pushed by mac.

"Changed since mac pushed it" means that both the version and the content
differ from what the marker recorded. The version alone would call a save
without changes an edit, and the content alone would call it an edit when
Grafana adjusts a saved dashboard (it raises `refresh` to its minimum).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from monitoring_as_code.grafana.api import RemoteDashboard
from monitoring_as_code.grafana.artifacts import BuiltDashboard
from monitoring_as_code.grafana.marker import (
    MARKER_KEY,
    Marker,
    content_sha256,
    read_marker,
)


class Action(str, enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    DELETE = "delete"


@dataclass(frozen=True)
class DashboardPlan:
    """The planned action for one dashboard, and its reason.

    `built` is None for a dashboard to delete, `remote` is None for one that
    Grafana does not have. `note` explains a conflict, or what `--force`
    overwrites or deletes.
    """

    uid: str
    title: str
    folder_uid: str
    action: Action
    built: BuiltDashboard | None = None
    remote: RemoteDashboard | None = None
    note: str = ""
    overwrite: bool = False

    @property
    def label(self) -> str:
        """The dashboard as `<folder uid>/<uid>`, with "general" for the root."""
        return f"{self.folder_uid or 'general'}/{self.uid}"

    @property
    def marker(self) -> Marker:
        """The marker to write with the save: the built content's hash and
        the version the save gives the dashboard."""
        assert self.built is not None, "only a create or update writes a marker"
        version = 1 if self.remote is None else self.remote.version + 1
        return Marker(content_sha256(self.built.model, self.folder_uid), version)


def plan_dashboard(
    built: BuiltDashboard, remote: RemoteDashboard | None, force: bool
) -> DashboardPlan:
    """Plan the push of one built dashboard against what Grafana stores."""
    plan = DashboardPlan(
        uid=built.uid,
        title=built.title,
        folder_uid=built.folder_uid,
        action=Action.CREATE,
        built=built,
        remote=remote,
    )
    if remote is None:
        return plan
    change = foreign_change(remote)
    if change is not None and force:
        return _with(plan, Action.UPDATE, f"--force overwrites: {change}", True)
    if change is not None:
        return _with(plan, Action.CONFLICT, f"{change}; use --force to overwrite")
    marker = read_marker(remote.model)
    if marker is not None and marker.content_sha256 == plan.marker.content_sha256:
        return _with(plan, Action.UNCHANGED)
    return _with(plan, Action.UPDATE)


def plan_prune(remote: RemoteDashboard, force: bool) -> DashboardPlan | None:
    """Plan the removal of a dashboard that is no longer built.

    Return None unless mac owns it (it has the marker). One that was
    changed in Grafana since mac pushed it is deleted only with --force.
    """
    if read_marker(remote.model) is None:
        return None
    plan = DashboardPlan(
        uid=remote.uid,
        title=remote.title,
        folder_uid=remote.folder_uid,
        action=Action.DELETE,
        remote=remote,
        note="no longer in the build",
    )
    change = foreign_change(remote)
    if change is not None and force:
        return _with(plan, Action.DELETE, f"--force deletes it: {change}")
    if change is not None:
        return _with(plan, Action.CONFLICT, f"{change}; use --force to delete it")
    return plan


def foreign_change(remote: RemoteDashboard) -> str | None:
    """Describe how the stored dashboard differs from what mac last pushed,
    or return None when it is exactly mac's push."""
    saved = f"by {remote.updated_by} at {remote.updated}"
    marker = read_marker(remote.model)
    if marker is None:
        return (
            f"Grafana has a dashboard with this uid that mac did not push "
            f"(it has no {MARKER_KEY} marker); last saved {saved}"
        )
    if remote.version == marker.grafana_version:
        return None
    if content_sha256(remote.model, remote.folder_uid) == marker.content_sha256:
        return None
    return (
        f"edited in Grafana {saved} (version {remote.version}; "
        f"mac pushed version {marker.grafana_version})"
    )


def _with(
    plan: DashboardPlan, action: Action, note: str = "", overwrite: bool = False
) -> DashboardPlan:
    return replace(plan, action=action, note=note, overwrite=overwrite)
