"""`mac diff`: show what the working tree changes compared with a git ref."""

from __future__ import annotations

import os
import sys

import click

from monitoring_as_code.commands.options import definitions_option
from monitoring_as_code.errors import ExitCode


@click.command("diff")
@click.option(
    "--base",
    "base_ref",
    default="HEAD",
    show_default=True,
    metavar="REF",
    help="Git branch, tag or commit to compare the working tree with.",
)
@definitions_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format on stdout; markdown suits a pull request comment.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when there are changes and 0 when there are none.",
)
def command(
    base_ref: str, definitions: str, output_format: str, exit_code: bool
) -> None:
    """Compare the definitions at a git ref with the working tree: alerts,
    the receivers each alert reaches, inhibit rules, recording rules,
    dashboards and panels, metrics, and the Alertmanager and scrape config.

    The base ref is checked out into a temporary git worktree, which is
    removed afterwards; the checkout, index and branches stay as they are.
    Without --exit-code the exit code is 0 whether or not there are changes.

    \b
    Examples:
      mac diff                      # the working tree against the last commit
      mac diff --base origin/main --format markdown > diff.md
      mac diff --base v1.4.0 --exit-code
    """
    from monitoring_as_code.diff.compare import diff_against_ref

    result = diff_against_ref(definitions, base_ref)

    if output_format == "json":
        from monitoring_as_code.diff.render_json import render_json

        click.echo(render_json(result), nl=False)
    elif output_format == "markdown":
        from monitoring_as_code.diff.render_markdown import render_markdown

        click.echo(render_markdown(result), nl=False)
    else:
        from monitoring_as_code.diff.render_text import render_text

        color = _use_color()
        click.echo(render_text(result, color=color), nl=False, color=color)

    if exit_code and result.changed:
        # Changes found, the same status as `git diff --exit-code`.
        raise SystemExit(ExitCode.PROBLEMS_FOUND)


def _use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set and not empty."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
