"""`mac build`: compile the definitions into the build folder."""

from __future__ import annotations

from pathlib import Path

import click

from monitoring_as_code.commands.options import (
    DEFAULT_BUILD,
    DEFAULT_DEFINITIONS,
    definitions_option,
)
from monitoring_as_code.errors import ExitCode
from monitoring_as_code.text import plural


@click.command("build")
@definitions_option
@click.option(
    "--out",
    default=DEFAULT_BUILD,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write; it is replaced as a whole.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; list stale files and exit 1 if the folder differs.",
)
def command(definitions: str, out: str, check: bool) -> None:
    """Compile the definitions into Prometheus rules, prometheus.yml,
    alertmanager.yml and Grafana dashboards.

    The same definitions always give byte-identical files. A definition
    error leaves the previous build untouched.

    \b
    Examples:
      mac build
      mac build --definitions definitions --out build
      mac build --check        # in CI: fail when build/ is stale
    """
    from monitoring_as_code.compile import compile_project
    from monitoring_as_code.compile.writer import compare_build, write_build
    from monitoring_as_code.load import load_project

    project = load_project(definitions)
    artifacts = compile_project(project)
    out_path = Path(out)

    if check:
        staleness = compare_build(artifacts, out_path)
        if not staleness.is_stale:
            click.echo(f"{out} is up to date ({plural(len(artifacts), 'file')})")
            return
        for label, paths in (
            ("changed", staleness.changed),
            ("missing", staleness.missing),
            ("not generated", staleness.extra),
        ):
            for path in paths:
                click.echo(f"{label}: {out}/{path}")
        command = "mac build"
        if definitions != DEFAULT_DEFINITIONS:
            command += f" --definitions {definitions}"
        if out != DEFAULT_BUILD:
            command += f" --out {out}"
        click.echo(f"{out} is stale: run `{command}` and commit the result", err=True)
        raise SystemExit(ExitCode.PROBLEMS_FOUND)

    write_build(artifacts, out_path)
    click.echo(
        f"built {plural(len(artifacts), 'file')} in {out}: "
        f"{plural(len(project.metrics), 'metric')}, {plural(len(project.alerts), 'alert')}, "
        f"{plural(len(project.recording_rules), 'recording rule')}, "
        f"{plural(len(project.dashboards), 'dashboard')}"
    )
