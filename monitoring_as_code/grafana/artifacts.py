"""Read the dashboards and folders that `mac build` wrote, and check that
the build still matches the definitions.

Push uploads the built files, never a fresh compile, so what reaches
Grafana is what `mac validate` checked. A stale build is rejected instead
of rebuilt for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from monitoring_as_code.paths import DASHBOARDS_DIR, FOLDERS_FILE, GENERAL
from monitoring_as_code.paths import MARKER as BUILD_MARKER
from monitoring_as_code.errors import UsageError
from monitoring_as_code.grafana.errors import StaleBuildError

GRAFANA_PREFIX = "grafana/"
_MAX_LISTED = 5  # stale files named in the message


@dataclass(frozen=True)
class BuiltFolder:
    uid: str
    title: str
    parent_uid: str  # "" at the root


@dataclass(frozen=True)
class BuiltDashboard:
    uid: str
    title: str
    folder_uid: str  # "" at the root (General)
    path: str  # relative to the build folder
    model: dict[str, Any]


@dataclass(frozen=True)
class Build:
    folders: tuple[BuiltFolder, ...]
    dashboards: tuple[BuiltDashboard, ...]

    def in_folder(self, folder_uid: str) -> Build:
        """Return the build with every dashboard moved into `folder_uid` and
        no folders to create, for `mac push --folder`."""
        moved = tuple(replace(d, folder_uid=folder_uid) for d in self.dashboards)
        return Build(folders=(), dashboards=moved)


def read_build(build_dir: Path) -> Build:
    """Read build/grafana/: folders.json (parents first) and every dashboard."""
    if not build_dir.is_dir():
        raise UsageError(
            f"build folder {str(build_dir)!r} not found; run `mac build` first"
        )
    if not (build_dir / BUILD_MARKER).is_file():
        raise UsageError(
            f"{str(build_dir)!r} was not written by `mac build` (it has no "
            f"{BUILD_MARKER} file); pass the build folder with --build"
        )
    folders = _read_folders(build_dir)
    known = {folder.uid for folder in folders}
    dashboards_dir = build_dir / DASHBOARDS_DIR
    paths = sorted(dashboards_dir.glob("*/*.json")) if dashboards_dir.is_dir() else []
    dashboards = [_read_dashboard(build_dir, path, known) for path in paths]
    _check_unique(dashboards)
    return Build(tuple(folders), tuple(dashboards))


def _read_folders(build_dir: Path) -> list[BuiltFolder]:
    path = build_dir / FOLDERS_FILE
    if not path.is_file():
        return []
    data = _load_json(build_dir, path)
    folders = []
    try:
        for item in data["folders"]:
            parent_uid = str(item.get("parentUid") or "")
            folders.append(
                BuiltFolder(str(item["uid"]), str(item["title"]), parent_uid)
            )
    except (KeyError, TypeError, AttributeError):
        raise UsageError(
            f"{FOLDERS_FILE} does not list folders with uid and title; "
            "run `mac build` again"
        ) from None
    return folders


def _read_dashboard(build_dir: Path, path: Path, folders: set[str]) -> BuiltDashboard:
    relative = path.relative_to(build_dir).as_posix()
    model = _load_json(build_dir, path)
    directory = path.parent.name
    if directory in folders:
        folder_uid = directory
    elif directory == GENERAL:
        folder_uid = ""
    else:
        raise UsageError(
            f"{relative}: folder {directory!r} is not in {FOLDERS_FILE}; "
            "run `mac build` again"
        )
    if not isinstance(model, dict) or model.get("uid") != path.stem:
        raise UsageError(
            f"{relative}: the dashboard's uid does not match its file name; "
            "run `mac build` again"
        )
    return BuiltDashboard(
        uid=path.stem,
        title=str(model.get("title", "")),
        folder_uid=folder_uid,
        path=relative,
        model=model,
    )


def _load_json(build_dir: Path, path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        relative = path.relative_to(build_dir).as_posix()
        raise UsageError(
            f"{relative} cannot be read as JSON ({error}); run `mac build` again"
        ) from None


def _check_unique(dashboards: list[BuiltDashboard]) -> None:
    seen: dict[str, str] = {}
    for dashboard in dashboards:
        if dashboard.uid in seen:
            raise UsageError(
                f"dashboard uid {dashboard.uid!r} is built twice: "
                f"{seen[dashboard.uid]} and {dashboard.path}"
            )
        seen[dashboard.uid] = dashboard.path


def check_build_current(definitions: Path, build_dir: Path) -> None:
    """Raise StaleBuildError when the Grafana files in `build_dir` differ
    from what the definitions compile to now.

    Only build/grafana/ is compared, because push uploads nothing else.
    """
    from monitoring_as_code.compile import compile_project
    from monitoring_as_code.compile.writer import compare_build
    from monitoring_as_code.load import load_project

    artifacts = compile_project(load_project(definitions))
    grafana_artifacts = {
        path: content
        for path, content in artifacts.items()
        if path.startswith(GRAFANA_PREFIX)
    }
    staleness = compare_build(grafana_artifacts, build_dir)
    stale = [
        f"{label} {path}"
        for label, paths in (
            ("changed", staleness.changed),
            ("missing", staleness.missing),
            ("not generated", staleness.extra),
        )
        for path in paths
        if path.startswith(GRAFANA_PREFIX)
    ]
    if not stale:
        return
    listed = ", ".join(stale[:_MAX_LISTED])
    more = f" and {len(stale) - _MAX_LISTED} more" if len(stale) > _MAX_LISTED else ""
    raise StaleBuildError(
        f"{build_dir} is stale: the definitions in {definitions} compile to other "
        f"Grafana files ({listed}{more}); run `mac build` (and `mac validate`) "
        "before `mac push`"
    )
