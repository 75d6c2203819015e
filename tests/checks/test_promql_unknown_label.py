from __future__ import annotations

import pytest

from monitoring_as_code.model.dashboards import Dashboard, QueryVariable
from tests.checks.helpers import marked, on_alert, on_panel, run

CHECK = "promql/unknown-label"


@pytest.mark.parametrize(
    "expr",
    [
        'rate(http_requests_total{status=~"5..", job="api", instance="a"}[5m]) > 1',
        "sum by (method) (rate(http_requests_total[5m])) > 1",
        "sum without (instance) (queue_depth) > 1",
        "http_requests_total / on(job, instance) group_left(queue) queue_depth > 1",
        "http_requests_total / ignoring(method, status, queue) queue_depth > 1",
        'label_replace(queue_depth, "name", "$1", "queue", "(.*)") > 1',
        'sum by (le) (rate(http_request_duration_seconds_bucket{le="0.5"}[5m])) > 1',
        'nonexistent{any_label="x"} > 1',
    ],
)
def test_labels_present(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message, label",
    [
        (
            'rate(http_requests_total{code="500"}[5m]) > 1',
            "'http_requests_total' has no label 'code', so this matcher compares the empty value",
            "code",
        ),
        (
            "sum by (agent_name) (rate(http_requests_total[5m])) > 1",
            "sum groups by 'agent_name', which its input does not have",
            "agent_name",
        ),
        (
            "sum(rate(http_requests_total[5m])) by (queue) > 1",
            "sum groups by 'queue', which its input does not have",
            "queue",
        ),
        (
            "http_requests_total / on(job, queue) queue_depth > 1",
            "vector matching uses 'queue', which the left side does not have",
            "queue",
        ),
        (
            "http_requests_total * on(job) group_left(version) queue_depth > 1",
            "vector matching uses 'version', which the right side does not have",
            "version",
        ),
        (
            "http_requests_total > ignoring(region) http_requests_total",
            "ignoring() lists 'region', which neither side has",
            "region",
        ),
    ],
)
def test_missing_label(expr, message, label):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert marked(problems[0]) == label


def test_label_replace_source():
    problems = on_alert(
        CHECK, 'label_replace(queue_depth, "q", "$1", "queue_name", "(.*)") > 1'
    )
    assert [p.message for p in problems] == [
        "label_replace() reads label 'queue_name', which its input does not have"
    ]


def test_template_label_the_metric_lacks():
    problems = on_alert(
        CHECK,
        "rate(http_requests_total[5m]) > 1",
        summary="Errors on {{ $labels.endpoint }}",
    )
    assert [p.message for p in problems] == [
        "summary prints label 'endpoint', which no series of the expression has"
    ]
    assert problems[0].expr == "Errors on {{ $labels.endpoint }}"
    assert marked(problems[0]) == "$labels.endpoint"


def test_template_reads_the_rules_own_label():
    problems = on_alert(
        CHECK,
        "up == 0",
        labels={"team": "platform"},
        summary="{{ $labels.team }}: {{ $labels.severity }} target down",
    )
    # Problems are sorted by message, so 'severity' comes first.
    assert [p.hint for p in problems] == [
        "'severity' is a label of the alert rule, which templates cannot read: "
        "write its value in the template",
        "'team' is a label of the alert rule, which templates cannot read: write "
        "its value in the template",
    ]


def test_template_label_that_is_kept():
    assert (
        on_alert(
            CHECK,
            "rate(http_requests_total[5m]) > 1",
            summary="Errors on {{ $labels.method }} ({{ .Labels.status }})",
            description='{{ index $labels "instance" }}',
        )
        == []
    )


def test_panel_variable_label_is_skipped():
    assert (
        on_panel(CHECK, 'sum by ($group) (rate(http_requests_total{$label="x"}[5m]))')
        == []
    )


@pytest.mark.parametrize(
    "query, problems",
    [
        ("label_values(http_requests_total, method)", 0),
        ('label_values(http_requests_total{job="api"}, queue)', 1),
        ("label_values(queue)", 0),
        ("label_values(nothing_has_this)", 1),
        ("query_result(sum by (method) (rate(http_requests_total[5m])))", 0),
        ("metrics(http_.*)", 0),
        ("label_values($metric, $label)", 0),
        ('label_values(http_requests_total{job=~"$job"}, [[label]])', 0),
    ],
)
def test_variable_queries(query, problems):
    variable = QueryVariable("v", query=query)
    found = run(CHECK, Dashboard("d", "D", [], variables=[variable]))
    assert len(found) == problems


def test_variable_query_marks_the_label():
    variable = QueryVariable("v", query="label_values(queue_depth, status)")
    found = run(CHECK, Dashboard("d", "D", [], variables=[variable]))
    assert marked(found[0]) == "status"
    assert (
        found[0].message
        == "the variable reads label 'status', which the series do not have"
    )
