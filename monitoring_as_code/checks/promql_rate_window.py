"""promql/rate-window: a rate() window shorter than four scrape intervals of
the series it reads.

rate() and increase() need two samples in the window and extrapolate from
them. With a window of under four intervals, one missed scrape leaves too
few, and the result has gaps or jumps. Under two intervals the window often
contains a single sample, so the function returns nothing. The interval is
the scrape job's `scrape_interval` (else the global one). For a recorded
series it is the rule group's `interval` (else the global
`evaluation_interval`). irate() and idelta() only need the last two
samples, so for them only the two-interval limit applies.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import Call, MatrixSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query
from monitoring_as_code.model.durations import format_duration

_MIN_INTERVALS = {
    "rate": 4,
    "increase": 4,
    "delta": 4,
    "deriv": 4,
    "irate": 2,
    "idelta": 2,
}


@register
class RateWindow(Check):
    id = "promql/rate-window"
    severity = Severity.WARNING

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            matrix = node.expr
            parent = node.parent
            if not isinstance(matrix, MatrixSelector) or not isinstance(parent, Call):
                continue
            function = parent.func.name
            if function not in _MIN_INTERVALS or promql.range_variable(matrix.range):
                continue
            name = promql.metric_name(matrix.vector_selector)
            interval = context.sample_interval_ms(name) if name else None
            if not interval:
                continue
            window = int(matrix.range.total_seconds() * 1000)
            needed = _MIN_INTERVALS[function] * interval
            if window >= needed:
                continue
            severity = Severity.ERROR if window < 2 * interval else Severity.WARNING
            selector = next(n for n in query.nodes if n.parent is matrix)
            yield query.problem(
                self,
                f"the {format_duration(window)} window of {function}() contains fewer "
                f"than {_MIN_INTERVALS[function]} samples of {name!r}, which gets "
                f"one every {format_duration(interval)}",
                f"use a window of at least {format_duration(needed)}"
                + (", or $__rate_interval in a panel" if query.panel else ""),
                query.range_span(selector),
                severity=severity,
            )
