"""The text and JSON renderings of problems, pinned as users see them."""

from __future__ import annotations

import json

from monitoring_as_code.checks.base import Problem, Severity
from monitoring_as_code.checks.report import (
    render_json,
    render_problem,
    render_text,
    summary,
)
from monitoring_as_code.checks.run import LintReport
from monitoring_as_code.model.source import SourceLocation

LOCATION = SourceLocation("definitions/rules.py", 12)


def _problem(**changes) -> Problem:
    fields = dict(
        check="promql/unknown-metric",
        severity=Severity.ERROR,
        location=LOCATION,
        message="metric 'foo_total' is not in the catalog and no recording rule records it",
        hint="declare the metric in the catalog",
        subject="alert 'FooHigh'",
        expr="rate(foo_total[5m]) > 1",
        span=(5, 14),
    )
    fields.update(changes)
    return Problem(**fields)


def test_render_problem_with_carets():
    assert render_problem(_problem()) == (
        "error: metric 'foo_total' is not in the catalog and no recording rule "
        "records it (promql/unknown-metric)\n"
        "  definitions/rules.py:12, alert 'FooHigh'\n"
        "    rate(foo_total[5m]) > 1\n"
        "         ^^^^^^^^^\n"
        "  hint: declare the metric in the catalog"
    )


def test_render_problem_without_span_or_expression():
    text = render_problem(_problem(span=None, expr="", subject=""))
    assert text.splitlines() == [
        "error: metric 'foo_total' is not in the catalog and no recording rule "
        "records it (promql/unknown-metric)",
        "  definitions/rules.py:12",
        "  hint: declare the metric in the catalog",
    ]


def test_carets_under_the_right_line():
    expr = "sum(rate(a_total[5m]))\n  /\nsum(rate(foo_total[5m]))"
    start = expr.index("foo_total")
    text = render_problem(_problem(expr=expr, span=(start, start + 9)))
    assert text.splitlines()[2:6] == [
        "    sum(rate(a_total[5m]))",
        "      /",
        "    sum(rate(foo_total[5m]))",
        "             ^^^^^^^^^",
    ]


def test_suppressed_problem_shows_reason():
    text = render_problem(_problem(suppressed="being renamed"))
    assert text.splitlines()[-1] == "  suppressed: being renamed"
    assert "hint:" not in text


def test_report_lists_suppressed_last():
    report = LintReport(
        [_problem(), _problem(suppressed="reason", severity=Severity.WARNING)], 3
    )
    blocks = render_text(report).split("\n\n")
    assert blocks[1] == "Suppressed:"
    assert blocks[2].startswith("warning: ")
    assert report.errors == [report.problems[0]]


def test_summary():
    report = LintReport(
        [
            _problem(),
            _problem(severity=Severity.WARNING),
            _problem(severity=Severity.WARNING),
            _problem(severity=Severity.INFO),
            _problem(suppressed="reason"),
        ],
        7,
    )
    assert (
        summary(report)
        == "lint: 1 error, 2 warnings, 1 info (1 suppressed) in 7 expressions"
    )
    assert summary(LintReport([], 2)) == "lint: no problems in 2 expressions"


def test_json():
    report = LintReport([_problem(), _problem(suppressed="reason")], 2)
    data = json.loads(render_json(report))
    assert data["version"] == 1
    assert data["checked_expressions"] == 2
    assert data["problems"] == [
        {
            "check": "promql/unknown-metric",
            "severity": "error",
            "path": "definitions/rules.py",
            "line": 12,
            "subject": "alert 'FooHigh'",
            "expr": "rate(foo_total[5m]) > 1",
            "span": [5, 14],
            "message": "metric 'foo_total' is not in the catalog and no recording rule records it",
            "hint": "declare the metric in the catalog",
            "suppressed": None,
        }
    ]
    assert [p["suppressed"] for p in data["suppressed"]] == ["reason"]
