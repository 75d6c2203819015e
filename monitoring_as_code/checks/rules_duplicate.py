"""rules/duplicate: the same alert or recording rule declared twice, or two
rules with the same expression.

Two alerts with one name and the same labels send every notification
twice and make silences and inhibitions match both. Two recording rules
writing one series with the same labels make Prometheus store conflicting
samples. Two rules with the same expression (and, for alerts, the same
`for`) are usually a copy left behind after an edit.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query, definition_problem
from monitoring_as_code.model.rules import AlertingRule


def _identity(query: Query) -> tuple:
    rule = query.rule
    if isinstance(rule, AlertingRule):
        return ("alert", rule.name, tuple(sorted(rule.all_labels().items())))
    return ("recording rule", rule.record, tuple(sorted(rule.labels.items())))


def _expression_key(query: Query) -> tuple | None:
    if query.expr is None:
        return None
    rule = query.rule
    # The parser's rendering is a canonical form: spacing, keyword case and
    # the place of by () clauses are normalised (parentheses are kept).
    canonical = str(query.expr)
    if isinstance(rule, AlertingRule):
        return ("alert", canonical, rule.for_, tuple(sorted(rule.all_labels().items())))
    return ("recording rule", canonical, tuple(sorted(rule.labels.items())))


@register
class Duplicate(Check):
    id = "rules/duplicate"
    severity = Severity.ERROR

    def check_project(self, context: LintContext) -> Iterator[Problem]:
        rules = [query for query in context.queries if query.rule is not None]
        seen: dict[tuple, Query] = {}
        for query in rules:
            first = seen.setdefault(_identity(query), query)
            if first is not query:
                yield definition_problem(
                    self,
                    query.rule,
                    query.subject,
                    f"{query.subject} is declared twice with the same labels "
                    f"(first at {first.location})",
                    "remove one, or tell them apart with a label",
                )
        same_expr: dict[tuple, Query] = {}
        for query in rules:
            key = _expression_key(query)
            if key is None:
                continue
            first = same_expr.setdefault(key, query)
            if first is not query and _identity(first) != _identity(query):
                yield query.problem(
                    self,
                    f"the expression is the same as that of {first.subject} "
                    f"({first.location})",
                    "remove the copy, or change what differs between the two",
                    severity=Severity.WARNING,
                )
