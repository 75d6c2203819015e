"""The marker that mac writes into every dashboard it pushes.

Grafana stores the dashboard JSON as an opaque document and returns unknown
top-level keys unchanged, so the marker lives in one such key:

    "macManaged": {"contentSha256": "<hex>", "grafanaVersion": 3}

`contentSha256` is the SHA-256 of the pushed content (the dashboard JSON
without id, version and the marker, plus the target folder uid).
`grafanaVersion` is the version that the save gives the dashboard: 1 for a
create, the version read before the save plus one for an update. Both
storage back ends of Grafana 12 agree on that, because each save that mac
makes changes the stored content.

A dashboard with a marker is owned by mac, which lets `--prune` delete it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

MARKER_KEY = "macManaged"
# Keys that Grafana sets on every save; they are left out of the hash.
_VOLATILE_KEYS = ("id", "version", MARKER_KEY)


@dataclass(frozen=True)
class Marker:
    content_sha256: str
    grafana_version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "contentSha256": self.content_sha256,
            "grafanaVersion": self.grafana_version,
        }


def content_sha256(model: dict[str, Any], folder_uid: str) -> str:
    """Return the hash of a dashboard's content in a folder."""
    content = {key: value for key, value in model.items() if key not in _VOLATILE_KEYS}
    canonical = orjson.dumps(
        {"dashboard": content, "folderUid": folder_uid}, option=orjson.OPT_SORT_KEYS
    )
    return hashlib.sha256(canonical).hexdigest()


def read_marker(model: dict[str, Any]) -> Marker | None:
    """Return the marker of a stored dashboard, or None if it has none
    (not pushed by mac, or saved by a client that dropped unknown keys)."""
    value = model.get(MARKER_KEY)
    if not isinstance(value, dict):
        return None
    sha = value.get("contentSha256")
    version = value.get("grafanaVersion")
    if not isinstance(sha, str) or not isinstance(version, int):
        return None
    return Marker(sha, version)


def upload_model(
    model: dict[str, Any], marker: Marker, version: int | None
) -> dict[str, Any]:
    """Return the dashboard JSON to save: `id` null, the marker set, and
    `version` set to the stored version for an update (None for a create).

    Only top-level keys change, so the copy is shallow: the nested objects
    are shared with `model` and must not be changed.
    """
    upload = dict(model)
    upload["id"] = None
    upload.pop("version", None)
    if version is not None:
        upload["version"] = version
    upload[MARKER_KEY] = marker.to_json()
    return upload
