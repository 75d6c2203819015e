"""`mac push` against the fake Grafana on 127.0.0.1."""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitoring_as_code.errors import ExitCode
from monitoring_as_code.grafana import retry
from monitoring_as_code.grafana.api import GrafanaApi
from monitoring_as_code.grafana.artifacts import read_build
from monitoring_as_code.grafana.client import GrafanaClient
from monitoring_as_code.grafana.credentials import read_credentials
from monitoring_as_code.grafana.marker import MARKER_KEY
from monitoring_as_code.grafana.push import PushOptions, run_push
from tests.fake_grafana import FakeGrafana

BUILT_UIDS = ["api-overview", "platform-home", "root-board"]


def definitions_source(
    window: str = "5m",
    errors_panel: bool = True,
    latency_panel: bool = False,
    root_board: bool = True,
) -> str:
    """Return a definitions file: nested folders platform/platform-api, three
    dashboards, and a root dashboard with the fixed data source uid prom-main."""
    panels = [
        'Row("Traffic", [TimeSeriesPanel("Requests", '
        f'[Target("sum(rate(http_requests_total[{window}]))")])])'
    ]
    if errors_panel:
        panels.append('StatPanel("Errors", [Target("sum(rate(http_errors_total[5m]))")])')
    if latency_panel:
        panels.append('StatPanel("Latency", [Target("max(request_seconds)")])')
    source = f'''
from monitoring_as_code import (
    Dashboard, Datasource, Folder, Row, StatPanel, Target, TimeSeriesPanel,
)

platform = Folder("platform", "Platform")
api = Folder("platform-api", "API", parent=platform)

Dashboard("api-overview", "API overview", [{", ".join(panels)}], folder=api)
Dashboard(
    "platform-home", "Platform home", [StatPanel("Up", [Target("sum(up)")])],
    folder=platform,
)
'''
    if root_board:
        source += '''
Dashboard(
    "root-board", "Root board",
    [TimeSeriesPanel("Load", [Target("node_load1")],
                     datasource=Datasource("prometheus", "prom-main"))],
)
'''
    return source


