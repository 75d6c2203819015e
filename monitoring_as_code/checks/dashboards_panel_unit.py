"""dashboards/panel-unit: a panel that shows numbers without a unit.

Without a unit Grafana prints `0.0523` where `5.23%` or `52.3 ms` was
meant, and the reader has to know the query to read the panel. Time
series, stat, gauge, bar gauge and heatmap panels need one; tables and
raw panels, whose columns carry their own, are not checked. Use `none` for
a plain count.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, definition_problem

_PANEL_TYPES = frozenset({"timeseries", "stat", "gauge", "bargauge", "heatmap"})


@register
class PanelUnit(Check):
    id = "dashboards/panel-unit"
    severity = Severity.WARNING

    def check_project(self, context: LintContext) -> Iterator[Problem]:
        for dashboard in context.project.dashboards:
            for panel in dashboard.all_panels():
                if panel.type not in _PANEL_TYPES or panel.unit.strip():
                    continue
                yield definition_problem(
                    self,
                    panel,
                    f"panel {panel.title!r} of dashboard {dashboard.uid!r}",
                    "the panel has no unit",
                    "pass unit=..., such as 's', 'percentunit', 'reqps', 'bytes', "
                    "or 'none' for a plain count",
                )
