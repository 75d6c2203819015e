"""promql/unknown-metric: a series that no catalog metric or recording rule
provides.

A selector of a misspelt or undeclared metric returns nothing, so an alert
over it never fires and a panel stays empty, without any error. Every series
an expression reads must be declared in the catalog (with the job that
exports it) or be the name of a recording rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from promql_parser import Call, MatrixSelector, VectorSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import RATE_FUNCTIONS, LintContext, Query
from monitoring_as_code.checks.promql_suffix_type import misused_suffix


@register
class UnknownMetric(Check):
    id = "promql/unknown-metric"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            if not isinstance(node.expr, VectorSelector):
                continue
            name = promql.metric_name(node.expr)
            if name is None or promql.is_placeholder(name) or context.is_known(name):
                continue
            if misused_suffix(name, context) is not None:
                continue  # promql/suffix-type explains it
            histogram = context.histogram_base(name)
            if histogram is not None:
                if _under_rate(node):
                    continue  # promql/rate-on-gauge explains it
                yield query.problem(
                    self,
                    f"histogram {name!r} has no series of that name",
                    f"read {histogram.bucket}, {histogram.sum} or {histogram.count}",
                    query.span(node),
                )
                continue
            yield query.problem(
                self,
                f"metric {name!r} is not in the catalog and no recording rule "
                "records it",
                _hint(name, context),
                query.span(node),
            )


def _under_rate(node: promql.Node) -> bool:
    parents = node.parents
    return (
        len(parents) >= 2
        and isinstance(parents[-1], MatrixSelector)
        and isinstance(parents[-2], Call)
        and parents[-2].func.name in RATE_FUNCTIONS
    )


def _hint(name: str, context: LintContext) -> str:
    close = difflib.get_close_matches(name, list(context.catalog), n=1, cutoff=0.8)
    if close:
        return f"did you mean {close[0]!r}? Otherwise declare the metric in the catalog"
    return (
        "declare the metric in the catalog with the ScrapeJob that exports it, "
        "or fix the name"
    )
