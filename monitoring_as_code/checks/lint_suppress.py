"""lint/suppress: a `suppress` entry that names no check.

A misspelt check ID in `suppress={"promql/rate-on-guage": "..."}` silences
nothing, so the problem it was meant for is still reported, or, worse,
the author believes a check was reviewed when the reason was never read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from monitoring_as_code.checks.base import REGISTRY, Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, definition_problem


def _suppressing(context: LintContext) -> Iterator[tuple[object, str]]:
    project = context.project
    for metric in project.metrics:
        yield metric, f"{metric.kind} {metric.name!r}"
    for group in project.groups:
        for rule in group.rules:
            yield rule, f"rule {rule.name!r}"
    for dashboard in project.dashboards:
        for panel in dashboard.all_panels():
            yield panel, f"panel {panel.title!r} of dashboard {dashboard.uid!r}"


@register
class UnknownSuppression(Check):
    id = "lint/suppress"
    severity = Severity.ERROR

    def check_project(self, context: LintContext) -> Iterator[Problem]:
        for definition, subject in _suppressing(context):
            for check_id in getattr(definition, "suppress", None) or {}:
                if check_id in REGISTRY:
                    continue
                close = difflib.get_close_matches(check_id, list(REGISTRY), n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "use a check ID listed by docs/lint.md"
                )
                yield definition_problem(
                    self,
                    definition,
                    subject,
                    f"suppress names {check_id!r}, which is not a check",
                    hint,
                )
