from __future__ import annotations

import pytest

from tests.checks.helpers import marked, on_alert

CHECK = "promql/vector-matching"


@pytest.mark.parametrize(
    "expr",
    [
        'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
        "sum by (job) (queue_depth) / sum by (job) (rate(http_requests_total[5m])) > 1",
        "http_requests_total / on(job, instance) group_left queue_depth > 1",
        "http_requests_total / ignoring(method, status, queue) queue_depth > 1",
        "rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m]) > 1",
        "queue_depth > 3 or http_requests_total > 3",
        "queue_depth / scalar(sum(queue_depth)) > 0.5",
        "queue_depth > 2 * 3",
        "unknown_metric / queue_depth > 1",
        "up == 0 unless on(job) queue_depth",
    ],
)
def test_matching_label_sets(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message, operator",
    [
        (
            "sum by (method) (rate(http_requests_total[5m])) / sum(rate(http_requests_total[5m])) > 0.5",
            "/ matches series with equal labels, but only the left side has {method}, "
            "so no series match",
            "/",
        ),
        (
            "queue_depth > http_requests_total",
            ">"
            " matches series with equal labels, but only the left side has {queue} and "
            "only the right side has {method, status}, so no series match",
            ">",
        ),
        (
            "rate(http_request_duration_seconds_bucket[5m]) / rate(http_request_duration_seconds_count[5m]) > 1",
            "/ matches series with equal labels, but only the left side has {le}, so no "
            "series match",
            "/",
        ),
        (
            "up == 0 and queue_depth",
            "and matches series with equal labels, but only the right side has {queue}, "
            "so no series match",
            "and",
        ),
        (
            "queue_depth - ignoring(instance) http_requests_total > 0",
            "- matches series with equal labels, but only the left side has {queue} and "
            "only the right side has {method, status}, so no series match",
            "-",
        ),
    ],
)
def test_mismatched_label_sets(expr, message, operator):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert marked(problems[0]) == operator
