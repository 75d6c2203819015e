"""Dashboard checks: the JSON schema and structure that Grafana relies on.

Structural checks cover what the schema cannot express: panel ids unique in
the dashboard, positions inside the 24-column grid without overlap,
datasource references that resolve, and targets that have an expression.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from monitoring_as_code.paths import DASHBOARDS_DIR
from monitoring_as_code.schemas import GRID_COLUMNS, dashboard_errors
from monitoring_as_code.validate.problems import ValidationProblem

_VARIABLE = re.compile(r"^\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?$")
# Datasource uids Grafana resolves itself.
_BUILT_IN_DATASOURCES = {"-- Grafana --", "-- Mixed --", "-- Dashboard --", "grafana"}


def check_dashboards(build: Path) -> list[ValidationProblem]:
    """Check every dashboard file of the build: JSON, schema, then structure.

    The structure checks read a dashboard in the shape the schema gives it,
    so they run on the dashboards that pass the schema check.
    """
    problems: list[ValidationProblem] = []
    uids: dict[str, str] = {}
    for path in sorted((build / DASHBOARDS_DIR).rglob("*.json")):
        relative = str(path.relative_to(build))
        try:
            dashboard = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            problems.append(ValidationProblem("grafana/json", relative, f"invalid JSON: {error}"))
            continue
        schema_errors = dashboard_errors(dashboard)
        for where, message in schema_errors:
            problems.append(ValidationProblem("grafana/schema", relative, message, where))
        if schema_errors:
            continue
        problems.extend(check_structure(dashboard, relative))
        uid = dashboard.get("uid")
        if uid is not None and uids.setdefault(uid, relative) != relative:
            problems.append(
                ValidationProblem(
                    "grafana/structure",
                    relative,
                    f"dashboard uid {uid!r} is also the uid of {uids[uid]}; "
                    "Grafana keeps one dashboard per uid",
                    "uid",
                )
            )
    return problems


def check_structure(dashboard: dict[str, Any], file: str) -> list[ValidationProblem]:
    problems: list[ValidationProblem] = []
    variables = {
        variable.get("name"): variable.get("type")
        for variable in dashboard.get("templating", {}).get("list", [])
    }
    seen_ids: dict[int, str] = {}
    top_level = dashboard.get("panels", [])
    placed = []
    for index, panel in enumerate(top_level):
        if not isinstance(panel, dict):
            continue  # the schema check reports it
        where = f"panels[{index}]"
        problems += _check_panel(panel, where, file, variables, seen_ids)
        placed.append((where, panel))
        children = panel.get("panels") or []
        for child_index, child in enumerate(children if isinstance(children, list) else []):
            if not isinstance(child, dict):
                continue
            child_where = f"{where}.panels[{child_index}]"
            problems += _check_panel(child, child_where, file, variables, seen_ids)
    problems += _check_overlaps(placed, file)
    return problems


def _check_panel(panel, where, file, variables, seen_ids) -> list[ValidationProblem]:
    problems = []
    title = panel.get("title", "")

    def problem(message: str, path: str = where) -> None:
        problems.append(ValidationProblem("grafana/structure", file, message, path))

    panel_id = panel.get("id")
    if panel_id in seen_ids:
        problem(f"panel {title!r} reuses id {panel_id} of {seen_ids[panel_id]!r}")
    else:
        seen_ids[panel_id] = title
    grid = panel.get("gridPos")
    if grid is None:
        problem(f"panel {title!r} has no gridPos")
    elif _valid_grid(grid) and not _inside_grid(grid):
        problem(
            f"panel {title!r} at {grid} lies outside the {GRID_COLUMNS}-column grid",
            f"{where}.gridPos",
        )
    problems += _check_datasource(panel.get("datasource"), f"{where}.datasource", file, variables, title)
    targets = panel.get("targets") or []
    for index, target in enumerate(targets if isinstance(targets, list) else []):
        if not isinstance(target, dict):
            continue
        target_where = f"{where}.targets[{index}]"
        if not str(target.get("expr", "")).strip():
            problem(f"target {target.get('refId', index)} of panel {title!r} has no expression", target_where)
        problems += _check_datasource(
            target.get("datasource"), f"{target_where}.datasource", file, variables, title
        )
    return problems


def _valid_grid(grid: object) -> bool:
    """True when the position is four integers; the schema reports others."""
    return isinstance(grid, dict) and all(
        isinstance(grid.get(key), int) for key in ("x", "y", "w", "h")
    )


def _inside_grid(grid: dict[str, int]) -> bool:
    x, y, w, h = (grid[key] for key in ("x", "y", "w", "h"))
    return x >= 0 and y >= 0 and w >= 1 and h >= 1 and x + w <= GRID_COLUMNS


def _check_datasource(reference, where, file, variables, title) -> list[ValidationProblem]:
    if reference is None:
        return []
    if not isinstance(reference, dict) or not reference.get("uid"):
        return [
            ValidationProblem(
                "grafana/datasource", file,
                f"panel {title!r} refers to datasource {reference!r}; write {{type, uid}}", where,
            )
        ]
    uid = reference["uid"]
    match = _VARIABLE.match(uid)
    if match is not None and variables.get(match.group(1)) != "datasource":
        return [
            ValidationProblem(
                "grafana/datasource", file,
                f"panel {title!r} uses datasource variable {uid!r}, which the dashboard "
                "does not define as a datasource variable", where,
            )
        ]
    if match is None and not reference.get("type") and uid not in _BUILT_IN_DATASOURCES:
        return [
            ValidationProblem(
                "grafana/datasource", file, f"datasource {uid!r} of panel {title!r} has no type", where
            )
        ]
    return []


def _check_overlaps(placed, file: str) -> list[ValidationProblem]:
    problems = []
    boxes = [(where, panel) for where, panel in placed if _valid_grid(panel.get("gridPos"))]
    for first in range(len(boxes)):
        for second in range(first + 1, len(boxes)):
            (where_a, a), (where_b, b) = boxes[first], boxes[second]
            if _overlap(a["gridPos"], b["gridPos"]):
                problems.append(
                    ValidationProblem(
                        "grafana/layout", file,
                        f"panels {a.get('title')!r} and {b.get('title')!r} overlap "
                        f"({a['gridPos']} and {b['gridPos']})", where_b,
                    )
                )
    return problems


def _overlap(a: dict[str, int], b: dict[str, int]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )
