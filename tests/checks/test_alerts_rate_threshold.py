from __future__ import annotations

import pytest

from tests.checks.helpers import marked, on_alert

CHECK = "alerts/rate-threshold"


@pytest.mark.parametrize(
    "expr",
    [
        'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
        "increase(http_requests_total[5m]) > 10",
        "rate(queue_depth[5m]) > 1",
        "rate(http_requests_total[5m]) == 0",
        "rate(http_requests_total[5m]) > 0",
        "deriv(queue_depth[10m]) > 1",
        "rate(unknown_total[5m]) > 1",
    ],
)
def test_no_raw_rate_threshold(expr):
    assert on_alert(CHECK, expr) == []


def test_rate_threshold_never_reached():
    problems = on_alert(CHECK, "rate(http_requests_total[5m]) > 10")
    assert [p.message for p in problems] == [
        "the alert fires when 'http_requests_total' grows faster than 10 per second, "
        "which is 3000 per 5m"
    ]
    assert problems[0].hint.startswith(
        "to alert on a number of events, write increase("
    )
    assert marked(problems[0]) == "rate"


def test_rate_threshold_that_looks_like_a_ratio():
    problems = on_alert(CHECK, 'rate(http_requests_total{status=~"5.."}[5m]) > 0.05')
    assert [p.message for p in problems] == [
        "the alert fires when 'http_requests_total' grows faster than 0.05 per second, "
        "which is 15 per 5m"
    ]
    assert problems[0].hint.startswith("if 0.05 is meant as a ratio")


@pytest.mark.parametrize(
    "expr, direction",
    [
        ("sum by (job) (rate(http_requests_total[10m])) < 2", "slower"),
        ("2 < sum(irate(http_requests_total[10m]))", "faster"),
        ("up == 0 or rate(http_requests_total[10m]) >= 2", "faster"),
    ],
)
def test_aggregated_and_flipped(expr, direction):
    problems = on_alert(CHECK, expr)
    assert len(problems) == 1
    assert (
        f"grows {direction} than 2 per second, which is 1200 per 10m"
        in problems[0].message
    )
