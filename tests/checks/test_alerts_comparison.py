from __future__ import annotations

import pytest

from monitoring_as_code.checks.alerts_comparison import filters
from monitoring_as_code.model.rules import RecordingRule
from monitoring_as_code.promql import parse
from tests.checks.helpers import on_alert, run

CHECK = "alerts/comparison"


@pytest.mark.parametrize(
    "expr",
    [
        "up == 0",
        "rate(http_requests_total[5m]) > 0.05",
        "(queue_depth > 10)",
        'absent(up{job="api"})',
        "absent_over_time(up[10m])",
        "count(up == 0) > 1",
        "count(up == 0)",
        "up == 0 and on(job) queue_depth",
        "queue_depth unless on(job) up",
        "(queue_depth > 10) or (queue_depth < 1)",
        'label_replace(queue_depth > 10, "q", "$1", "queue", "(.*)")',
        "max_over_time((queue_depth > 10)[10m:1m])",
        "(queue_depth > 10) * 2",
    ],
)
def test_expression_filters(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr",
    [
        "rate(http_requests_total[5m])",
        "queue_depth",
        "sum by (job) (queue_depth)",
        "queue_depth > bool 10",
        "vector(1)",
        "(queue_depth > 10) or queue_depth",
        "queue_depth * 2",
    ],
)
def test_expression_always_fires(expr):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [
        "the expression has no comparison, so the alert fires whenever its series exist"
    ]
    assert problems[0].span is None


def test_watchdog_is_suppressed_with_reason():
    problems = on_alert(
        CHECK, "vector(1)", suppress={CHECK: "watchdog: proves alerting works"}
    )
    assert len(problems) == 1
    assert problems[0].suppressed == "watchdog: proves alerting works"


def test_recording_rules_are_not_checked():
    assert run(CHECK, RecordingRule("job:x:sum", "sum by (job) (queue_depth)")) == []


def test_filters_on_deep_nesting():
    assert filters(parse("(" * 450 + "up == 0" + ")" * 450))
