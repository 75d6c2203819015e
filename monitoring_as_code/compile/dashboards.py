"""Dashboard JSON files, the folder manifest and Grafana provisioning YAML.

Layout under build/grafana/:

    dashboards/<folder uid>/<dashboard uid>.json   (General: dashboards/general/)
    folders.json        folders with titles and parents, for `mac push`
    provisioning/dashboards.yml   one file provider per folder

Grafana's file provisioning places each provider's dashboards in one
folder, which is why dashboards are grouped by folder on disk.
"""

from __future__ import annotations

from monitoring_as_code.compile.output import dump_json, dump_yaml
from monitoring_as_code.model.dashboards import Folder
from monitoring_as_code.model.project import Project
from monitoring_as_code.paths import (
    DASHBOARDS_DIR,
    FOLDERS_FILE,
    GENERAL,
    PROVISIONING_FILE,
)

# The folder on the Grafana host that contains build/grafana/dashboards, as the
# provisioning file expects. Change it with the deployment.
PROVISIONED_PATH = "/var/lib/grafana/dashboards/mac"


def dashboard_path(folder_uid: str | None, uid: str) -> str:
    return f"{DASHBOARDS_DIR}/{folder_uid or GENERAL}/{uid}.json"


def compile_dashboards(project: Project) -> dict[str, bytes]:
    # Imported here because grafanalib takes about 0.1 s to import, and
    # `mac validate` and `mac push` import this module for its paths only.
    from monitoring_as_code.compile.grafana import render_dashboard

    files: dict[str, bytes] = {}
    for dashboard in project.dashboards:
        folder_uid = dashboard.folder.uid if dashboard.folder else None
        files[dashboard_path(folder_uid, dashboard.uid)] = dump_json(
            render_dashboard(dashboard)
        )
    if project.dashboards:
        files[FOLDERS_FILE] = dump_json(_folders(project.folders))
        files[PROVISIONING_FILE] = dump_yaml(_provisioning(project))
    return files


def _folders(folders: list[Folder]) -> dict:
    return {
        "folders": [
            {
                "uid": folder.uid,
                "title": folder.title,
                "parentUid": folder.parent.uid if folder.parent else None,
            }
            for folder in _parents_first(folders)
        ]
    }


def _parents_first(folders: list[Folder]) -> list[Folder]:
    def depth(folder: Folder) -> int:
        return 0 if folder.parent is None else 1 + depth(folder.parent)

    return sorted(folders, key=lambda folder: (depth(folder), folder.uid))


def _provisioning(project: Project) -> dict:
    folder_uids = sorted(
        {d.folder.uid for d in project.dashboards if d.folder is not None}
    )
    titles = {folder.uid: folder.title for folder in project.folders}
    providers = []
    if any(d.folder is None for d in project.dashboards):
        providers.append(_provider("mac-general", "", None, GENERAL))
    for uid in folder_uids:
        providers.append(_provider(f"mac-{uid}", titles[uid], uid, uid))
    return {"apiVersion": 1, "providers": providers}


def _provider(name: str, title: str, uid: str | None, directory: str) -> dict:
    provider: dict = {
        "name": name,
        "type": "file",
        "folder": title,
    }
    if uid is not None:
        provider["folderUid"] = uid
    provider.update(
        {
            "disableDeletion": False,
            "allowUiUpdates": False,
            "updateIntervalSeconds": 30,
            "options": {"path": f"{PROVISIONED_PATH}/{directory}"},
        }
    )
    return provider
