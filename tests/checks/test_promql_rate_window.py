from __future__ import annotations

import pytest

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.model.rules import RecordingRule, RuleGroup
from tests.checks.helpers import alert, marked, on_alert, on_panel, run

CHECK = "promql/rate-window"


@pytest.mark.parametrize(
    "expr",
    [
        "rate(http_requests_total[1m]) > 1",  # 4 x 15s
        "rate(batch_runs_total[4m]) > 1",  # 4 x 1m
        "irate(http_requests_total[30s]) > 1",  # 2 x 15s
        "increase(unknown_total[10s]) > 1",
        "max_over_time(queue_depth[10s]) > 1",
    ],
)
def test_long_enough(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message, severity",
    [
        (
            "rate(http_requests_total[45s]) > 1",
            "the 45s window of rate() contains fewer than 4 samples of "
            "'http_requests_total', which gets one every 15s",
            Severity.WARNING,
        ),
        (
            "rate(http_requests_total[20s]) > 1",
            "the 20s window of rate() contains fewer than 4 samples of "
            "'http_requests_total', which gets one every 15s",
            Severity.ERROR,
        ),
        (
            'increase(batch_runs_total{job="batch"}[3m]) > 1',
            "the 3m window of increase() contains fewer than 4 samples of "
            "'batch_runs_total', which gets one every 1m",
            Severity.WARNING,
        ),
        (
            "irate(batch_runs_total[90s]) > 1",
            "the 1m30s window of irate() contains fewer than 2 samples of "
            "'batch_runs_total', which gets one every 1m",
            Severity.ERROR,
        ),
    ],
)
def test_short_window(expr, message, severity):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert problems[0].severity is severity
    assert marked(problems[0]).startswith("[")


def test_rate_interval_variable_is_not_checked():
    assert on_panel(CHECK, "rate(batch_runs_total[$__rate_interval])") == []


def test_panel_hint_mentions_rate_interval():
    problems = on_panel(CHECK, "rate(batch_runs_total[1m])")
    assert (
        problems[0].hint
        == "use a window of at least 4m, or $__rate_interval in a panel"
    )


def test_recorded_series_uses_group_interval():
    rules = RuleGroup(
        "r",
        [
            RecordingRule(
                "job:http_requests:rate5m",
                "sum by (job) (rate(http_requests_total[5m]))",
            ),
        ],
        interval="1m",
    )
    reader = RuleGroup("reader", [alert("deriv(job:http_requests:rate5m[2m]) > 1")])
    problems = run(CHECK, rules, reader)
    assert len(problems) == 1
    assert "which gets one every 1m" in problems[0].message
