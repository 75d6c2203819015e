"""Each invalid definition is rejected with its location, value and fix."""

from __future__ import annotations

import pytest

import monitoring_as_code as mac
from monitoring_as_code.errors import DefinitionError

JOB = mac.ScrapeJob("api", ["api:8000"], exporter="application")

# (id, callable building the bad definition, text the message must contain)
REJECTED = [
    ("counter-without-total", lambda: mac.Counter("requests", "x", origin=JOB),
     "counter 'requests' does not end in '_total'"),
    ("gauge-with-total", lambda: mac.Gauge("queue_total", "x", origin=JOB),
     "gauge 'queue_total' ends in the reserved suffix '_total'"),
    ("gauge-with-bucket", lambda: mac.Gauge("x_bucket", "x", origin=JOB),
     "reserved suffix '_bucket'"),
    ("histogram-with-count", lambda: mac.Histogram("x_count", "x", origin=JOB),
     "reserved suffix '_count'"),
    ("info-without-suffix", lambda: mac.Info("build", "x", origin=JOB),
     "info metric 'build' does not end in '_info'"),
    ("invalid-metric-name", lambda: mac.Gauge("2fast", "x", origin=JOB),
     "invalid metric name '2fast'"),
    ("colon-in-metric-name", lambda: mac.Gauge("a:b", "x", origin=JOB),
     "contains ':'"),
    ("invalid-label-name", lambda: mac.Gauge("g", "x", labels=["bad-label"], origin=JOB),
     "invalid label name 'bad-label'"),
    ("reserved-label-prefix", lambda: mac.Gauge("g", "x", labels=["__x"], origin=JOB),
     "invalid label name '__x'"),
    ("le-on-histogram", lambda: mac.Histogram("h", "x", labels=["le"], origin=JOB),
     "label 'le' on histogram 'h' is reserved"),
    ("duplicate-label", lambda: mac.Gauge("g", "x", labels=["a", "a"], origin=JOB),
     "label 'a' listed twice"),
    ("missing-help", lambda: mac.Gauge("g", " ", origin=JOB), "has no help text"),
    ("unit-not-in-name", lambda: mac.Gauge("g", "x", unit="seconds", origin=JOB),
     "has unit 'seconds' but its name does not end in '_seconds'"),
    ("bad-duration", lambda: mac.AlertingRule("A", "up == 0", for_="5 minutes"),
     "invalid for '5 minutes'"),
    ("bad-severity", lambda: mac.AlertingRule("A", "up == 0", severity="urgent"),
     "unknown severity 'urgent'"),
    ("empty-expr", lambda: mac.AlertingRule("A", "  "), "has an empty expression"),
    ("bad-alert-name", lambda: mac.AlertingRule("high error", "up"),
     "invalid alert name 'high error'"),
    ("bad-record-name", lambda: mac.RecordingRule("job rate", "up"),
     "invalid recording rule name 'job rate'"),
    ("group-interval", lambda: mac.RuleGroup("g", [mac.AlertingRule("A", "up")], interval="1x"),
     "invalid interval '1x'"),
    ("inline-slack-url",
     lambda: mac.SlackConfig("#a", api_url="https://hooks.slack.com/services/T/B/secret"),
     "api_url is set inline ('https://hooks.slack.com/…')"),
    ("placeholder-url-file",
     lambda: mac.SlackConfig("#a", api_url_file="YOUR_SLACK_WEBHOOK_URL"),
     "api_url_file is 'YOUR_SLACK_WEBHOOK_URL', which is a secret or a placeholder"),
    ("inline-routing-key", lambda: mac.PagerDutyConfig(routing_key="abc123"),
     "routing_key is set inline (a 6-character value)"),
    ("service-key", lambda: mac.PagerDutyConfig(service_key="abc"),
     "service_key is set inline"),
    ("relative-secret-file", lambda: mac.PagerDutyConfig(routing_key_file="secrets/pd"),
     "routing_key_file 'secrets/pd' is a relative path"),
    ("inline-smtp-password", lambda: mac.EmailConfig("a@example.org", auth_password="hunter2"),
     "auth_password is set inline"),
    ("webhook-token-in-url", lambda: mac.WebhookConfig("https://hooks.example.org/x?token=abc"),
     "carries credentials in its user info or query string"),
    ("deprecated-match", lambda: mac.Route("team", match={"severity": "critical"}),
     "route uses the deprecated 'match'"),
    ("deprecated-match-re", lambda: mac.Route("team", match_re={"team": "a|b"}),
     "route uses the deprecated 'match_re'"),
    ("bad-matcher", lambda: mac.Route("team", matchers=["severity critical"]),
     "invalid matcher 'severity critical'"),
    ("inhibit-without-matchers", lambda: mac.InhibitRule([], ['severity="warning"']),
     "needs both source_matchers and target_matchers"),
    ("bad-dashboard-uid", lambda: mac.Dashboard("has space", "T", []),
     "invalid dashboard uid 'has space'"),
    ("panel-without-targets", lambda: mac.TimeSeriesPanel("Empty"),
     "panel 'Empty' has no targets"),
    ("heatmap-format", lambda: mac.HeatmapPanel("H", [mac.Target("x_bucket")]),
     "pass format='heatmap'"),
    ("threshold-order",
     lambda: mac.StatPanel("S", [mac.Target("up")],
                           thresholds=[mac.Threshold("green"), mac.Threshold("red", 2),
                                       mac.Threshold("orange", 1)]),
     "threshold values are not increasing"),
    ("target-with-scheme", lambda: mac.ScrapeJob("j", ["http://x:1"], exporter="application"),
     "invalid target 'http://x:1'"),
    ("unknown-exporter", lambda: mac.ScrapeJob("j", ["x:1"], exporter="statsd"),
     "unknown exporter 'statsd'"),
]


