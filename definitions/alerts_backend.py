"""Backend alerts: HTTP errors and latency."""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.testing import (
    Alert,
    Series,
    counter,
    fires,
    histogram_mix,
    quiet,
    restarted,
)

from .alerts import BACKEND_TARGET, INTERVAL, RUNBOOKS
from .catalog import http_request_duration_seconds, http_requests_total

CHAT = {**BACKEND_TARGET, "method": "POST", "endpoint": "/api/v1/chat"}
JOB = BACKEND_TARGET["job"]


def http_traffic(errors_per_second: float, ok_per_second: float) -> list:
    """Build request counters with the given 500 and 200 rates."""
    return [
        counter(http_requests_total, {**CHAT, "status": "500"}, errors_per_second),
        counter(http_requests_total, {**CHAT, "status": "200"}, ok_per_second),
    ]


def failed_requests(values: str) -> list:
    """Build the 500 counter of chat requests from values in promtool's notation."""
    return [Series(str(http_requests_total), {**CHAT, "status": "500"}, values)]


def chat_latency(observations: dict[float, float]) -> list:
    """Build the latency histogram of chat requests: seconds to requests per second."""
    return histogram_mix(http_request_duration_seconds, CHAT, observations)


def error_rate_page(percent: str) -> Alert:
    """Build the critical HighErrorRate alert with its rendered ratio."""
    return Alert(
        labels={"job": JOB},
        annotations={
            "summary": f"More than 5% of requests to {JOB} fail with 5xx",
            "description": f"{percent} of the requests to {JOB} returned a 5xx "
            "status over the last 5 minutes. Users, including users in "
            "distress, are getting errors instead of replies.",
        },
    )


def error_rate_warning(percent: str) -> Alert:
    """Build the warning HighErrorRate alert with its rendered ratio."""
    return Alert(
        # The severity makes the warning expected from a critical-tier case too.
        labels={"job": JOB, "severity": "warning"},
        annotations={
            "summary": f"More than 2% of requests to {JOB} fail with 5xx",
            "description": f"{percent} of the requests to {JOB} returned a 5xx "
            "status over the last 5 minutes.",
        },
    )


def slow_response(p95: str) -> Alert:
    """Build the SlowResponseTime alert with its rendered P95."""
    return Alert(
        labels={"job": JOB},
        annotations={
            "summary": f"P95 response time of {JOB} is above 2 s",
            "description": f"95% of the requests to {JOB} took up to {p95} over "
            "the last 5 minutes. The bound is 2 s.",
        },
    )


http_requests_rate = RecordingRule(
    "job:http_requests:rate5m",
    f"sum by (job) (rate({http_requests_total}[5m]))",
)

# `5..` also matches "5xx", the grouped status that
# prometheus-fastapi-instrumentator writes.
http_requests_5xx_rate = RecordingRule(
    "job:http_requests_5xx:rate5m",
    f'sum by (job) (rate({http_requests_total}{{status=~"5.."}}[5m]))',
)

http_requests_5xx_ratio = RecordingRule(
    "job:http_requests_5xx_per_requests:ratio_rate5m",
    f"{http_requests_5xx_rate} / {http_requests_rate}",
)

http_request_duration_buckets = RecordingRule(
    "job:http_request_duration_seconds_bucket:rate5m",
    f"sum by (job, le) (rate({http_request_duration_seconds.bucket}[5m]))",
)

