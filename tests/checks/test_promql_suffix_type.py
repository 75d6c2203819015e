from __future__ import annotations

import pytest

from tests.checks.helpers import marked, on_alert

CHECK = "promql/suffix-type"


@pytest.mark.parametrize(
    "expr",
    [
        "rate(http_request_duration_seconds_bucket[5m]) > 1",
        "rate(http_request_duration_seconds_count[5m]) > 1",
        "rate(rpc_duration_seconds_sum[5m]) > 1",
        "unknown_thing_count > 1",
    ],
)
def test_suffix_of_histogram_or_summary(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message",
    [
        (
            "queue_depth_count > 1",
            "'queue_depth_count' does not exist: 'queue_depth' is a gauge, and only "
            "histograms and summaries have _count series",
        ),
        (
            "rate(http_requests_total_sum[5m]) > 1",
            "'http_requests_total_sum' does not exist: 'http_requests_total' is a "
            "counter, and only histograms and summaries have _sum series",
        ),
        (
            "rpc_duration_seconds_bucket > 1",
            "'rpc_duration_seconds_bucket' does not exist: 'rpc_duration_seconds' is a "
            "summary, and only histograms have _bucket series",
        ),
    ],
)
def test_suffix_of_other_types(expr, message):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert marked(problems[0]).endswith(("_count", "_sum", "_bucket"))


def test_unknown_metric_defers_to_suffix_type():
    assert on_alert("promql/unknown-metric", "queue_depth_count > 1") == []
