from __future__ import annotations

import pytest

from monitoring_as_code.model.dashboards import Dashboard, QueryVariable
from monitoring_as_code.model.rules import RecordingRule, RuleGroup
from tests.checks.helpers import alert, marked, on_alert, on_panel, run

CHECK = "promql/unknown-metric"


@pytest.mark.parametrize(
    "expr",
    [
        "rate(http_requests_total[5m]) > 1",
        "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1",
        "rate(http_request_duration_seconds_sum[5m]) > 0",
        "rpc_duration_seconds > 1",
        "up == 0",
        'ALERTS{alertstate="firing"} > 0',
        '{__name__=~"http_.*"} > 0',
        # promql/rate-on-gauge and promql/suffix-type report these.
        "rate(http_request_duration_seconds[5m]) > 1",
        "queue_depth_count > 1",
    ],
)
def test_known_series(expr):
    assert on_alert(CHECK, expr) == []


def test_misspelt_metric():
    problems = on_alert(CHECK, "rate(http_request_total[5m]) > 1")
    assert [p.message for p in problems] == [
        "metric 'http_request_total' is not in the catalog and no recording rule records it"
    ]
    assert problems[0].hint.startswith("did you mean 'http_requests_total'?")
    assert marked(problems[0]) == "http_request_total"


def test_second_occurrence_is_marked():
    problems = on_alert(CHECK, "up > 0 and on(job) nonexistent_up == 0")
    assert len(problems) == 1
    assert marked(problems[0]) == "nonexistent_up"
    assert problems[0].span == (19, 33)


def test_metric_named_by_name_matcher():
    problems = on_alert(CHECK, '{__name__="missing_total"} > 0')
    assert len(problems) == 1
    assert problems[0].span is None


def test_histogram_base_name_outside_rate():
    problems = on_alert(CHECK, "http_request_duration_seconds > 1")
    assert [p.message for p in problems] == [
        "histogram 'http_request_duration_seconds' has no series of that name"
    ]


def test_recording_rule_name_is_known():
    rules = RuleGroup(
        "r",
        [
            RecordingRule(
                "job:http_requests:rate5m",
                "sum by (job) (rate(http_requests_total[5m]))",
            ),
            alert("job:http_requests:rate5m > 10"),
        ],
    )
    assert run(CHECK, rules) == []


def test_grafana_variable_as_metric_name_is_skipped():
    assert on_panel(CHECK, "rate($metric[5m])") == []


def test_variable_query_metric():
    variable = QueryVariable(
        "instance", query='label_values(nonexistent{job="api"}, instance)'
    )
    problems = run(CHECK, Dashboard("d", "D", [], variables=[variable]))
    assert len(problems) == 1
    assert marked(problems[0]) == "nonexistent"
