from __future__ import annotations

import pytest

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.model.rules import RecordingRule, RuleGroup
from tests.checks.helpers import alert, marked, on_alert, on_panel, run

CHECK = "promql/histogram-quantile"


@pytest.mark.parametrize(
    "expr",
    [
        "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2",
        "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, method)) > 2",
        "histogram_quantile(0.95, sum without (instance) (rate(http_request_duration_seconds_bucket[5m]))) > 2",
        "histogram_quantile(0.95, sum by (le) (rate(unknown_bucket[5m]))) > 2",
    ],
)
def test_quantile_of_buckets(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message, marked_text",
    [
        (
            "histogram_quantile(0.95, sum by (method) (rate(http_request_duration_seconds_bucket[5m]))) > 2",
            "sum() drops the le label that histogram_quantile() needs",
            "sum",
        ),
        (
            "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m]))) > 2",
            "sum() drops the le label that histogram_quantile() needs",
            "sum",
        ),
        (
            "histogram_quantile(0.95, sum without (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2",
            "sum() drops the le label that histogram_quantile() needs",
            "sum",
        ),
        (
            "histogram_quantile(0.95, max by (method) (sum by (le, method) "
            "(rate(http_request_duration_seconds_bucket[5m])))) > 2",
            "max() drops the le label that histogram_quantile() needs",
            "max",
        ),
        (
            "histogram_quantile(0.95, rate(http_request_duration_seconds_sum[5m])) > 2",
            "histogram_quantile() reads http_request_duration_seconds_sum without an "
            "le label, not a histogram's _bucket series",
            "histogram_quantile",
        ),
    ],
)
def test_quantile_without_le(expr, message, marked_text):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert problems[0].severity is Severity.ERROR
    assert marked(problems[0]) == marked_text


def test_per_series_quantile_in_alert():
    problems = on_alert(
        CHECK,
        "histogram_quantile(0.95, rate(agent_processing_time_seconds_bucket[5m])) > 5",
        description="{{ $labels.agent_name }} P95 time is {{ $value }} seconds",
    )
    assert [p.message for p in problems] == [
        "the alert computes a separate quantile for every bucket series, so it fires "
        "per series on few observations each"
    ]
    assert problems[0].severity is Severity.WARNING
    assert "sum by (le, agent_name)" in problems[0].hint


def test_per_series_quantile_in_panel_is_fine():
    assert (
        on_panel(
            CHECK,
            "histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[$__rate_interval]))",
        )
        == []
    )


def test_quantile_of_recorded_buckets():
    rules = RuleGroup(
        "r",
        [
            RecordingRule(
                "le:http_request_duration_seconds_bucket:rate5m",
                "sum by (le) (rate(http_request_duration_seconds_bucket[5m]))",
            ),
            alert(
                "histogram_quantile(0.9, le:http_request_duration_seconds_bucket:rate5m) > 1"
            ),
        ],
    )
    assert run(CHECK, rules) == []
