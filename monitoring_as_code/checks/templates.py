"""Labels that alert templates read, and whether the expression keeps them.

Prometheus expands an alert's annotation and label templates (Go
text/template) with `$labels` bound to the labels of the series the
expression returned, so a template can only print labels that survive
the expression's aggregations and vector matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from promql_parser import AggregateExpr, Call, StringLiteral, VectorSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.context import LintContext, Query

_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_REFERENCES = (
    re.compile(r"\$labels\.([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"\.Labels\.([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"index\s+(?:\$labels|\.Labels)\s+\"([A-Za-z_][A-Za-z0-9_]*)\""),
)


@dataclass(frozen=True)
class TemplateGap:
    """A template reading a label that the expression's result lacks.

    `dropped` is True when some series the expression reads has the label,
    so an aggregation or vector matching removed it, and False when no
    series has it at all.
    """

    field: str  # the annotation or label key, such as "summary"
    text: str
    label: str
    span: tuple[int, int]
    kept: frozenset[str]
    dropped: bool


def label_references(text: str) -> list[tuple[str, tuple[int, int]]]:
    """List each label a template reads, with the span of the reference."""
    found = []
    for action in _ACTION.finditer(text):
        for pattern in _REFERENCES:
            for match in pattern.finditer(action.group()):
                start = action.start() + match.start()
                found.append((match.group(1), (start, action.start() + match.end())))
    return sorted(found, key=lambda item: item[1])


def template_gaps(query: Query, context: LintContext) -> list[TemplateGap]:
    """Labels the alert's templates read but its expression does not keep."""
    alert = query.alert
    if alert is None or query.expr is None:
        return []
    kept = context.output_labels(query.expr)
    if kept is None:
        return []
    sources = _source_labels(query, context)
    gaps = []
    templates = {**alert.all_annotations(), **alert.labels}
    for field, text in templates.items():
        for label, span in label_references(text):
            if label in kept:
                continue
            dropped = sources is None or label in sources
            gaps.append(TemplateGap(field, text, label, span, kept, dropped))
    return gaps


def _source_labels(query: Query, context: LintContext) -> frozenset[str] | None:
    """Collect every label some part of the expression has, or None if the
    labels of a series read are unknown."""
    labels: set[str] = set()
    for node in query.nodes:
        expr = node.expr
        if isinstance(expr, VectorSelector):
            name = promql.metric_name(expr)
            found = context.labels(name) if name else None
            if found is None:
                return None
            labels |= found
        elif isinstance(expr, Call) and expr.func.name in (
            "label_replace",
            "label_join",
        ):
            if isinstance(expr.args[1], StringLiteral):
                labels.add(expr.args[1].val)
        elif isinstance(expr, AggregateExpr) and isinstance(expr.param, StringLiteral):
            labels.add(expr.param.val)  # count_values("label", ...)
    return frozenset(labels)