# A test case checks every rule named HighErrorRate at once, so the
# critical tier's firing cases are read before 11m, when the warning tier's
# 10m `for` (counted from the first rate at 1m) has passed.
backend_rules = RuleGroup(
    "ugm-aicare-backend",
    [
        http_requests_rate,
        http_requests_5xx_rate,
        http_requests_5xx_ratio,
        http_request_duration_buckets,
        # The page also needs 0.01 failed requests a second, 3 in 5 minutes,
        # because at night one user who retries a failing request makes the
        # ratio 100%. An outage at 1 request a minute still pages, and the
        # warning tier has no such floor.
        AlertingRule(
            "HighErrorRate",
            f"""
            {http_requests_5xx_ratio} > 0.05
            and on (job)
            {http_requests_5xx_rate} >= 0.01
            """,
            for_="5m",
            severity="critical",
            labels={"service": "backend"},
            summary="More than 5% of requests to {{ $labels.job }} fail with 5xx",
            description=(
                "{{ $value | humanizePercentage }} of the requests to "
                "{{ $labels.job }} returned a 5xx status over the last 5 "
                "minutes. Users, including users in distress, are getting "
                "errors instead of replies."
            ),
            runbook_url=f"{RUNBOOKS}/HighErrorRate",
            tests=[
                fires(
                    "10% of requests fail",
                    http_traffic(1, 9),
                    at="8m",
                    alerts=[error_rate_page("10%")],
                ),
                quiet("1% of requests fail", http_traffic(0.1, 9.9), at="15m"),
                quiet("exactly 5% of requests fail", http_traffic(1, 19), at="8m"),
                fires(
                    "6% of requests fail, just above 5%",
                    http_traffic(3, 47),
                    at="8m",
                    alerts=[error_rate_page("6%")],
                ),
                quiet("10% fail for 4m45s: pending", http_traffic(1, 9), at="5m45s"),
                fires(
                    "10% fail for 5m: fires",
                    http_traffic(1, 9),
                    at="6m",
                    alerts=[error_rate_page("10%")],
                ),
                fires(
                    "10% fail across a restart that resets the counters",
                    restarted(http_traffic(1, 9), after="5m"),
                    at="8m",
                    alerts=[error_rate_page("10%")],
                ),
                quiet(
                    "no 5xx series exists yet",
                    [counter(http_requests_total, {**CHAT, "status": "200"}, 10)],
                    at="15m",
                ),
                quiet("no request at all: 0/0 is NaN", http_traffic(0, 0), at="15m"),
                # Without the floor, the ratio of 100% from 2m to 7m pages.
                quiet(
                    "a failed request and its retry a minute later: no page",
                    failed_requests("0x1 1 2x28"),
                    at="7m",
                ),
                # One failure and one success every 2 minutes: 50% of the
                # requests fail, but only 0.008 a second, below the floor.
                fires(
                    "1 of 2 requests fail every 2 minutes: warning, no page",
                    http_traffic(1 / 120, 1 / 120),
                    at="15m",
                    alerts=[error_rate_warning("50%")],
                ),
                # The failure rate reaches 0.01 per second at 4m, so the
                # critical tier fires at 9m and the warning tier at 11m.
                fires(
                    "3 of 3 requests fail every 4 minutes: pages",
                    http_traffic(3 / 240, 0),
                    at="10m",
                    alerts=[error_rate_page("100%")],
                ),
            ],
        ),
        AlertingRule(
            "HighErrorRate",
            f"{http_requests_5xx_ratio} > 0.02",
            for_="10m",
            severity="warning",
            labels={"service": "backend"},
            summary="More than 2% of requests to {{ $labels.job }} fail with 5xx",
            description=(
                "{{ $value | humanizePercentage }} of the requests to "
                "{{ $labels.job }} returned a 5xx status over the last 5 "
                "minutes."
            ),
            runbook_url=f"{RUNBOOKS}/HighErrorRate",
            tests=[
                fires(
                    "3% of requests fail",
                    http_traffic(0.3, 9.7),
                    at="15m",
                    alerts=[error_rate_warning("3%")],
                ),
                quiet("no request fails", http_traffic(0, 10), at="15m"),
                quiet("exactly 2% of requests fail", http_traffic(1, 49), at="15m"),
                fires(
                    "2.5% of requests fail, just above 2%",
                    http_traffic(1, 39),
                    at="15m",
                    alerts=[error_rate_warning("2.5%")],
                ),
                quiet("3% fail for 9m45s: pending", http_traffic(3, 97), at="10m45s"),
                fires(
                    "3% fail for 10m: fires",
                    http_traffic(3, 97),
                    at="11m",
                    alerts=[error_rate_warning("3%")],
                ),
            ],
        ),
        AlertingRule(
            "SlowResponseTime",
            f"histogram_quantile(0.95, {http_request_duration_buckets}) > 2",
            for_="5m",
            severity="warning",
            labels={"service": "backend"},
            summary="P95 response time of {{ $labels.job }} is above 2 s",
            description=(
                "95% of the requests to {{ $labels.job }} took up to "
                "{{ $value | humanizeDuration }} over the last 5 minutes. "
                "The bound is 2 s."
            ),
            runbook_url=f"{RUNBOOKS}/SlowResponseTime",
            tests=[
                # Every request takes 3 s, so the P95 is interpolated inside
                # the (2, 5] bucket: 2 + 0.95 * 3 = 4.85 s.
                fires(
                    "every request takes 3 s",
                    chat_latency({3: 1}),
                    at="10m",
                    alerts=[slow_response("4.85s")],
                ),
                quiet(
                    "every request takes 0.3 s",
                    chat_latency({0.3: 1}),
                    at="10m",
                ),
                # The 95th percentile of 20 requests is the 19th, the last in
                # the (1, 2] bucket, so the P95 is that bucket's upper bound.
                quiet(
                    "P95 exactly 2 s",
                    chat_latency({1.5: 19, 8: 1}),
                    at="10m",
                ),
                # The 95th of 100 requests is the first of 6 in the (2, 5]
                # bucket: 2 + 3 * 1/6 = 2.5 s.
                fires(
                    "P95 at 2.5 s, just above 2 s",
                    chat_latency({1.5: 94, 3: 6}),
                    at="10m",
                    alerts=[slow_response("2.5s")],
                ),
                quiet(
                    "requests take 3 s for 4m45s: pending",
                    chat_latency({3: 1}),
                    at="5m45s",
                ),
                fires(
                    "requests take 3 s for 5m: fires",
                    chat_latency({3: 1}),
                    at="6m",
                    alerts=[slow_response("4.85s")],
                ),
                fires(
                    "requests take 3 s across a counter reset",
                    restarted(chat_latency({3: 1}), after="5m"),
                    at="8m",
                    alerts=[slow_response("4.85s")],
                ),
                quiet(
                    "no latency series exists",
                    [counter(http_requests_total, {**CHAT, "status": "200"}, 10)],
                    at="10m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="backend",
)
