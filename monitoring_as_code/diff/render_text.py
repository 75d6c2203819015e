"""Render a ProjectDiff for a terminal, in colour when asked to."""

from __future__ import annotations

import click

from monitoring_as_code.diff.model import (
    SECTIONS,
    FieldChange,
    ItemChange,
    ProjectDiff,
    Reference,
    Status,
)

_MARKS = {
    Status.ADDED: ("+", "green"),
    Status.REMOVED: ("-", "red"),
    Status.RENAMED: ("~", "yellow"),
    Status.CHANGED: ("~", "yellow"),
}
_INDENT = "  "
# Values without line breaks and up to this length together fit on one
# `before → after` line.
_SHORT = 70


def render_text(result: ProjectDiff, color: bool = False) -> str:
    """Return the diff as lines of text; ANSI colours only when `color` is set."""

    def style(text: str, **options) -> str:
        return click.style(text, **options) if color else text

    lines = [_headline(result)]
    lines += result.notes
    if not result.changed:
        lines.append("no changes")
        return "\n".join(lines) + "\n"
    for key, title in SECTIONS.items():
        items = result.sections[key]
        if not items:
            continue
        lines.append("")
        lines.append(style(title, bold=True))
        for item in items:
            lines += _item_lines(item, 1, style)
    lines.append("")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _headline(result: ProjectDiff) -> str:
    base = result.base
    if result.base_commit:
        base += f" ({result.base_commit[:7]})"
    return f"comparing {base} with the {result.head}"


def _item_lines(item: ItemChange, depth: int, style) -> list[str]:
    mark, colour = _MARKS[item.status]
    title = item.name
    if item.status is Status.RENAMED:
        title = f"{item.old_name} → {item.name} (renamed)"
    elif item.old_name:
        title = f"{item.name} (renamed from {item.old_name})"
    if item.summary:
        title += f": {item.summary}"
    indent = _INDENT * depth
    lines = [f"{indent}{style(mark, fg=colour)} {title}"]

    field_indent = indent + _INDENT * 2
    for change in item.fields:
        lines += _field_lines(change, item.status, field_indent, style)
    if item.used_by:
        users = ", ".join(_reference(user) for user in item.used_by)
        lines.append(f"{field_indent}used by: {users}")
    for child in item.children:
        lines += _item_lines(child, depth + 2, style)
    return lines


def _reference(user: Reference) -> str:
    text = f"{user.kind} {user.name}"
    return f"{text} (via {user.via})" if user.via else text


def _field_lines(change: FieldChange, status: Status, indent: str, style) -> list[str]:
    """Render one field; long or multi-line values as `-`/`+` lines below it."""
    lines = []
    for detail in change.details:
        lines += _field_lines(detail, status, indent, style)
    before, after = change.before, change.after
    if before is None and after is not None:
        label = change.name if status is Status.ADDED else f"{change.name} added"
        return lines + _value_lines(label, after, indent)
    if after is None and before is not None:
        return lines + _value_lines(f"{change.name} removed", before, indent)
    if _fits_one_line(before, after):
        return lines + [f"{indent}{change.name}: {before} → {after}"]
    lines.append(f"{indent}{change.name}:")
    for text in (before or "").splitlines():
        lines.append(style(f"{indent}{_INDENT}- {text}", fg="red"))
    for text in (after or "").splitlines():
        lines.append(style(f"{indent}{_INDENT}+ {text}", fg="green"))
    return lines


def _value_lines(label: str, value: str, indent: str) -> list[str]:
    if "\n" not in value:
        return [f"{indent}{label}: {value}"]
    return [f"{indent}{label}:"] + [
        f"{indent}{_INDENT}{text}" for text in value.splitlines()
    ]


def _fits_one_line(before: str | None, after: str | None) -> bool:
    return (
        _is_short(before)
        and _is_short(after)
        and len(before or "") + len(after or "") <= _SHORT
    )


def _is_short(value: str | None) -> bool:
    return value is not None and "\n" not in value and len(value) <= _SHORT


def _summary(result: ProjectDiff) -> str:
    counts = result.counts()
    parts = []
    for key, title in SECTIONS.items():
        total = sum(counts[key].values())
        if not total:
            continue
        text = f"{title.lower()} {total}"
        if key == "dashboards" and counts["panels"]:
            text += f" (panels {sum(counts['panels'].values())})"
        parts.append(text)
    return "changed: " + ", ".join(parts)
