"""`mac test`: alert test cases and routing tests, one line per alert."""

from __future__ import annotations

import json

import click

from monitoring_as_code.commands.options import definitions_option, format_option
from monitoring_as_code.errors import ExitCode


@click.command("test")
@definitions_option
@click.option("--strict", is_flag=True, help="Treat an alert without a firing and a quiet case as an error.")
@format_option
def command(definitions: str, strict: bool, output_format: str) -> None:
    """Run every alert's test cases with `promtool test rules` and check
    that each alert reaches its receivers, with mac's route evaluation and
    `amtool config routes test`.

    The definitions are compiled to a temporary folder, so build/ need not
    be current. Exit code 1 means a case failed or routing is wrong.

    \b
    Examples:
      mac test
      mac test --strict --format json
    """
    from monitoring_as_code.load import load_project
    from monitoring_as_code.testing.report import render_json, render_text
    from monitoring_as_code.testing.run import run_tests

    report = run_tests(load_project(definitions), strict=strict)
    if output_format == "json":
        click.echo(json.dumps(render_json(report), indent=2, sort_keys=True))
    else:
        render_text(report)
    if not report.ok:
        raise SystemExit(ExitCode.PROBLEMS_FOUND)
