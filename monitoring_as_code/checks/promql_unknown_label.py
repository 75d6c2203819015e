"""promql/unknown-label: a label that the series read do not have.

A matcher on a missing label matches the empty value, so `{agent="x"}`
selects nothing. Grouping or vector matching on a missing label silently
merges series, and a template printing a missing label prints nothing. The labels a
metric has are the catalog's, plus `job`, `instance` and its scrape job's
target labels.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import (
    AggregateExpr,
    BinaryExpr,
    Call,
    LabelModifierType,
    StringLiteral,
    VectorMatchCardinality,
    VectorSelector,
)

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query, definition_problem
from monitoring_as_code.checks.templates import template_gaps


def _names(labels: frozenset[str]) -> str:
    return ", ".join(sorted(labels)) if labels else "no labels"


@register
class UnknownLabel(Check):
    id = "promql/unknown-label"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            expr = node.expr
            if isinstance(expr, VectorSelector):
                yield from self._matchers(query, node, context)
            elif isinstance(expr, AggregateExpr):
                yield from self._grouping(query, node, context)
            elif isinstance(expr, BinaryExpr):
                yield from self._vector_matching(query, node, context)
            elif isinstance(expr, Call) and expr.func.name in (
                "label_replace",
                "label_join",
            ):
                yield from self._label_functions(query, node, context)
        yield from self._read_labels(query, context)
        yield from self._templates(query, context)

    def _matchers(self, query, node, context) -> Iterator[Problem]:
        name = promql.metric_name(node.expr)
        labels = (
            context.labels(name) if name and not promql.is_placeholder(name) else None
        )
        if labels is None:
            return
        seen: list[str] = []
        for matcher in node.expr.matchers.matchers:
            label = matcher.name
            occurrence = seen.count(label)
            seen.append(label)
            if label == "__name__" or label in labels or promql.is_placeholder(label):
                continue
            yield query.problem(
                self,
                f"{name!r} has no label {label!r}, so this matcher compares the "
                "empty value",
                f"{name!r} has {_names(labels)}; fix the label or add it to the "
                "metric in the catalog",
                query.matcher_span(node, label, occurrence),
            )

    def _grouping(self, query, node, context) -> Iterator[Problem]:
        expr = node.expr
        inner = context.output_labels(expr.expr)
        if expr.modifier is None or inner is None:
            return
        for label in expr.modifier.labels:
            if label in inner or promql.is_placeholder(label):
                continue
            yield query.problem(
                self,
                f"{expr.op} groups by {label!r}, which its input does not have",
                f"the input has {_names(inner)}",
                query.clause_span(node, label),
            )

    def _vector_matching(self, query, node, context) -> Iterator[Problem]:
        expr = node.expr
        modifier = expr.modifier
        if modifier is None or promql.is_scalar(expr.lhs) or promql.is_scalar(expr.rhs):
            return
        lhs = context.output_labels(expr.lhs)
        rhs = context.output_labels(expr.rhs)
        sides = {"left": lhs, "right": rhs}
        matching = modifier.matching
        if matching is not None and matching.type == LabelModifierType.Include:
            for label in matching.labels:
                for side, labels in sides.items():
                    if labels is not None and label not in labels:
                        yield self._matching_problem(query, node, label, side, labels)
        elif matching is not None:
            for label in matching.labels:
                if all(
                    labels is not None and label not in labels
                    for labels in sides.values()
                ):
                    yield query.problem(
                        self,
                        f"ignoring() lists {label!r}, which neither side has",
                        "remove it from the list",
                        query.clause_span(node, label),
                    )
        one_side = (
            "right" if modifier.card == VectorMatchCardinality.ManyToOne else "left"
        )
        labels = sides[one_side]
        for label in modifier.group_labels or ():
            if labels is not None and label not in labels:
                yield self._matching_problem(query, node, label, one_side, labels)

    def _matching_problem(self, query, node, label, side, labels) -> Problem:
        return query.problem(
            self,
            f"vector matching uses {label!r}, which the {side} side does not have",
            f"the {side} side has {_names(labels)}",
            query.clause_span(node, label),
        )

    def _label_functions(self, query, node, context) -> Iterator[Problem]:
        expr = node.expr
        inner = context.output_labels(expr.args[0])
        # label_replace(v, dst, replacement, src, regex)
        # label_join(v, dst, separator, src, ...)
        sources = expr.args[3:4] if expr.func.name == "label_replace" else expr.args[3:]
        if inner is None:
            return
        for source in sources:
            if (
                isinstance(source, StringLiteral)
                and source.val
                and source.val not in inner
            ):
                yield query.problem(
                    self,
                    f"{expr.func.name}() reads label {source.val!r}, which its input "
                    "does not have",
                    f"the input has {_names(inner)}",
                    query.span(node),
                )

    def _read_labels(self, query, context) -> Iterator[Problem]:
        if query.expr is not None:
            labels = context.output_labels(query.expr)
        elif query.promql is None:
            labels = frozenset().union(
                *(found for found in context.catalog.values() if found)
            )
        else:
            return
        for label in query.read_labels:
            if (
                labels is not None
                and label not in labels
                and not promql.is_placeholder(label)
            ):
                start = query.text.rfind(label)
                yield query.problem(
                    self,
                    f"the variable reads label {label!r}, which the series do not have",
                    f"the series have {_names(labels)}",
                    (start, start + len(label)) if start >= 0 else None,
                )

    def _templates(self, query, context) -> Iterator[Problem]:
        for gap in template_gaps(query, context):
            if gap.dropped:
                continue  # alerts/template-label explains it
            hint = f"the expression's result has {_names(gap.kept)}; fix the label name"
            if gap.label in query.alert.all_labels():
                # Prometheus fills $labels from the series before adding the
                # rule's own labels, so those are not available to templates.
                hint = (
                    f"{gap.label!r} is a label of the alert rule, which templates "
                    "cannot read: write its value in the template"
                )
            yield definition_problem(
                self,
                query.rule,
                query.subject,
                f"{gap.field} prints label {gap.label!r}, which no series of the "
                "expression has",
                hint,
                expr=gap.text,
                span=gap.span,
            )
