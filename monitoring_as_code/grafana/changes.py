"""Describe how a built dashboard differs from the one in Grafana, in terms
a reviewer reads: panels added or removed by title, queries whose
expression changed, variables, and the other settings by name.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.grafana.marker import MARKER_KEY

# Top-level keys compared one by one below, or set by Grafana on every save.
_HANDLED_KEYS = {"title", "tags", "panels", "templating", "id", "uid", "version"}
# Panel keys compared one by one below; gridPos is reported as "moved or resized".
_PANEL_KEYS = {"id", "title", "type", "targets", "panels", "gridPos"}


def describe_changes(
    old: dict[str, Any], new: dict[str, Any], old_folder: str, new_folder: str
) -> list[str]:
    """Return one line per change from `old` (Grafana) to `new` (the build).

    A line starts with "+" (added), "-" (removed) or "~" (changed). Changed
    expressions take two more lines, indented, with the old and new text.
    """
    lines: list[str] = []
    if old_folder != new_folder:
        lines.append(
            f"~ folder: {old_folder or 'General'} -> {new_folder or 'General'}"
        )
    if old.get("title") != new.get("title"):
        lines.append(f'~ title: "{old.get("title")}" -> "{new.get("title")}"')
    if sorted(old.get("tags") or []) != sorted(new.get("tags") or []):
        lines.append(f"~ tags: {old.get('tags') or []} -> {new.get('tags') or []}")
    lines.extend(_variable_changes(old, new))
    lines.extend(_panel_changes(old, new))
    settings = sorted(
        key
        for key in set(old) | set(new)
        if key not in _HANDLED_KEYS
        and key != MARKER_KEY
        and old.get(key) != new.get(key)
    )
    if settings:
        lines.append(f"~ settings: {', '.join(settings)}")
    return lines


def _variable_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before = _by_name(old)
    after = _by_name(new)
    lines = [f'+ variable "{name}"' for name in after if name not in before]
    lines += [f'- variable "{name}"' for name in before if name not in after]
    for name in after:
        if name not in before or before[name] == after[name]:
            continue
        old_query, new_query = before[name].get("query"), after[name].get("query")
        if old_query != new_query:
            lines.append(f'~ variable "{name}" query: {old_query!r} -> {new_query!r}')
        else:
            lines.append(f'~ variable "{name}"')
    return lines


def _by_name(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = (model.get("templating") or {}).get("list") or []
    return {str(item.get("name")): item for item in items if isinstance(item, dict)}


def _panel_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before = _panels_by_title(old.get("panels") or [])
    after = _panels_by_title(new.get("panels") or [])
    lines = [
        f"+ {_kind(panel)} {name}"
        for name, panel in after.items()
        if name not in before
    ]
    lines += [
        f"- {_kind(panel)} {name}"
        for name, panel in before.items()
        if name not in after
    ]
    for name, panel in after.items():
        if name in before:
            lines.extend(_one_panel_changes(name, before[name], panel))
    return lines


def _panels_by_title(panels: list[Any]) -> dict[str, dict[str, Any]]:
    """Return every panel, row children included, keyed by its quoted title.

    A repeated title gets " #2", " #3" so that each panel keeps one key.
    """
    found: dict[str, dict[str, Any]] = {}
    for panel in _flatten(panels):
        title = panel.get("title") or f"untitled {panel.get('type', 'panel')}"
        key = f'"{title}"'
        number = 2
        while key in found:
            key = f'"{title}" #{number}'
            number += 1
        found[key] = panel
    return found


def _flatten(panels: list[Any]) -> list[dict[str, Any]]:
    flat = []
    for panel in panels:
        if not isinstance(panel, dict):
            continue
        flat.append(panel)
        flat.extend(_flatten(panel.get("panels") or []))
    return flat


def _kind(panel: dict[str, Any]) -> str:
    return "row" if panel.get("type") == "row" else "panel"


def _one_panel_changes(
    name: str, old: dict[str, Any], new: dict[str, Any]
) -> list[str]:
    label = f"{_kind(new)} {name}"
    lines = []
    if old.get("type") != new.get("type"):
        lines.append(f"~ {label}: type {old.get('type')} -> {new.get('type')}")
    lines.extend(_target_changes(label, old, new))
    if old.get("gridPos") != new.get("gridPos"):
        lines.append(f"~ {label}: moved or resized")
    other = sorted(
        key
        for key in set(old) | set(new)
        if key not in _PANEL_KEYS and old.get(key) != new.get(key)
    )
    if other:
        lines.append(f"~ {label}: {', '.join(other)} changed")
    return lines


def _target_changes(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before = _targets_by_ref(old)
    after = _targets_by_ref(new)
    lines = []
    for ref, target in after.items():
        if ref not in before:
            lines.append(f"+ {label} query {ref}: {_expr(target)}")
    for ref, target in before.items():
        if ref not in after:
            lines.append(f"- {label} query {ref}: {_expr(target)}")
    for ref, target in after.items():
        previous = before.get(ref)
        if previous is None or previous == target:
            continue
        if _expr(previous) != _expr(target):
            lines.append(f"~ {label} query {ref}:")
            lines.append(f"    - {_expr(previous)}")
            lines.append(f"    + {_expr(target)}")
        changed = sorted(
            key
            for key in set(previous) | set(target)
            if key != "expr" and previous.get(key) != target.get(key)
        )
        if changed:
            lines.append(f"~ {label} query {ref}: {', '.join(changed)} changed")
    return lines


def _targets_by_ref(panel: dict[str, Any]) -> dict[str, dict[str, Any]]:
    targets = panel.get("targets") or []
    return {
        str(target.get("refId", index)): target
        for index, target in enumerate(targets)
        if isinstance(target, dict)
    }


def _expr(target: dict[str, Any]) -> str:
    return " ".join(str(target.get("expr", "")).split())
