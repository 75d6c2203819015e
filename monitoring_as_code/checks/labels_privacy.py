"""labels/privacy: a metric label whose values are personal identifiers or
unbounded.

Every label value is stored, indexed and shown to anyone with dashboard
access for the whole retention period, outside the access controls of the
application's database. For a mental-health service a series such as
`crisis_response_time_seconds{counselor_id="..."}` ties a person to crisis
work, and `patient_id` or `email` identify clients outright. Such labels are
also unbounded: each new user, session or request adds series until
Prometheus runs out of memory. Aggregate in the application (by role, risk
level or team) and keep per-person detail in access-controlled logs. A
label that only looks like one of these suppresses the check on the metric
with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, definition_problem

# Label names, compared after lower-casing, that identify a person.
# (`name` and `address` are left out: exporters use them for containers and
# servers.)
_PERSONAL = frozenset(
    {
        "user",
        "username",
        "user_name",
        "email",
        "email_address",
        "full_name",
        "first_name",
        "last_name",
        "phone",
        "phone_number",
        "nim",
        "ip",
        "ip_address",
        "client_ip",
        "remote_addr",
        "remote_ip",
    }
)
# People an identifier may belong to: `<who>_id`, `<who>id` or `<who>_uuid`.
_PEOPLE = (
    "user",
    "patient",
    "client",
    "counselor",
    "counsellor",
    "student",
    "therapist",
    "psychologist",
    "member",
    "account",
    "customer",
    "person",
)
# Identifiers that are unbounded though not personal by themselves.
_UNBOUNDED = frozenset(
    {
        "session",
        "session_id",
        "conversation_id",
        "chat_id",
        "message_id",
        "request_id",
        "trace_id",
        "span_id",
        "correlation_id",
        "device_id",
        "appointment_id",
        "token",
        "url",
        "query",
        "raw_path",
    }
)


def classify(label: str) -> str | None:
    """'personal', 'unbounded' or None for a label name."""
    name = label.lower()
    if name in _PERSONAL or name.endswith(("_email", "_ip", "_phone")):
        return "personal"
    for person in _PEOPLE:
        if name in (f"{person}_id", f"{person}id", f"{person}_uuid"):
            return "personal"
    if name in _UNBOUNDED:
        return "unbounded"
    return None


@register
class Privacy(Check):
    id = "labels/privacy"
    severity = Severity.WARNING

    def check_project(self, context: LintContext) -> Iterator[Problem]:
        for metric in context.project.metrics:
            declaration = f"{metric.name}{{{', '.join(metric.labels)}}}"
            offset = len(metric.name) + 1
            for label in metric.labels:
                kind = classify(label)
                start = offset
                offset += len(label) + 2
                if kind is None:
                    continue
                reason = (
                    "identifies a person"
                    if kind == "personal"
                    else "has a new value for every session or request"
                )
                yield definition_problem(
                    self,
                    metric,
                    f"{metric.kind} {metric.name!r}",
                    f"label {label!r} {reason}, which is a privacy and a "
                    "cardinality problem",
                    "remove the label and aggregate by a bounded attribute such as "
                    "role or risk level; keep per-person detail in access-controlled "
                    "logs",
                    expr=declaration,
                    span=(start, start + len(label)),
                )