@dataclass
class Project:
    definitions: Path
    build: Path
    run_mac: object

    def write(self, **options) -> None:
        """Rewrite the definitions and build them."""
        (self.definitions / "dashboards.py").write_text(definitions_source(**options))
        importlib.invalidate_caches()
        result = self.run_mac(
            "build", "--definitions", str(self.definitions), "--out", str(self.build)
        )
        assert result.exit_code == 0, result.output


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    """Short retry waits, no stale bytecode of rewritten definitions, and no
    Grafana settings from the environment."""
    monkeypatch.setattr(
        retry, "DEFAULT_POLICY", retry.RetryPolicy(base_delay=0.01, max_delay=0.02)
    )
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name in ("GRAFANA_URL", "GRAFANA_TOKEN", "GRAFANA_USER", "GRAFANA_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path, run_mac) -> Project:
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    built = Project(definitions, tmp_path / "build", run_mac)
    built.write()
    return built


@pytest.fixture
def grafana():
    with FakeGrafana() as fake:
        yield fake


@pytest.fixture
def token(grafana, monkeypatch) -> str:
    value = grafana.add_token("Editor")
    monkeypatch.setenv("GRAFANA_TOKEN", value)
    return value


def push(run_mac, grafana, project, *args):
    return push_to(run_mac, grafana.url, project, *args)


def push_to(run_mac, url, project, *args):
    return run_mac(
        "push",
        "--grafana-url",
        url,
        "--build",
        str(project.build),
        "--definitions",
        str(project.definitions),
        *args,
    )


def writes(grafana) -> list[tuple]:
    """Return the logged POST, PUT and DELETE requests."""
    return [
        tuple(record)
        for record in grafana.request_log
        if record.method in ("POST", "PUT", "DELETE")
    ]


def stored_folder(grafana, uid: str) -> str:
    # The fake's state, read without a request so that the log stays clean.
    return grafana._dashboards[uid].folder_uid


# ---------------------------------------------------------------------------
# Creating, updating and skipping
# ---------------------------------------------------------------------------


def test_first_push_creates_folders_then_dashboards(run_mac, grafana, token, project):
    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    posts = [record.path for record in grafana.request_log if record.method == "POST"]
    assert posts[:2] == ["/api/folders", "/api/folders"]
    assert posts[2:] == ["/api/dashboards/db"] * 3
    assert stored_folder(grafana, "api-overview") == "platform-api"
    assert stored_folder(grafana, "platform-home") == "platform"
    assert stored_folder(grafana, "root-board") == ""
    assert 'created      folder platform "Platform"' in result.output
    assert 'created      platform-api/api-overview "API overview" (version 1)' in (
        result.output
    )
    assert "3 created, 2 folders created" in result.output


def test_first_push_parent_folder_first(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    # Creating platform-api before its parent would get 404 from Grafana.
    folders = [record for record in writes(grafana) if record[1] == "/api/folders"]
    assert folders == [("POST", "/api/folders", 200)] * 2
    assert grafana._folders["platform-api"].parent_uid == "platform"


def test_saved_model_has_marker_and_id(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    model = grafana.dashboard_model("api-overview")
    assert model["uid"] == "api-overview"
    assert isinstance(model["id"], int)
    assert model[MARKER_KEY]["grafanaVersion"] == 1
    assert len(model[MARKER_KEY]["contentSha256"]) == 64


def test_message_outside_git(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    history = grafana.dashboard_versions("api-overview")
    assert [entry["message"] for entry in history] == ["mac push"]


def test_message_names_git_commit(run_mac, grafana, token, project, tmp_path):
    def git(*args):
        return subprocess.run(
            ["git", "-C", str(tmp_path), "-c", "user.name=Test",
             "-c", "user.email=test@example.com", *args],
            check=True, capture_output=True, text=True,
        ).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "Add the API dashboards")
    sha = git("rev-parse", "--short", "HEAD")

    push(run_mac, grafana, project)

    message = grafana.dashboard_versions("api-overview")[0]["message"]
    assert message == f"mac push: {sha} Add the API dashboards"


def test_repush_unchanged_zero_writes(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    count = grafana.write_count
    logged = len(writes(grafana))

    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    assert grafana.write_count == count
    assert len(writes(grafana)) == logged
    assert result.output.count("unchanged    ") == 3
    assert "3 unchanged" in result.output


def test_one_changed_dashboard_one_write(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    count = grafana.write_count
    project.write(window="10m")

    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    assert grafana.write_count == count + 1
    assert 'updated      platform-api/api-overview "API overview" (version 2)' in (
        result.output
    )
    assert "1 updated, 2 unchanged" in result.output
    assert grafana.dashboard_model("api-overview")[MARKER_KEY]["grafanaVersion"] == 2


def test_save_without_change_is_not_edit(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    grafana.edit_in_ui("api-overview", {}, user="jane")  # a save that changes nothing
    count = grafana.write_count

    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    assert grafana.write_count == count


def test_server_adjusted_refresh_is_not_edit(run_mac, token, project, monkeypatch):
    # The build's refresh is 1m; this Grafana raises it to its 5m minimum.
    with FakeGrafana(min_refresh_interval="5m") as fake:
        monkeypatch.setenv("GRAFANA_TOKEN", fake.add_token("Editor"))
        push(run_mac, fake, project)
        assert fake.dashboard_model("root-board")["refresh"] == "5m"
        count = fake.write_count

        result = push(run_mac, fake, project)

        assert result.exit_code == 0, result.output
        assert fake.write_count == count


# ---------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------


def test_ui_edit_rejected_with_who_and_when(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    grafana.edit_in_ui("api-overview", {"title": "Edited"}, user="jane")
    updated = grafana._dashboards["api-overview"].updated
    count = grafana.write_count

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert grafana.write_count == count
    assert f"edited in Grafana by jane at {updated}" in result.output
    assert "use --force to overwrite" in result.output
    assert "platform-api/api-overview (conflict)" in result.output
    assert grafana.dashboard_model("api-overview")["title"] == "Edited"


def test_force_overwrites_ui_edit(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    grafana.edit_in_ui("api-overview", {"title": "Edited"}, user="jane")

    result = push(run_mac, grafana, project, "--force")

    assert result.exit_code == 0, result.output
    assert grafana.dashboard_model("api-overview")["title"] == "API overview"
    assert "--force overwrites: edited in Grafana by jane" in result.output
    assert push(run_mac, grafana, project).exit_code == 0


def test_dashboard_not_pushed_by_mac_conflict(run_mac, grafana, token, project):
    grafana.seed_dashboard({"uid": "root-board", "title": "Hand made"}, user="bob")

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "mac did not push" in result.output
    assert "last saved by bob" in result.output
    assert grafana.dashboard_model("root-board")["title"] == "Hand made"


@pytest.mark.parametrize("mode", ["12", "13"])
def test_edit_during_push_is_conflict(project, mode):
    """A UI save between reading and writing gets 412 (12.x) or 409 (13)."""
    with FakeGrafana(mode=mode) as fake:
        credentials = read_credentials(None, {"GRAFANA_TOKEN": fake.add_token("Editor")})
        with GrafanaClient(fake.url, credentials, timeout=5) as client:
            api = GrafanaApi(client)
            build = read_build(project.build)
            run_push(api, build, PushOptions())

            def progress(label, total):
                if label == "pushing dashboards":
                    fake.edit_in_ui("api-overview", {"title": "Edited"}, user="jane")
                return lambda count: None

            project.write(window="1h")
            build = read_build(project.build)
            result = run_push(api, build, PushOptions(), progress)

    statuses = {outcome.uid: outcome.status for outcome in result.dashboards}
    conflict = next(o for o in result.dashboards if o.uid == "api-overview")
    status = 409 if mode == "13" else 412
    assert statuses == {"api-overview": "conflict", "platform-home": "unchanged",
                        "root-board": "unchanged"}
    assert "changed in Grafana during the push by jane" in conflict.message
    assert ("POST", "/api/dashboards/db", status) in [tuple(r) for r in fake.request_log]


@pytest.mark.parametrize("fault", [None, 409])
def test_folder_created_meanwhile_is_success(project, fault):
    """A folder that appears between reading and creating (412 in 12.x, or an
    injected 409 as in 11.x) is read back and used."""
    with FakeGrafana() as fake:
        credentials = read_credentials(None, {"GRAFANA_TOKEN": fake.add_token("Editor")})
        if fault is not None:
            fake.inject_fault(fault, path="/api/folders", method="POST")

        def progress(label, total):
            if label == "reading Grafana":
                fake.seed_folder("platform", "Platform")
            return lambda count: None

        with GrafanaClient(fake.url, credentials, timeout=5) as client:
            result = run_push(GrafanaApi(client), read_build(project.build),
                              PushOptions(), progress)

    folders = {folder.uid: folder.status for folder in result.folders}
    assert folders == {"platform": "exists", "platform-api": "created"}
    assert not result.unsuccessful


# ---------------------------------------------------------------------------
# Dry run
# ---------------------------------------------------------------------------


def test_dry_run_empty_grafana(run_mac, grafana, token, project):
    result = push(run_mac, grafana, project, "--dry-run")

    assert result.exit_code == 0, result.output
    assert writes(grafana) == []
    assert 'would create folder platform-api "API"' in result.output
    assert 'would create general/root-board "Root board"' in result.output
    assert "nothing written: 3 to create, 2 folders to create" in result.output


def test_dry_run_shows_panel_and_query_diff(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    count = len(writes(grafana))
    project.write(window="1m", errors_panel=False, latency_panel=True)

    result = push(run_mac, grafana, project, "--dry-run")

    assert result.exit_code == 0, result.output
    assert len(writes(grafana)) == count
    lines = result.stdout.splitlines()
    start = lines.index('would update platform-api/api-overview "API overview"')
    assert lines[start + 1:start + 6] == [
        '    + panel "Latency"',
        '    - panel "Errors"',
        '    ~ panel "Requests" query A:',
        "        - sum(rate(http_requests_total[5m]))",
        "        + sum(rate(http_requests_total[1m]))",
    ]
    assert 'unchanged    platform/platform-home "Platform home"' in lines


def test_dry_run_lists_conflict_diff(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    grafana.edit_in_ui("platform-home", {"title": "Home (edited)"}, user="jane")

    result = push(run_mac, grafana, project, "--dry-run")

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "edited in Grafana by jane" in result.output
    assert '    ~ title: "Home (edited)" -> "Platform home"' in result.output
    assert "would not be pushed: platform/platform-home (conflict)" in result.output


def test_dry_run_json(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    project.write(window="2m")

    result = push(run_mac, grafana, project, "--dry-run", "--format", "json")

    report = json.loads(result.stdout)
    statuses = {item["uid"]: item["status"] for item in report["dashboards"]}
    assert result.exit_code == 0
    assert report["version"] == 1
    assert report["dryRun"] is True
    assert statuses == {"api-overview": "update", "platform-home": "unchanged",
                        "root-board": "unchanged"}
    assert report["summary"] == {"unchanged": 2, "update": 1}


# ---------------------------------------------------------------------------
# Prune
# ---------------------------------------------------------------------------


def test_prune_deletes_only_owned_removed(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    grafana.seed_dashboard({"uid": "hand-made", "title": "Hand made"},
                           folder_uid="platform")
    project.write(root_board=False)

    dry = push(run_mac, grafana, project, "--prune", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert 'would delete general/root-board "Root board"' in dry.output
    assert "hand-made" not in dry.output
    assert grafana.dashboard_model("root-board") is not None

    result = push(run_mac, grafana, project, "--prune")

    assert result.exit_code == 0, result.output
    assert grafana.dashboard_model("root-board") is None
    assert grafana.dashboard_model("hand-made") is not None
    assert ("DELETE", "/api/dashboards/uid/root-board", 200) in writes(grafana)
    assert len([r for r in writes(grafana) if r[0] == "DELETE"]) == 1
    assert "1 deleted" in result.output


def test_prune_keeps_edited_owned_dashboard(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    grafana.edit_in_ui("root-board", {"title": "Kept"}, user="jane")
    project.write(root_board=False)

    result = push(run_mac, grafana, project, "--prune")

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "use --force to delete it" in result.output
    assert grafana.dashboard_model("root-board") is not None
    forced = push(run_mac, grafana, project, "--prune", "--force")
    assert forced.exit_code == 0, forced.output
    assert grafana.dashboard_model("root-board") is None


def test_without_prune_nothing_deleted(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    project.write(root_board=False)
    result = push(run_mac, grafana, project)
    assert result.exit_code == 0
    assert grafana.dashboard_model("root-board") is not None


# ---------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------


def test_wrong_token_401(run_mac, grafana, project, monkeypatch):
    monkeypatch.setenv("GRAFANA_TOKEN", "glsa_wrong_token_value")

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert "Grafana does not know the token from GRAFANA_TOKEN (401 Invalid API key)" in (
        result.output
    )
    assert [tuple(r) for r in grafana.request_log] == [("GET", "/api/search", 401)]


@pytest.mark.parametrize("status, message", [
    ("expired", "the token from GRAFANA_TOKEN has expired (401)"),
    ("revoked", "the token from GRAFANA_TOKEN was revoked (401)"),
])
def test_dead_token_401(run_mac, grafana, project, monkeypatch, status, message):
    monkeypatch.setenv("GRAFANA_TOKEN", grafana.add_token("Editor", status=status))
    result = push(run_mac, grafana, project)
    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert f"error: {message}" in result.output


def test_viewer_token_403(run_mac, grafana, project, monkeypatch):
    monkeypatch.setenv("GRAFANA_TOKEN", grafana.add_token("Viewer"))

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert (
        'error: Grafana denied creating folder "platform" (403): the token from '
        "GRAFANA_TOKEN lacks folders:create. mac push needs the Editor or Admin role"
    ) in result.output
    assert grafana.write_count == 0
    assert [r for r in writes(grafana) if r[1] == "/api/dashboards/db"] == []


def test_viewer_denied_save_stops_push(run_mac, grafana, project, monkeypatch):
    grafana.seed_folder("platform", "Platform")
    grafana.seed_folder("platform-api", "API", parent_uid="platform")
    monkeypatch.setenv("GRAFANA_TOKEN", grafana.add_token("Viewer"))

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert "lacks any of dashboards:create, dashboards:write" in result.output
    assert grafana.write_count == 0


def test_basic_auth_user(run_mac, grafana, project, monkeypatch):
    grafana.add_user("deploy", "s3cret-pass", "Editor")
    monkeypatch.setenv("GRAFANA_USER", "deploy")
    monkeypatch.setenv("GRAFANA_PASSWORD", "s3cret-pass")

    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    assert grafana._dashboards["api-overview"].created_by == "deploy"


def test_basic_auth_wrong_password(run_mac, grafana, project, monkeypatch):
    grafana.add_user("deploy", "s3cret-pass", "Editor")
    monkeypatch.setenv("GRAFANA_USER", "deploy")
    monkeypatch.setenv("GRAFANA_PASSWORD", "wrong-pass")

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert "Grafana rejected the user from GRAFANA_USER/GRAFANA_PASSWORD" in result.output
    assert "wrong-pass" not in result.output


def test_token_file(run_mac, grafana, project, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(grafana.add_token("Editor") + "\n")
    result = push(run_mac, grafana, project, "--token-file", str(token_file))
    assert result.exit_code == 0, result.output


def test_no_credentials_usage_error(run_mac, grafana, project):
    result = push(run_mac, grafana, project)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "no Grafana credentials: set GRAFANA_TOKEN" in result.output
    assert grafana.request_log == []


def test_token_with_newline_rejected(run_mac, grafana, project, monkeypatch):
    monkeypatch.setenv("GRAFANA_TOKEN", "glsa_first_half\nsecond_half")
    result = push(run_mac, grafana, project)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "the token from GRAFANA_TOKEN contains spaces or control characters" in (
        result.output
    )
    assert "first_half" not in result.output
    assert grafana.request_log == []


def test_url_with_password_rejected(run_mac, token, project):
    result = run_mac("push", "--grafana-url", "http://admin:hunter2@127.0.0.1:3000",
                     "--build", str(project.build))
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "must not contain a user or password" in result.output
    assert "hunter2" not in result.output


def test_token_never_printed(run_mac, grafana, project, monkeypatch, tmp_path):
    token = grafana.add_token("Admin")
    viewer = grafana.add_token("Viewer")
    wrong = "glsa_0123456789abcdef0123456789abcdef_deadbeef"
    outputs = []
    monkeypatch.setenv("GRAFANA_TOKEN", token)
    outputs.append(run_mac("--debug", "push", "--grafana-url", grafana.url, "--build",
                           str(project.build), "--definitions", str(project.definitions),
                           "-v").output)
    outputs.append(push(run_mac, grafana, project, "--dry-run", "--format", "json").output)
    grafana.edit_in_ui("api-overview", {"title": "Edited"})
    outputs.append(push(run_mac, grafana, project, "-v").output)
    grafana.inject_fault(503, times=2, path="/api/dashboards/db")
    outputs.append(push(run_mac, grafana, project, "--force", "-v").output)
    for secret in (viewer, wrong):
        monkeypatch.setenv("GRAFANA_TOKEN", secret)
        outputs.append(push(run_mac, grafana, project, "-v").output)
    token_file = tmp_path / "token"
    token_file.write_text(token)
    outputs.append(push(run_mac, grafana, project, "--token-file", str(token_file),
                        "--format", "json").output)
    credentials = read_credentials(token_file)
    outputs += [repr(credentials), str(credentials)]
    with GrafanaClient(grafana.url, credentials) as client:
        outputs.append(repr(client))

    captured = "\n".join(outputs)
    assert "glsa_" not in captured
    for secret in (token, viewer, wrong):
        assert secret.split("_")[1] not in captured


# ---------------------------------------------------------------------------
# Network failures and retries
# ---------------------------------------------------------------------------


def test_unreachable_url_fast(run_mac, token, project):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()

    result = push_to(run_mac, f"http://127.0.0.1:{port}", project)

    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert f"cannot connect to Grafana at http://127.0.0.1:{port}: connection refused (" in (
        result.output
    )
    assert time.monotonic() - started < 2


def test_503_then_success(run_mac, grafana, token, project):
    grafana.inject_fault(503, times=2, path="/api/dashboards/db", method="POST")

    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    saves = [r.status for r in grafana.request_log if r.path == "/api/dashboards/db"]
    assert saves == [503, 503, 200, 200, 200]
    assert all(grafana.dashboard_model(uid) for uid in BUILT_UIDS)


def test_503_retries_bounded(run_mac, grafana, token, project):
    push(run_mac, grafana, project)  # so that the next push reads the dashboard
    grafana.inject_fault(503, times=100, path="/api/dashboards/uid/root-board")

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    reads = [r for r in grafana.request_log if r.path == "/api/dashboards/uid/root-board"]
    assert len(reads) == retry.DEFAULT_POLICY.max_attempts
    assert "failed with 503: Service Unavailable" in result.output


def test_first_push_reads_no_dashboard(run_mac, grafana, token, project):
    """Grafana lists no dashboard yet, so the push only writes."""
    push(run_mac, grafana, project)
    reads = [r for r in grafana.request_log if r.path.startswith("/api/dashboards/uid/")]
    assert reads == []


def test_400_not_retried(run_mac, grafana, token, project):
    grafana.inject_fault(400, times=5, path="/api/dashboards/db")
    push(run_mac, grafana, project)
    saves = [r for r in grafana.request_log if r.path == "/api/dashboards/db"]
    assert len(saves) == 3


def test_429_retry_after_honoured(run_mac, grafana, token, project):
    push(run_mac, grafana, project)
    project.write(window="3m")
    grafana.inject_fault(429, retry_after=1, path="/api/dashboards/db", method="POST")
    started = time.monotonic()

    result = push(run_mac, grafana, project)

    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert elapsed >= 1.0
    assert elapsed < 3.0
    saves = [r.status for r in grafana.request_log if r.path == "/api/dashboards/db"]
    assert saves[-2:] == [429, 200]


def test_timeout_reported_with_bounded_retries(run_mac, token, project, monkeypatch):
    with FakeGrafana() as fake:
        monkeypatch.setenv("GRAFANA_TOKEN", fake.add_token("Editor"))
        push(run_mac, fake, project)  # so that the next push reads the dashboard
        fake.inject_fault(delay=5, drop=True, times=10,
                          path="/api/dashboards/uid/root-board")
        started = time.monotonic()

        result = push(run_mac, fake, project, "--timeout", "0.2")

        elapsed = time.monotonic() - started
    reads = [r for r in fake.request_log if r.path == "/api/dashboards/uid/root-board"]
    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "GET /api/dashboards/uid/root-board timed out after 0.2 s (4 attempts)" in (
        result.output
    )
    assert "general/root-board (failed)" in result.output
    assert len(reads) == 4
    assert elapsed < 3


def test_lost_save_response_not_conflict(run_mac, token, project, monkeypatch):
    """A save whose response timed out but which Grafana applied is found on
    the retry's 412 and reported as created."""
    monkeypatch.setattr(
        retry, "DEFAULT_POLICY", retry.RetryPolicy(base_delay=0.6, max_delay=0.6)
    )
    with FakeGrafana() as fake:
        monkeypatch.setenv("GRAFANA_TOKEN", fake.add_token("Editor"))
        push(run_mac, fake, project)
        project.write(window="4m")
        fake.inject_fault(delay=0.3, path="/api/dashboards/db", method="POST")

        result = push(run_mac, fake, project, "--timeout", "0.2")

        saves = [r.status for r in fake.request_log if r.path == "/api/dashboards/db"]
    assert result.exit_code == 0, result.output
    assert "updated      platform-api/api-overview" in result.output
    assert saves[-2:] == [200, 412]


# ---------------------------------------------------------------------------
# Build checks, --folder, data sources, TLS
# ---------------------------------------------------------------------------


def test_stale_build_rejected(run_mac, grafana, token, project):
    (project.definitions / "dashboards.py").write_text(definitions_source(window="9m"))
    importlib.invalidate_caches()

    result = push(run_mac, grafana, project)

    assert result.exit_code == ExitCode.PROBLEMS_FOUND
    assert "is stale" in result.output
    assert "changed grafana/dashboards/platform-api/api-overview.json" in result.output
    assert "run `mac build`" in result.output
    assert grafana.request_log == []


def test_build_without_definitions_pushed_with_note(run_mac, grafana, token, project,
                                                    monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path / "build")
    result = run_mac("push", "--grafana-url", grafana.url, "--build", ".")
    assert result.exit_code == 0, result.output
    assert "note: no definitions/ folder" in result.output


def test_folder_option_puts_all_in_folder(run_mac, grafana, token, project):
    grafana.seed_folder("sandbox", "Sandbox")

    result = push(run_mac, grafana, project, "--folder", "sandbox")

    assert result.exit_code == 0, result.output
    assert {stored_folder(grafana, uid) for uid in BUILT_UIDS} == {"sandbox"}
    assert [r for r in writes(grafana) if r[1] == "/api/folders"] == []


def test_folder_option_unknown_folder(run_mac, grafana, token, project):
    result = push(run_mac, grafana, project, "--folder", "nowhere")
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "folder 'nowhere' given with --folder not found in Grafana" in result.output


def test_missing_datasource_warning(run_mac, grafana, project, monkeypatch):
    monkeypatch.setenv("GRAFANA_TOKEN", grafana.add_token("Admin"))
    grafana.add_datasource("Other", "prometheus", uid="prom-other")

    result = push(run_mac, grafana, project)

    assert result.exit_code == 0, result.output
    assert ('warning: dashboard "root-board" refers to data source uid "prom-main", '
            "which Grafana does not have") in result.output


def test_known_datasource_no_warning(run_mac, grafana, project, monkeypatch):
    monkeypatch.setenv("GRAFANA_TOKEN", grafana.add_token("Admin"))
    grafana.add_datasource("Main", "prometheus", uid="prom-main")
    result = push(run_mac, grafana, project)
    assert "warning" not in result.output


def test_datasource_check_skipped_on_403(run_mac, grafana, token, project):
    result = push(run_mac, grafana, project)
    assert result.exit_code == 0, result.output
    assert "note: skipped the data source check" in result.output
    assert "403" in result.output


def test_insecure_prints_warning(run_mac, grafana, token, project):
    result = push(run_mac, grafana, project, "--insecure")
    assert result.exit_code == 0, result.output
    assert "warning: --insecure: Grafana's TLS certificate is not verified" in (
        result.output
    )


def test_insecure_with_ca_cert_rejected(run_mac, grafana, token, project, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("not a certificate")
    result = push(run_mac, grafana, project, "--insecure", "--ca-cert", str(ca))
    assert result.exit_code == ExitCode.USAGE_ERROR


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server on 127.0.0.1 with a self-signed certificate. It responds
    401 to every request, which shows that the TLS handshake passed."""
    import http.server
    import ssl
    import threading

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("openssl cannot make a test certificate")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b'{"message":"Unauthorized","messageId":"auth.unauthorized"}'
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()
    thread.join()


def test_tls_unknown_ca_rejected(run_mac, tls_server, token, project):
    url, _ = tls_server
    result = push_to(run_mac, url, project)
    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert f"TLS verification of {url} failed" in result.output
    assert "pass --ca-cert" in result.output


def test_tls_ca_cert_trusted(run_mac, tls_server, token, project):
    url, cert = tls_server
    result = push_to(run_mac, url, project, "--ca-cert", str(cert))
    assert result.exit_code == ExitCode.REMOTE_ERROR
    assert "Grafana did not accept the token from GRAFANA_TOKEN (401 Unauthorized)" in (
        result.output
    )


# ---------------------------------------------------------------------------
# Units: Retry-After parsing and the retry table
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("header, seconds", [
    ("2", 2.0),
    ("0.5", 0.5),
    ("-3", 0.0),
    ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
    ("soon", None),
    ("nan", None),
    (None, None),
])
def test_parse_retry_after(header, seconds):
    from datetime import datetime, timezone

    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=timezone.utc)
    assert retry.parse_retry_after(header, now) == seconds


@pytest.mark.parametrize("status, attempts", [
    (429, 4), (502, 4), (503, 4), (504, 4), (500, 2), (400, 1), (404, 1), (409, 1),
    (412, 1),
])
def test_attempts_per_status(status, attempts):
    assert retry.RetryPolicy().attempts_for_status(status) == attempts


def test_prune_leaves_other_folders(run_mac, grafana, token, project, tmp_path):
    """A dashboard mac pushed from another project, into a folder this
    project does not declare, is not pruned."""
    push(run_mac, grafana, project)
    other = grafana.dashboard_model("root-board")
    other = {**other, "uid": "other-project", "title": "Other project"}
    grafana.seed_folder("elsewhere", "Elsewhere")
    grafana.seed_dashboard(other, folder_uid="elsewhere")

    result = push(run_mac, grafana, project, "--prune")

    assert result.exit_code == 0, result.output
    assert grafana.dashboard_model("other-project") is not None
    assert "other-project" not in result.output
