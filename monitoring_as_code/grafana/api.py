"""The Grafana endpoints that `mac push` uses, and what their responses mean.

Status codes follow Grafana 12.x, and main after 13.0.1 where it differs:
a stale dashboard version is 412 version-mismatch in 12.x and 409 in 13, and
creating a folder whose uid exists is 412 in 12.x and 409 in 11.x.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from monitoring_as_code.grafana.client import ApiResponse, GrafanaClient
from monitoring_as_code.grafana.errors import (
    GrafanaError,
    PermissionDenied,
    UnexpectedResponse,
)

log = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 1000  # Grafana's default search limit; the maximum is 5000


@dataclass(frozen=True)
class RemoteDashboard:
    """A dashboard as Grafana stores it, with the metadata push needs."""

    uid: str
    title: str
    folder_uid: str  # "" at the root (General)
    version: int
    updated_by: str
    updated: str
    model: dict[str, Any]


@dataclass(frozen=True)
class RemoteFolder:
    uid: str
    title: str
    parent_uid: str  # "" at the root


@dataclass(frozen=True)
class WriteResult:
    """The outcome of a save or delete that did not stop the push.

    `conflict` is set when Grafana refused a save because the dashboard
    changed since it was read (412 version-mismatch, or 409).
    """

    ok: bool
    message: str = ""
    version: int | None = None
    conflict: bool = False
    attempts: int = 1


class GrafanaApi:
    """Typed calls to one Grafana through a GrafanaClient."""

    def __init__(self, client: GrafanaClient) -> None:
        self.client = client

    def check_credentials(self) -> None:
        """Make one authenticated request, so that a wrong URL or rejected
        credentials stop the push before anything else is read or written.

        /api/health would not do, because it responds without authentication.
        """
        path = "/api/search"
        response = self.client.request(
            "GET", path, params={"limit": 1}, retry_connect=False
        )
        if response.status == 404:
            raise GrafanaError(
                f"{self.client.base_url}{path} was not found (404); is "
                f"{self.client.base_url} the root URL of Grafana? Include the "
                "sub-path when Grafana is served under one"
            )
        self._raise_if_denied(response, "searching dashboards")
        if response.status != 200:
            raise _unexpected("GET", path, response)
        if not isinstance(response.body, list):
            raise GrafanaError(
                f"{self.client.base_url} did not respond like Grafana: GET {path} "
                "returned no JSON list; check --grafana-url"
            )

    def get_dashboard(self, uid: str) -> RemoteDashboard | None:
        """Return the stored dashboard, or None when Grafana has no such uid."""
        path = f"/api/dashboards/uid/{uid}"
        response = self.client.request("GET", path)
        if response.status == 404:
            return None
        self._raise_if_denied(response, f'reading dashboard "{uid}"')
        if response.status != 200 or not isinstance(response.body, dict):
            raise _unexpected("GET", path, response)
        model = response.body.get("dashboard") or {}
        meta = response.body.get("meta") or {}
        return RemoteDashboard(
            uid=uid,
            title=str(model.get("title", "")),
            folder_uid=str(meta.get("folderUid") or ""),
            version=_as_int(model.get("version", meta.get("version"))),
            updated_by=str(meta.get("updatedBy") or "unknown user"),
            updated=str(meta.get("updated") or "unknown time"),
            model=model,
        )

    def save_dashboard(self, uid: str, body: dict[str, Any]) -> WriteResult:
        """Save with POST /api/dashboards/db and classify the response."""
        response = self.client.request("POST", "/api/dashboards/db", json_body=body)
        self._raise_if_denied(response, f'saving dashboard "{uid}"')
        attempts = response.attempts
        if response.status == 200 and isinstance(response.body, dict):
            version = _as_int(response.body.get("version"))
            return WriteResult(True, version=version, attempts=attempts)
        if _is_version_conflict(response):
            return WriteResult(
                False, response.message, conflict=True, attempts=attempts
            )
        return WriteResult(False, _save_failure(response, body), attempts=attempts)

    def delete_dashboard(self, uid: str) -> WriteResult:
        """DELETE a dashboard. One that is already gone counts as deleted."""
        path = f"/api/dashboards/uid/{uid}"
        response = self.client.request("DELETE", path)
        self._raise_if_denied(response, f'deleting dashboard "{uid}"')
        if response.status == 200:
            return WriteResult(True, attempts=response.attempts)
        if response.status == 404:
            return WriteResult(
                True, "it was already deleted", attempts=response.attempts
            )
        message = f"Grafana responded {response.status}: {response.message}"
        return WriteResult(False, message, attempts=response.attempts)

    def get_folder(self, uid: str) -> RemoteFolder | None:
        path = f"/api/folders/{uid}"
        response = self.client.request("GET", path)
        if response.status == 404:
            return None
        self._raise_if_denied(response, f'reading folder "{uid}"')
        if response.status != 200 or not isinstance(response.body, dict):
            raise _unexpected("GET", path, response)
        return RemoteFolder(
            uid=uid,
            title=str(response.body.get("title", "")),
            parent_uid=str(response.body.get("parentUid") or ""),
        )

    def create_folder(self, uid: str, title: str, parent_uid: str) -> bool:
        """Create a folder; return False when it existed already.

        Grafana responds 412 (12.x) or 409 (11.x) when the uid exists, for
        example when another push created it a moment earlier.
        """
        body = {"uid": uid, "title": title}
        if parent_uid:
            body["parentUid"] = parent_uid
        response = self.client.request("POST", "/api/folders", json_body=body)
        self._raise_if_denied(response, f'creating folder "{uid}"')
        if response.status == 200:
            return True
        if response.status in (409, 412) and self.get_folder(uid) is not None:
            log.debug("folder %s already existed (%d)", uid, response.status)
            return False
        raise _unexpected("POST", "/api/folders", response)

    def dashboard_uids(self, folder_uid: str | None = None) -> list[str]:
        """Return the uids of every dashboard the credentials can read,
        or only those directly inside `folder_uid`."""
        uids: list[str] = []
        page = 1
        while True:
            params: dict[str, Any] = {
                "type": "dash-db",
                "limit": SEARCH_PAGE_SIZE,
                "page": page,
            }
            if folder_uid is not None:
                params["folderUIDs"] = folder_uid
            response = self.client.request("GET", "/api/search", params=params)
            self._raise_if_denied(response, "searching dashboards")
            if response.status != 200 or not isinstance(response.body, list):
                raise _unexpected("GET", "/api/search", response)
            uids.extend(str(hit.get("uid")) for hit in response.body)
            if len(response.body) < SEARCH_PAGE_SIZE:
                return uids
            page += 1

    def datasource_uids(self) -> set[str] | None:
        """Return the uids of all data sources, or None when the credentials
        may not list them (listing needs datasources:read, an Admin permission
        by default)."""
        response = self.client.request("GET", "/api/datasources")
        if response.status == 403:
            return None
        if response.status != 200 or not isinstance(response.body, list):
            raise _unexpected("GET", "/api/datasources", response)
        return {str(item.get("uid")) for item in response.body if item.get("uid")}

    def _raise_if_denied(self, response: ApiResponse, action: str) -> None:
        """Stop the push on an access-control 403: the credentials lack an
        action, so every request of this kind would fail the same way."""
        if not response.is_access_control_denial:
            return
        needed = response.message.rpartition("Permissions needed:")[2].strip()
        credentials = self.client.credentials.describe()
        raise PermissionDenied(
            f"Grafana denied {action} (403): {credentials} lacks "
            f"{needed or 'a permission'}. mac push needs the Editor or Admin "
            "role, or Edit permission on the target folders"
        )


def _as_int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _is_version_conflict(response: ApiResponse) -> bool:
    if response.status == 409:
        return True
    body = response.body if isinstance(response.body, dict) else {}
    return response.status == 412 and body.get("status") == "version-mismatch"


def _save_failure(response: ApiResponse, body: dict[str, Any]) -> str:
    message = response.message
    folder = body.get("folderUid") or "General"
    if response.status in (400, 404) and message.lower() == "folder not found":
        return f'folder "{folder}" not found in Grafana'
    if response.status == 403:
        return f'{message}: the credentials cannot save dashboards in folder "{folder}"'
    return f"Grafana responded {response.status}: {message}"


def _unexpected(method: str, path: str, response: ApiResponse) -> UnexpectedResponse:
    return UnexpectedResponse(method, path, response.status, response.message)
