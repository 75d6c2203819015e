"""HTTP plumbing, lifecycle, request pipeline, routing and authentication of the fake."""

import base64
import http
import json
import re
import socket
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .controls import ControlsMixin
from .errors import Response, access_denied, errutil_error, plain_error
from .helpers import parse_duration_seconds, parse_int
from .routes.dashboards import DashboardRoutes
from .routes.datasources import DatasourceRoutes
from .routes.folders import FolderRoutes
from .routes.search import SearchRoutes
from .state import (HEALTH_BUILDS, ROLE_ACTIONS, Dashboard, Fault, Folder, Identity,
                    RequestRecord)

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
    # Send each response at once: with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers, about 40 ms per request on Linux.
    disable_nagle_algorithm = True
    timeout = 30  # seconds an idle kept-alive connection stays open

    def do_GET(self):
        self.server.fake._handle(self)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format, *args):
        pass  # FakeGrafana.request_log records requests instead of stderr.


class FakeGrafana(ControlsMixin, SearchRoutes, FolderRoutes, DashboardRoutes,
                  DatasourceRoutes):
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

    # --- Health and permissions ---

    def _health(self) -> Response:
        version, commit = HEALTH_BUILDS[self.mode]
        database = "ok" if self.database_ok else "failing"
        body = json.dumps({"commit": commit, "database": database, "version": version},
                          indent=2).encode()
        status = 200 if self.database_ok else 503
        return Response(status, body, "application/json; charset=UTF-8",
                        (("Cache-Control", "no-store"),))

    def _can_write_in(self, identity: Identity, folder_uid: str) -> bool:
        if "dashboards:write" not in ROLE_ACTIONS[identity.role]:
            return False
        return identity.role == "Admin" or folder_uid not in self._denied_folders
