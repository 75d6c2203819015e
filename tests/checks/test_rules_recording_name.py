from __future__ import annotations

import pytest

from monitoring_as_code.model.rules import RecordingRule
from tests.checks.helpers import run

CHECK = "rules/recording-name"


@pytest.mark.parametrize(
    "record, expr",
    [
        ("job:http_requests:rate5m", "sum by (job) (rate(http_requests_total[5m]))"),
        (
            "job_method:http_requests:rate5m",
            "sum by (job, method) (rate(http_requests_total[5m]))",
        ),
        (
            "method:http_requests:rate5m",
            "sum by (job, method) (rate(http_requests_total[5m]))",
        ),
        ("instance:queue_depth:max", "max without (queue) (queue_depth)"),
        ("cluster:http_requests:rate5m", "sum(rate(http_requests_total[5m]))"),
        (
            "agent_name:agent_processing_time_seconds:p95",
            "histogram_quantile(0.95, sum by (le, agent_name) (rate(agent_processing_time_seconds_bucket[5m])))",
        ),
        ("env:queue_depth:sum", "sum by (job) (queue_depth)"),
    ],
)
def test_conventional_names(record, expr):
    labels = {"env": "prod"} if record.startswith("env:") else {}
    assert run(CHECK, RecordingRule(record, expr, labels=labels)) == []


@pytest.mark.parametrize(
    "record",
    [
        "http_requests_rate5m",
        "job:http_requests_rate5m",
        "job::rate5m",
        "a:b:c:d",
        ":http_requests:rate5m",
    ],
)
def test_not_level_metric_operations(record):
    problems = run(
        CHECK, RecordingRule(record, "sum by (job) (rate(http_requests_total[5m]))")
    )
    assert [p.message for p in problems] == [
        f"recording rule name {record!r} does not have the form level:metric:operations"
    ]


def test_level_names_dropped_label():
    problems = run(
        CHECK,
        RecordingRule(
            "instance:http_requests:rate5m",
            "sum by (job) (rate(http_requests_total[5m]))",
        ),
    )
    assert [p.message for p in problems] == [
        "the level 'instance' of 'instance:http_requests:rate5m' names labels the "
        "result does not keep (job)"
    ]
