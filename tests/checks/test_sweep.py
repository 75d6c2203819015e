"""Feed every check broken and odd expressions: none may raise.

Each expression is used as an alert, a recording rule, a panel target and a
dashboard variable query, so every kind of query reaches every check.
"""

from __future__ import annotations

import pytest

from monitoring_as_code.checks import REGISTRY, lint_project
from monitoring_as_code.checks.report import render_json, render_text
from monitoring_as_code.model.dashboards import (
    Dashboard,
    QueryVariable,
    Target,
    TimeSeriesPanel,
)
from monitoring_as_code.model.rules import AlertingRule, RecordingRule, RuleGroup
from tests.checks.helpers import project

ODD_EXPRESSIONS = [
    # Does not parse.
    "rate(",
    ")",
    "{}",
    "up{",
    '"unterminated',
    "sum by",
    "rate(up)",
    'up{job=~"("}',
    "label_values()",
    "label_values(,)",
    "label_values(up{, job)",
    "é",
    "\x00",
    "up{} @@",
    # Parses, but is unusual.
    "1",
    "-1",
    '"text"',
    "vector(1)",
    "time()",
    "scalar(up)",
    "up[5m]",
    "up[5m:1m]",
    "rate(up[5m:])",
    "rate(http_requests_total[1ms])",
    "rate(http_requests_total[5m] offset -1h) @ start()",
    '{__name__=~".+"}',
    '{__name__="queue_depth", queue="a"}',
    "histogram_quantile(0.9, vector(1))",
    "histogram_quantile(0.9, up)",
    "histogram_quantile(2, sum(http_request_duration_seconds_bucket))",
    "histogram_quantile(0.9, rate(http_request_duration_seconds[5m]))",
    'label_replace(up, "", "", "", "")',
    'label_join(up, "a", ",")',
    'count_values("le", up)',
    "topk(3, up) > bool 1",
    "quantile(0.5, up) < 1",
    "up and on() vector(1)",
    "up or on() vector(0)",
    "up * on() group_left() up",
    "up / ignoring() group_right() up",
    "(((up)))",
    "(" * 480 + "up == 0" + ")" * 480,
    "(" * 600 + "up == 0" + ")" * 600,
    " + ".join(["up"] * 300) + " > 1",
    "- - - up",
    'absent(nonexistent{a="b"})',
    "absent(sum(up))",
    "absent_over_time(up[5m:1m])",
    "sort_desc(up)",
    "info(up)",
    "up # a comment\n > 0",
    'http_requests_total{status=~".*"} / ignoring(x) group_right(y) queue_depth',
    'queue_depth{queue!~".*", queue=~"a", queue=~"^b$"}',
    "job:missing:rate5m > 1",
    "http_request_duration_seconds",
    "queue_depth_bucket",
    "sum without (le) (http_request_duration_seconds_bucket)",
    "rate(queue_depth[5m]) > 10",
    "delta(http_requests_total[5m])",
    "x" * 5000,
    "(" * 10000 + "up" + ")" * 10000,
    " + ".join(["up"] * 5000),
    "sum(" * 490 + "up" + ")" * 490,
    # Grafana variables.
    "$__rate_interval",
    "$var",
    "[[var]]",
    "${var:csv}",
    "rate(http_requests_total[$__rate_interval])",
    'sum by ($group) (queue_depth{$label=~"$value"})',
    "topk($n, queue_depth) > $threshold",
    '$metric{job="api"}',
    "label_values(up, job)",
    "label_values(job)",
    "label_values($metric, $label)",
    "query_result(topk(5, queue_depth))",
    "query_result()",
    "metrics(.*)",
]


def _project(expr: str):
    group = RuleGroup(
        "sweep",
        [
            AlertingRule(
                "Sweep",
                expr,
                summary='{{ $labels.le }} {{ $labels.x }} {{ .Labels.y }} {{ index $labels "z" }}',
                annotations={"broken": "{{ $labels."},
            ),
            RecordingRule("sweep:odd:expr", expr),
        ],
    )
    board = Dashboard(
        "sweep",
        "Sweep",
        [TimeSeriesPanel("Sweep", [Target(expr)])],
        variables=[QueryVariable("sweep", query=expr)],
    )
    return project(group, board)


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
@pytest.mark.parametrize("expr", ODD_EXPRESSIONS, ids=lambda expr: repr(expr[:40]))
def test_check_does_not_crash(check_id, expr):
    report = lint_project(_project(expr), [check_id])
    render_text(report)
    render_json(report)
