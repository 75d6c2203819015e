"""The folder phase of a push: create missing folders, parents first.

Push creates folders but never renames or moves one; a folder whose title
or parent differs from the build gets a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitoring_as_code.grafana.api import GrafanaApi, RemoteFolder
from monitoring_as_code.grafana.artifacts import BuiltFolder
from monitoring_as_code.grafana.errors import STOPPING_ERRORS, GrafanaError
from monitoring_as_code.grafana.result import FolderOutcome, PushResult


def parents_first(folders: Sequence[BuiltFolder]) -> list[BuiltFolder]:
    """Return the folders ordered by depth, so each parent precedes its children."""
    parents = {folder.uid: folder.parent_uid for folder in folders}

    def depth(uid: str) -> int:
        seen = 0
        while parents.get(uid) and seen <= len(parents):
            uid, seen = parents[uid], seen + 1
        return seen

    return sorted(folders, key=lambda folder: depth(folder.uid))


def planned_folders(
    folders: tuple[BuiltFolder, ...],
    remote: dict[str, RemoteFolder | None],
    result: PushResult,
) -> list[FolderOutcome]:
    outcomes = []
    for folder in parents_first(folders):
        existing = remote.get(folder.uid)
        status = "create" if existing is None else "exists"
        if existing is not None:
            _warn_folder_differs(folder, existing, result)
        outcomes.append(
            FolderOutcome(folder.uid, folder.title, folder.parent_uid, status)
        )
    return outcomes


def create_folders(
    api: GrafanaApi,
    folders: tuple[BuiltFolder, ...],
    remote: dict[str, RemoteFolder | None],
    result: PushResult,
) -> set[str]:
    """Create the missing folders, parents first; return the uids of folders
    that could not be created, so their dashboards are not tried."""
    blocked: set[str] = set()
    for folder in parents_first(folders):
        outcome = FolderOutcome(folder.uid, folder.title, folder.parent_uid, "exists")
        result.folders.append(outcome)
        existing = remote.get(folder.uid)
        if existing is not None:
            _warn_folder_differs(folder, existing, result)
        elif folder.parent_uid in blocked:
            blocked.add(folder.uid)
            outcome.status = "failed"
            outcome.message = f'its parent folder "{folder.parent_uid}" was not created'
        else:
            _create_folder(api, folder, outcome, blocked)
    return blocked


def _create_folder(
    api: GrafanaApi, folder: BuiltFolder, outcome: FolderOutcome, blocked: set[str]
) -> None:
    try:
        created = api.create_folder(folder.uid, folder.title, folder.parent_uid)
    except GrafanaError as error:
        if isinstance(error, STOPPING_ERRORS):
            raise
        blocked.add(folder.uid)
        outcome.status = "failed"
        outcome.message = str(error)
        return
    outcome.status = "created" if created else "exists"


def _warn_folder_differs(
    folder: BuiltFolder, existing: RemoteFolder, result: PushResult
) -> None:
    if existing.title != folder.title:
        result.warnings.append(
            f'folder "{folder.uid}" is titled "{existing.title}" in Grafana and '
            f'"{folder.title}" in the build; mac push does not rename folders'
        )
    if existing.parent_uid != folder.parent_uid:
        result.warnings.append(
            f'folder "{folder.uid}" has parent "{existing.parent_uid or "General"}" '
            f'in Grafana and "{folder.parent_uid or "General"}" in the build; '
            "mac push does not move folders"
        )
