"""GET /api/search: folders and dashboards, filtered, sorted and paged like Grafana 12.x."""

from ..errors import Response, plain_error
from ..helpers import parse_int, slugify
from ..state import DEFAULT_LIST_LIMIT, MAX_SEARCH_LIMIT, Dashboard, Folder, Identity


class SearchRoutes:
    """Search route of FakeGrafana."""

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
        # Grafana's search hit carries `description` only when it is set (omitempty).
        description = dashboard.model.get("description")
        if isinstance(description, str) and description:
            hit["description"] = description
        return self._add_parent_fields(hit, dashboard.folder_uid)

    def _add_parent_fields(self, hit: dict, parent_uid: str) -> dict:
        # Root items omit every folder field, so they never carry folderUid "general".
        parent = self._folders.get(parent_uid)
        if parent is not None:
            hit.update(folderId=parent.id, folderUid=parent.uid, folderTitle=parent.title,
                       folderUrl=f"/dashboards/f/{parent.uid}/{slugify(parent.title)}")
        return hit
