"""`mac push`: upload the built dashboards to Grafana."""

from __future__ import annotations

import ipaddress
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import click

from monitoring_as_code.commands.options import (
    DEFAULT_DEFINITIONS,
    build_option,
    format_option,
)
from monitoring_as_code.errors import UsageError

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("push")
@click.option(
    "--grafana-url",
    required=True,
    envvar="GRAFANA_URL",
    metavar="URL",
    help="Root URL of Grafana, with its sub-path if it has one; "
    "may be given as the GRAFANA_URL variable instead.",
)
@build_option
@click.option(
    "--definitions",
    default=DEFAULT_DEFINITIONS,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Definitions folder that the build must match; the check is "
    "skipped when the default folder does not exist.",
)
@click.option(
    "--folder",
    "folder_uid",
    metavar="UID",
    help="Put every dashboard in this existing Grafana folder instead of "
    "the folders of the build.",
)
@click.option("--dry-run", is_flag=True, help="Write nothing; show what would change.")
@click.option(
    "--prune",
    is_flag=True,
    help="Delete dashboards that mac pushed and the build no longer has.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite dashboards changed in Grafana since mac pushed them, or "
    "not pushed by mac; with --prune, delete changed ones too.",
)
@format_option
@click.option(
    "--token-file",
    type=_FILE,
    help="File with the service-account token (default: the GRAFANA_TOKEN "
    "variable, then GRAFANA_USER and GRAFANA_PASSWORD).",
)
@click.option(
    "--ca-cert",
    type=_FILE,
    help="PEM file of CA certificates to trust besides the default ones.",
)
@click.option(
    "--insecure",
    is_flag=True,
    help="Do not verify Grafana's TLS certificate (a warning is printed).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Timeout of each HTTP request, in seconds.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log requests and retries.")
@click.pass_context
def command(
    ctx: click.Context,
    grafana_url: str,
    build_dir: str,
    definitions: str,
    folder_uid: str | None,
    dry_run: bool,
    prune: bool,
    force: bool,
    output_format: str,
    token_file: Path | None,
    ca_cert: Path | None,
    insecure: bool,
    timeout: float,
    verbose: bool,
) -> None:
    """Upload the dashboards of build/grafana/ to Grafana, creating their
    folders first. A dashboard whose content is unchanged is not written.

    The build must match the definitions (run `mac build` first). Each
    dashboard gets a `macManaged` marker; a dashboard edited in Grafana
    since mac pushed it is a conflict that only --force overwrites. See
    docs/push.md.

    Credentials come from GRAFANA_TOKEN (or --token-file), or from
    GRAFANA_USER and GRAFANA_PASSWORD; never from an option. Exit code 1
    means some dashboards were not pushed, 5 that Grafana rejected the
    credentials or could not be reached.

    \b
    Examples:
      mac push --grafana-url https://grafana.example.com --token-file ~/.grafana-token
      mac push --grafana-url https://grafana.example.com --dry-run --prune
      mac push --grafana-url http://localhost:3000 --folder sandbox --force
    """
    from monitoring_as_code.grafana.artifacts import check_build_current, read_build
    from monitoring_as_code.grafana.credentials import read_credentials

    url = _check_url(grafana_url)
    if insecure and ca_cert is not None:
        raise UsageError("--insecure and --ca-cert cannot be used together")
    credentials = read_credentials(token_file)
    build_path = Path(build_dir)
    build = read_build(build_path)
    if Path(definitions).is_dir():
        check_build_current(Path(definitions), build_path)
    elif _given(ctx, "definitions"):
        raise UsageError(f"definitions folder {definitions!r} not found")
    else:
        click.echo(
            f"note: no {definitions}/ folder, so the build is pushed without "
            "checking that it matches the definitions",
            err=True,
        )
    if not build.dashboards and not prune:
        click.echo(f"no dashboards in {build_dir}; nothing to push", err=True)
        return
    _warn_about_transport(url, insecure)

    from monitoring_as_code.grafana.push import PushOptions
    from monitoring_as_code.grafana.version_message import (
        DEFAULT_MESSAGE,
        version_message,
    )

    options = PushOptions(
        dry_run=dry_run,
        prune=prune,
        force=force,
        folder=folder_uid,
        message=DEFAULT_MESSAGE if dry_run else version_message(build_path),
    )
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    with _logging_to_stderr(verbose or debug):
        result = _push(
            url, credentials, build, options, timeout, ca_cert, insecure=insecure
        )
    _render(result, output_format)
    _exit_status(result)


