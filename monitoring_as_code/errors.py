"""The exception tree and the exit-code table.

Every command maps its errors to an exit code here and nowhere else, so the
table in the README and the behaviour cannot drift apart.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitoring_as_code.model.source import SourceLocation


class ExitCode(enum.IntEnum):
    """Exit codes of every `mac` command."""

    OK = 0
    PROBLEMS_FOUND = 1  # validation, lint, tests or `--check` found problems
    USAGE_ERROR = 2  # bad options or arguments (click's own code)
    INVALID_DEFINITIONS = 3  # a definition could not be loaded or is invalid
    TOOL_ERROR = 4  # promtool, amtool or git is missing or failed to run
    REMOTE_ERROR = 5  # Grafana rejected the credentials or could not be reached
    # The reader of stdout closed it early (`mac test | head -1`). Shells give
    # 128 + 13 to a program that SIGPIPE ends, and mac exits with that code.
    BROKEN_PIPE = 141


class MacError(Exception):
    """Base class of the errors a user sees as one clean message."""

    exit_code: ExitCode = ExitCode.PROBLEMS_FOUND

    def messages(self) -> list[str]:
        """Return the messages to print, each after its own `error: `."""
        return [str(self)]


class DefinitionError(MacError):
    """A definition is invalid; the message names its file, line, value and fix."""

    exit_code = ExitCode.INVALID_DEFINITIONS

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        text = self.message
        if self.location is not None:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text}\n  hint: {self.hint}"
        return text


class DefinitionErrors(MacError):
    """Several invalid definitions, reported together."""

    exit_code = ExitCode.INVALID_DEFINITIONS

    def __init__(self, errors: list[DefinitionError]) -> None:
        self.errors = errors
        super().__init__("\n".join(error.render() for error in errors))

    def messages(self) -> list[str]:
        return [error.render() for error in self.errors]


class ToolError(MacError):
    """An external program is missing or could not run."""

    exit_code = ExitCode.TOOL_ERROR


class UsageError(MacError):
    """Options that cannot work together, found after click parsed them."""

    exit_code = ExitCode.USAGE_ERROR


class RemoteError(MacError):
    """A remote API rejected the request or could not be reached."""

    exit_code = ExitCode.REMOTE_ERROR
