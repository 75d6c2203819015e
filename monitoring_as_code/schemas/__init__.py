"""Grafana's dashboard format: its JSON schema, a fast check, and the grid.

`dashboard_schema()` returns the schema as data, for rendering (which
prunes to it) and for the detailed report of a dashboard that fails.
`dashboard_errors()` checks a dashboard with a validator compiled from the
same schema (see `generate.py`). On the platform's four dashboards it takes
about 5 ms, where `jsonschema` takes about 60 ms plus 80 ms to import
(Python 3.11, jsonschema 4, a 2-core AMD EPYC).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = "grafana-dashboard-v1.jsonschema.json"

# Grafana lays panels out on a grid of 24 columns at any screen width.
GRID_COLUMNS = 24


class SchemaViolation(ValueError):
    """Raised by the compiled validator at the first error it finds."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message


@functools.cache
def dashboard_schema() -> dict[str, Any]:
    return json.loads(_schema_text())


def _schema_text() -> str:
    return Path(__file__).with_name(SCHEMA_FILE).read_text()


def dereference(node: dict[str, Any]) -> dict[str, Any]:
    """Return the schema node that `node` refers to with `$ref`, or `node`."""
    while "$ref" in node:
        node = dashboard_schema()["definitions"][node["$ref"].rsplit("/", 1)[1]]
    return node


def dashboard_errors(dashboard: Any) -> list[tuple[str, str]]:
    """Return every schema error of `dashboard` as (JSON path, message).

    The compiled validator stops at the first error and gives only a short
    message. So a dashboard it rejects is checked again with `jsonschema`,
    which lists every error and picks the most specific branch of a `oneOf`.
    """
    from monitoring_as_code.schemas import dashboard_v1

    try:
        dashboard_v1.validate(dashboard)
    except SchemaViolation as error:
        first = error
    else:
        return []
    errors = _detailed_errors(dashboard)
    # The two validators read the schema alike, but the compiled one is
    # the gate: a dashboard it rejects is never reported valid.
    return errors or [("", first.message)]


def _detailed_errors(dashboard: Any) -> list[tuple[str, str]]:
    import jsonschema

    validator = jsonschema.Draft7Validator(dashboard_schema())
    errors = []
    for error in validator.iter_errors(dashboard):
        for leaf in _leaf_errors(error):
            message = leaf.message if len(leaf.message) < 300 else leaf.message[:297] + "..."
            errors.append((_json_path(leaf.absolute_path), message))
    return errors


def _leaf_errors(error) -> list:
    """Return the errors that explain `error`, down through `oneOf` branches.

    A panel fails the `oneOf` of a plain panel and a row as a whole. The
    branch meant for it is the one whose `type` constant is the panel's
    type, or else the one without such a constant. Its errors name the
    field that is wrong, at its own path. The errors of the other branch
    would report valid keys of the panel as unexpected.
    """
    if not error.context:
        return [error]
    branch = _branch_for(error)
    if branch is None:
        import jsonschema

        return [jsonschema.exceptions.best_match(error.context)]
    leaves = []
    for sub in error.context:
        if sub.relative_schema_path[0] == branch:
            leaves += _leaf_errors(sub)
    return leaves


def _branch_for(error) -> int | None:
    """Return the index of the `oneOf` or `anyOf` branch meant for the instance."""
    options = error.schema.get(error.validator) if isinstance(error.schema, dict) else None
    if not isinstance(options, list) or not isinstance(error.instance, dict):
        return None
    constants = [_type_constant(option) for option in options]
    kind = error.instance.get("type")
    if kind in constants:
        return constants.index(kind)
    unconstrained = [index for index, constant in enumerate(constants) if constant is None]
    return unconstrained[0] if len(unconstrained) == 1 else None


def _type_constant(node: dict[str, Any]) -> Any:
    """Return the constant a schema node sets for the `type` key, or None."""
    return dereference(node).get("properties", {}).get("type", {}).get("const")


def _json_path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path.lstrip(".")
