"""promql/syntax: an expression that does not parse.

Prometheus refuses to load a rule file with one invalid expression, and a
panel with one shows an error instead of data. The parser gives no column,
so the problem points at the definition's file and line.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query

_VARIABLE_FORMS = (
    "label_values(metric, label), label_values(label) or query_result(expr)"
)


@register
class PromQLSyntax(Check):
    id = "promql/syntax"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        if query.error is None:
            return
        hint = "fix the expression; the Prometheus query editor shows the same error"
        if query.kind == "variable":
            hint = f"write a PromQL selector or one of {_VARIABLE_FORMS}"
        yield query.problem(self, f"invalid PromQL: {query.error}", hint)
