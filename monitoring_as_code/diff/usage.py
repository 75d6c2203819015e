"""The index of alerts, recording rules and panels by the series they select."""

from __future__ import annotations

from collections.abc import Iterable

from monitoring_as_code.diff.expressions import referenced_names
from monitoring_as_code.diff.model import Reference
from monitoring_as_code.model.project import Project


def panel_name(dashboard_uid: str, panel_title: str) -> str:
    return f"{dashboard_uid} / {panel_title}"


class UsageIndex:
    """The series names each alert, recording rule and panel of a Project selects."""

    def __init__(self, project: Project) -> None:
        self._entries: list[tuple[Reference, frozenset[str]]] = []
        for alert in project.alerts:
            self._add(Reference("alert", alert.name), [alert.expr])
        for rule in project.recording_rules:
            self._add(Reference("recording rule", rule.record), [rule.expr])
        for dashboard in project.dashboards:
            for panel in dashboard.all_panels():
                reference = Reference("panel", panel_name(dashboard.uid, panel.title))
                self._add(reference, [target.expr for target in panel.targets])

    def _add(self, reference: Reference, exprs: list[str]) -> None:
        names: frozenset[str] = frozenset()
        for expr in exprs:
            names |= referenced_names(expr)
        self._entries.append((reference, names))

    def users_of(self, names: Iterable[str]) -> list[Reference]:
        """Return the definitions that select any of `names`, each once.

        Uses through recording rules count too: when a rule selects a name,
        the users of the rule's series are listed with `via` set to it.
        Direct users come first.
        """
        users: list[Reference] = []
        seen: set[tuple[str, str]] = set()
        queue: list[tuple[set[str], str | None]] = [(set(names), None)]
        while queue:
            wanted, via = queue.pop(0)
            for reference, selected in self._entries:
                key = (reference.kind, reference.name)
                if key in seen or not selected & wanted:
                    continue
                seen.add(key)
                users.append(Reference(reference.kind, reference.name, via))
                if reference.kind == "recording rule":
                    queue.append(({reference.name}, via or reference.name))
        return users
