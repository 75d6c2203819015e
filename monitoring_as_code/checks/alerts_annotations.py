"""alerts/annotations: an alert without a severity, summary or runbook URL.

Routing sends alerts by severity, so one without it falls through to the
default receiver. The summary is the line the responder reads first, and
the runbook URL gives the steps to take. For a mental-health service whose
on-call may be woken for a crisis escalation, that is the difference
between acting and guessing.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, definition_problem

_REQUIRED = (
    ("severity", Severity.ERROR, "pass severity='critical', 'warning' or 'info'"),
    ("summary", Severity.ERROR, "pass summary='...': one line saying what is wrong"),
    (
        "runbook_url",
        Severity.WARNING,
        "pass runbook_url='...' pointing at the steps to take",
    ),
)


@register
class Annotations(Check):
    id = "alerts/annotations"
    severity = Severity.ERROR

    def check_project(self, context: LintContext) -> Iterator[Problem]:
        for alert in context.project.alerts:
            for field, severity, hint in _REQUIRED:
                value = getattr(alert, field)
                if value is not None and str(value).strip():
                    continue
                yield definition_problem(
                    self,
                    alert,
                    f"alert {alert.name!r}",
                    f"the alert has no {field}",
                    hint,
                    severity=severity,
                )
