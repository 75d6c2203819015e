"""Dashboard routes: POST /api/dashboards/db and GET/DELETE /api/dashboards/uid/:uid."""

import copy

from ..errors import Response, plain_error, status_error
from ..helpers import decode_json_body, new_uid, parse_duration_seconds, parse_int, slugify
from ..state import (MAX_MESSAGE_LENGTH, MAX_TITLE_LENGTH, MAX_UID_LENGTH, ROLE_ACTIONS,
                     UID_PATTERN, Dashboard, Identity, SaveCommand)


class DashboardRoutes:
    """Dashboard routes of FakeGrafana."""

    def _save_dashboard(self, identity: Identity, headers, body: bytes, **_) -> Response:
        """Create or update a dashboard, applying Grafana 12.x's checks in its order.

        The order is: request body, isFolder, quota, title, message, uid, folder, target
        lookup by id and uid, version, plugin, folder permission, provisioning, size.
        """
        command = self._read_save_command(headers, body)
        if isinstance(command, Response):
            return command
        rejection = self._validate_save_fields(command)
        if rejection is not None:
            return rejection
        existing = self._find_save_target(command)
        if isinstance(existing, Response):
            return existing
        rejection = self._check_save_target(identity, command, existing, len(body))
        if rejection is not None:
            return rejection
        return self._store_dashboard(identity, command, existing)

    def _read_save_command(self, headers, body: bytes) -> SaveCommand | Response:
        command = decode_json_body(headers, body) or {}
        model = command.get("dashboard")
        message = command.get("message", "")
        folder_uid = command.get("folderUid") or ""
        if not isinstance(model, dict) or not isinstance(message, str) \
                or not isinstance(folder_uid, str):
            return plain_error(400, "bad request data")
        if command.get("isFolder") is True:
            return plain_error(400, "Use folders endpoint for saving folders.")
        model = copy.deepcopy(model)
        raw_id, raw_uid = model.get("id"), model.get("uid")
        has_id = isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool)
        # Grafana reads "version" only when the body carries an id or a uid.
        version = 0
        if has_id or isinstance(raw_uid, str):
            version = parse_int(model.get("version"), 0)
        title = model.get("title")
        model["title"] = title.strip() if isinstance(title, str) else ""
        return SaveCommand(model=model, dashboard_id=int(raw_id) if has_id else 0,
                           uid=raw_uid.strip() if isinstance(raw_uid, str) else "",
                           version=version, message=message, folder_uid=folder_uid,
                           overwrite=command.get("overwrite") is True)

    def _validate_save_fields(self, command: SaveCommand) -> Response | None:
        title = command.model["title"]
        if command.dashboard_id == 0 and self.dashboard_quota is not None \
                and len(self._dashboards) >= self.dashboard_quota:
            return plain_error(403, "Quota reached")
        if not title and self.mode == "13":
            return plain_error(400, "Dashboard spec is missing required title property")
        if not title:
            return status_error(400, "empty-name", "Dashboard title cannot be empty")
        if len(title) > MAX_TITLE_LENGTH:
            return status_error(400, "title-too-long",
                                "Dashboard title cannot contain more than 5 000 characters")
        if len(command.message) > MAX_MESSAGE_LENGTH:
            return plain_error(400, "message too long, max 500 characters")
        if not UID_PATTERN.match(command.uid):
            return plain_error(400, "uid contains illegal characters")
        if len(command.uid) > MAX_UID_LENGTH:
            return plain_error(400, "uid too long, max 40 characters")
        # A refresh below the server minimum is raised to it, not rejected.
        refresh_seconds = parse_duration_seconds(command.model.get("refresh"))
        if refresh_seconds is not None and refresh_seconds < self.min_refresh_seconds:
            command.model["refresh"] = self.min_refresh_interval
        if command.folder_uid and command.folder_uid not in self._folders:
            return plain_error(400, "folder not found")
        return None

    def _find_save_target(self, command: SaveCommand) -> Dashboard | None | Response:
        """Return the dashboard that the save updates, None for a create, or an error."""
        by_id = None
        if command.dashboard_id > 0:
            by_id = next((d for d in self._dashboards.values() if d.id == command.dashboard_id),
                         None)
            if by_id is None and self.mode == "13":
                return plain_error(404, "Dashboard not found")
            if by_id is None:
                return status_error(404, "not-found", "Dashboard not found")
            command.uid = command.uid or by_id.uid
        by_uid = self._dashboards.get(command.uid) if command.uid else None
        if by_id is not None and by_uid is not None and by_id is not by_uid:
            return plain_error(400, "A dashboard with the same uid already exists")
        return by_id or by_uid

    def _check_save_target(self, identity: Identity, command: SaveCommand,
                           existing: Dashboard | None, body_size: int) -> Response | None:
        if existing is not None and command.version != existing.version:
            if command.overwrite:
                command.version = existing.version
            elif self.mode == "13":
                return plain_error(409, "Dashboard already exists. Use overwrite flag to update.")
            else:
                return status_error(412, "version-mismatch",
                                    "The dashboard has been changed by someone else")
        if existing is not None and existing.plugin_name and not command.overwrite:
            return status_error(412, "plugin-dashboard",
                                f"The dashboard belongs to plugin {existing.plugin_name}.")
        source_folder = existing.folder_uid if existing is not None else command.folder_uid
        if not self._can_write_in(identity, command.folder_uid) \
                or not self._can_write_in(identity, source_folder):
            return plain_error(403, "Access denied to save dashboard")
        if existing is not None and existing.provisioned:
            return plain_error(400, "Cannot save provisioned dashboard")
        max_mb = self.max_dashboard_mb
        if max_mb is not None and body_size > max_mb * 1024 * 1024:
            return plain_error(413, f"Dashboard is too large, max is {max_mb} MB")
        return None

    def _store_dashboard(self, identity: Identity, command: SaveCommand,
                         existing: Dashboard | None) -> Response:
        stamp = self._stamp()
        if existing is None:
            dashboard = Dashboard(self._take_id(), command.uid or new_uid(), command.model, 1,
                                  command.folder_uid, stamp, identity.login, stamp,
                                  identity.login)
        else:
            dashboard = existing
            del self._dashboards[existing.uid]  # an update by id may change the uid
            dashboard.uid = command.uid or existing.uid
            dashboard.model, dashboard.folder_uid = command.model, command.folder_uid
            dashboard.version = command.version + 1
            dashboard.updated, dashboard.updated_by = stamp, identity.login
        dashboard.model.update(id=dashboard.id, uid=dashboard.uid, version=dashboard.version)
        dashboard.history.append({"version": dashboard.version, "message": command.message,
                                  "createdBy": identity.login})
        self._dashboards[dashboard.uid] = dashboard
        slug = slugify(dashboard.model["title"])
        body = {"id": dashboard.id, "uid": dashboard.uid, "url": f"/d/{dashboard.uid}/{slug}",
                "status": "success", "version": dashboard.version, "slug": slug,
                "folderUid": dashboard.folder_uid}
        return Response(200, body, changed=True)

    def _get_dashboard(self, identity: Identity, uid: str, **_) -> Response:
        dashboard = self._dashboards.get(uid)
        if dashboard is None:
            return plain_error(404, "Dashboard not found", with_trace_id=True)
        folder = self._folders.get(dashboard.folder_uid)
        can_write = self._can_write_in(identity, dashboard.folder_uid)
        can_delete = "dashboards:delete" in ROLE_ACTIONS[identity.role]
        slug = slugify(dashboard.model.get("title", ""))
        permissions = {"canAdd": can_write, "canEdit": can_write, "canDelete": can_write}
        meta = {
            "type": "db", "canSave": can_write, "canEdit": can_write,
            "canAdmin": identity.role == "Admin", "canStar": True, "canDelete": can_delete,
            "slug": slug, "url": f"/d/{uid}/{slug}", "expires": "0001-01-01T00:00:00Z",
            "created": dashboard.created, "updated": dashboard.updated,
            "updatedBy": dashboard.updated_by, "createdBy": dashboard.created_by,
            "version": dashboard.version, "apiVersion": "v0alpha1", "hasAcl": False,
            "isFolder": False, "folderId": folder.id if folder else 0,
            "folderUid": folder.uid if folder else "",
            "folderTitle": folder.title if folder else "General",
            "folderUrl": f"/dashboards/f/{folder.uid}/{slugify(folder.title)}" if folder else "",
            "provisioned": dashboard.provisioned, "provisionedExternalId": "",
            "annotationsPermissions": {"dashboard": permissions,
                                       "organization": dict(permissions)},
            "publicDashboardEnabled": False,
        }
        return Response(200, {"dashboard": copy.deepcopy(dashboard.model), "meta": meta})

    def _delete_dashboard(self, identity: Identity, uid: str, **_) -> Response:
        dashboard = self._dashboards.get(uid)
        if dashboard is None:
            return plain_error(404, "Dashboard not found", with_trace_id=True)
        if dashboard.provisioned:
            return plain_error(400, "provisioned dashboard cannot be deleted")
        del self._dashboards[uid]
        title = dashboard.model.get("title", "")
        body = {"title": title, "message": f"Dashboard {title} deleted", "uid": uid}
        return Response(200, body, changed=True)
