"""Fake Grafana HTTP server for tests of a dashboard push tool.

Emulates the Grafana 12.x HTTP API as `mac push` uses it. It serves `/api/health`,
`/api/search`, folders (nested), read-only data sources, and dashboard save, get and
delete with Grafana's validation order and version numbering. Requests authenticate with
service-account tokens or basic auth, each with a Viewer, Editor or Admin role.
`FakeGrafana(mode="13")` switches to Grafana main after 13.0.1, where a stale dashboard
version gives 409 instead of 412. Error bodies use Grafana's four shapes: A `{"message"}`,
B `{"status","message"}`, C errutil (authentication failures) and D (RBAC deny).

Deliberate omissions:
* One organization (id 1). `X-Grafana-Org-Id` only matters for the token org check.
* No alerting provisioning, dashboard version-history API, stars (`starred=true` returns
  `[]`), folder move, library panels, `/apis/...` Kubernetes-style endpoints or schema-v2
  dashboards (no 406, and no v2 payload rejection in mode "13").
* Permissions are the basic roles plus `deny_folder_writes`, which only affects dashboard saves.
* Every save increments the version. The unified-storage rule (unchanged version when the
  spec did not change) is not modelled.
* Slugs hex-encode non-ASCII characters instead of transliterating accents.
* Request bodies need a Content-Length header, so chunked uploads are not supported.
"""

import base64
import copy
import http
import json
import re
import secrets
import socket
import string
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

# --- Limits and role permissions (Grafana 12.x defaults) ---

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


class Response(NamedTuple):
    """HTTP response built by a route. `body` is a JSON value, or bytes sent unchanged."""

    status: int
    body: object = None
    content_type: str = "application/json"
    headers: tuple = ()
    changed: bool = False


class RequestRecord(NamedTuple):
    """One logged request. `status` is None when a fault dropped the connection."""

    method: str
    path: str
    status: int | None


class Identity(NamedTuple):
    login: str
    role: str


# --- The four error-body shapes ---


def plain_error(status: int, message: str, with_trace_id: bool = False) -> Response:
    """Build shape A. Grafana adds `traceID` only when an internal error was attached."""
    body = {"message": message}
    if with_trace_id:
        body["traceID"] = ""
    return Response(status, body)


def status_error(status: int, status_text: str, message: str) -> Response:
    """Build shape B, used by dashboard errors that carry a status string and by folder 404/412."""
    return Response(status, {"status": status_text, "message": message})


def errutil_error(status: int, message_id: str, message: str) -> Response:
    """Build shape C, the errutil body that authentication failures use."""
    body = {"extra": None, "message": message, "messageId": message_id,
            "statusCode": status, "traceID": ""}
    return Response(status, body)


def access_denied(actions: tuple) -> Response:
    """Build shape D, the RBAC middleware's 403 with a random `accessErrorId`."""
    needed = actions[0] if len(actions) == 1 else "any of " + ", ".join(actions)
    body = {
        "title": "Access denied",
        "message": "You'll need additional permissions to perform this action. "
                   f"Permissions needed: {needed}",
        "accessErrorId": "ACE" + "".join(secrets.choice(string.digits) for _ in range(10)),
    }
    return Response(403, body)


# --- Helpers ---

SLUG_REPLACEMENTS = {" ": "-", "&": "and", "@": "at"}
SLUG_OMITTED = set(",\"'\n\r\0?.()")


def slugify(title: str) -> str:
    """Return Grafana's URL slug: lower case, kept [a-z0-9_-], other characters hex-encoded.

    A slug that is empty or longer than 50 bytes becomes a UUIDv5 of the title, as in Grafana.
    """
    parts = []
    for char in title.strip().lower():
        if char in SLUG_REPLACEMENTS:
            parts.append(SLUG_REPLACEMENTS[char])
        elif char.isascii() and (char.isalnum() or char in "_-"):
            parts.append(char)
        elif char not in SLUG_OMITTED:
            parts.append(char.encode("utf-8").hex())
    slug = "".join(parts)
    if not slug or len(slug) > 50:
        slug = str(uuid.uuid5(uuid.NAMESPACE_OID, title))
    return slug


