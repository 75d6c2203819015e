"""alerts/comparison: an alert expression without a condition, which fires
whenever its series exist.

An alert fires for every series its expression returns, so the expression
must filter: compare with a threshold (`> 0.05`, `up == 0`), check for
absence (`absent(...)`), or be intersected with a condition (`and`,
`unless`). `rate(errors_total[5m])` alone fires as soon as the counter
exists. A comparison with `bool` returns 0 or 1 for every series and so
does not filter either. A deliberate always-firing alert (a watchdog that
proves the pipeline works) suppresses this check with that reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import (
    AggregateExpr,
    BinaryExpr,
    Call,
    Expr,
    MatrixSelector,
    ParenExpr,
    SubqueryExpr,
    UnaryExpr,
)

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query

_ABSENCE_FUNCTIONS = frozenset({"absent", "absent_over_time"})
_MAX_DEPTH = 200


def filters(expr: Expr, depth: int = 0) -> bool:
    """Whether `expr` can return fewer series than it reads."""
    if depth > _MAX_DEPTH:
        return True  # too deep to tell; assume it filters rather than guess
    depth += 1
    if isinstance(expr, (ParenExpr, SubqueryExpr, UnaryExpr)):
        return filters(expr.expr, depth)
    if isinstance(expr, MatrixSelector):
        return False
    if isinstance(expr, AggregateExpr):
        return filters(expr.expr, depth)
    if isinstance(expr, Call):
        if expr.func.name in _ABSENCE_FUNCTIONS:
            return True
        operands = [arg for arg in expr.args if isinstance(arg, Expr)]
        return any(filters(arg, depth) for arg in operands if not promql.is_scalar(arg))
    if isinstance(expr, BinaryExpr):
        op = str(expr.op).lower()
        modifier = expr.modifier
        if op in promql.COMPARISON_OPERATORS:
            return not (modifier is not None and modifier.return_bool)
        if op == "or":
            return filters(expr.lhs, depth) and filters(expr.rhs, depth)
        if op in ("and", "unless"):
            return True
        return filters(expr.lhs, depth) or filters(expr.rhs, depth)
    return False


@register
class Comparison(Check):
    id = "alerts/comparison"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        if query.alert is None or query.expr is None or filters(query.expr):
            return
        yield query.problem(
            self,
            "the expression has no comparison, so the alert fires whenever its "
            "series exist",
            "compare with a threshold (... > 0.9), use absent() for missing "
            "series, or suppress this check with the reason if the alert is "
            "meant to fire always",
        )
