"""The Grafana dashboard JSON schema shipped with mac, and pruning to it."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "grafana-dashboard-v1.jsonschema.json"


@functools.cache
def dashboard_schema() -> dict[str, Any]:
    text = resources.files("monitoring_as_code.schemas").joinpath(SCHEMA_FILE).read_text()
    return json.loads(text)


def prune(value: Any, node: dict[str, Any] | None = None) -> Any:
    """Drop keys that the dashboard schema does not allow.

    Objects whose schema sets `additionalProperties: false` keep only their
    declared properties; free-form objects (panel `options`, field
    `custom`) are kept whole. None values are dropped unless the schema
    allows null there, as for the base step of thresholds.
    """
    schema = dashboard_schema()
    if node is None:
        node = schema["definitions"]["Dashboard"]
    node = _resolve(node, schema)
    if isinstance(value, dict):
        if "oneOf" in node and value.get("type") is not None:
            # A panel: a row or any other panel type.
            kind = "RowPanel" if value.get("type") == "row" else "Panel"
            return prune(value, schema["definitions"][kind])
        properties = node.get("properties", {})
        closed = node.get("additionalProperties") is False
        result = {}
        for key, item in value.items():
            if closed and key not in properties:
                continue
            child = properties.get(key, {})
            if item is None and not _allows_null(child, schema):
                continue
            result[key] = prune(item, child)
        return result
    if isinstance(value, list):
        items = node.get("items", {})
        return [prune(item, items) for item in value if item is not None]
    return value


def _allows_null(node: dict[str, Any], schema: dict[str, Any]) -> bool:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
    options = node.get("anyOf", []) + node.get("oneOf", [])
    return node.get("type") == "null" or any(
        option.get("type") == "null" for option in options
    )


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
    if "oneOf" not in node:
        for key in ("anyOf", "allOf"):
            for option in node.get(key, []):
                option = _resolve(option, schema)
                if option.get("type") == "object" or "properties" in option:
                    return option
    return node