def parse_duration_seconds(value: object) -> int | None:
    """Return a Grafana refresh interval such as "30s" or "1m" in seconds, or None."""
    match = re.fullmatch(r"(\d+)([smhdwy])", value) if isinstance(value, str) else None
    if match is None:
        return None
    return int(match.group(1)) * DURATION_SECONDS[match.group(2)]


def parse_int(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def decode_json_body(headers, body: bytes) -> dict | None:
    """Return the JSON object body, or None where Grafana's binder rejects it with 400."""
    media_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return None
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def new_uid() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(14))


# --- Stored state ---


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


# --- HTTP plumbing ---


class _Server(ThreadingHTTPServer):
    # Non-daemon handler threads, so server_close() joins every one of them.
    daemon_threads = False

    def __init__(self, fake: "FakeGrafana"):
        self.fake = fake
        self.open_connections = set()
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        with self.connections_lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.connections_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self):
        """Shut down kept-alive client sockets so their handler threads see EOF and exit."""
        with self.connections_lock:
            connections = list(self.open_connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle kept-alive connection stays open

    def do_GET(self):
        self.server.fake._handle(self)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format, *args):
        pass  # FakeGrafana.request_log records requests instead of stderr.


# --- FakeGrafana: lifecycle and test helpers ---


class FakeGrafana:
    """Grafana stand-in serving on 127.0.0.1 from a background thread.

    Use it as a context manager, or call start() and stop(). Tests set up tokens, state
    and faults through the public methods, which are not logged as requests.

    mode: "12" (default) or "13", the Grafana line whose dashboard conflict rules apply.
    latency: seconds to wait before handling each request; also a settable attribute.
    dashboard_quota: max number of dashboards. A save without an id beyond it gets 403.
    min_refresh_interval: Grafana's min_refresh_interval; lower refresh values are raised.
    max_dashboard_mb: request size in MiB above which a save gets 413, or None for no limit.
    list_shared_with_me: add Grafana's virtual "sharedwithme" entry to the root folder list.
    """

    def __init__(self, mode: str = "12", latency: float = 0.0, dashboard_quota: int | None = None,
                 min_refresh_interval: str = "5s", max_dashboard_mb: int | None = None,
                 list_shared_with_me: bool = False):
        if mode not in HEALTH_BUILDS:
            raise ValueError(f"mode must be one of {sorted(HEALTH_BUILDS)}, got {mode!r}")
        self.mode = mode
        self.latency = latency  # seconds added before every request is handled
        self.dashboard_quota = dashboard_quota
        self.min_refresh_seconds = parse_duration_seconds(min_refresh_interval) or 0
        self.min_refresh_interval = min_refresh_interval
        self.max_dashboard_mb = max_dashboard_mb
        self.list_shared_with_me = list_shared_with_me
        self.database_ok = True  # False makes /api/health respond 503 "failing"
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._tokens = {}
        self._users = {}
        self._folders: dict[str, Folder] = {}
        self._dashboards: dict[str, Dashboard] = {}
        self._datasources = []
        self._denied_folders = set()
        self._faults: list[Fault] = []
        self._log: list[RequestRecord] = []
        self._write_count = 0
        self._next_id = 1
        self._last_stamp = None
        self._server = None
        self._thread = None

    def start(self) -> "FakeGrafana":
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close kept-alive connections and join every server thread."""
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.close_open_connections()
        self._server.server_close()
        self._thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> "FakeGrafana":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def request_log(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._log)

    @property
    def write_count(self) -> int:
        """Number of POST, PUT and DELETE requests that changed stored state."""
        with self._lock:
            return self._write_count

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
        adds a Retry-After header. `drop` closes the connection without a response. `delay` holds
        the request for that many seconds first, and if neither `status` nor `drop` is given
        the request is then handled normally, so a write may land after the client gave up.
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

    def _take_id(self) -> int:
        # Folders and dashboards share one id sequence, as in Grafana's legacy dashboard table.
        self._next_id += 1
        return self._next_id - 1

    def _stamp(self) -> str:
        # NOTE: each stamp is at least one second after the previous one, so that a UI edit
        # is always newer. Many writes per second therefore run ahead of the wall clock.
        now = datetime.now(timezone.utc).replace(microsecond=0)
        if self._last_stamp is not None and now <= self._last_stamp:
            now = self._last_stamp + timedelta(seconds=1)
        self._last_stamp = now
        return now.strftime("%Y-%m-%dT%H:%M:%SZ")

    # --- Request pipeline: latency, faults, routing, authentication ---

    def _handle(self, handler: _Handler) -> None:
        method = handler.command
        split = urlsplit(handler.path)
        path = split.path
        length = parse_int(handler.headers.get("Content-Length"), 0)
        body = handler.rfile.read(length) if length > 0 else b""
        if self.latency > 0:
            self._stopping.wait(self.latency)
        fault = self._take_fault(method, path)
        if fault is not None and fault.delay > 0:
            self._stopping.wait(fault.delay)
        if self._stopping.is_set() or (fault is not None and fault.drop):
            handler.close_connection = True
            self._record(RequestRecord(method, path, None), changed=False)
            return
        if fault is not None and fault.status is not None:
            response = plain_error(fault.status, http.HTTPStatus(fault.status).phrase)
            if fault.retry_after is not None:
                response = response._replace(headers=(("Retry-After", f"{fault.retry_after:g}"),))
        else:
            query = parse_qs(split.query, keep_blank_values=True)
            with self._lock:
                response = self._route(method, path, query, handler.headers, body)
        self._record(RequestRecord(method, path, response.status), response.changed)
        self._send(handler, method, response)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path_prefix) and fault.method in (None, method):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _record(self, record: RequestRecord, changed: bool) -> None:
        with self._lock:
            self._log.append(record)
            if changed:
                self._write_count += 1

    @staticmethod
    def _send(handler: _Handler, method: str, response: Response) -> None:
        if isinstance(response.body, bytes):
            payload = response.body
        else:
            payload = json.dumps(response.body, separators=(",", ":")).encode()
        try:
            handler.send_response(response.status)
            handler.send_header("Content-Type", response.content_type)
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in response.headers:
                handler.send_header(name, value)
            handler.end_headers()
            if method != "HEAD":
                handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True  # the client gave up, for example on a timeout

    ROUTES = (
        ("GET", r"/api/search", (), "_search"),
        ("GET", r"/api/folders", ("folders:read",), "_list_folders"),
        ("POST", r"/api/folders", ("folders:create",), "_create_folder"),
        ("GET", r"/api/folders/([^/]+)", ("folders:read",), "_get_folder"),
        ("PUT", r"/api/folders/([^/]+)", ("folders:write",), "_update_folder"),
        ("DELETE", r"/api/folders/([^/]+)", ("folders:delete",), "_delete_folder"),
        ("POST", r"/api/dashboards/db", ("dashboards:create", "dashboards:write"),
         "_save_dashboard"),
        ("GET", r"/api/dashboards/uid/([^/]+)", ("dashboards:read",), "_get_dashboard"),
        ("DELETE", r"/api/dashboards/uid/([^/]+)", ("dashboards:delete",), "_delete_dashboard"),
        ("GET", r"/api/datasources", ("datasources:read",), "_list_datasources"),
        ("GET", r"/api/datasources/uid/([^/]+)", ("datasources:read",), "_get_datasource"),
    )

    def _route(self, method: str, path: str, query: dict, headers, body: bytes) -> Response:
        # Health runs before authentication. Other methods on its path get the 404 below.
        if path == "/api/health" and method in ("GET", "HEAD"):
            return self._health()
        if path == "/healthz":
            return Response(200, b"Ok", "text/plain; charset=utf-8")
        for route_method, pattern, actions, handler_name in self.ROUTES:
            match = re.fullmatch(pattern, path)
            if route_method != method or match is None:
                continue
            identity = self._authenticate(headers)
            if isinstance(identity, Response):
                return identity
            if actions and not any(a in ROLE_ACTIONS[identity.role] for a in actions):
                return access_denied(actions)
            arguments = [unquote(group) for group in match.groups()]
            return getattr(self, handler_name)(identity, *arguments, query=query,
                                               headers=headers, body=body)
        return plain_error(404, "Not found")

    def _authenticate(self, headers) -> Identity | Response:
        scheme, _, credentials = (headers.get("Authorization") or "").partition(" ")
        scheme = scheme.lower()
        if scheme == "bearer":
            token = self._tokens.get(credentials.strip())
            if token is None:
                return errutil_error(401, "api-key.invalid", "Invalid API key")
            if token["status"] == "expired":
                return errutil_error(401, "api-key.expired", "Expired API key")
            if token["status"] == "revoked":
                return errutil_error(401, "api-key.revoked", "Revoked API key")
            requested_org = parse_int(headers.get("X-Grafana-Org-Id"), token["org_id"])
            if requested_org != token["org_id"]:
                return errutil_error(401, "api-key.organization-mismatch",
                                     "API key does not belong to the requested organization")
            return Identity(token["login"], token["role"])
        if scheme == "basic":
            # NOTE: an undecodable Basic header is treated like a wrong password. Grafana's
            # response to that case is not pinned down.
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode()
            except ValueError:
                decoded = ""
            login, separator, password = decoded.partition(":")
            user = self._users.get(login)
            if not separator or user is None or user["password"] != password:
                return errutil_error(401, "password-auth.failed", "Invalid username or password")
            return Identity(login, user["role"])
        return errutil_error(401, "auth.unauthorized", "Unauthorized")

    # --- Routes: health and search ---

    def _health(self) -> Response:
        version, commit = HEALTH_BUILDS[self.mode]
        database = "ok" if self.database_ok else "failing"
        body = json.dumps({"commit": commit, "database": database, "version": version},
                          indent=2).encode()
        status = 200 if self.database_ok else 503
        return Response(status, body, "application/json; charset=UTF-8",
                        (("Cache-Control", "no-store"),))

    def _search(self, identity: Identity, query: dict, **_) -> Response:
        def values(name):
            return [value for value in query.get(name, []) if value != ""]

        def first(name):
            return (values(name) or [""])[0]

        uids = set(values("dashboardUIDs") + values("dashboardUID"))
        ids = {parse_int(value, -1) for value in values("dashboardIds")}
        if uids and ids:
            return plain_error(400, "search supports UIDs or IDs, not both")
        limit = parse_int(first("limit"), 0)
        if limit > MAX_SEARCH_LIMIT:
            return plain_error(422, "Limit is above maximum allowed (5000), "
                                    "use page parameter to access hits beyond limit")
        limit = limit if limit >= 1 else DEFAULT_LIST_LIMIT
        page = max(parse_int(first("page"), 1), 1)
        if first("starred") == "true":
            return Response(200, [])
        hit_type = first("type")
        text = first("query").lower()
        tags = values("tag")
        folder_filter = {"" if uid == "general" else uid for uid in values("folderUIDs")}
        needs_edit = first("permission").lower() == "edit"

        candidates = []
        if hit_type != "dash-db":
            candidates += [(f.uid, f.id, f.title, f.parent_uid, [], self._folder_hit(f))
                           for f in self._folders.values()]
        if hit_type != "dash-folder":
            candidates += [(d.uid, d.id, d.model.get("title", ""), d.folder_uid,
                            d.model.get("tags") or [], self._dashboard_hit(d))
                           for d in self._dashboards.values()]
        hits = []
        for uid, item_id, title, parent_uid, item_tags, hit in candidates:
            if text and text not in title.lower():
                continue
            if (uids and uid not in uids) or (ids and item_id not in ids):
                continue
            if folder_filter and parent_uid not in folder_filter:
                continue
            if any(tag not in item_tags for tag in tags):
                continue
            if needs_edit and not self._can_write_in(identity, parent_uid):
                continue
            hits.append(hit)
        hits.sort(key=lambda hit: (hit["type"] != "dash-folder", hit["title"].lower()))
        return Response(200, hits[(page - 1) * limit:page * limit])

    def _folder_hit(self, folder: Folder) -> dict:
        slug = slugify(folder.title)
        hit = {"id": folder.id, "uid": folder.uid, "orgId": 1, "title": folder.title,
               "uri": f"db/{slug}", "url": f"/dashboards/f/{folder.uid}/{slug}", "slug": "",
               "type": "dash-folder", "tags": [], "isStarred": False, "sortMeta": 0,
               "isDeleted": False}
        return self._add_parent_fields(hit, folder.parent_uid)

    def _dashboard_hit(self, dashboard: Dashboard) -> dict:
        title = dashboard.model.get("title", "")
        slug = slugify(title)
        hit = {"id": dashboard.id, "uid": dashboard.uid, "orgId": 1, "title": title,
               "uri": f"db/{slug}", "url": f"/d/{dashboard.uid}/{slug}", "slug": "",
               "type": "dash-db", "tags": list(dashboard.model.get("tags") or []),
               "isStarred": False, "sortMeta": 0, "isDeleted": False}
        return self._add_parent_fields(hit, dashboard.folder_uid)

    def _add_parent_fields(self, hit: dict, parent_uid: str) -> dict:
        # Root items omit every folder field, so they never carry folderUid "general".
        parent = self._folders.get(parent_uid)
        if parent is not None:
            hit.update(folderId=parent.id, folderUid=parent.uid, folderTitle=parent.title,
                       folderUrl=f"/dashboards/f/{parent.uid}/{slugify(parent.title)}")
        return hit

    def _can_write_in(self, identity: Identity, folder_uid: str) -> bool:
        if "dashboards:write" not in ROLE_ACTIONS[identity.role]:
            return False
        return identity.role == "Admin" or folder_uid not in self._denied_folders

    # --- Routes: folders ---

    def _ancestors(self, folder: Folder) -> list[Folder]:
        """Return the folder's ancestors, root first."""
        chain = []
        parent = self._folders.get(folder.parent_uid)
        while parent is not None:
            chain.insert(0, parent)
            parent = self._folders.get(parent.parent_uid)
        return chain

    def _folder_dto(self, folder: Folder, identity: Identity, with_parents: bool = True) -> dict:
        can_write = "folders:write" in ROLE_ACTIONS[identity.role]
        dto = {"id": folder.id, "uid": folder.uid, "orgId": 1, "title": folder.title,
               "url": f"/dashboards/f/{folder.uid}/{slugify(folder.title)}", "hasAcl": False,
               "canSave": can_write, "canEdit": can_write,
               "canAdmin": identity.role == "Admin", "canDelete": can_write,
               "createdBy": folder.created_by, "created": folder.created,
               "updatedBy": folder.updated_by, "updated": folder.updated,
               "version": folder.version}
        if folder.parent_uid:
            dto["parentUid"] = folder.parent_uid
            if with_parents:
                dto["parents"] = [self._folder_dto(a, identity, False)
                                  for a in self._ancestors(folder)]
        return dto

    @staticmethod
    def _folder_not_found() -> Response:
        return status_error(404, "not-found", "folder not found")

    def _list_folders(self, identity: Identity, query: dict, **_) -> Response:
        parent_uid = (query.get("parentUid") or [""])[0]
        if parent_uid and parent_uid not in self._folders:
            return self._folder_not_found()
        limit = parse_int((query.get("limit") or [""])[0], 0)
        limit = limit if limit >= 1 else DEFAULT_LIST_LIMIT
        page = max(parse_int((query.get("page") or [""])[0], 1), 1)
        children = sorted((f for f in self._folders.values() if f.parent_uid == parent_uid),
                          key=lambda f: f.title.lower())
        items = []
        for folder in children[(page - 1) * limit:page * limit]:
            item = {"id": folder.id, "uid": folder.uid, "title": folder.title}
            if folder.parent_uid:
                item["parentUid"] = folder.parent_uid
            items.append(item)
        if self.list_shared_with_me and not parent_uid and page == 1:
            items.append({"uid": "sharedwithme", "title": "Shared with me"})
        return Response(200, items)

    def _get_folder(self, identity: Identity, uid: str, **_) -> Response:
        folder = self._folders.get(uid)
        if folder is None:
            return self._folder_not_found()
        return Response(200, self._folder_dto(folder, identity))

    def _create_folder(self, identity: Identity, headers, body: bytes, **_) -> Response:
        command = decode_json_body(headers, body)
        if command is None:
            return plain_error(400, "bad request data")
        title = str(command.get("title") or "").strip()
        uid = str(command.get("uid") or "").strip()
        parent_uid = str(command.get("parentUid") or "").strip()

        if not title:
            return plain_error(400, "folder title cannot be empty")
        if not UID_PATTERN.match(uid):
            return plain_error(400, "uid contains illegal characters")
        if len(uid) > MAX_UID_LENGTH:
            return plain_error(400, "uid too long, max 40 characters")
        if parent_uid and parent_uid == uid:
            return plain_error(400, "folder cannot be parent of itself")
        if parent_uid:
            parent = self._folders.get(parent_uid)
            if parent is None:
                return self._folder_not_found()
            # A root folder is at depth 1, so the new folder is at the parent's depth + 1.
            depth = len(self._ancestors(parent)) + 2
            if depth > MAX_FOLDER_DEPTH:
                # NOTE: the message differs between Grafana storage paths, but the status is 400.
                return plain_error(400, "Maximum nested folder depth reached")
        if uid in self._folders:
            # Grafana 12.x serves folders through the Kubernetes-style API, which maps
            # AlreadyExists to 412 for POST /api/folders.
            return status_error(412, "version-mismatch",
                                "the folder has been changed by someone else")

        stamp = self._stamp()
        folder = Folder(self._take_id(), uid or new_uid(), title, parent_uid, stamp,
                        identity.login, stamp, identity.login)
        self._folders[folder.uid] = folder
        return Response(200, self._folder_dto(folder, identity), changed=True)

    def _update_folder(self, identity: Identity, uid: str, headers, body: bytes, **_) -> Response:
        command = decode_json_body(headers, body)
        if command is None:
            return plain_error(400, "bad request data")
        folder = self._folders.get(uid)
        if folder is None:
            return self._folder_not_found()
        title = str(command.get("title") or "").strip()
        if not title:
            return plain_error(400, "folder title cannot be empty")
        if command.get("version") != folder.version and not command.get("overwrite"):
            return status_error(412, "version-mismatch",
                                "the folder has been changed by someone else")
        folder.title = title
        folder.version += 1
        folder.updated = self._stamp()
        folder.updated_by = identity.login
        return Response(200, self._folder_dto(folder, identity), changed=True)

    def _delete_folder(self, identity: Identity, uid: str, **_) -> Response:
        if uid not in self._folders:
            return self._folder_not_found()
        # Deleting a folder removes its subfolders and every dashboard inside them.
        doomed = {uid}
        while True:
            children = {f.uid for f in self._folders.values() if f.parent_uid in doomed}
            if children <= doomed:
                break
            doomed |= children
        for folder_uid in doomed:
            del self._folders[folder_uid]
        for dashboard in [d for d in self._dashboards.values() if d.folder_uid in doomed]:
            del self._dashboards[dashboard.uid]
        return Response(200, {"message": "Folder deleted"}, changed=True)

    # --- Routes: dashboards ---

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

    # --- Routes: data sources ---

    def _list_datasources(self, identity: Identity, **_) -> Response:
        return Response(200, sorted(copy.deepcopy(self._datasources), key=lambda d: d["name"]))

    def _get_datasource(self, identity: Identity, uid: str, **_) -> Response:
        for datasource in self._datasources:
            if datasource["uid"] == uid:
                detail = {"basicAuthUser": "", "withCredentials": False,
                          "secureJsonFields": {}, "version": 1}
                return Response(200, {**copy.deepcopy(datasource), **detail})
        return plain_error(404, "Data source not found")
