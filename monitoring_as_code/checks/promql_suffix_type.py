"""promql/suffix-type: `_bucket`, `_sum` or `_count` of a metric that is not a
histogram or summary.

Only histograms expose `_bucket` series and only histograms and summaries
expose `_sum` and `_count`. Adding the suffix to a counter or gauge names a
series that does not exist, which usually means the metric's type in the
catalog or the query is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import VectorSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query
from monitoring_as_code.model.catalog import Metric

_SUFFIXES = ("_bucket", "_sum", "_count")


def misused_suffix(name: str, context: LintContext) -> tuple[Metric, str] | None:
    """Return the metric and suffix when `name` adds a suffix its metric lacks."""
    if context.is_known(name):
        return None
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            metric = context.metrics.get(name.removesuffix(suffix))
            if metric is not None:
                return metric, suffix
    return None


@register
class SuffixType(Check):
    id = "promql/suffix-type"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            if not isinstance(node.expr, VectorSelector):
                continue
            name = promql.metric_name(node.expr)
            found = misused_suffix(name, context) if name else None
            if found is None:
                continue
            metric, suffix = found
            owner = "histograms" if suffix == "_bucket" else "histograms and summaries"
            yield query.problem(
                self,
                f"{name!r} does not exist: {metric.name!r} is a {metric.kind}, and "
                f"only {owner} have {suffix} series",
                f"query {metric.name!r} itself, or declare it as a Histogram "
                "in the catalog if it is one",
                query.span(node),
            )
