"""promql/rate-on-gauge: rate(), irate() or increase() of a series that is not
a counter, or delta() of a counter.

rate() treats every drop in value as a counter reset, so over a gauge it
returns made-up numbers whenever the gauge goes down. A histogram's base
name has no series at all (only `_bucket`, `_sum` and `_count` exist), and
a recording rule whose expression computes a rate is a gauge. The other way round,
delta() and deriv() do not handle counter resets, so a restart of the
exporter reads as a large negative change.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import Call, MatrixSelector, SubqueryExpr, VectorSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query

_COUNTER_FUNCTIONS = frozenset({"rate", "irate", "increase"})
_GAUGE_FUNCTIONS = frozenset({"delta", "idelta", "deriv"})


def _selector_argument(call: Call) -> VectorSelector | None:
    """The selector a range function reads directly, if it reads one."""
    arg = promql.unwrap(call.args[0]) if call.args else None
    if isinstance(arg, MatrixSelector):
        return arg.vector_selector
    if isinstance(arg, SubqueryExpr) and isinstance(
        promql.unwrap(arg.expr), VectorSelector
    ):
        return promql.unwrap(arg.expr)
    return None


@register
class RateOnGauge(Check):
    id = "promql/rate-on-gauge"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            call = node.expr
            if not isinstance(call, Call):
                continue
            function = call.func.name
            if function not in _COUNTER_FUNCTIONS | _GAUGE_FUNCTIONS:
                continue
            selector = _selector_argument(call)
            name = promql.metric_name(selector) if selector is not None else None
            if name is None or promql.is_placeholder(name):
                continue
            histogram = context.histogram_base(name)
            if histogram is not None:
                yield query.problem(
                    self,
                    f"{function}() of {name!r}, a histogram's base name, which has "
                    "no series",
                    f"use {histogram.bucket} for quantiles, or "
                    f"rate({histogram.sum}[...]) / rate({histogram.count}[...]) for "
                    "the average",
                    query.span(node),
                )
            elif function in _COUNTER_FUNCTIONS:
                yield from self._counter_function(query, node, name, context)
            elif context.kind(name) == "counter":
                yield query.problem(
                    self,
                    f"{function}() of counter {name!r} reads every counter reset "
                    "as a drop",
                    "use increase() for the change of a counter over a window, "
                    "or rate() for its per-second rate",
                    query.span(node),
                    severity=Severity.WARNING,
                )

    def _counter_function(self, query, node, name, context) -> Iterator[Problem]:
        function = node.expr.func.name
        kind = context.kind(name)
        if kind in ("gauge", "info"):
            metric = context.metric_of(name)
            if metric is not None and metric.kind == "summary":
                series = f"the quantiles of summary {name!r}, which are gauges"
            elif name in context.recorded:
                series = f"recording rule {name!r}, which is already a rate"
            else:
                series = f"{kind} {name!r}"
            yield query.problem(
                self,
                f"{function}() of {series}",
                "read the gauge directly, or use deriv() for its slope and "
                "delta() for its change over a window",
                query.span(node),
            )
