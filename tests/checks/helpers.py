"""A small project to lint, and shortcuts to run one check on one expression."""

from __future__ import annotations

from monitoring_as_code.checks import lint_project
from monitoring_as_code.checks.base import Problem
from monitoring_as_code.model.catalog import Counter, Gauge, Histogram, Info, Summary
from monitoring_as_code.model.dashboards import Dashboard, Target, TimeSeriesPanel
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.model.scrape import PrometheusConfig, ScrapeJob


def catalog() -> list:
    """Scrape jobs and metrics every check test can query.

    api is scraped every 15 s (the global default), batch every minute.
    """
    api = ScrapeJob("api", ["api:8000"], exporter="application")
    batch = ScrapeJob(
        "batch", ["batch:9000"], exporter="application", scrape_interval="1m"
    )
    return [
        api,
        batch,
        Counter(
            "http_requests_total", "Requests.", labels=["method", "status"], origin=api
        ),
        Histogram(
            "http_request_duration_seconds",
            "Request time.",
            labels=["method"],
            unit="seconds",
            origin=api,
        ),
        Histogram(
            "agent_processing_time_seconds",
            "Agent time.",
            labels=["agent_name", "user_role"],
            unit="seconds",
            origin=api,
        ),
        Gauge("queue_depth", "Items waiting.", labels=["queue"], origin=api),
        Summary(
            "rpc_duration_seconds",
            "RPC time.",
            labels=["method"],
            unit="seconds",
            origin=api,
        ),
        Info("build_info", "Build facts.", labels=["version"], origin=api),
        Counter("batch_runs_total", "Batch runs.", origin=batch),
    ]


def project(*definitions) -> Project:
    """The catalog plus the given rules, groups and dashboards."""
    items = catalog() + [PrometheusConfig()]
    for definition in definitions:
        if isinstance(definition, (AlertingRule, RecordingRule)):
            definition = RuleGroup("test", [definition])
        items.append(definition)
    return Project.from_definitions(items)


def run(check_id: str, *definitions) -> list[Problem]:
    """Problems of one check over the catalog plus `definitions`."""
    return lint_project(project(*definitions), [check_id]).problems


def alert(expr: str, **options) -> AlertingRule:
    options.setdefault("severity", "warning")
    options.setdefault("summary", "Something is wrong")
    options.setdefault("runbook_url", "https://runbooks.example.org/Test")
    return AlertingRule(options.pop("name", "TestAlert"), expr, **options)


def dashboard(*exprs: str, **panel_options) -> Dashboard:
    """A dashboard with one time series panel per expression."""
    panel_options.setdefault("unit", "short")
    panels = [
        TimeSeriesPanel(f"Panel {index}", [Target(expr)], **panel_options)
        for index, expr in enumerate(exprs)
    ]
    return Dashboard("test", "Test", panels)


def on_alert(check_id: str, expr: str, **options) -> list[Problem]:
    return run(check_id, alert(expr, **options))


def on_panel(check_id: str, expr: str, **panel_options) -> list[Problem]:
    return run(check_id, dashboard(expr, **panel_options))


def marked(problem: Problem) -> str:
    """The part of the expression the problem's span points at."""
    assert problem.span is not None, problem
    return problem.expr[problem.span[0] : problem.span[1]]
