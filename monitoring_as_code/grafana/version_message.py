"""The version-history message that each save sends to Grafana."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_MESSAGE = "mac push"
MAX_LENGTH = 500  # Grafana rejects a longer message with 400
_GIT_TIMEOUT = 5  # seconds


def version_message(directory: Path) -> str:
    """Return "mac push: <short sha> <subject>" of the commit that
    `directory` is in, marked when it has uncommitted changes, or
    "mac push" outside a git repository."""
    head = _git(directory, "log", "-1", "--format=%h %s")
    if not head:
        return DEFAULT_MESSAGE
    message = f"{DEFAULT_MESSAGE}: {head}"
    if _git(directory, "status", "--porcelain", "--", "."):
        message += " (with uncommitted changes)"
    if len(message) > MAX_LENGTH:
        message = message[: MAX_LENGTH - 3] + "..."
    return message


def _git(directory: Path, *args: str) -> str:
    """Return git's output in `directory`, or "" when git fails or is missing."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.debug("git %s failed: %s", " ".join(args), error)
        return ""
    if completed.returncode != 0:
        return ""
    return completed.stdout.strip()
