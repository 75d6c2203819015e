"""alerts/template-label: an alert template prints a label that the
expression aggregates away.

`{{ $labels.agent_name }}` over `sum by (le) (...)` prints an empty string:
Prometheus fills `$labels` from the series the expression returns, and
`sum by (le)` keeps only `le`. The notification then names no agent, which
is the detail the responder needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query, definition_problem
from monitoring_as_code.checks.templates import template_gaps


@register
class TemplateLabel(Check):
    id = "alerts/template-label"
    severity = Severity.ERROR

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for gap in template_gaps(query, context):
            if not gap.dropped:
                continue  # promql/unknown-label explains it
            if gap.kept:
                result = f"keeps only {', '.join(sorted(gap.kept))}"
            else:
                result = "has no labels"
            yield definition_problem(
                self,
                query.rule,
                query.subject,
                f"{gap.field} prints label {gap.label!r}, but the expression's "
                f"result {result}",
                f"keep the label in the expression, for example by adding it to "
                f"the by() clause, or remove {{{{ $labels.{gap.label} }}}}",
                expr=gap.text,
                span=gap.span,
            )
