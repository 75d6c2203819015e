"""alerts/rate-threshold: an alert compares the raw per-second rate of a
counter with a number.

rate() returns events per second, while thresholds are usually thought of
per window ("more than 10 escalations in 5 minutes") or as a ratio ("more
than 5% of requests fail"). `rate(crisis_escalations_total[5m]) > 10` fires
only above 10 escalations per second, which is 3000 in five minutes, so it
never fires. `rate(http_requests_total{status=~"5.."}[5m]) > 0.05` fires at
15 failed requests in five minutes, however many succeed. The message states
the threshold per window so that the author can compare it with the intent.
When a per-second threshold is what was meant, suppress this check with that
reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import (
    AggregateExpr,
    BinaryExpr,
    Call,
    Expr,
    MatrixSelector,
    NumberLiteral,
)

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query
from monitoring_as_code.model.durations import format_duration

_RATE_FUNCTIONS = frozenset({"rate", "irate"})
_DIRECTION = {">": "faster", ">=": "faster", "<": "slower", "<=": "slower"}
_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


def _number(expr: Expr) -> float | None:
    expr = promql.unwrap(expr)
    return expr.val if isinstance(expr, NumberLiteral) else None


def _raw_rate(expr: Expr) -> Call | None:
    """Return the rate() call `expr` is, possibly inside aggregations, or None."""
    expr = promql.unwrap(expr)
    while isinstance(expr, AggregateExpr):
        expr = promql.unwrap(expr.expr)
    if isinstance(expr, Call) and expr.func.name in _RATE_FUNCTIONS:
        return expr
    return None


def _conditions(expr: Expr) -> Iterator[BinaryExpr]:
    """Yield the comparisons that decide whether the alert fires."""
    pending = [expr]
    while pending:
        expr = promql.unwrap(pending.pop())
        if not isinstance(expr, BinaryExpr):
            continue
        op = str(expr.op).lower()
        if op in promql.SET_OPERATORS:
            pending.extend([expr.rhs, expr.lhs])
        elif op in promql.COMPARISON_OPERATORS:
            yield expr


@register
class RateThreshold(Check):
    id = "alerts/rate-threshold"
    severity = Severity.WARNING

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        if query.alert is None or query.expr is None:
            return
        for comparison in _conditions(query.expr):
            op = str(comparison.op)
            threshold = _number(comparison.rhs)
            call = _raw_rate(comparison.lhs)
            if threshold is None or call is None:
                # `10 < rate(...)` reads as `rate(...) > 10`.
                op = _FLIPPED.get(op, op)
                threshold = _number(comparison.lhs)
                call = _raw_rate(comparison.rhs)
            if threshold is None or call is None or threshold <= 0:
                continue
            if op not in _DIRECTION:
                continue
            matrix = promql.unwrap(call.args[0])
            if not isinstance(matrix, MatrixSelector):
                continue
            name = promql.metric_name(matrix.vector_selector)
            if name is None or context.kind(name) != "counter":
                continue
            yield self._problem(query, call, name, matrix, threshold, _DIRECTION[op])

    def _problem(self, query, call, name, matrix, threshold, direction) -> Problem:
        seconds = matrix.range.total_seconds()
        window = format_duration(int(seconds * 1000))
        per_window = f"{threshold * seconds:g}"
        span = next(
            (query.span(node) for node in query.nodes if node.token == call.func.name),
            None,
        )
        if threshold < 1:
            hint = (
                f"if {threshold:g} is meant as a ratio, divide by the rate of all "
                f"events; to count events, compare increase({name}[{window}]) with "
                "a number"
            )
        else:
            hint = (
                f"to alert on a number of events, write increase({name}[{window}]) "
                "> N; if the per-second rate is meant, suppress this check with "
                "that reason"
            )
        return query.problem(
            self,
            f"the alert fires when {name!r} grows {direction} than {threshold:g} per "
            f"second, which is {per_window} per {window}",
            hint,
            span,
        )
