"""The result of a push: one outcome per folder and dashboard, warnings and notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitoring_as_code.grafana.errors import GrafanaError


@dataclass
class DashboardOutcome:
    """The outcome of one dashboard.

    `status` is created, updated, unchanged, deleted, conflict, failed or
    skipped (not tried because the push stopped). In a dry run it is the
    planned action: create, update, unchanged, delete or conflict.
    """

    uid: str
    title: str
    folder_uid: str
    status: str
    message: str = ""
    version: int | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.folder_uid or 'general'}/{self.uid}"


@dataclass
class FolderOutcome:
    """`status` is created, exists or failed; "create" in a dry run."""

    uid: str
    title: str
    parent_uid: str
    status: str
    message: str = ""


@dataclass
class PushResult:
    grafana_url: str
    dry_run: bool
    folders: list[FolderOutcome] = field(default_factory=list)
    dashboards: list[DashboardOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    aborted: GrafanaError | None = None  # the error that stopped the writes

    @property
    def unsuccessful(self) -> list[DashboardOutcome]:
        """Dashboards that a conflict, an error or a stop left as they were."""
        bad = ("conflict", "failed", "skipped")
        return [outcome for outcome in self.dashboards if outcome.status in bad]
