"""`mac validate`: check the build with promtool, amtool and schemas."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitoring_as_code.commands.options import build_option, format_option
from monitoring_as_code.errors import ExitCode
from monitoring_as_code.text import plural


@click.command("validate")
@build_option
@click.option(
    "--definitions",
    default="definitions",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Definitions folder, used to point problems at their definition; "
    "skipped when the folder does not exist.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat an alert without a firing and a quiet test case as an error.",
)
@format_option
def command(build_dir: str, definitions: str, strict: bool, output_format: str) -> None:
    """Check the build folder: `promtool check rules`, `promtool check
    config`, `amtool check-config`, the Grafana dashboard JSON schema and
    dashboard structure (panel ids, grid, datasources, targets). With the
    definitions folder present, it also runs the alert test cases with
    `promtool test rules`, the routing tests and `mac lint`.

    Every problem found is reported, not only the first. Exit code 1 means
    problems were found, 4 that promtool or amtool is missing or failed.

    \b
    Examples:
      mac validate
      mac validate --build build --format json
    """
    from monitoring_as_code.validate.external import start_external_checks

    # promtool and amtool start first and run while Python imports the
    # rest and loads the definitions.
    build = Path(build_dir)
    started = start_external_checks(build) if build.is_dir() else None

    from monitoring_as_code.validate.run import validate_build

    project = None
    if Path(definitions).is_dir():
        from monitoring_as_code.load import load_project

        project = load_project(definitions)
    report = validate_build(build, project, strict, started)

    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "version": 1,
                    "problems": [problem.to_json() for problem in report.problems],
                    "tool_errors": [str(error) for error in report.tool_errors],
                },
                indent=2,
                sort_keys=True,
            )
        )
    else:
        for problem in report.problems:
            click.echo(problem.render())
        warnings = len(report.problems) - len(report.errors)
        if report.errors:
            summary = (
                f"{plural(len(report.errors), 'error')}, "
                f"{plural(warnings, 'warning')} in {build_dir}"
            )
        elif report.tool_errors:
            summary = f"{build_dir} was not fully checked"
        elif warnings:
            summary = f"{build_dir} is valid, with {plural(warnings, 'warning')}"
        else:
            summary = f"{build_dir} is valid"
        click.echo(
            f"{summary} ({plural(report.checked_files, 'file')} checked)", err=True
        )

    for message in dict.fromkeys(str(error) for error in report.tool_errors):
        click.echo(f"error: {message}", err=True)
    if report.tool_errors:
        raise SystemExit(ExitCode.TOOL_ERROR)
    if report.errors:
        raise SystemExit(ExitCode.PROBLEMS_FOUND)
