"""The change types of a semantic diff between two Projects.

Every section of the diff (alerts, routing, dashboards, ...) is a list of
ItemChange, so the text, markdown and JSON renderers share one walk.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field


class Status(str, enum.Enum):
    """The kind of change of a definition from the base to the head."""

    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One changed part of a definition, as display text.

    `before` is None when the part is new and `after` is None when it is
    gone. `details` calls out what changed inside a long value, such as a
    threshold or a range window of an expression.
    """

    name: str
    before: str | None
    after: str | None
    details: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A definition that uses a changed one: an alert, rule or panel.

    `via` names the recording rule through which the use happens, when the
    definition selects that rule's series rather than the changed name.
    """

    kind: str  # "alert", "recording rule" or "panel"
    name: str
    via: str | None = None


@dataclass
class ItemChange:
    """A definition that was added, removed, renamed or changed.

    `name` is the head-side name; a removed item keeps its base name, and a
    renamed one stores its base name in `old_name`. `summary` is a short
    phrase for the headline, such as "no longer reaches pager".
    """

    name: str
    status: Status
    old_name: str | None = None
    summary: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    used_by: list[Reference] = field(default_factory=list)
    children: list[ItemChange] = field(default_factory=list)


# Section key -> title, in the order the renderers print them.
SECTIONS = {
    "alerts": "Alerts",
    "routing": "Routing",
    "inhibit_rules": "Inhibit rules",
    "recording_rules": "Recording rules",
    "dashboards": "Dashboards",
    "metrics": "Metrics",
    "alertmanager": "Alertmanager",
    "scrape": "Scrape config",
}


@dataclass
class ProjectDiff:
    """Every change between the base and the head, section by section.

    `notes` are sentences about the comparison itself, such as a base ref
    without a definitions folder.
    """

    base: str
    head: str
    base_commit: str = ""
    notes: list[str] = field(default_factory=list)
    sections: dict[str, list[ItemChange]] = field(
        default_factory=lambda: {key: [] for key in SECTIONS}
    )

    @property
    def changed(self) -> bool:
        return any(self.sections.values())

    def counts(self) -> dict[str, Counter[Status]]:
        """Count items per status in each section; dashboard panels as "panels"."""
        counts = {
            key: Counter(item.status for item in items)
            for key, items in self.sections.items()
        }
        counts["panels"] = Counter(
            panel.status
            for dashboard in self.sections["dashboards"]
            for panel in dashboard.children
        )
        return counts
