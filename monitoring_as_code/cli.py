"""The `mac` command line: a click group whose commands load on demand.

Each command lives in `monitoring_as_code/commands/<name>.py`, parses its
options, calls one stage and renders the result. Errors derived from
MacError are printed as one message and mapped to their exit code here.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import traceback
from typing import NoReturn

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
            for message in error.messages():
                click.echo(f"error: {message}", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:
            # Left to click, this would exit with 1, which means problems
            # were found.
            ctx.exit(ExitCode.BROKEN_PIPE)


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


def run() -> NoReturn:
    """Entry point of the `mac` script."""
    try:
        main.main(prog_name="mac", standalone_mode=True)
        code = 0
    except SystemExit as stop:
        code = stop.code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        code = 130
    exit_without_teardown(code)


def exit_without_teardown(code: int | str | None) -> NoReturn:
    """Exit with `code` as `sys.exit` does, but skip freeing the heap.

    At shutdown Python frees every module and every object they still
    reference, one at a time: about 45 ms after building 500 dashboards,
    for memory the operating system reclaims anyway. So the atexit
    handlers run and the output is flushed here, then the process ends.
    Threads still running are not waited for: every command joins the
    threads it starts before it returns.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    # The atexit module has no public call for this. The interpreter calls
    # the same function at a normal shutdown.
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or ExitCode.BROKEN_PIPE
    except ValueError:
        # A command closed a stream.
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()

__all__ = ["main", "run", "ExitCode"]
