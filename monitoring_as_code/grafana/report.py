"""Render a push result: one line per dashboard for people, or JSON."""

from __future__ import annotations

from collections import Counter
from typing import Any

from monitoring_as_code.grafana.result import DashboardOutcome, PushResult

JSON_FORMAT_VERSION = 1
# Words for a planned action in a dry run.
_DRY_RUN_WORDS = {
    "create": "would create",
    "update": "would update",
    "delete": "would delete",
}
_STATUS_WIDTH = len("would create")
# Summary order, and the words used in a dry run.
_SUMMARY = (
    ("created", "create"),
    ("updated", "update"),
    ("unchanged", "unchanged"),
    ("deleted", "delete"),
    ("conflict", "conflict"),
    ("failed", "failed"),
    ("skipped", "skipped"),
)


def text_lines(result: PushResult) -> list[str]:
    """Return the stdout lines: new folders, then one line per dashboard,
    each followed by its changes in a dry run."""
    lines = []
    for folder in result.folders:
        if folder.status == "exists":
            continue
        status = "would create" if folder.status == "create" else folder.status
        suffix = f": {folder.message}" if folder.message else ""
        lines.append(
            f'{status:<{_STATUS_WIDTH}} folder {folder.uid} "{folder.title}"{suffix}'
        )
    for outcome in result.dashboards:
        lines.append(_dashboard_line(outcome, result.dry_run))
        if result.dry_run:
            lines.extend(f"    {change}" for change in outcome.changes)
    return lines


def _dashboard_line(outcome: DashboardOutcome, dry_run: bool) -> str:
    status = (
        _DRY_RUN_WORDS.get(outcome.status, outcome.status)
        if dry_run
        else outcome.status
    )
    line = f'{status:<{_STATUS_WIDTH}} {outcome.label} "{outcome.title}"'
    if outcome.version is not None:
        line += f" (version {outcome.version})"
    if outcome.message:
        line += f": {outcome.message}"
    return line


def summary_line(result: PushResult) -> str:
    """Return the one-line summary printed at the end."""
    counts = Counter(outcome.status for outcome in result.dashboards)
    parts = []
    for status, planned in _SUMMARY:
        count = counts[planned if result.dry_run else status]
        if count:
            word = (
                f"to {planned}"
                if result.dry_run and planned in _DRY_RUN_WORDS
                else status
            )
            parts.append(f"{count} {word}")
    created_folders = sum(f.status in ("created", "create") for f in result.folders)
    if created_folders:
        verb = "to create" if result.dry_run else "created"
        parts.append(
            f"{created_folders} folder{'s' if created_folders != 1 else ''} {verb}"
        )
    counted = ", ".join(parts) or "no dashboards"
    if result.dry_run:
        return f"dry run against {result.grafana_url}, nothing written: {counted}"
    return f"pushed to {result.grafana_url}: {counted}"


def to_json(result: PushResult) -> dict[str, Any]:
    """Return the result as a JSON document with a format version."""
    counts = Counter(outcome.status for outcome in result.dashboards)
    return {
        "version": JSON_FORMAT_VERSION,
        "grafanaUrl": result.grafana_url,
        "dryRun": result.dry_run,
        "folders": [
            {
                "uid": folder.uid,
                "title": folder.title,
                "parentUid": folder.parent_uid or None,
                "status": folder.status,
                "message": folder.message,
            }
            for folder in result.folders
        ],
        "dashboards": [_dashboard_json(outcome) for outcome in result.dashboards],
        "summary": dict(sorted(counts.items())),
        "warnings": list(result.warnings),
        "notes": list(result.notes),
        "error": str(result.aborted) if result.aborted is not None else None,
    }


def _dashboard_json(outcome: DashboardOutcome) -> dict[str, Any]:
    return {
        "uid": outcome.uid,
        "title": outcome.title,
        "folderUid": outcome.folder_uid,
        "status": outcome.status,
        "message": outcome.message,
        "version": outcome.version,
        "changes": list(outcome.changes),
    }
