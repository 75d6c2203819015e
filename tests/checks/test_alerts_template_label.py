from __future__ import annotations

import pytest

from monitoring_as_code.model.rules import RecordingRule
from tests.checks.helpers import marked, on_alert, run

CHECK = "alerts/template-label"


@pytest.mark.parametrize(
    "expr, template",
    [
        (
            "sum by (agent_name) (rate(agent_processing_time_seconds_count[5m])) > 1",
            "{{ $labels.agent_name }}",
        ),
        (
            "rate(agent_processing_time_seconds_count[5m]) > 1",
            "{{ $labels.agent_name }} for {{ $labels.user_role }}",
        ),
        ("up == 0", "{{ $labels.instance }} of {{ $labels.job }} is down"),
        ("sum(rate(http_requests_total[5m])) > 1", "{{ $value }} requests per second"),
        ('absent(up{job="api"})', "job {{ $labels.job }} is missing"),
        ("sum by (x) (unknown_metric) > 1", "{{ $labels.x }}"),
    ],
)
def test_template_labels_kept(expr, template):
    assert on_alert(CHECK, expr, summary=template) == []


def test_label_aggregated_away():
    problems = on_alert(
        CHECK,
        "histogram_quantile(0.95, sum by (le) (rate(agent_processing_time_seconds_bucket[5m]))) > 5",
        description="{{ $labels.agent_name }} P95 time is {{ $value }} seconds",
    )
    assert [p.message for p in problems] == [
        "description prints label 'agent_name', but the expression's result has no labels"
    ]
    assert marked(problems[0]) == "$labels.agent_name"
    assert (
        problems[0].expr == "{{ $labels.agent_name }} P95 time is {{ $value }} seconds"
    )


def test_label_dropped_by_on_matching():
    problems = on_alert(
        CHECK,
        "rate(http_requests_total[5m]) > on(job) group_left sum by (job) (queue_depth)",
        summary="{{ $labels.instance }} is slow",
    )
    assert problems == []
    problems = on_alert(
        CHECK,
        "sum by (job) (rate(http_requests_total[5m])) > on(job) sum by (job) (queue_depth)",
        summary="{{ $labels.method }} is slow",
    )
    assert [p.message for p in problems] == [
        "summary prints label 'method', but the expression's result keeps only job"
    ]


def test_template_in_alert_labels():
    problems = on_alert(
        CHECK,
        "sum(rate(http_requests_total[5m])) > 1",
        labels={"team": "{{ $labels.method }}"},
    )
    assert len(problems) == 1
    assert problems[0].message.startswith("team prints label 'method'")


def test_unknown_label_left_to_other_check():
    assert (
        on_alert(
            CHECK, "rate(http_requests_total[5m]) > 1", summary="{{ $labels.endpoint }}"
        )
        == []
    )


def test_recording_rules_have_no_templates():
    assert run(CHECK, RecordingRule("job:x:sum", "sum by (job) (queue_depth)")) == []
