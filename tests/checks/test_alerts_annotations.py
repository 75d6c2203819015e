from __future__ import annotations

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.model.rules import AlertingRule
from tests.checks.helpers import on_alert, run

CHECK = "alerts/annotations"


def test_complete_alert():
    assert on_alert(CHECK, "up == 0") == []


def test_bare_alert():
    problems = run(CHECK, AlertingRule("Bare", "up == 0"))
    assert [(p.message, p.severity) for p in problems] == [
        ("the alert has no runbook_url", Severity.WARNING),
        ("the alert has no severity", Severity.ERROR),
        ("the alert has no summary", Severity.ERROR),
    ]
    assert all(p.subject == "alert 'Bare'" for p in problems)


def test_blank_summary():
    problems = on_alert(CHECK, "up == 0", summary="  ")
    assert [p.message for p in problems] == ["the alert has no summary"]


def test_missing_runbook_suppressed():
    problems = on_alert(
        CHECK, "up == 0", runbook_url=None, suppress={CHECK: "runbook is being written"}
    )
    assert [p.suppressed for p in problems] == ["runbook is being written"]
