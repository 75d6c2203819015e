"""Backend alerts: HTTP errors and latency."""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.testing import Alert, counter, fires, histogram, quiet

from .alerts import BACKEND_TARGET, INTERVAL, RUNBOOKS
from .catalog import http_request_duration_seconds, http_requests_total

CHAT = {**BACKEND_TARGET, "method": "POST", "endpoint": "/api/v1/chat"}


def http_traffic(errors_per_second: float, ok_per_second: float) -> list:
    """Build request counters with the given 500 and 200 rates."""
    return [
        counter(http_requests_total, {**CHAT, "status": "500"}, errors_per_second),
        counter(http_requests_total, {**CHAT, "status": "200"}, ok_per_second),
    ]


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
# critical tier's firing case is read at 8m, after its 5m `for` but before
# the warning tier's 10m `for` has passed.
backend_rules = RuleGroup(
    "ugm-aicare-backend",
    [
        http_requests_rate,
        http_requests_5xx_rate,
        http_requests_5xx_ratio,
        http_request_duration_buckets,
        AlertingRule(
            "HighErrorRate",
            f"{http_requests_5xx_ratio} > 0.05",
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
                    alerts=[
                        Alert(
                            labels={"job": BACKEND_TARGET["job"]},
                            annotations={
                                "summary": "More than 5% of requests to "
                                "ugm-aicare-backend fail with 5xx",
                                "description": "10% of the requests to "
                                "ugm-aicare-backend returned a 5xx status over "
                                "the last 5 minutes. Users, including users in "
                                "distress, are getting errors instead of "
                                "replies.",
                            },
                        )
                    ],
                ),
                quiet("1% of requests fail", http_traffic(0.1, 9.9), at="15m"),
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
                    alerts=[
                        Alert(
                            labels={"job": BACKEND_TARGET["job"]},
                            annotations={
                                "summary": "More than 2% of requests to "
                                "ugm-aicare-backend fail with 5xx",
                                "description": "3% of the requests to "
                                "ugm-aicare-backend returned a 5xx status over "
                                "the last 5 minutes.",
                            },
                        )
                    ],
                ),
                quiet("no request fails", http_traffic(0, 10), at="15m"),
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
                    histogram(http_request_duration_seconds, CHAT, observe=3),
                    at="10m",
                    alerts=[
                        Alert(
                            labels={"job": BACKEND_TARGET["job"]},
                            annotations={
                                "summary": "P95 response time of "
                                "ugm-aicare-backend is above 2 s",
                                "description": "95% of the requests to "
                                "ugm-aicare-backend took up to 4.85s over the "
                                "last 5 minutes. The bound is 2 s.",
                            },
                        )
                    ],
                ),
                quiet(
                    "every request takes 0.3 s",
                    histogram(http_request_duration_seconds, CHAT, observe=0.3),
                    at="10m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="backend",
)
