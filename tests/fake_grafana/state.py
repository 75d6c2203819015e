"""Limits, role permissions and the records the fake stores."""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

# Limits and role permissions (Grafana 12.x defaults).
UID_PATTERN = re.compile(r"^[a-zA-Z0-9_-]*$")
MAX_UID_LENGTH = 40
MAX_TITLE_LENGTH = 5000
MAX_MESSAGE_LENGTH = 500
MAX_FOLDER_DEPTH = 4
MAX_SEARCH_LIMIT = 5000
DEFAULT_LIST_LIMIT = 1000
# Example build numbers reported by /api/health. Clients should not depend on them.
HEALTH_BUILDS = {"12": ("12.3.1", "abc1234567"), "13": ("13.1.0", "def8901234")}
DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}

VIEWER_ACTIONS = frozenset({"dashboards:read", "folders:read"})
EDITOR_ACTIONS = VIEWER_ACTIONS | {
    "dashboards:create", "dashboards:write", "dashboards:delete",
    "folders:create", "folders:write", "folders:delete",
}
# Only Admin has datasources:read, through the fixed:datasources:reader role.
ROLE_ACTIONS = {
    "Viewer": VIEWER_ACTIONS,
    "Editor": EDITOR_ACTIONS,
    "Admin": EDITOR_ACTIONS | {"datasources:read"},
}


class RequestRecord(NamedTuple):
    """One logged request. `status` is None when a fault dropped the connection."""

    method: str
    path: str
    status: int | None


class Identity(NamedTuple):
    login: str
    role: str


@dataclass
class Folder:
    id: int
    uid: str
    title: str
    parent_uid: str
    created: str
    created_by: str
    updated: str = ""
    updated_by: str = ""
    version: int = 1


@dataclass
class Dashboard:
    id: int
    uid: str
    model: dict
    version: int
    folder_uid: str
    created: str
    created_by: str
    updated: str
    updated_by: str
    provisioned: bool = False
    plugin_name: str | None = None
    # Version-history entries: {"version", "message", "createdBy"}.
    history: list = field(default_factory=list)


@dataclass
class SaveCommand:
    """Fields of a POST /api/dashboards/db body, read the way Grafana reads them."""

    model: dict
    dashboard_id: int
    uid: str
    version: int
    message: str
    folder_uid: str
    overwrite: bool


@dataclass
class Fault:
    status: int | None
    remaining: int
    path_prefix: str
    method: str | None
    retry_after: float | None
    drop: bool
    delay: float
