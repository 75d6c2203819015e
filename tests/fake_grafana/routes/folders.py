"""Folder routes: list, get, create, update and delete, including nesting rules."""

from ..errors import Response, plain_error, status_error
from ..helpers import decode_json_body, new_uid, parse_int, slugify
from ..state import (DEFAULT_LIST_LIMIT, MAX_FOLDER_DEPTH, MAX_UID_LENGTH, ROLE_ACTIONS,
                     UID_PATTERN, Folder, Identity)


class FolderRoutes:
    """Folder routes of FakeGrafana."""

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
