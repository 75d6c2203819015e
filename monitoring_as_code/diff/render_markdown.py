"""Render a ProjectDiff as GitHub-flavoured markdown for a pull request comment.

A summary table comes first. Each section follows as a list; a section
longer than `COLLAPSE_LINES` lines is folded into a <details> block, so a
large change keeps the comment short until a reviewer opens a section.
"""

from __future__ import annotations

import re

from monitoring_as_code.diff.model import (
    SECTIONS,
    FieldChange,
    ItemChange,
    ProjectDiff,
    Reference,
    Status,
)

COLLAPSE_LINES = 30
# Values without line breaks and up to this length together fit on one
# `before → after` line.
_SHORT = 80
_STATUS_COLUMNS = (Status.ADDED, Status.REMOVED, Status.RENAMED, Status.CHANGED)


def render_markdown(result: ProjectDiff) -> str:
    lines = ["## mac diff", "", _headline(result)]
    for note in result.notes:
        lines += ["", note]
    if not result.changed:
        lines += ["", "No changes to alerts, routing, rules, dashboards or metrics."]
        return "\n".join(lines) + "\n"
    lines += [""] + _summary_table(result)
    for key, title in SECTIONS.items():
        items = result.sections[key]
        if items:
            lines += [""] + _section(title, items)
    return "\n".join(_squeeze_blank_lines(lines)) + "\n"


def _squeeze_blank_lines(lines: list[str]) -> list[str]:
    squeezed: list[str] = []
    for line in lines:
        if line or (squeezed and squeezed[-1]):
            squeezed.append(line)
    while squeezed and not squeezed[-1]:
        squeezed.pop()
    return squeezed


def _headline(result: ProjectDiff) -> str:
    base = code(result.base)
    if result.base_commit:
        base += f" ({code(result.base_commit[:7])})"
    return f"Comparing {base} with the {result.head}."


def _summary_table(result: ProjectDiff) -> list[str]:
    header = ["Section"] + [status.value.capitalize() for status in _STATUS_COLUMNS]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- |" + " ---: |" * len(_STATUS_COLUMNS),
    ]
    counts = result.counts()
    rows = [(key, title) for key, title in SECTIONS.items()]
    rows.insert(list(SECTIONS).index("dashboards") + 1, ("panels", "Panels"))
    for key, title in rows:
        if not counts[key]:
            continue
        cells = [str(counts[key][status]) for status in _STATUS_COLUMNS]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return lines


def _section(title: str, items: list[ItemChange]) -> list[str]:
    body = []
    for item in items:
        body += _item_lines(item, "")
    if len(body) <= COLLAPSE_LINES:
        return [f"### {title}", ""] + body
    noun = "change" if len(items) == 1 else "changes"
    return [
        "<details>",
        f"<summary><strong>{title}</strong>: {len(items)} {noun}</summary>",
        "",
        *body,
        "",
        "</details>",
    ]


def _item_lines(item: ItemChange, indent: str) -> list[str]:
    title = code(item.name)
    if item.status is Status.RENAMED:
        title = f"{code(item.old_name or '')} → {code(item.name)}"
    elif item.old_name:
        title += f" (renamed from {code(item.old_name)})"
    if item.summary:
        title += f": {item.summary}"
    lines = [f"{indent}- **{item.status.value}** {title}"]

    inner = indent + "  "
    for change in item.fields:
        lines += _field_lines(change, item.status, inner)
    if item.used_by:
        users = ", ".join(_reference(user) for user in item.used_by)
        lines.append(f"{inner}- used by: {users}")
    for child in item.children:
        lines += _item_lines(child, inner)
    return lines


def _reference(user: Reference) -> str:
    text = f"{user.kind} {code(user.name)}"
    return f"{text} (via {code(user.via)})" if user.via else text


def _field_lines(change: FieldChange, status: Status, indent: str) -> list[str]:
    lines = []
    for detail in change.details:
        lines += _field_lines(detail, status, indent)
    before, after = change.before, change.after
    if before is None and after is not None:
        label = change.name if status is Status.ADDED else f"{change.name} added"
        return lines + _value_lines(label, after, indent)
    if after is None and before is not None:
        return lines + _value_lines(f"{change.name} removed", before, indent)
    if _fits_one_line(before, after):
        return lines + [f"{indent}- {change.name}: {code(before)} → {code(after)}"]
    diff = [f"- {text}" for text in (before or "").splitlines()]
    diff += [f"+ {text}" for text in (after or "").splitlines()]
    return lines + [f"{indent}- {change.name}:"] + _block(diff, indent + "  ", "diff")


def _value_lines(label: str, value: str, indent: str) -> list[str]:
    if _is_short(value):
        return [f"{indent}- {label}: {code(value)}"]
    return [f"{indent}- {label}:"] + _block(value.splitlines(), indent + "  ", "")


def _block(lines: list[str], indent: str, language: str) -> list[str]:
    """Return a fenced code block indented to sit inside a list item."""
    longest = max((len(run) for run in re.findall(r"`+", "\n".join(lines))), default=0)
    fence = "`" * max(3, longest + 1)
    return (
        [""]
        + [f"{indent}{fence}{language}"]
        + [f"{indent}{text}" for text in lines]
        + [f"{indent}{fence}", ""]
    )


def _fits_one_line(before: str | None, after: str | None) -> bool:
    return (
        _is_short(before)
        and _is_short(after)
        and len(before or "") + len(after or "") <= _SHORT
    )


def _is_short(value: str | None) -> bool:
    return value is not None and "\n" not in value and len(value) <= _SHORT


def code(text: str) -> str:
    """Return `text` as inline code, with a fence longer than any backtick run."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if longest or text.startswith(" ") or text.endswith(" "):
        return f"{fence} {text} {fence}"
    return f"{fence}{text}{fence}"
