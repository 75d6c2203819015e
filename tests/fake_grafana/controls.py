"""Test-side controls of the fake: tokens, users, seeded state, UI edits and faults.

None of these calls goes through HTTP, so none is logged or counted as a write.
"""

import copy
import secrets

from .helpers import new_uid
from .state import ROLE_ACTIONS, Dashboard, Fault, Folder


class ControlsMixin:
    """Public set-up methods of FakeGrafana. They work on the state that FakeGrafana owns."""

    def add_token(self, role: str, name: str = "mac", status: str = "active",
                  org_id: int = 1) -> str:
        """Create a service-account token and return it.

        `status` "expired" or "revoked" makes the token fail with the matching 401.
        The service account's login, used in createdBy/updatedBy, is "sa-<name>".
        """
        self._check_role(role)
        if status not in ("active", "expired", "revoked"):
            raise ValueError(f"status must be active, expired or revoked, got {status!r}")
        token = f"glsa_{secrets.token_hex(16)}_{secrets.token_hex(4)}"
        with self._lock:
            self._tokens[token] = {"login": f"sa-{name}", "role": role,
                                   "status": status, "org_id": org_id}
        return token

    def add_user(self, login: str, password: str, role: str) -> None:
        """Create a basic-auth user with an org role."""
        self._check_role(role)
        with self._lock:
            self._users[login] = {"password": password, "role": role}

    def add_datasource(self, name: str, type: str, uid: str | None = None, url: str = "",
                       is_default: bool = False, json_data: dict | None = None) -> str:
        """Create a data source and return its uid."""
        with self._lock:
            record = {
                "id": self._take_id(), "uid": uid or new_uid(), "orgId": 1, "name": name,
                "type": type, "typeLogoUrl": f"public/plugins/{type}/img/logo.svg",
                "access": "proxy", "url": url, "user": "", "database": "", "basicAuth": False,
                "isDefault": is_default, "jsonData": json_data or {}, "readOnly": False,
            }
            self._datasources.append(record)
            return record["uid"]

    def seed_folder(self, uid: str, title: str, parent_uid: str = "", user: str = "admin") -> None:
        """Create a folder directly, as if someone made it in the UI (not logged or counted)."""
        with self._lock:
            if parent_uid and parent_uid not in self._folders:
                raise ValueError(f"parent folder {parent_uid!r} not found; seed it first")
            stamp = self._stamp()
            self._folders[uid] = Folder(self._take_id(), uid, title, parent_uid, stamp, user,
                                        stamp, user)

    def seed_dashboard(self, model: dict, folder_uid: str = "", user: str = "admin",
                       provisioned: bool = False, plugin_name: str | None = None) -> str:
        """Store a dashboard at version 1 without a request and return its uid.

        `provisioned` makes saves and deletes fail as for a file-provisioned dashboard.
        `plugin_name` makes saves without overwrite fail with 412 plugin-dashboard.
        """
        with self._lock:
            uid = model.get("uid") or new_uid()
            if uid in self._dashboards:
                raise ValueError(f"dashboard {uid!r} already exists")
            if folder_uid and folder_uid not in self._folders:
                raise ValueError(f"folder {folder_uid!r} not found; seed it first")
            dashboard_id = self._take_id()
            stored = {**copy.deepcopy(model), "id": dashboard_id, "uid": uid, "version": 1}
            stamp = self._stamp()
            self._dashboards[uid] = Dashboard(
                dashboard_id, uid, stored, 1, folder_uid, stamp, user, stamp, user,
                provisioned, plugin_name, [{"version": 1, "message": "", "createdBy": user}])
            return uid

    def edit_in_ui(self, uid: str, changes: dict | None = None, user: str = "jane") -> int:
        """Save a dashboard as a person in the UI would and return its new version.

        Merges `changes` into the top level of the stored model, increments the version and
        sets `updatedBy` to `user` with a newer `updated` time. Not logged or counted.
        """
        with self._lock:
            dashboard = self._dashboards[uid]
            dashboard.model.update(copy.deepcopy(changes or {}))
            dashboard.version += 1
            dashboard.model["version"] = dashboard.version
            dashboard.updated = self._stamp()
            dashboard.updated_by = user
            dashboard.history.append({"version": dashboard.version, "message": "",
                                      "createdBy": user})
            return dashboard.version

    def deny_folder_writes(self, folder_uid: str) -> None:
        """Make non-Admin dashboard saves into or out of this folder fail with 403 (shape A)."""
        with self._lock:
            self._denied_folders.add(folder_uid)

    def dashboard_model(self, uid: str) -> dict | None:
        """Return a copy of the stored dashboard JSON, or None if there is none."""
        with self._lock:
            dashboard = self._dashboards.get(uid)
            return copy.deepcopy(dashboard.model) if dashboard else None

    def dashboard_versions(self, uid: str) -> list[dict]:
        """Return the version history of a dashboard: version, message and createdBy."""
        with self._lock:
            return copy.deepcopy(self._dashboards[uid].history)

    def inject_fault(self, status: int | None = None, *, times: int = 1, path: str = "",
                     method: str | None = None, retry_after: float | None = None,
                     drop: bool = False, delay: float = 0.0) -> None:
        """Make the next `times` requests whose path starts with `path` fail.

        `status` responds with that code and a shape-A body, and `retry_after` (seconds)
        adds a Retry-After header. `drop` closes the connection without a response. `delay` waits
        that many seconds first. Without `status` or `drop` the request is then handled
        normally, so a write may land after the client has timed out.
        Faults apply before authentication, like a proxy in front of Grafana.
        """
        if status is None and not drop and delay <= 0:
            raise ValueError("a fault needs a status, drop=True or a positive delay")
        with self._lock:
            self._faults.append(Fault(status, times, path, method and method.upper(),
                                      retry_after, drop, delay))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    @staticmethod
    def _check_role(role: str) -> None:
        if role not in ROLE_ACTIONS:
            raise ValueError(f"role must be one of {sorted(ROLE_ACTIONS)}, got {role!r}")
