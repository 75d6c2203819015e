from __future__ import annotations

import pytest

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.model.rules import RecordingRule, RuleGroup
from tests.checks.helpers import alert, marked, on_alert, run

CHECK = "promql/rate-on-gauge"


@pytest.mark.parametrize(
    "expr",
    [
        "rate(http_requests_total[5m]) > 1",
        "increase(http_request_duration_seconds_count[1h]) > 1",
        "irate(rpc_duration_seconds_sum[5m]) > 1",
        "deriv(queue_depth[10m]) > 1",
        "delta(queue_depth[10m]) > 1",
        "rate(unknown_total[5m]) > 1",
        "rate(max_over_time(queue_depth[5m])[10m:1m]) > 1 or vector(0)",
    ],
)
def test_right_function_for_the_type(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message",
    [
        ("rate(queue_depth[5m]) > 1", "rate() of gauge 'queue_depth'"),
        ("increase(build_info[1h]) > 0", "increase() of info 'build_info'"),
        (
            "rate(rpc_duration_seconds[5m]) > 1",
            "rate() of the quantiles of summary 'rpc_duration_seconds', which are gauges",
        ),
        (
            "rate(http_request_duration_seconds[5m]) > 1",
            "rate() of 'http_request_duration_seconds', a histogram's base name, which has no series",
        ),
        ("rate(queue_depth[5m:1m]) > 1", "rate() of gauge 'queue_depth'"),
    ],
    ids=["gauge", "info", "summary", "histogram", "subquery"],
)
def test_rate_of_non_counter(expr, message):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert problems[0].severity is Severity.ERROR
    assert marked(problems[0]) in ("rate", "increase")


def test_rate_of_recorded_rate():
    rules = RuleGroup(
        "r",
        [
            RecordingRule(
                "job:http_requests:rate5m",
                "sum by (job) (rate(http_requests_total[5m]))",
            ),
            alert("rate(job:http_requests:rate5m[5m]) > 1"),
        ],
    )
    problems = run(CHECK, rules)
    assert [p.message for p in problems] == [
        "rate() of recording rule 'job:http_requests:rate5m', which is already a rate"
    ]


def test_delta_of_counter_is_a_warning():
    problems = on_alert(CHECK, "delta(http_requests_total[5m]) > 1")
    assert [p.message for p in problems] == [
        "delta() of counter 'http_requests_total' reads every counter reset as a drop"
    ]
    assert problems[0].severity is Severity.WARNING


def test_delta_of_histogram_base_name():
    problems = on_alert(CHECK, "delta(http_request_duration_seconds[5m]) > 1")
    assert [p.message for p in problems] == [
        "delta() of 'http_request_duration_seconds', a histogram's base name, "
        "which has no series"
    ]
    assert (
        on_alert(
            "promql/unknown-metric", "delta(http_request_duration_seconds[5m]) > 1"
        )
        == []
    )
