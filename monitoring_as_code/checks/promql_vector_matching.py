"""promql/vector-matching: a binary operation between two vectors whose label
sets differ, without on() or ignoring().

Without a matching clause Prometheus pairs series whose labels are all
equal. When one side has a label the other lacks, say `method` on the left
of `errors / requests`, no pair matches and the result is empty: the panel
shows nothing and the alert never fires. `and` and `unless` match the same
way. `or` is not checked because it keeps unmatched series.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import BinaryExpr, LabelModifierType

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query


def _names(labels: frozenset[str]) -> str:
    return "{" + ", ".join(sorted(labels)) + "}"


@register
class VectorMatching(Check):
    id = "promql/vector-matching"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            expr = node.expr
            if not isinstance(expr, BinaryExpr) or str(expr.op).lower() == "or":
                continue
            if promql.is_scalar(expr.lhs) or promql.is_scalar(expr.rhs):
                continue
            matching = expr.modifier.matching if expr.modifier else None
            if matching is not None and matching.type == LabelModifierType.Include:
                continue  # on(...): promql/unknown-label checks the labels listed
            ignored = (
                frozenset(matching.labels) if matching is not None else frozenset()
            )
            lhs = context.output_labels(expr.lhs)
            rhs = context.output_labels(expr.rhs)
            if lhs is None or rhs is None or lhs - ignored == rhs - ignored:
                continue
            only_left = (lhs - rhs) - ignored
            only_right = (rhs - lhs) - ignored
            differences = []
            if only_left:
                differences.append(f"only the left side has {_names(only_left)}")
            if only_right:
                differences.append(f"only the right side has {_names(only_right)}")
            yield query.problem(
                self,
                f"{expr.op} matches series with equal labels, but "
                f"{' and '.join(differences)}, so no series match",
                "match on the shared labels with on(...), ignore the extra ones "
                "with ignoring(...), or aggregate both sides to the same labels",
                query.span(node),
            )