@pytest.mark.parametrize(
    "build, expected", [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED]
)
def test_rejected_definition(build, expected):
    with pytest.raises(DefinitionError) as caught:
        build()
    error = caught.value
    assert expected in str(error)
    assert error.hint, "every definition error carries a fix"
    assert error.location.path.endswith("test_model.py")
    assert error.location.line > 0


def test_error_names_declaring_line():
    with pytest.raises(DefinitionError) as caught:
        mac.Counter("requests", "x", origin=JOB)  # the line reported
    import inspect

    source_lines = inspect.getsource(test_error_names_declaring_line).splitlines()
    offset = next(i for i, line in enumerate(source_lines) if "the line reported" in line)
    first_line = test_error_names_declaring_line.__code__.co_firstlineno
    assert caught.value.location.line == first_line + offset


def test_secret_never_in_message():
    with pytest.raises(DefinitionError) as caught:
        mac.SlackConfig("#a", api_url="https://hooks.slack.com/services/T00/B00/s3cr3tvalue")
    assert "s3cr3tvalue" not in str(caught.value)
    assert "s3cr3tvalue" not in repr(caught.value)


def test_histogram_series_carry_le():
    histogram = mac.Histogram("h_seconds", "x", labels=["a"], unit="seconds", origin=JOB)
    series = histogram.series()
    assert set(series) == {"h_seconds_bucket", "h_seconds_sum", "h_seconds_count"}
    assert "le" in series["h_seconds_bucket"]
    assert "le" not in series["h_seconds_sum"]
    assert {"a", "job", "instance"} <= series["h_seconds_count"]


def test_metric_formats_as_name():
    counter = mac.Counter("x_total", "x", origin=JOB)
    assert f"rate({counter}[5m])" == "rate(x_total[5m])"


def test_match_suggests_matchers():
    with pytest.raises(DefinitionError) as caught:
        mac.Route("team", match={"severity": "critical"})
    assert "matchers=['severity=\"critical\"']" in caught.value.hint


def test_exporter_counter_keeps_its_name():
    postgres = mac.ScrapeJob("postgres", ["pg:9187"], exporter="postgres-exporter")
    counter = mac.Counter("pg_stat_database_xact_commit", "Commits.", origin=postgres)
    assert counter.name == "pg_stat_database_xact_commit"


def test_application_counter_needs_total():
    with pytest.raises(DefinitionError):
        mac.Counter("requests", "Requests.", origin=JOB)


def test_match_and_match_re_both_suggested():
    with pytest.raises(DefinitionError) as caught:
        mac.Route("team", match={"severity": "critical"}, match_re={"team": "a|b"})
    assert caught.value.message == "route uses the deprecated 'match' and 'match_re'"
    assert caught.value.hint == """write matchers=['severity="critical"', 'team=~"a|b"'] instead"""


@pytest.mark.parametrize("text", ["", "5 m", "1h1d", "m", "-5m"])
def test_invalid_durations(text):
    from monitoring_as_code.model.durations import parse_duration

    with pytest.raises(ValueError):
        parse_duration(text)


def test_duration_values():
    from monitoring_as_code.model.durations import format_duration, parse_duration

    assert parse_duration("0") == 0
    assert parse_duration("1h30m") == 5_400_000
    assert parse_duration("250ms") == 250
    assert format_duration(5_400_000) == "1h30m"