def _push(url, credentials, build, options, timeout, ca_cert, *, insecure):
    """Run the push through one client with a connection per worker thread."""
    from monitoring_as_code.grafana.api import GrafanaApi
    from monitoring_as_code.grafana.client import GrafanaClient
    from monitoring_as_code.grafana.push import run_push

    with GrafanaClient(
        url,
        credentials,
        timeout=timeout,
        ca_cert=ca_cert,
        insecure=insecure,
        pool_size=options.workers,
    ) as client:
        return run_push(GrafanaApi(client), build, options, _progress_bars())


def _check_url(url: str) -> str:
    """Return the URL without a trailing slash, or reject it.

    A URL with user:password would put a secret on the command line, and
    the message does not repeat such a URL.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        has_userinfo = parts.username is not None or parts.password is not None
        _ = parts.port  # raises ValueError for a port outside 0-65535
    except ValueError:
        raise UsageError("--grafana-url is not a valid URL") from None
    if has_userinfo:
        raise UsageError(
            "--grafana-url must not contain a user or password; set GRAFANA_TOKEN, "
            "or GRAFANA_USER and GRAFANA_PASSWORD"
        )
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(f"--grafana-url {url!r} is not an http:// or https:// URL")
    if parts.query or parts.fragment:
        raise UsageError(f"--grafana-url {url!r} must not have a query or fragment")
    return url.rstrip("/")


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source != click.core.ParameterSource.DEFAULT


def _warn_about_transport(url: str, insecure: bool) -> None:
    if insecure:
        click.echo(
            "warning: --insecure: Grafana's TLS certificate is not verified, so "
            "anyone on the network path can read the credentials",
            err=True,
        )
        return
    parts = urlsplit(url)
    if parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        click.echo(
            f"warning: {url} uses plain http, so the credentials travel unencrypted",
            err=True,
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextmanager
def _logging_to_stderr(enabled: bool) -> Iterator[None]:
    """Send mac's debug log to stderr while the push runs."""
    if not enabled:
        yield
        return
    logger = logging.getLogger("monitoring_as_code")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)


def _progress_bars() -> Callable[[str, int], Callable[[int], None]] | None:
    """Return a progress-bar factory for a terminal on stderr, else None."""
    stderr = sys.stderr
    if not stderr.isatty():
        return None

    def start(label: str, total: int) -> Callable[[int], None]:
        if total == 0:
            return lambda count: None
        bar = click.progressbar(length=total, label=label, file=stderr)
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            bar.update(count)
            if done >= total:
                bar.render_finish()

        return advance

    return start


def _render(result, output_format: str) -> None:
    from monitoring_as_code.grafana.report import summary_line, text_lines, to_json

    if output_format == "json":
        click.echo(json.dumps(to_json(result), indent=2, sort_keys=True))
        return
    for line in text_lines(result):
        click.echo(line)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(summary_line(result), err=True)


def _exit_status(result) -> None:
    from monitoring_as_code.grafana.errors import PushFailed

    if result.aborted is not None:
        raise result.aborted
    unsuccessful = result.unsuccessful
    if not unsuccessful:
        return
    named = ", ".join(f"{o.label} ({o.status})" for o in unsuccessful)
    verb = "would not be" if result.dry_run else "were not"
    raise PushFailed(
        f"{len(unsuccessful)} of {len(result.dashboards)} dashboards {verb} "
        f"pushed: {named}"
    )
