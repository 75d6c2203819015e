"""Run a push: check the credentials, read what Grafana has, plan, write.

Reads and writes of dashboards run on a small thread pool that shares one
GrafanaClient. Folders are created one at a time, parents first, before any
dashboard is saved. An access-control 403 or a 401 stops the remaining
writes, and the result still lists what was done before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from monitoring_as_code.errors import UsageError
from monitoring_as_code.paths import GENERAL
from monitoring_as_code.grafana.api import (
    GrafanaApi,
    RemoteDashboard,
    RemoteFolder,
    WriteResult,
)
from monitoring_as_code.grafana.artifacts import Build
from monitoring_as_code.grafana.changes import describe_changes
from monitoring_as_code.grafana.datasources import datasource_uids, missing_datasources
from monitoring_as_code.grafana.errors import STOPPING_ERRORS, GrafanaError
from monitoring_as_code.grafana.folders import create_folders, planned_folders
from monitoring_as_code.grafana.marker import read_marker, upload_model
from monitoring_as_code.grafana.plan import (
    Action,
    DashboardPlan,
    plan_dashboard,
    plan_prune,
)
from monitoring_as_code.grafana.result import DashboardOutcome, PushResult

log = logging.getLogger(__name__)

# Concurrent requests to Grafana. Each one mostly waits on the network,
# and a dozen stays well below what a Grafana server handles.
WORKERS = 12
_SKIPPED = object()
_WRITES = (Action.CREATE, Action.UPDATE, Action.DELETE)
_Item = TypeVar("_Item")

# A progress reporter: called with a label and a total, it returns a
# function to call with the number of items done since the last call.
Progress = Callable[[str, int], Callable[[int], None]]


@dataclass(frozen=True)
class PushOptions:
    """Choices of one push, set from the command-line options."""

    dry_run: bool = False
    prune: bool = False
    force: bool = False
    folder: str | None = None  # --folder: put every dashboard in this folder
    message: str = "mac push"  # the version-history message of each save
    workers: int = WORKERS


def run_push(
    api: GrafanaApi,
    build: Build,
    options: PushOptions,
    progress: Progress | None = None,
) -> PushResult:
    """Push `build` to the Grafana behind `api`; return what happened."""
    progress = progress or _no_progress
    api.check_credentials()
    if options.folder is not None:
        _require_folder(api, options.folder)
        build = build.in_folder(options.folder)
    result = PushResult(api.client.base_url, options.dry_run)
    _check_datasources(api, build, result)

    with ThreadPoolExecutor(max_workers=options.workers) as pool:
        remote_folders = {
            folder.uid: api.get_folder(folder.uid) for folder in build.folders
        }
        plans = _plan_dashboards(api, pool, build, options, result, progress)
        if options.prune:
            plans += _plan_prunes(api, pool, build, options, result)
        if options.dry_run:
            result.folders = planned_folders(build.folders, remote_folders, result)
            result.dashboards += [_planned(plan) for plan in plans]
        else:
            _write(api, pool, build, remote_folders, plans, options, result, progress)
    result.dashboards.sort(key=lambda outcome: outcome.label)
    return result


def _write(
    api: GrafanaApi,
    pool: ThreadPoolExecutor,
    build: Build,
    remote_folders: dict[str, RemoteFolder | None],
    plans: list[DashboardPlan],
    options: PushOptions,
    result: PushResult,
    progress: Progress,
) -> None:
    """Create the folders, then save and delete dashboards. A stopping error
    is kept in the result, with the dashboards not yet written as skipped."""
    try:
        blocked = create_folders(api, build.folders, remote_folders, result)
    except STOPPING_ERRORS as error:
        result.aborted = error
        result.dashboards += [_not_tried(plan) for plan in plans]
        return
    try:
        _write_dashboards(api, pool, plans, blocked, options, result, progress)
    except STOPPING_ERRORS as error:
        result.aborted = error


def _require_folder(api: GrafanaApi, uid: str) -> None:
    if api.get_folder(uid) is None:
        raise UsageError(
            f"folder {uid!r} given with --folder not found in Grafana at "
            f"{api.client.base_url}; create it first, or leave out --folder"
        )


def _check_datasources(api: GrafanaApi, build: Build, result: PushResult) -> None:
    if not any(datasource_uids(d.model) for d in build.dashboards):
        return
    try:
        known = api.datasource_uids()
    except GrafanaError as error:
        if isinstance(error, STOPPING_ERRORS):
            raise
        result.notes.append(f"skipped the data source check: {error}")
        return
    if known is None:
        result.notes.append(
            "skipped the data source check: the credentials may not list data "
            "sources (403; listing needs datasources:read, which Admin has)"
        )
        return
    for dashboard_uid, uid in missing_datasources(build.dashboards, known):
        result.warnings.append(
            f'dashboard "{dashboard_uid}" refers to data source uid "{uid}", '
            "which Grafana does not have"
        )


def _plan_dashboards(
    api: GrafanaApi,
    pool: ThreadPoolExecutor,
    build: Build,
    options: PushOptions,
    result: PushResult,
    progress: Progress,
) -> list[DashboardPlan]:
    """Read every built dashboard that Grafana has and plan it. A dashboard
    that cannot be read becomes a failed outcome instead of a plan.

    One search lists the uids Grafana has, so a dashboard it lacks costs no
    read: a first push makes only the writes. A dashboard created by someone
    else between the search and the save is still caught, because the save
    then fails with a version conflict.
    """
    existing = set(api.dashboard_uids())
    to_read = [built for built in build.dashboards if built.uid in existing]
    advance = progress("reading Grafana", len(to_read))
    read, fatal = _parallel(pool, lambda built: api.get_dashboard(built.uid), to_read, advance)
    if fatal is not None:
        raise fatal
    by_uid = {built.uid: remote for built, remote in zip(to_read, read, strict=True)}
    remotes = [by_uid.get(built.uid) for built in build.dashboards]
    plans = []
    for built, remote in zip(build.dashboards, remotes, strict=True):
        if isinstance(remote, GrafanaError):
            result.dashboards.append(
                DashboardOutcome(
                    built.uid,
                    built.title,
                    built.folder_uid,
                    "failed",
                    f"reading it from Grafana failed: {remote}",
                )
            )
            continue
        plans.append(plan_dashboard(built, remote, options.force))
    return plans


def _plan_prunes(
    api: GrafanaApi,
    pool: ThreadPoolExecutor,
    build: Build,
    options: PushOptions,
    result: PushResult,
) -> list[DashboardPlan]:
    """Plan the deletion of dashboards that mac owns and the build lacks.

    Only General and the folders the definitions declare are searched (with
    --folder, only that folder), so a push does not prune what another
    project pushed into its own folders of the same Grafana.
    """
    built = {dashboard.uid for dashboard in build.dashboards}
    candidates = [
        uid
        for folder_uid in _prune_scope(build, options)
        for uid in api.dashboard_uids(folder_uid)
        if uid not in built
    ]
    remotes, fatal = _parallel(pool, api.get_dashboard, candidates, _no_advance)
    if fatal is not None:
        raise fatal
    plans = []
    for uid, remote in zip(candidates, remotes, strict=True):
        if isinstance(remote, GrafanaError):
            result.warnings.append(
                f'could not read dashboard "{uid}" to check whether mac owns it: '
                f"{remote}"
            )
        elif isinstance(remote, RemoteDashboard):
            plan = plan_prune(remote, options.force)
            if plan is not None:
                plans.append(plan)
    return plans


def _prune_scope(build: Build, options: PushOptions) -> list[str]:
    """Return the folder uids `--prune` searches; "general" is the root."""
    if options.folder is not None:
        return [options.folder]
    folders = {folder.uid for folder in build.folders} | {GENERAL}
    folders.update(dashboard.folder_uid or GENERAL for dashboard in build.dashboards)
    return sorted(folders)


def _planned(plan: DashboardPlan) -> DashboardOutcome:
    """Return the dry-run outcome of a plan, with its changes."""
    outcome = DashboardOutcome(
        plan.uid, plan.title, plan.folder_uid, plan.action.value, plan.note
    )
    outcome.changes = _changes(plan)
    return outcome


def _changes(plan: DashboardPlan) -> list[str]:
    needs_diff = plan.action in (Action.UPDATE, Action.CONFLICT)
    if not needs_diff or plan.built is None or plan.remote is None:
        return []
    return describe_changes(
        plan.remote.model, plan.built.model, plan.remote.folder_uid, plan.folder_uid
    )


def _write_dashboards(
    api: GrafanaApi,
    pool: ThreadPoolExecutor,
    plans: list[DashboardPlan],
    blocked: set[str],
    options: PushOptions,
    result: PushResult,
    progress: Progress,
) -> None:
    """Save and delete dashboards on the pool, and record an outcome for
    every plan, written or not."""
    writes = [plan for plan in plans if plan.action in _WRITES]
    advance = progress("pushing dashboards", len(writes))

    def write(plan: DashboardPlan) -> DashboardOutcome:
        if plan.action is Action.DELETE:
            return _delete(api, plan)
        if plan.folder_uid in blocked:
            return _outcome(
                plan, "failed", f'folder "{plan.folder_uid}" was not created'
            )
        return _save(api, plan, options.message)

    outcomes, fatal = _parallel(pool, write, writes, advance)
    done = dict(zip((plan.uid for plan in writes), outcomes, strict=True))
    for plan in plans:
        outcome = done.get(plan.uid)
        if outcome is None:
            outcome = _outcome(plan, plan.action.value, plan.note)
        elif outcome is _SKIPPED:
            outcome = _not_tried(plan)
        elif isinstance(outcome, GrafanaError):
            outcome = _outcome(plan, "failed", str(outcome))
        outcome.changes = _changes(plan)
        result.dashboards.append(outcome)
    if fatal is not None:
        raise fatal


def _save(api: GrafanaApi, plan: DashboardPlan, message: str) -> DashboardOutcome:
    """Save one dashboard with its marker and the version that was read."""
    assert plan.built is not None
    marker = plan.marker
    version = plan.remote.version if plan.remote is not None else None
    body = {
        "dashboard": upload_model(plan.built.model, marker, version),
        "folderUid": plan.folder_uid,
        "overwrite": plan.overwrite,
        "message": message,
    }
    write = api.save_dashboard(plan.uid, body)
    done = "created" if plan.action is Action.CREATE else "updated"

    if write.ok:
        if write.version != marker.grafana_version:
            log.debug(
                "dashboard %s got version %s, the marker records %d",
                plan.uid,
                write.version,
                marker.grafana_version,
            )
        return _outcome(plan, done, plan.note, write.version)
    if write.conflict:
        return _conflict_on_save(api, plan, write, done)
    return _outcome(plan, "failed", write.message)


def _conflict_on_save(
    api: GrafanaApi, plan: DashboardPlan, write: WriteResult, done: str
) -> DashboardOutcome:
    """Report a save that Grafana rejected with 412 or 409, unless the
    dashboard in Grafana is this very save, applied by an earlier attempt
    whose response was lost."""
    current = api.get_dashboard(plan.uid)
    current_marker = read_marker(current.model) if current is not None else None
    if write.attempts > 1 and current is not None and current_marker == plan.marker:
        return _outcome(plan, done, plan.note, current.version)

    saved_by = f" by {current.updated_by} at {current.updated}" if current else ""
    return _outcome(
        plan,
        "conflict",
        f"changed in Grafana during the push{saved_by} ({write.message}); "
        "run mac push again to see the change, or use --force",
    )


def _delete(api: GrafanaApi, plan: DashboardPlan) -> DashboardOutcome:
    write = api.delete_dashboard(plan.uid)
    if write.ok:
        return _outcome(plan, "deleted", write.message or plan.note)
    return _outcome(plan, "failed", write.message)


def _outcome(
    plan: DashboardPlan, status: str, message: str = "", version: int | None = None
) -> DashboardOutcome:
    return DashboardOutcome(
        plan.uid, plan.title, plan.folder_uid, status, message, version
    )


def _not_tried(plan: DashboardPlan) -> DashboardOutcome:
    if plan.action in _WRITES:
        return _outcome(plan, "skipped", "not tried: the push stopped")
    return _outcome(plan, plan.action.value, plan.note)


def _parallel(
    pool: ThreadPoolExecutor,
    function: Callable[[_Item], Any],
    items: Iterable[_Item],
    advance: Callable[[int], None],
) -> tuple[list[Any], BaseException | None]:
    """Call `function` on each item on the pool and return the results in
    order, with the GrafanaError of an item in place of its result.

    A fatal error stops the items not yet started (they get _SKIPPED) and is
    returned as the second value, so the caller can keep the results.
    """
    stop = threading.Event()

    def call(item: _Item) -> Any:
        if stop.is_set():
            return _SKIPPED
        try:
            return function(item)
        except STOPPING_ERRORS:
            stop.set()
            raise
        except GrafanaError as error:
            log.debug("request failed: %s", error)
            return error

    futures = [pool.submit(call, item) for item in items]
    results: list[Any] = []
    fatal: BaseException | None = None
    for future in futures:
        try:
            results.append(future.result())
        except STOPPING_ERRORS as error:
            fatal = fatal or error
            results.append(_SKIPPED)
        advance(1)
    return results, fatal


def _no_advance(count: int) -> None:
    return None


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return _no_advance
