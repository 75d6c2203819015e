"""Generic comparison of definitions: values, mappings, dataclass fields, keys."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from monitoring_as_code.diff.model import FieldChange, ItemChange, Status
from monitoring_as_code.model.matchers import Matcher

T = TypeVar("T")

_STATUS_ORDER = [Status.ADDED, Status.REMOVED, Status.RENAMED, Status.CHANGED]


def plain(value: object) -> object:
    """Convert a definition to JSON-like data for comparison and display.

    Source locations are left out because moving a definition changes no
    output. Fields declared with repr=False are left out as well, because
    those are the inline-secret fields that validation keeps at None.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: plain(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if item.name != "location" and item.repr
        }
    if isinstance(value, Matcher):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def format_value(value: object) -> str:
    """Format plain data as one line of display text."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value else '""'
    if isinstance(value, (list, tuple)) and all(
        isinstance(item, str) for item in value
    ):
        return ", ".join(value) if value else "(empty)"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def field_name(name: str) -> str:
    """Drop the trailing underscore of names such as `for_` and `continue_`."""
    return name.rstrip("_")


def compare_values(name: str, before: object, after: object) -> list[FieldChange]:
    """Return one FieldChange when the plain values differ, else nothing."""
    before, after = plain(before), plain(after)
    if before == after:
        return []
    return [FieldChange(name, format_value(before), format_value(after))]


def compare_mappings(
    prefix: str, before: dict[str, object], after: dict[str, object]
) -> list[FieldChange]:
    """Compare two mappings key by key, as `label team`, `annotation summary`.

    Nested mappings, and lists of the same length, are compared member by
    member, so a changed Slack channel reads `slack_configs[0].channel`
    rather than as the whole list twice.
    """
    changes = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) == after.get(key):
            continue
        name = f"{prefix} {key}" if prefix else key
        changes += _value_changes(name, before.get(key, _MISSING), after.get(key, _MISSING))
    return changes


# The value of a key that one side of a comparison does not have.
_MISSING = object()


def _value_changes(name: str, old: object, new: object) -> list[FieldChange]:
    if old == new:
        return []
    if old is _MISSING or new is _MISSING:
        return [
            FieldChange(
                name,
                None if old is _MISSING else format_value(plain(old)),
                None if new is _MISSING else format_value(plain(new)),
            )
        ]
    old, new = plain(old), plain(new)
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in sorted(set(old) | set(new)):
            changes += _value_changes(
                f"{name}.{key}", old.get(key, _MISSING), new.get(key, _MISSING)
            )
        return changes
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        changes = []
        for index, (old_item, new_item) in enumerate(zip(old, new)):
            changes += _value_changes(f"{name}[{index}]", old_item, new_item)
        return changes
    return [FieldChange(name, format_value(old), format_value(new))]


def compare_members(
    name: str, before: Iterable[str], after: Iterable[str]
) -> list[FieldChange]:
    """List members added to or removed from a set, one FieldChange each."""
    old, new = set(before), set(after)
    removed = [FieldChange(name, member, None) for member in sorted(old - new)]
    added = [FieldChange(name, None, member) for member in sorted(new - old)]
    return removed + added


def compare_dataclasses(
    before: object, after: object, skip: Iterable[str] = ()
) -> list[FieldChange]:
    """Compare every dataclass field of two definitions except `skip`."""
    skipped = set(skip) | {"location"}
    changes = []
    for item in dataclasses.fields(after):
        if item.name in skipped or not item.repr:
            continue
        changes += compare_values(
            field_name(item.name),
            getattr(before, item.name, None),
            getattr(after, item.name),
        )
    return changes


def index_by(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    """Map each item to its key; later items with the same key get ` #2`, ` #3`.

    NOTE: repeated keys are paired by declaration order, so inserting a
    second definition with the same name before the first one shows up as
    a change of both.
    """
    seen: Counter[str] = Counter()
    index = {}
    for item in items:
        name = key(item)
        seen[name] += 1
        index[name if seen[name] == 1 else f"{name} #{seen[name]}"] = item
    return index


def compare_indexes(
    before: dict[str, T],
    after: dict[str, T],
    compare: Callable[[T, T], list[FieldChange]],
    describe: Callable[[T], list[FieldChange]] | None = None,
) -> list[ItemChange]:
    """Pair items by key: added, removed, and changed when `compare` finds fields.

    `describe` lists the fields shown for an added item.
    """
    changes = []
    for name, item in after.items():
        if name not in before:
            fields = describe(item) if describe else []
            changes.append(ItemChange(name, Status.ADDED, fields=fields))
            continue
        fields = compare(before[name], item)
        if fields:
            changes.append(ItemChange(name, Status.CHANGED, fields=fields))
    for name in before:
        if name not in after:
            changes.append(ItemChange(name, Status.REMOVED))
    return sort_changes(changes)


def sort_changes(changes: list[ItemChange]) -> list[ItemChange]:
    """Order items added, removed, renamed, changed; stable within each."""
    return sorted(changes, key=lambda change: _STATUS_ORDER.index(change.status))
