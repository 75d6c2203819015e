"""Parsing with Grafana variables, walking, and output_labels."""

from __future__ import annotations

import promql_parser
import pytest

from monitoring_as_code import promql

CATALOG = {
    "requests_total": {"job", "instance", "method", "status"},
    "latency_seconds_bucket": {"job", "instance", "method", "le"},
    "queue_depth": {"job", "instance", "queue"},
    "ALERTS": None,
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("rate(x[$__rate_interval])", "rate(x[5m1ms])"),
        ("rate(x[${__rate_interval}])", "rate(x[5m1ms])"),
        ("x[$__interval:$__interval]", "x[1m1ms:1m1ms]"),
        ("increase(x[$__range])", "increase(x[1h1ms])"),
        ("rate(x[$window])", "rate(x[5m2ms])"),
        ("rate(x[[[window]]])", "rate(x[5m2ms])"),
        ('x{job=~"$job"}', 'x{job=~"__mac_var_job"}'),
        ('x{job=~"${job:regex}"}', 'x{job=~"__mac_var_job"}'),
        ('x{job="[[job]]"}', 'x{job="__mac_var_job"}'),
        ("x > $threshold", "x > 1"),
        ("$__interval_ms + x", "60000 + x"),
        (
            'label_replace(x, "a", "$1", "b", "(.*)")',
            'label_replace(x, "a", "$1", "b", "(.*)")',
        ),
        ('x{a=~"^b$"}', 'x{a=~"^b$"}'),
        ('x{a=~"[[:alpha:]]"}', 'x{a=~"[[:alpha:]]"}'),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_substitute_variables(text, expected):
    assert promql.substitute_variables(text).text == expected


def test_substitute_variables_lists_names():
    found = promql.substitute_variables('rate(x{a="$job"}[$__rate_interval])')
    assert found.variables == ("job", "__rate_interval")


def test_parse_variable_as_label_name():
    expr = promql.parse("sum by ($group) (x)")
    assert expr.modifier.labels == ["__mac_var_group"]


def test_parse_error_is_promql_error():
    with pytest.raises(promql.PromQLError, match="unclosed left parenthesis"):
        promql.parse("rate(x[5m]")


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10000 + "x" + ")" * 10000,
        " + ".join(["x"] * 5000),
        "-" * 10000 + "x",
    ],
    ids=["parentheses", "operators", "unary"],
)
def test_parse_rejects_deep_nesting(text):
    # Deeper trees crash promql_parser's process or raise RecursionError.
    with pytest.raises(promql.PromQLError, match="more than 500 operators"):
        promql.parse(text)


def test_parse_reports_recursion_error(monkeypatch):
    def overflow(text):
        raise RecursionError

    monkeypatch.setattr(promql_parser, "parse", overflow)
    with pytest.raises(promql.PromQLError, match="nests too deeply"):
        promql.parse("sum(x)")


def test_parse_counts_no_operators_in_strings():
    text = 'x{a=~"' + "(a|b)+" * 400 + '"}'
    assert promql.parse(text).name == "x"


def test_range_variable():
    assert (
        promql.range_variable(promql.parse("x[$__rate_interval]").range)
        == "__rate_interval"
    )
    assert promql.range_variable(promql.parse("x[$custom]").range) == "variable"
    assert promql.range_variable(promql.parse("x[5m]").range) is None


def test_walk_orders_tokens_as_written():
    nodes = promql.walk(promql.parse("(a - b) - sum(rate(c[5m])) / -d"))
    tokens = sorted(
        (node.order, node.token) for node in nodes if node.order is not None
    )
    assert [token for _, token in tokens] == [
        "a",
        "-",
        "b",
        "-",
        "sum",
        "rate",
        "c",
        "/",
        "-",
        "d",
    ]


def test_walk_parents():
    nodes = promql.walk(promql.parse("sum(rate(c[5m]))"))
    selector = next(
        n for n in nodes if isinstance(n.expr, promql_parser.VectorSelector)
    )
    assert [type(p).__name__ for p in selector.parents] == [
        "AggregateExpr",
        "Call",
        "MatrixSelector",
    ]


