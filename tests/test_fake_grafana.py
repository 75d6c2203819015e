"""Contract tests of tests/fake_grafana.py: the fake must respond as Grafana 12.x does."""

import re
import socket
import threading
import time

import pytest
import requests

from tests.fake_grafana import FakeGrafana

RBAC_PREFIX = "You'll need additional permissions to perform this action. Permissions needed: "
STALE_412 = {"status": "version-mismatch",
             "message": "The dashboard has been changed by someone else"}
FOLDER_EXISTS_412 = {"status": "version-mismatch",
                     "message": "the folder has been changed by someone else"}


@pytest.fixture
def grafana():
    with FakeGrafana() as fake:
        yield fake


def session_for(fake: FakeGrafana, role: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {fake.add_token(role)}"
    return session


@pytest.fixture
def editor(grafana):
    with session_for(grafana, "Editor") as session:
        yield session


@pytest.fixture
def admin(grafana):
    with session_for(grafana, "Admin") as session:
        yield session


def save(session, fake, dashboard, **fields):
    return session.post(f"{fake.url}/api/dashboards/db", json={"dashboard": dashboard, **fields})


def overview(**fields):
    return {"uid": "mac-overview", "title": "Production Overview", "id": None, **fields}


def make_folder(session, fake, uid, title, parent_uid=None):
    body = {"uid": uid, "title": title}
    if parent_uid:
        body["parentUid"] = parent_uid
    return session.post(f"{fake.url}/api/folders", json=body)


# ---------------------------------------------------------------------------
# Health
# ---------------------------------------------------------------------------


def test_health_needs_no_auth(grafana):
    response = requests.get(f"{grafana.url}/api/health")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json() == {"commit": "abc1234567", "database": "ok", "version": "12.3.1"}
    assert "\n  " in response.text


def test_health_head(grafana):
    response = requests.head(f"{grafana.url}/api/health")
    assert response.status_code == 200
    assert response.content == b""


def test_health_failing_database(grafana):
    grafana.database_ok = False
    response = requests.get(f"{grafana.url}/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"


# ---------------------------------------------------------------------------
# Authentication: 401 shape C, 403 shape D
# ---------------------------------------------------------------------------


def test_missing_credentials_401(grafana):
    response = requests.get(f"{grafana.url}/api/search")
    assert response.status_code == 401
    assert response.json() == {"extra": None, "message": "Unauthorized",
                               "messageId": "auth.unauthorized", "statusCode": 401,
                               "traceID": ""}


def test_unknown_token_401(grafana):
    headers = {"Authorization": "Bearer glsa_not_a_real_token"}
    response = requests.get(f"{grafana.url}/api/search", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"extra": None, "message": "Invalid API key",
                               "messageId": "api-key.invalid", "statusCode": 401,
                               "traceID": ""}


@pytest.mark.parametrize("status, message_id, message", [
    ("expired", "api-key.expired", "Expired API key"),
    ("revoked", "api-key.revoked", "Revoked API key"),
])
def test_dead_token_401(grafana, status, message_id, message):
    token = grafana.add_token("Admin", status=status)
    response = requests.get(f"{grafana.url}/api/search",
                            headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["messageId"] == message_id
    assert response.json()["message"] == message


def test_token_org_mismatch_401(grafana):
    token = grafana.add_token("Admin")
    headers = {"Authorization": f"Bearer {token}", "X-Grafana-Org-Id": "2"}
    response = requests.get(f"{grafana.url}/api/search", headers=headers)
    assert response.status_code == 401
    assert response.json()["messageId"] == "api-key.organization-mismatch"


def test_token_own_org_header_ok(grafana):
    token = grafana.add_token("Admin")
    headers = {"Authorization": f"Bearer {token}", "X-Grafana-Org-Id": "1"}
    response = requests.get(f"{grafana.url}/api/search", headers=headers)
    assert response.status_code == 200


def test_basic_auth_wrong_password_401(grafana):
    grafana.add_user("alice", "secret", "Editor")
    response = requests.get(f"{grafana.url}/api/search", auth=("alice", "wrong"))
    assert response.status_code == 401
    assert response.json() == {"extra": None, "message": "Invalid username or password",
                               "messageId": "password-auth.failed", "statusCode": 401,
                               "traceID": ""}


def test_basic_auth_user_saves(grafana):
    grafana.add_user("alice", "secret", "Editor")
    response = requests.post(f"{grafana.url}/api/dashboards/db", auth=("alice", "secret"),
                             json={"dashboard": overview()})
    assert response.status_code == 200
    meta = requests.get(f"{grafana.url}/api/dashboards/uid/mac-overview",
                        auth=("alice", "secret")).json()["meta"]
    assert meta["createdBy"] == "alice"


def test_viewer_save_403_rbac(grafana):
    with session_for(grafana, "Viewer") as viewer:
        response = save(viewer, grafana, overview())
    body = response.json()
    assert response.status_code == 403
    assert set(body) == {"title", "message", "accessErrorId"}
    assert body["title"] == "Access denied"
    assert body["message"].startswith(RBAC_PREFIX)
    assert re.fullmatch(r"ACE\d{10}", body["accessErrorId"])


def test_viewer_reads_dashboard(grafana, editor):
    save(editor, grafana, overview())
    with session_for(grafana, "Viewer") as viewer:
        response = viewer.get(f"{grafana.url}/api/dashboards/uid/mac-overview")
    assert response.status_code == 200
    assert response.json()["meta"]["canSave"] is False


def test_viewer_creates_folder_403(grafana):
    with session_for(grafana, "Viewer") as viewer:
        response = make_folder(viewer, grafana, "team", "Team")
    assert response.status_code == 403
    assert response.json()["message"] == RBAC_PREFIX + "folders:create"


def test_auth_checked_before_body(grafana):
    response = requests.post(f"{grafana.url}/api/dashboards/db", data="not json")
    assert response.status_code == 401


# ---------------------------------------------------------------------------
# POST /api/dashboards/db: 400 bad request data and the decision order
# ---------------------------------------------------------------------------


def test_save_wrong_content_type_400(grafana, editor):
    response = editor.post(f"{grafana.url}/api/dashboards/db",
                           data='{"dashboard": {"title": "A"}}',
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 400
    assert response.json() == {"message": "bad request data"}


def test_save_missing_content_type_400(grafana, editor):
    response = editor.post(f"{grafana.url}/api/dashboards/db",
                           data=b'{"dashboard": {"title": "A"}}')
    assert response.status_code == 400
    assert response.json() == {"message": "bad request data"}


def test_save_missing_dashboard_400(grafana, editor):
    response = editor.post(f"{grafana.url}/api/dashboards/db", json={"overwrite": True})
    assert response.status_code == 400
    assert response.json() == {"message": "bad request data"}


def test_save_malformed_json_400(grafana, editor):
    response = editor.post(f"{grafana.url}/api/dashboards/db", data="{not json",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"message": "bad request data"}


def test_save_is_folder_400(grafana, editor):
    response = save(editor, grafana, overview(), isFolder=True)
    assert response.status_code == 400
    assert response.json() == {"message": "Use folders endpoint for saving folders."}


def test_empty_title_400_shape_b(grafana, editor):
    response = save(editor, grafana, overview(title="   "))
    assert response.status_code == 400
    assert response.json() == {"status": "empty-name",
                               "message": "Dashboard title cannot be empty"}


def test_title_too_long_400(grafana, editor):
    response = save(editor, grafana, overview(title="x" * 5001))
    assert response.status_code == 400
    assert response.json() == {"status": "title-too-long",
                               "message": "Dashboard title cannot contain more than 5 000 characters"}


def test_message_too_long_400(grafana, editor):
    response = save(editor, grafana, overview(), message="m" * 501)
    assert response.status_code == 400
    assert response.json() == {"message": "message too long, max 500 characters"}


def test_uid_illegal_characters_400(grafana, editor):
    response = save(editor, grafana, overview(uid="bad uid!"))
    assert response.status_code == 400
    assert response.json() == {"message": "uid contains illegal characters"}


def test_uid_too_long_400(grafana, editor):
    response = save(editor, grafana, overview(uid="a" * 41))
    assert response.status_code == 400
    assert response.json() == {"message": "uid too long, max 40 characters"}


def test_unknown_folder_400(grafana, editor):
    response = save(editor, grafana, overview(), folderUid="missing")
    assert response.status_code == 400
    assert response.json() == {"message": "folder not found"}


def test_unknown_id_404_shape_b(grafana, editor):
    response = save(editor, grafana, overview(id=999))
    assert response.status_code == 404
    assert response.json() == {"status": "not-found", "message": "Dashboard not found"}


def test_id_and_uid_conflict_400(grafana, editor):
    first = save(editor, grafana, overview(uid="first")).json()
    save(editor, grafana, overview(uid="second"))
    response = save(editor, grafana, overview(uid="second", id=first["id"]), overwrite=True)
    assert response.status_code == 400
    assert response.json() == {"message": "A dashboard with the same uid already exists"}


def test_id_only_updates_by_id(grafana, editor):
    first = save(editor, grafana, overview()).json()
    response = save(editor, grafana, {"id": first["id"], "title": "Renamed", "version": 1})
    assert response.status_code == 200
    assert response.json()["uid"] == "mac-overview"
    assert response.json()["version"] == 2


def test_order_quota_before_title():
    with FakeGrafana(dashboard_quota=0) as fake, session_for(fake, "Editor") as session:
        response = save(session, fake, overview(title=""))
    assert response.status_code == 403
    assert response.json() == {"message": "Quota reached"}


def test_order_title_before_uid(grafana, editor):
    response = save(editor, grafana, overview(title="", uid="bad uid"))
    assert response.json()["status"] == "empty-name"


def test_order_uid_before_folder(grafana, editor):
    response = save(editor, grafana, overview(uid="bad uid"), folderUid="missing")
    assert response.json() == {"message": "uid contains illegal characters"}


def test_order_folder_before_version(grafana, editor):
    save(editor, grafana, overview())
    response = save(editor, grafana, overview(version=0), folderUid="missing")
    assert response.status_code == 400
    assert response.json() == {"message": "folder not found"}


def test_order_version_before_provisioned(grafana, editor):
    grafana.seed_dashboard(overview(), provisioned=True)
    stale = save(editor, grafana, overview(version=0))
    forced = save(editor, grafana, overview(), overwrite=True)
    assert stale.status_code == 412
    assert forced.status_code == 400
    assert forced.json() == {"message": "Cannot save provisioned dashboard"}


def test_quota_allows_existing_id():
    with FakeGrafana(dashboard_quota=1) as fake, session_for(fake, "Editor") as session:
        created = save(session, fake, overview()).json()
        second = save(session, fake, overview(uid="other"))
        update = save(session, fake, overview(id=created["id"], version=1))
    assert second.status_code == 403
    assert update.status_code == 200


def test_plugin_dashboard_412(grafana, editor):
    grafana.seed_dashboard(overview(), plugin_name="Kubernetes App")
    response = save(editor, grafana, overview(version=1))
    forced = save(editor, grafana, overview(version=1), overwrite=True)
    assert response.status_code == 412
    assert response.json() == {"status": "plugin-dashboard",
                               "message": "The dashboard belongs to plugin Kubernetes App."}
    assert forced.status_code == 200


def test_denied_folder_403_shape_a(grafana, editor, admin):
    grafana.seed_folder("locked", "Locked")
    grafana.deny_folder_writes("locked")
    response = save(editor, grafana, overview(), folderUid="locked")
    allowed = save(admin, grafana, overview(), folderUid="locked")
    assert response.status_code == 403
    assert response.json() == {"message": "Access denied to save dashboard"}
    assert allowed.status_code == 200


def test_denied_folder_blocks_move_out(grafana, editor, admin):
    grafana.seed_folder("locked", "Locked")
    save(admin, grafana, overview(), folderUid="locked")
    grafana.deny_folder_writes("locked")
    response = save(editor, grafana, overview(), overwrite=True)
    assert response.status_code == 403


def test_refresh_raised_to_minimum(grafana, editor):
    save(editor, grafana, overview(refresh="1s"))
    assert grafana.dashboard_model("mac-overview")["refresh"] == "5s"


def test_refresh_above_minimum_kept(grafana, editor):
    save(editor, grafana, overview(refresh="1m"))
    assert grafana.dashboard_model("mac-overview")["refresh"] == "1m"


def test_too_large_413():
    with FakeGrafana(max_dashboard_mb=1) as fake, session_for(fake, "Editor") as session:
        response = save(session, fake, overview(description="x" * (1024 * 1024)))
    assert response.status_code == 413
    assert response.json() == {"message": "Dashboard is too large, max is 1 MB"}


# ---------------------------------------------------------------------------
# Versions, overwrite and the success body
# ---------------------------------------------------------------------------


def test_create_success_body(grafana, editor):
    response = save(editor, grafana, overview())
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"id", "uid", "url", "status", "version", "slug", "folderUid"}
    assert body["uid"] == "mac-overview"
    assert body["url"] == "/d/mac-overview/production-overview"
    assert body["slug"] == "production-overview"
    assert body["status"] == "success"
    assert body["version"] == 1
    assert body["folderUid"] == ""


def test_create_ignores_sent_version(grafana, editor):
    response = save(editor, grafana, overview(version=7))
    assert response.json()["version"] == 1


def test_overwrite_increments_every_save(grafana, editor):
    versions = [save(editor, grafana, overview(), overwrite=True).json()["version"]
                for _ in range(3)]
    assert versions == [1, 2, 3]


def test_stale_version_412(grafana, editor):
    save(editor, grafana, overview())
    response = save(editor, grafana, overview(version=0))
    assert response.status_code == 412
    assert response.json() == STALE_412


def test_missing_version_is_stale(grafana, editor):
    save(editor, grafana, overview())
    response = save(editor, grafana, overview())
    assert response.status_code == 412


def test_matching_version_updates(grafana, editor):
    save(editor, grafana, overview())
    response = save(editor, grafana, overview(version=1))
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_no_uid_creates_duplicates(grafana, editor):
    body = {"title": "Same Title"}
    first = save(editor, grafana, body).json()
    second = save(editor, grafana, body).json()
    hits = editor.get(f"{grafana.url}/api/search", params={"query": "Same Title"}).json()
    assert first["uid"] != second["uid"]
    assert first["version"] == 1
    assert second["version"] == 1
    assert len(hits) == 2


def test_update_without_folder_moves_to_root(grafana, editor):
    make_folder(editor, grafana, "team", "Team")
    save(editor, grafana, overview(), folderUid="team")
    response = save(editor, grafana, overview(), overwrite=True)
    meta = editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview").json()["meta"]
    assert response.json()["folderUid"] == ""
    assert meta["folderUid"] == ""
    assert meta["folderTitle"] == "General"


def test_save_into_folder_echoes_uid(grafana, editor):
    make_folder(editor, grafana, "team", "Team")
    response = save(editor, grafana, overview(), folderUid="team")
    assert response.json()["folderUid"] == "team"


def test_message_stored_in_history(grafana, editor):
    save(editor, grafana, overview(), message="first push", overwrite=True)
    save(editor, grafana, overview(), message="second push", overwrite=True)
    history = grafana.dashboard_versions("mac-overview")
    assert [entry["message"] for entry in history] == ["first push", "second push"]
    assert [entry["version"] for entry in history] == [1, 2]


def test_unknown_fields_round_trip(grafana, editor):
    save(editor, grafana, overview(custom={"nested": [1, 2]}, panels=[{"type": "stat"}]))
    stored = editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview").json()["dashboard"]
    assert stored["custom"] == {"nested": [1, 2]}
    assert stored["panels"] == [{"type": "stat"}]


def test_title_trimmed_when_stored(grafana, editor):
    save(editor, grafana, overview(title="  Spaced  "))
    assert grafana.dashboard_model("mac-overview")["title"] == "Spaced"


# ---------------------------------------------------------------------------
# GET and DELETE /api/dashboards/uid/:uid
# ---------------------------------------------------------------------------


def test_get_dashboard_and_meta(grafana, editor):
    make_folder(editor, grafana, "team", "Team")
    save(editor, grafana, overview(), folderUid="team")
    body = editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview").json()
    dashboard, meta = body["dashboard"], body["meta"]
    assert dashboard["uid"] == "mac-overview"
    assert dashboard["version"] == 1
    assert isinstance(dashboard["id"], int)
    assert meta["version"] == 1
    assert meta["type"] == "db"
    assert meta["folderUid"] == "team"
    assert meta["folderTitle"] == "Team"
    assert meta["createdBy"] == "sa-mac"
    assert meta["updatedBy"] == "sa-mac"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta["created"])
    assert meta["url"] == "/d/mac-overview/production-overview"
    assert meta["canSave"] is True
    assert meta["provisioned"] is False


def test_get_unknown_dashboard_404(grafana, editor):
    response = editor.get(f"{grafana.url}/api/dashboards/uid/missing")
    assert response.status_code == 404
    assert response.json() == {"message": "Dashboard not found", "traceID": ""}


def test_ui_edit_visible_in_meta(grafana, editor):
    save(editor, grafana, overview())
    new_version = grafana.edit_in_ui("mac-overview", {"title": "Edited"}, user="jane")
    body = editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview").json()
    assert new_version == 2
    assert body["meta"]["version"] == 2
    assert body["dashboard"]["version"] == 2
    assert body["dashboard"]["title"] == "Edited"
    assert body["meta"]["updatedBy"] == "jane"
    assert body["meta"]["createdBy"] == "sa-mac"
    assert body["meta"]["updated"] > body["meta"]["created"]


def test_ui_edit_makes_push_stale(grafana, editor):
    save(editor, grafana, overview())
    grafana.edit_in_ui("mac-overview")
    response = save(editor, grafana, overview(version=1))
    assert response.status_code == 412


def test_delete_dashboard(grafana, editor):
    save(editor, grafana, overview())
    response = editor.delete(f"{grafana.url}/api/dashboards/uid/mac-overview")
    assert response.status_code == 200
    assert response.json() == {"title": "Production Overview",
                               "message": "Dashboard Production Overview deleted",
                               "uid": "mac-overview"}
    assert editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview").status_code == 404


def test_delete_unknown_dashboard_404(grafana, editor):
    response = editor.delete(f"{grafana.url}/api/dashboards/uid/missing")
    assert response.status_code == 404
    assert response.json()["message"] == "Dashboard not found"


def test_delete_provisioned_400(grafana, editor):
    grafana.seed_dashboard(overview(), provisioned=True)
    response = editor.delete(f"{grafana.url}/api/dashboards/uid/mac-overview")
    assert response.status_code == 400
    assert response.json() == {"message": "provisioned dashboard cannot be deleted"}


def test_viewer_delete_403(grafana, editor):
    save(editor, grafana, overview())
    with session_for(grafana, "Viewer") as viewer:
        response = viewer.delete(f"{grafana.url}/api/dashboards/uid/mac-overview")
    assert response.status_code == 403
    assert response.json()["message"] == RBAC_PREFIX + "dashboards:delete"


# ---------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------


def test_create_folder_dto(grafana, editor):
    response = make_folder(editor, grafana, "team", "Team")
    body = response.json()
    assert response.status_code == 200
    assert body["uid"] == "team"
    assert body["title"] == "Team"
    assert body["url"] == "/dashboards/f/team/team"
    assert body["version"] == 1
    assert body["createdBy"] == "sa-mac"
    assert "parentUid" not in body


def test_folder_already_exists_412(grafana, editor):
    make_folder(editor, grafana, "team", "Team")
    response = make_folder(editor, grafana, "team", "Team")
    assert response.status_code == 412
    assert response.json() == FOLDER_EXISTS_412


def test_same_folder_title_allowed(grafana, editor):
    make_folder(editor, grafana, "team-a", "Team")
    response = make_folder(editor, grafana, "team-b", "Team")
    assert response.status_code == 200


def test_nested_folder_parents(grafana, editor):
    make_folder(editor, grafana, "a", "A")
    make_folder(editor, grafana, "b", "B", parent_uid="a")
    created = make_folder(editor, grafana, "c", "C", parent_uid="b").json()
    fetched = editor.get(f"{grafana.url}/api/folders/c").json()
    assert created["parentUid"] == "b"
    assert fetched["parentUid"] == "b"
    assert [parent["uid"] for parent in fetched["parents"]] == ["a", "b"]


def test_folder_depth_limit(grafana, editor):
    parent = None
    statuses = []
    for level in range(1, 6):
        response = make_folder(editor, grafana, f"l{level}", f"L{level}", parent)
        statuses.append(response.status_code)
        parent = f"l{level}"
    assert statuses == [200, 200, 200, 200, 400]


def test_folder_unknown_parent_404(grafana, editor):
    response = make_folder(editor, grafana, "orphan", "Orphan", parent_uid="missing")
    assert response.status_code == 404


def test_folder_get_unknown_404(grafana, editor):
    response = editor.get(f"{grafana.url}/api/folders/missing")
    assert response.status_code == 404
    assert response.json() == {"status": "not-found", "message": "folder not found"}


@pytest.mark.parametrize("body, message", [
    ({"uid": "x", "title": " "}, "folder title cannot be empty"),
    ({"uid": "bad uid", "title": "T"}, "uid contains illegal characters"),
    ({"uid": "a" * 41, "title": "T"}, "uid too long, max 40 characters"),
    ({"uid": "self", "title": "T", "parentUid": "self"}, "folder cannot be parent of itself"),
])
def test_folder_validation_400(grafana, editor, body, message):
    response = editor.post(f"{grafana.url}/api/folders", json=body)
    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_folder_without_uid_gets_one(grafana, editor):
    response = editor.post(f"{grafana.url}/api/folders", json={"title": "Generated"})
    assert response.status_code == 200
    assert response.json()["uid"]


def test_folder_list_root_only(grafana, editor):
    make_folder(editor, grafana, "b-root", "Beta")
    make_folder(editor, grafana, "a-root", "Alpha")
    make_folder(editor, grafana, "child", "Child", parent_uid="a-root")
    root = editor.get(f"{grafana.url}/api/folders").json()
    children = editor.get(f"{grafana.url}/api/folders", params={"parentUid": "a-root"}).json()
    assert [item["uid"] for item in root] == ["a-root", "b-root"]
    assert children == [{"id": children[0]["id"], "uid": "child", "title": "Child",
                         "parentUid": "a-root"}]


def test_folder_list_unknown_parent_404(grafana, editor):
    response = editor.get(f"{grafana.url}/api/folders", params={"parentUid": "missing"})
    assert response.status_code == 404


def test_folder_list_shared_with_me():
    with FakeGrafana(list_shared_with_me=True) as fake, session_for(fake, "Editor") as session:
        items = session.get(f"{fake.url}/api/folders").json()
    assert items == [{"uid": "sharedwithme", "title": "Shared with me"}]


def test_folder_update_versions(grafana, editor):
    make_folder(editor, grafana, "team", "Team")
    updated = editor.put(f"{grafana.url}/api/folders/team", json={"title": "Ops", "version": 1})
    stale = editor.put(f"{grafana.url}/api/folders/team", json={"title": "X", "version": 1})
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    assert stale.status_code == 412
    assert stale.json() == FOLDER_EXISTS_412


def test_folder_delete_cascades(grafana, editor):
    make_folder(editor, grafana, "team", "Team")
    make_folder(editor, grafana, "sub", "Sub", parent_uid="team")
    save(editor, grafana, overview(), folderUid="sub")
    response = editor.delete(f"{grafana.url}/api/folders/team")
    assert response.status_code == 200
    assert editor.get(f"{grafana.url}/api/folders/sub").status_code == 404
    assert editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview").status_code == 404


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------


@pytest.fixture
def catalog(grafana, editor):
    """Folder "team" with dashboard "Beta", root dashboards "alpha" and "Gamma"."""
    make_folder(editor, grafana, "team", "Team")
    save(editor, grafana, {"uid": "beta", "title": "Beta", "tags": ["prod", "web"]},
         folderUid="team")
    save(editor, grafana, {"uid": "alpha", "title": "alpha", "tags": ["prod"]})
    save(editor, grafana, {"uid": "gamma", "title": "Gamma"})
    return grafana


def search(session, fake, **params):
    return session.get(f"{fake.url}/api/search", params=params)


def test_search_sort_folders_first(catalog, editor):
    hits = search(editor, catalog).json()
    assert [hit["uid"] for hit in hits] == ["team", "alpha", "beta", "gamma"]
    assert hits[0]["type"] == "dash-folder"
    assert hits[1]["type"] == "dash-db"


def test_search_type_filter(catalog, editor):
    folders = search(editor, catalog, type="dash-folder").json()
    dashboards = search(editor, catalog, type="dash-db").json()
    assert [hit["uid"] for hit in folders] == ["team"]
    assert [hit["uid"] for hit in dashboards] == ["alpha", "beta", "gamma"]


def test_search_query_ignores_case(catalog, editor):
    hits = search(editor, catalog, query="ALPH").json()
    assert [hit["uid"] for hit in hits] == ["alpha"]


def test_search_tags_all_must_match(catalog, editor):
    both = search(editor, catalog, tag=["prod", "web"]).json()
    one = search(editor, catalog, tag="prod").json()
    assert [hit["uid"] for hit in both] == ["beta"]
    assert [hit["uid"] for hit in one] == ["alpha", "beta"]


def test_search_general_means_root(catalog, editor):
    root = search(editor, catalog, folderUIDs="general", type="dash-db").json()
    team = search(editor, catalog, folderUIDs="team").json()
    assert [hit["uid"] for hit in root] == ["alpha", "gamma"]
    assert [hit["uid"] for hit in team] == ["beta"]


def test_search_repeated_dashboard_uids(catalog, editor):
    hits = search(editor, catalog, dashboardUIDs=["gamma", "beta"]).json()
    legacy = search(editor, catalog, dashboardUID="alpha").json()
    comma = search(editor, catalog, dashboardUIDs="gamma,beta").json()
    assert [hit["uid"] for hit in hits] == ["beta", "gamma"]
    assert [hit["uid"] for hit in legacy] == ["alpha"]
    assert comma == []


def test_search_limit_and_page(catalog, editor):
    page_one = search(editor, catalog, limit=2, page=1).json()
    page_two = search(editor, catalog, limit=2, page=2).json()
    assert [hit["uid"] for hit in page_one] == ["team", "alpha"]
    assert [hit["uid"] for hit in page_two] == ["beta", "gamma"]


def test_search_limit_above_max_422(grafana, editor):
    response = search(editor, grafana, limit=5001)
    assert response.status_code == 422
    assert response.json() == {"message": "Limit is above maximum allowed (5000), "
                                          "use page parameter to access hits beyond limit"}


def test_search_uids_and_ids_400(grafana, editor):
    response = search(editor, grafana, dashboardUIDs="a", dashboardIds="1")
    assert response.status_code == 400
    assert response.json() == {"message": "search supports UIDs or IDs, not both"}


def test_search_hit_folder_fields(catalog, editor):
    hits = {hit["uid"]: hit for hit in search(editor, catalog).json()}
    assert "folderUid" not in hits["alpha"]
    assert "folderTitle" not in hits["alpha"]
    assert hits["beta"]["folderUid"] == "team"
    assert hits["beta"]["folderTitle"] == "Team"
    assert hits["beta"]["folderUrl"] == "/dashboards/f/team/team"
    assert hits["beta"]["url"] == "/d/beta/beta"
    assert hits["gamma"]["tags"] == []


def test_search_empty_is_list(grafana, editor):
    response = search(editor, grafana, query="nothing")
    assert response.status_code == 200
    assert response.json() == []


def test_search_edit_permission_viewer(catalog):
    with session_for(catalog, "Viewer") as viewer:
        visible = search(viewer, catalog).json()
        editable = search(viewer, catalog, permission="Edit").json()
    assert len(visible) == 4
    assert editable == []


# ---------------------------------------------------------------------------
# Data sources
# ---------------------------------------------------------------------------


def test_datasources_list_and_get(grafana, admin):
    uid = grafana.add_datasource("Prometheus", "prometheus", uid="prom", is_default=True)
    listed = admin.get(f"{grafana.url}/api/datasources").json()
    fetched = admin.get(f"{grafana.url}/api/datasources/uid/prom").json()
    assert uid == "prom"
    assert [item["uid"] for item in listed] == ["prom"]
    assert listed[0]["isDefault"] is True
    assert fetched["type"] == "prometheus"
    assert fetched["name"] == "Prometheus"


def test_datasource_unknown_404(grafana, admin):
    response = admin.get(f"{grafana.url}/api/datasources/uid/missing")
    assert response.status_code == 404
    assert response.json() == {"message": "Data source not found"}


def test_datasources_need_admin(grafana, editor):
    response = editor.get(f"{grafana.url}/api/datasources")
    assert response.status_code == 403
    assert response.json()["message"] == RBAC_PREFIX + "datasources:read"


# ---------------------------------------------------------------------------
# Fault injection, latency, request log and write count
# ---------------------------------------------------------------------------


def test_fault_500_is_one_shot(grafana, editor):
    grafana.inject_fault(500)
    failed = search(editor, grafana)
    recovered = search(editor, grafana)
    assert failed.status_code == 500
    assert failed.json() == {"message": "Internal Server Error"}
    assert recovered.status_code == 200


@pytest.mark.parametrize("status", [502, 503, 504])
def test_fault_n_shot(grafana, editor, status):
    grafana.inject_fault(status, times=2)
    statuses = [search(editor, grafana).status_code for _ in range(3)]
    assert statuses == [status, status, 200]


def test_fault_429_retry_after(grafana, editor):
    grafana.inject_fault(429, retry_after=2)
    response = search(editor, grafana)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"


def test_fault_matches_path_and_method(grafana, editor):
    grafana.inject_fault(503, path="/api/dashboards/db", method="POST")
    unrelated = search(editor, grafana)
    failed = save(editor, grafana, overview())
    retried = save(editor, grafana, overview())
    assert unrelated.status_code == 200
    assert failed.status_code == 503
    assert retried.status_code == 200


def test_fault_drops_connection(grafana, editor):
    grafana.inject_fault(drop=True)
    with pytest.raises(requests.ConnectionError):
        search(editor, grafana)
    assert search(editor, grafana).status_code == 200
    assert grafana.request_log[0].status is None


def test_fault_delay_beats_timeout(grafana, editor):
    grafana.inject_fault(delay=0.5, path="/api/dashboards/db")
    with pytest.raises(requests.Timeout):
        editor.post(f"{grafana.url}/api/dashboards/db", json={"dashboard": overview()},
                    timeout=0.1)
    deadline = time.monotonic() + 5
    while grafana.write_count == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert grafana.write_count == 1
    assert grafana.dashboard_model("mac-overview")["version"] == 1


def test_fault_needs_an_effect(grafana):
    with pytest.raises(ValueError):
        grafana.inject_fault()


def test_latency_delays_requests(grafana, editor):
    grafana.latency = 0.05
    started = time.monotonic()
    search(editor, grafana)
    assert time.monotonic() - started >= 0.05


def test_request_log_and_write_count(grafana, editor):
    save(editor, grafana, overview())
    save(editor, grafana, overview())  # 412, no state change
    editor.get(f"{grafana.url}/api/dashboards/uid/mac-overview")
    grafana.inject_fault(500)
    editor.delete(f"{grafana.url}/api/dashboards/uid/mac-overview")
    editor.delete(f"{grafana.url}/api/dashboards/uid/mac-overview")
    assert [tuple(record) for record in grafana.request_log] == [
        ("POST", "/api/dashboards/db", 200),
        ("POST", "/api/dashboards/db", 412),
        ("GET", "/api/dashboards/uid/mac-overview", 200),
        ("DELETE", "/api/dashboards/uid/mac-overview", 500),
        ("DELETE", "/api/dashboards/uid/mac-overview", 200),
    ]
    assert grafana.write_count == 2


def test_seed_helpers_not_logged(grafana):
    grafana.seed_folder("team", "Team")
    grafana.seed_dashboard(overview(), folder_uid="team")
    grafana.edit_in_ui("mac-overview")
    assert grafana.request_log == []
    assert grafana.write_count == 0


# ---------------------------------------------------------------------------
# Grafana 13 mode
# ---------------------------------------------------------------------------


@pytest.fixture
def grafana13():
    with FakeGrafana(mode="13") as fake, session_for(fake, "Editor") as session:
        yield fake, session


def test_mode13_stale_version_409(grafana13):
    fake, session = grafana13
    save(session, fake, overview())
    response = save(session, fake, overview(version=0))
    assert response.status_code == 409
    assert response.json() == {
        "message": "Dashboard already exists. Use overwrite flag to update."}


def test_mode13_overwrite_still_works(grafana13):
    fake, session = grafana13
    save(session, fake, overview())
    response = save(session, fake, overview(), overwrite=True)
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_mode13_empty_title_shape_a(grafana13):
    fake, session = grafana13
    response = save(session, fake, overview(title=""))
    assert response.status_code == 400
    assert response.json() == {"message": "Dashboard spec is missing required title property"}


def test_mode13_unknown_id_shape_a(grafana13):
    fake, session = grafana13
    response = save(session, fake, {"id": 999, "title": "X"})
    assert response.status_code == 404
    assert response.json() == {"message": "Dashboard not found"}


def test_mode13_folder_exists_still_412(grafana13):
    fake, session = grafana13
    make_folder(session, fake, "team", "Team")
    assert make_folder(session, fake, "team", "Team").status_code == 412


def test_unknown_mode_rejected():
    with pytest.raises(ValueError):
        FakeGrafana(mode="11")


# ---------------------------------------------------------------------------
# Lifecycle: no leaked threads or ports
# ---------------------------------------------------------------------------


def test_stop_frees_threads_and_port():
    before = set(threading.enumerate())
    fake = FakeGrafana().start()
    port = fake.port
    with session_for(fake, "Editor") as session:
        assert search(session, fake).status_code == 200  # leaves a kept-alive connection
        fake.stop()
    leaked = set(threading.enumerate()) - before
    assert leaked == set()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_stop_interrupts_long_delay():
    fake = FakeGrafana().start()
    fake.inject_fault(delay=30)
    errors = []

    def call():
        try:
            requests.get(f"{fake.url}/api/health", timeout=10)
        except requests.RequestException as error:
            errors.append(error)

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.1)
    started = time.monotonic()
    fake.stop()
    caller.join(timeout=10)
    assert time.monotonic() - started < 5
    assert not caller.is_alive()
    assert len(errors) == 1


def test_ports_differ_between_instances():
    with FakeGrafana() as first, FakeGrafana() as second:
        assert first.port != second.port
