"""Find and run the external programs mac relies on: promtool and amtool."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from monitoring_as_code.errors import ToolError

# Program name -> the Debian package that ships it.
PACKAGES = {
    "promtool": "prometheus",
    "amtool": "prometheus-alertmanager",
}

TIMEOUT_SECONDS = 120


def find_tool(name: str) -> str:
    """Return the program's path or raise ToolError naming the package."""
    path = shutil.which(name)
    if path is None:
        package = PACKAGES.get(name, name)
        raise ToolError(
            f"{name} not found on PATH; install the Debian package {package!r} "
            f"(apt-get install {package}) or put {name} on PATH"
        )
    return path


@dataclass
class ToolRun:
    """The outcome of one program run."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return (self.stdout + self.stderr).strip()


def start_tool(name: str, args: list[str], cwd: str | None = None) -> subprocess.Popen:
    """Start the program without waiting, so several can run in parallel."""
    return subprocess.Popen(
        [find_tool(name), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_tool(process: subprocess.Popen) -> ToolRun:
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ToolError(
            f"{process.args[0]} timed out after {TIMEOUT_SECONDS} s"
        ) from None
    return ToolRun(list(process.args), process.returncode, stdout, stderr)


def run_tool(name: str, args: list[str], cwd: str | None = None) -> ToolRun:
    return finish_tool(start_tool(name, args, cwd))