def test_walk_deep_nesting_without_recursion():
    nodes = promql.walk(promql.parse("(" * 450 + "x" + ")" * 450))
    assert len(nodes) == 451


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("requests_total", {"job", "instance", "method", "status"}),
        ("rate(requests_total[5m])", {"job", "instance", "method", "status"}),
        ("sum(rate(requests_total[5m]))", set()),
        ("sum by (job) (requests_total)", {"job"}),
        ("sum by (job, nowhere) (requests_total)", {"job"}),
        ("sum by (job) (unknown_metric)", {"job"}),
        ("sum without (instance) (requests_total)", {"job", "method", "status"}),
        ("topk by (job) (3, requests_total)", {"job", "instance", "method", "status"}),
        ('count_values("value", queue_depth)', {"value"}),
        (
            "histogram_quantile(0.9, latency_seconds_bucket)",
            {"job", "instance", "method"},
        ),
        (
            'label_replace(queue_depth, "name", "$1", "queue", "(.*)")',
            {"job", "instance", "queue", "name"},
        ),
        ('absent(requests_total{job="api", status=~"5.."})', {"job"}),
        ("vector(1)", set()),
        ("time()", set()),
        ("1 + 2", set()),
        ("queue_depth > 3", {"job", "instance", "queue"}),
        ("2 * queue_depth", {"job", "instance", "queue"}),
        ("requests_total / on(job) queue_depth", {"job"}),
        ("requests_total / ignoring(method, status) queue_depth", {"job", "instance"}),
        (
            "requests_total * on(job) group_left(queue) queue_depth",
            {"job", "instance", "method", "status", "queue"},
        ),
        (
            "queue_depth * on(job) group_right(queue) requests_total",
            {"job", "instance", "method", "status", "queue"},
        ),
        ("requests_total and queue_depth", {"job", "instance", "method", "status"}),
        (
            "requests_total or queue_depth",
            {"job", "instance", "method", "status", "queue"},
        ),
        ('{__name__="queue_depth"}', {"job", "instance", "queue"}),
        # One-to-one matching keeps the left side's labels, whatever the right's.
        ("requests_total / unknown_metric", {"job", "instance", "method", "status"}),
    ],
)
def test_output_labels(expr, expected):
    assert promql.output_labels(expr, CATALOG) == frozenset(expected)


@pytest.mark.parametrize(
    "expr",
    [
        "unknown_metric",
        "unknown_metric / requests_total",
        "sum without (job) (unknown_metric)",
        "ALERTS",
        '{__name__=~"queue.*"}',
        "sum(x) by ($group)",
        "info(queue_depth)",
        "requests_total / on($label) queue_depth",
        "(" * 300 + "queue_depth" + ")" * 300,
    ],
)
def test_output_labels_unknown(expr):
    assert promql.output_labels(expr, CATALOG) is None


def test_output_labels_parses_text_with_variables():
    assert promql.output_labels(
        'sum by (job) (rate(requests_total{job=~"$job"}[$__rate_interval]))', CATALOG
    ) == {"job"}


def test_label_catalog_includes_recorded_and_scrape_series():
    from monitoring_as_code.model.rules import RecordingRule, RuleGroup
    from tests.checks.helpers import project

    rules = RuleGroup(
        "recorded",
        [
            # Reads the rule below, so its labels are known only in a second pass.
            RecordingRule(
                "job:http_requests:max1h",
                "max_over_time(job:http_requests:rate5m[1h])",
                labels={"window": "1h"},
            ),
            RecordingRule(
                "job:http_requests:rate5m",
                "sum by (job) (rate(http_requests_total[5m]))",
            ),
        ],
    )
    catalog = promql.label_catalog(project(rules))
    assert catalog["job:http_requests:rate5m"] == {"job"}
    assert catalog["job:http_requests:max1h"] == {"job", "window"}
    assert catalog["up"] == {"job", "instance"}
    assert catalog["ALERTS"] is None
    assert catalog["http_request_duration_seconds_bucket"] == {
        "job",
        "instance",
        "method",
        "le",
    }
