from __future__ import annotations

import pytest

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.model.dashboards import Dashboard, QueryVariable
from tests.checks.helpers import on_alert, on_panel, run

CHECK = "promql/syntax"


@pytest.mark.parametrize(
    "expr",
    [
        "up == 0",
        "sum by (job) (rate(http_requests_total[5m])) > 1",
        'absent(up{job="api"})',
    ],
)
def test_valid_expression(expr):
    assert on_alert(CHECK, expr) == []


@pytest.mark.parametrize(
    "expr, message",
    [
        ("rate(http_requests_total[5m]", "invalid PromQL: unclosed left parenthesis"),
        (
            "rate(http_requests_total)",
            "invalid PromQL: expected type matrix in call to function 'rate', got vector",
        ),
        ("sum(up) by", "invalid PromQL: invalid promql query"),
        (
            "label_values(up, job)",
            "invalid PromQL: unknown function with name 'label_values'",
        ),
    ],
)
def test_invalid_expression(expr, message):
    problems = on_alert(CHECK, expr)
    assert [p.message for p in problems] == [message]
    assert problems[0].severity is Severity.ERROR
    assert problems[0].expr == expr
    assert problems[0].span is None


def test_panel_with_grafana_variables_parses():
    expr = 'sum by ($group) (rate(http_requests_total{job=~"$job"}[$__rate_interval])) > $limit'
    assert on_panel(CHECK, expr) == []


def test_invalid_variable_query_names_the_forms():
    variable = QueryVariable("job", query="label_values(up{job=}, job)")
    problems = run(CHECK, Dashboard("d", "D", [], variables=[variable]))
    assert len(problems) == 1
    assert problems[0].message.startswith("invalid PromQL: ")
    assert "label_values(metric, label)" in problems[0].hint


def test_problem_points_at_the_rule_definition():
    problems = on_alert(CHECK, "rate(")
    assert problems[0].location.path.endswith("helpers.py")
    assert problems[0].subject == "alert 'TestAlert'"
