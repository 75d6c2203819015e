"""Pruning rendered dashboards to the Grafana dashboard JSON schema."""

from __future__ import annotations

from typing import Any

from monitoring_as_code.schemas import dashboard_schema, dereference

# The node of a key the schema does not describe; shared so that its plan
# is built once.
_EMPTY: dict[str, Any] = {}
_SCALARS = frozenset({str, int, float, bool})
_UNSEEN = object()


def prune(value: Any, node: dict[str, Any] | None = None) -> Any:
    """Drop keys that the dashboard schema does not allow.

    Objects whose schema sets `additionalProperties: false` keep only their
    declared properties; free-form objects (panel `options`, field
    `custom`) are kept whole. None values are dropped unless the schema
    allows null there, as for the base step of thresholds. Objects with a
    `to_json_data` method (grafanalib's) are replaced by what it returns,
    and tuples become lists.
    """
    if node is None:
        node = dashboard_schema()["definitions"]["Dashboard"]
    value = _plain(value)
    return None if value is None else _prune(value, _plan(node))


def _plain(value: Any) -> Any:
    while hasattr(value, "to_json_data"):
        value = value.to_json_data()
    return value


def _prune(value: Any, plan: _Plan) -> Any:
    """Prune a value that is not None and has no `to_json_data`."""
    if isinstance(value, dict):
        return _prune_object(value, plan)
    if isinstance(value, (list, tuple)):
        return _prune_array(value, plan.items())
    return value


def _prune_object(value: dict[str, Any], plan: _Plan) -> dict[str, Any]:
    if plan.is_panel and value.get("type") is not None:
        # A panel: a row or any other panel type.
        return _prune_object(value, plan.panel_plan(value.get("type") == "row"))
    children = plan.children
    result = {}
    for key, item in value.items():
        child = children.get(key, _UNSEEN)
        if child is _UNSEEN:
            child = plan.add_child(key)
        if child is None:
            continue
        kind = type(item)
        if kind in _SCALARS:
            result[key] = item
        elif kind is dict:
            result[key] = _prune_object(item, child.plan)
        elif kind is list:
            result[key] = _prune_array(item, child.plan.items())
        elif item is None:
            if child.nullable:
                result[key] = None
        else:
            item = _plain(item)
            if item is not None:
                result[key] = _prune(item, child.plan)
            elif child.nullable:
                result[key] = None
    return result


def _prune_array(value: list[Any] | tuple[Any, ...], items: _Plan) -> list[Any]:
    result = []
    for item in value:
        kind = type(item)
        if kind in _SCALARS:
            result.append(item)
        elif kind is dict:
            result.append(_prune_object(item, items))
        elif item is not None:
            item = _plain(item)
            if item is not None:
                result.append(_prune(item, items))
    return result


class _Child:
    """A key an object may keep: the plan of its value, and whether null is allowed."""

    __slots__ = ("plan", "nullable")

    def __init__(self, plan: _Plan, nullable: bool) -> None:
        self.plan = plan
        self.nullable = nullable


class _Plan:
    """The pruning rules of one schema node, worked out once per node.

    Resolving `$ref`, `anyOf` and `allOf` for every value made the prune the
    largest cost of rendering dashboards. So each node is resolved once, and
    its children on first use.
    """

    __slots__ = ("node", "is_panel", "closed", "properties", "children", "_items")

    def __init__(self, node: dict[str, Any]) -> None:
        resolved = _resolve(node)
        self.node = node
        self.is_panel = "oneOf" in resolved
        self.closed = resolved.get("additionalProperties") is False
        self.properties: dict[str, Any] = resolved.get("properties", _EMPTY)
        self.children: dict[str, _Child | None] = {}
        self._items: _Plan | dict[str, Any] = resolved.get("items", _EMPTY)

    def add_child(self, key: str) -> _Child | None:
        """Resolve `key`'s value; None means that the key is dropped."""
        child = None
        if not (self.closed and key not in self.properties):
            node = self.properties.get(key, _EMPTY)
            child = _Child(_plan(node), _allows_null(node))
        self.children[key] = child
        return child

    def items(self) -> _Plan:
        if not isinstance(self._items, _Plan):
            self._items = _plan(self._items)
        return self._items

    def panel_plan(self, is_row: bool) -> _Plan:
        kind = "RowPanel" if is_row else "Panel"
        return _plan(dashboard_schema()["definitions"][kind])


_PLANS: dict[int, _Plan] = {}


def _plan(node: dict[str, Any]) -> _Plan:
    plan = _PLANS.get(id(node))
    # The schema's own nodes live as long as the process. The identity check
    # guards against a caller's node that was freed and whose id was reused.
    if plan is None or plan.node is not node:
        plan = _Plan(node)
        _PLANS[id(node)] = plan
    return plan


def _allows_null(node: dict[str, Any]) -> bool:
    node = dereference(node)
    options = node.get("anyOf", []) + node.get("oneOf", [])
    return node.get("type") == "null" or any(
        option.get("type") == "null" for option in options
    )


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    node = dereference(node)
    if "oneOf" not in node:
        for key in ("anyOf", "allOf"):
            for option in node.get(key, []):
                option = _resolve(option)
                if option.get("type") == "object" or "properties" in option:
                    return option
    return node
