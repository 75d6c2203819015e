"""promql/histogram-quantile: histogram_quantile() over something that is not
a set of `_bucket` series with their `le` label, or an alert on per-series
quantiles.

histogram_quantile() needs the cumulative buckets, which `le` distinguishes.
Aggregating without `le` (`sum by (job)`) or passing `_sum`/`_count` gives
NaN or nothing.

Without any aggregation the quantile is valid but computed per series, so
for every instance and every other label (method, user role, ...) on its
share of the observations, and an alert fires once per series. The quantile
of the service is not the maximum of those, and a series with a handful of
slow requests is enough to fire. Alerts are therefore asked to sum the
bucket rates by `le` and the labels they report (warning), while panels may
plot per-series quantiles.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import AggregateExpr, Call, VectorSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query
from monitoring_as_code.checks.templates import label_references


@register
class HistogramQuantile(Check):
    id = "promql/histogram-quantile"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            call = node.expr
            if not isinstance(call, Call) or call.func.name != "histogram_quantile":
                continue
            if len(call.args) < 2:
                continue
            buckets = call.args[1]
            labels = context.output_labels(buckets)
            if labels is not None and "le" not in labels:
                yield self._without_le(query, node, buckets, context)
            elif query.alert is not None and not _aggregated(buckets, context):
                yield self._per_series(query, node, buckets, context)

    def _without_le(self, query, node, buckets, context) -> Problem:
        for inner in query.nodes:
            expr = inner.expr
            if not isinstance(expr, AggregateExpr) or not _below(inner, node):
                continue
            before = context.output_labels(expr.expr)
            after = context.output_labels(expr)
            if (
                before is not None
                and "le" in before
                and after is not None
                and "le" not in after
            ):
                return query.problem(
                    self,
                    f"{expr.op}() drops the le label that histogram_quantile() needs",
                    "keep le: write by (le, ...), or leave le out of without (...)",
                    query.span(inner),
                )
        names = sorted(
            name
            for name in map(promql.metric_name, promql.selectors(buckets))
            if name is not None
        )
        return query.problem(
            self,
            f"histogram_quantile() reads {', '.join(names) or 'series'} without an "
            "le label, not a histogram's _bucket series",
            "pass the rate of a histogram's _bucket series, as in "
            "histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))",
            query.span(node),
        )

    def _per_series(self, query, node, buckets, context) -> Problem:
        labels = ["le"]
        for text in query.alert.all_annotations().values():
            labels.extend(label for label, _ in label_references(text))
        kept = ", ".join(dict.fromkeys(labels))
        return query.problem(
            self,
            "the alert computes a separate quantile for every bucket series, so it "
            "fires per series on few observations each",
            f"sum the bucket rates by le and the labels the alert reports: "
            f"histogram_quantile(..., sum by ({kept}) (rate(..._bucket[...])))",
            query.span(node),
            severity=Severity.WARNING,
        )


def _below(node: promql.Node, ancestor: promql.Node) -> bool:
    return any(parent is ancestor.expr for parent in node.parents)


def _aggregated(expr, context: LintContext) -> bool:
    """Return whether the buckets are summed here or by a recording rule read."""
    for node in promql.walk(expr):
        if isinstance(node.expr, AggregateExpr):
            return True
        if isinstance(node.expr, VectorSelector):
            if promql.metric_name(node.expr) in context.recorded:
                return True
    return False
