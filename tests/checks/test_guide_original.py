"""The platform's original rules, panels and metrics: each flaw is caught.

tests/fixtures/guide_original reproduces the original monitoring setup. The
minimal fixture contains the corrected forms and lints clean (see
test_lint_command).
"""

from __future__ import annotations

import pytest

from monitoring_as_code.checks import lint_project
from monitoring_as_code.load import load_project
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def problems():
    return lint_project(load_project(FIXTURES / "guide_original")).problems


def _found(problems, check, subject):
    return [p for p in problems if p.check == check and p.subject == subject]


def test_raw_error_rate_against_a_ratio_threshold(problems):
    # rate(http_requests_total{status=~"5.."}[5m]) > 0.05
    found = _found(problems, "alerts/rate-threshold", "alert 'HighErrorRate'")
    assert [p.message for p in found] == [
        "the alert fires when 'http_requests_total' grows faster than 0.05 per "
        "second, which is 15 per 5m"
    ]
    assert found[0].hint.startswith("if 0.05 is meant as a ratio")


@pytest.mark.parametrize("alert", ["SlowResponseTime", "SlowAgentProcessing"])
def test_per_series_quantile(problems, alert):
    # histogram_quantile(0.95, rate(..._bucket[5m])) > N, with no sum by (le)
    assert len(_found(problems, "promql/histogram-quantile", f"alert {alert!r}")) == 1


def test_agent_quantile_hint_keeps_agent_name(problems):
    # The description prints {{ $labels.agent_name }}, so the fix must keep it.
    (found,) = _found(
        problems, "promql/histogram-quantile", "alert 'SlowAgentProcessing'"
    )
    assert "sum by (le, agent_name)" in found.hint


def test_crisis_escalation_threshold_never_reached(problems):
    # rate(crisis_escalations_total[5m]) > 10
    found = _found(problems, "alerts/rate-threshold", "alert 'CrisisEscalationBacklog'")
    assert [p.message for p in found] == [
        "the alert fires when 'crisis_escalations_total' grows faster than 10 per "
        "second, which is 3000 per 5m"
    ]


def test_counselor_id_label(problems):
    found = _found(
        problems,
        "labels/privacy",
        "histogram 'crisis_response_time_by_counselor_seconds'",
    )
    assert [p.message for p in found] == [
        "label 'counselor_id' identifies a person, which is a privacy and a "
        "cardinality problem"
    ]


def test_dashboard_flaws(problems):
    checks = {p.check for p in problems if p.subject.startswith("panel ")}
    assert checks == {"dashboards/panel-unit", "dashboards/rate-interval"}


@pytest.mark.parametrize(
    "alert", ["DatabaseConnectionPoolLow", "HighMemoryUsage", "ContainerDown"]
)
def test_sound_alerts_only_lack_a_runbook(problems, alert):
    found = [p for p in problems if p.subject == f"alert {alert!r}"]
    assert [(p.check, p.message) for p in found] == [
        ("alerts/annotations", "the alert has no runbook_url")
    ]


def test_no_errors(problems):
    # Every flaw above is a warning: lint cannot know the intended threshold.
    assert [p for p in problems if p.severity.value == "error"] == []
