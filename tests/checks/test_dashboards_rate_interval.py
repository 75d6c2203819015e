from __future__ import annotations

import pytest

from tests.checks.helpers import alert, marked, on_panel, run

CHECK = "dashboards/rate-interval"


@pytest.mark.parametrize(
    "expr",
    [
        "sum by (status) (rate(http_requests_total[$__rate_interval]))",
        "increase(http_requests_total[$__range])",
        "rate(http_requests_total[$window])",
        "max_over_time(queue_depth[1h])",
        "deriv(queue_depth[30m])",
    ],
)
def test_variable_windows(expr):
    assert on_panel(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, function, window",
    [
        ("rate(http_requests_total[5m])", "rate", "5m"),
        ('sum(irate(http_requests_total{status="500"}[1m]))', "irate", "1m"),
        ("increase(http_requests_total[1d])", "increase", "1d"),
        ("increase(http_requests_total[24h])", "increase", "24h"),
    ],
)
def test_fixed_windows(expr, function, window):
    problems = on_panel(CHECK, expr)
    assert [p.message for p in problems] == [
        f"{function}() over a fixed [{window}] window"
    ]
    assert marked(problems[0]) == f"[{window}]"


def test_alerts_are_not_checked():
    assert run(CHECK, alert("rate(http_requests_total[5m]) > 1")) == []


def test_daily_total_suppressed():
    problems = on_panel(
        CHECK,
        "increase(http_requests_total[1d])",
        suppress={CHECK: "daily total by design"},
    )
    assert [p.suppressed for p in problems] == ["daily total by design"]
