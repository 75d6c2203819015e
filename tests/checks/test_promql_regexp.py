from __future__ import annotations

import pytest

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.checks.promql_regexp import literal_value
from tests.checks.helpers import marked, on_alert, on_panel

CHECK = "promql/regexp"


@pytest.mark.parametrize(
    "expr",
    [
        'rate(http_requests_total{status=~"5.."}[5m]) > 1',
        'rate(http_requests_total{method=~"GET|POST"}[5m]) > 1',
        'rate(http_requests_total{method=~".+"}[5m]) > 1',
        'rate(http_requests_total{status!~"2.."}[5m]) > 1',
        'rate(http_requests_total{method="GET"}[5m]) > 1',
        'queue_depth{queue=~"a\\\\d"} > 1',
    ],
)
def test_real_regexps(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message, severity, hint",
    [
        (
            'queue_depth{queue=~"emails"} > 1',
            'queue=~"emails" has no regular-expression syntax, so it is an equality',
            Severity.WARNING,
            'write queue="emails"',
        ),
        (
            'queue_depth{queue!~"emails"} > 1',
            'queue!~"emails" has no regular-expression syntax, so it is an equality',
            Severity.WARNING,
            'write queue!="emails"',
        ),
        (
            'queue_depth{queue=~"a\\\\.b"} > 1',
            'queue=~"a\\.b" has no regular-expression syntax, so it is an equality',
            Severity.WARNING,
            'write queue="a.b"',
        ),
        (
            'queue_depth{queue=~".*"} > 1',
            'queue=~".*" matches every value, including a missing label',
            Severity.WARNING,
            'remove the matcher, or write queue=~".+" to require the label',
        ),
        (
            'queue_depth{queue!~".*"} > 1',
            'queue!~".*" matches no series',
            Severity.ERROR,
            "remove the matcher or fix the expression",
        ),
        (
            'queue_depth{queue=~"^mail.*$"} > 1',
            'queue=~"^mail.*$" has ^ or $ anchors, which Prometheus adds itself',
            Severity.INFO,
            "remove the anchors",
        ),
    ],
)
def test_suspicious_regexps(expr, message, severity, hint):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert problems[0].severity is severity
    assert problems[0].hint == hint
    assert marked(problems[0]) == "queue"


def test_grafana_variable_in_regexp_is_skipped():
    assert on_panel(CHECK, 'rate(http_requests_total{method=~"$method"}[5m])') == []
    assert (
        on_panel(CHECK, 'rate(http_requests_total{method=~"${method:regex}"}[5m])')
        == []
    )


@pytest.mark.parametrize(
    "pattern, literal",
    [
        ("abc", "abc"),
        ("a\\.b", "a.b"),
        ("", ""),
        ("a.b", None),
        ("\\d", None),
        ("a|b", None),
        ("a\\", None),
    ],
)
def test_literal_value(pattern, literal):
    assert literal_value(pattern) == literal


def test_second_matcher_on_one_label_is_marked():
    problems = on_alert(CHECK, 'queue_depth{queue!="x", queue=~"mails"} > 1')
    assert len(problems) == 1
    assert problems[0].span == (24, 29)
    assert marked(problems[0]) == "queue"
