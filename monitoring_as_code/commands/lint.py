"""`mac lint`: check every expression against the metric catalog."""

from __future__ import annotations

import os

import click

from monitoring_as_code.commands.options import definitions_option, format_option

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


@click.command("lint")
@definitions_option
@format_option
def command(definitions: str, output_format: str) -> None:
    """Check the alerting and recording rules, panel queries and dashboard
    variables against the metric catalog and PromQL pitfalls.

    Each problem names its check ID, the definition's file and line, the
    expression with the bad part underlined, and a hint. A definition
    silences a check with suppress={'check/id': 'reason'}; suppressed
    problems are listed with their reason and not counted. Exit code 1
    means an error was found; warnings alone exit 0. docs/lint.md
    describes every check.

    \b
    Examples:
      mac lint
      mac lint --definitions definitions --format json
    """
    from monitoring_as_code.checks import lint_project
    from monitoring_as_code.checks.report import render_json, render_text, summary
    from monitoring_as_code.load import load_project

    report = lint_project(load_project(definitions))

    if output_format == "json":
        click.echo(render_json(report))
    else:
        text = render_text(report)
        if text:
            click.echo(_coloured(text), color=_use_colour())
    click.echo(summary(report), err=True)
    if report.exit_code:
        raise SystemExit(report.exit_code)


def _use_colour() -> bool | None:
    # None lets click decide from whether stdout is a terminal.
    return False if "NO_COLOR" in os.environ else None


def _coloured(text: str) -> str:
    lines = []
    for line in text.splitlines():
        severity, colon, rest = line.partition(":")
        if colon and severity in _SEVERITY_COLOURS:
            line = (
                click.style(severity, fg=_SEVERITY_COLOURS[severity], bold=True)
                + colon
                + rest
            )
        lines.append(line)
    return "\n".join(lines)
