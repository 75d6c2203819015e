"""Render a test report as text lines or JSON."""

from __future__ import annotations

import textwrap

import click

from monitoring_as_code.testing.explain import explain_failure
from monitoring_as_code.testing.run import AlertTestReport
from monitoring_as_code.text import plural


def render_text(report: AlertTestReport) -> None:
    """Print one line per alert on stdout, then the details and a summary."""
    width = max((len(result.name) for result in report.alerts), default=0)
    for result in report.alerts:
        passed = result.cases - len(result.failed)
        status = "ok" if not result.failed and not result.routing_problems else "FAIL"
        if status == "ok" and result.gap is not None:
            status = "FAIL" if report.strict else "warn"
        cases = f"{passed}/{result.cases} cases passed"
        if result.not_run:
            status, cases = "skip", f"{result.cases} cases not run"
        receivers = ", ".join(result.receivers) or "no receiver"
        click.echo(f"{status:<4} {result.name:<{width}}  {cases}  -> {receivers}")
    problems = report.problems()
    for severity, message, location, details in problems:
        click.echo(f"\n{severity}: {message}\n  {location}")
        for difference in explain_failure(details) if details else []:
            click.echo(f"  {difference}")
        if details:
            click.echo(_indent(details))
    errors = report.count("error")
    warnings = report.count("warning")
    cases = sum(result.cases for result in report.alerts)
    click.echo(
        f"\n{plural(len(report.alerts), 'alert')}, {plural(cases, 'case')}: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}",
        err=True,
    )


def _indent(text: str) -> str:
    lines = [line for line in textwrap.dedent(text).splitlines() if line.strip()]
    return "\n".join("    " + line for line in lines)


def render_json(report: AlertTestReport) -> dict:
    return {
        "version": 1,
        "alerts": [
            {
                "alert": result.name,
                "definition": str(result.location),
                "cases": result.cases,
                "failed": [
                    {"case": case.case, "definition": str(case.location), "details": case.details}
                    for case in result.failed
                ],
                "receivers": result.receivers,
                "missing_cases": result.gap.missing if result.gap else [],
                "cases_run": not result.not_run,
            }
            for result in report.alerts
        ],
        "problems": [
            {"severity": severity, "message": message, "definition": str(location), "details": details}
            for severity, message, location, details in report.problems()
        ],
    }
