"""The `mac` command line: a click group whose commands load on demand.

Each command lives in `monitoring_as_code/commands/<name>.py`, parses its
options, calls one stage and renders the result. Errors derived from
MacError are printed as one message and mapped to their exit code here.
"""

from __future__ import annotations

import importlib
import sys
import traceback

import click

from monitoring_as_code.errors import ExitCode, MacError

# command name -> (module, one-line help shown by `mac --help`)
COMMANDS = {
    "build": ("build", "Compile the definitions into build/."),
    "validate": ("validate", "Check build/ with promtool, amtool and schemas."),
    "test": ("test", "Run every alert's test cases and routing tests."),
    "lint": ("lint", "Check every expression against the metric catalog."),
    "push": ("push", "Upload the built dashboards to Grafana."),
    "diff": ("diff", "Show what a change does to alerts, routing and dashboards."),
}


class LazyGroup(click.Group):
    """Import a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(
            f"monitoring_as_code.commands.{COMMANDS[name][0]}"
        )
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MacError as error:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.version_option(package_name="monitoring-as-code", prog_name="mac")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Monitoring as code: compile Python definitions of metrics, alerts,
    routing and dashboards into Prometheus, Alertmanager and Grafana files.

    \b
    Example:
      mac build && mac validate
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def run() -> None:
    """Entry point of the `mac` script."""
    try:
        main.main(prog_name="mac", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    run()

__all__ = ["main", "run", "ExitCode"]
