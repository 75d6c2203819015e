"""dashboards/rate-interval: a panel takes rate(), irate() or increase() over a
fixed window instead of `$__rate_interval`.

A fixed `[5m]` is too short when the dashboard is zoomed out to days (the
rate skips most of the samples between points) and too long when zoomed in.
Grafana's `$__rate_interval` is at least four scrape intervals and grows
with the step, so the graph stays correct at every zoom level.
`$__range` (a total over the time picked) and other variables are
accepted as deliberate choices.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import Call, MatrixSelector, display_duration

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query

_FUNCTIONS = frozenset({"rate", "irate", "increase"})


@register
class RateInterval(Check):
    id = "dashboards/rate-interval"
    severity = Severity.WARNING

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        if query.kind != "panel target":
            return
        for node in query.nodes:
            matrix = node.expr
            parent = node.parent
            if not isinstance(matrix, MatrixSelector) or not isinstance(parent, Call):
                continue
            if parent.func.name not in _FUNCTIONS or promql.range_variable(
                matrix.range
            ):
                continue
            selector = next(n for n in query.nodes if n.parent is matrix)
            span = query.range_span(selector)
            # Show the window as written: the parser turns [24h] into [1d].
            window = query.text[span[0] : span[1]] if span else None
            yield query.problem(
                self,
                f"{parent.func.name}() over a fixed "
                f"{window or '[' + display_duration(matrix.range) + ']'} window",
                "write [$__rate_interval], which Grafana sizes from the scrape "
                "interval and the zoom level",
                span,
            )
