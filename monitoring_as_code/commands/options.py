"""Options shared by several commands."""

from __future__ import annotations

import click

DEFAULT_DEFINITIONS = "definitions"
DEFAULT_BUILD = "build"

definitions_option = click.option(
    "--definitions",
    "definitions",
    default=DEFAULT_DEFINITIONS,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of definition files (*.py).",
)

build_option = click.option(
    "--build",
    "build_dir",
    default=DEFAULT_BUILD,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of built files to read.",
)

format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format on stdout.",
)
