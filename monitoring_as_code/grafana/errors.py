"""Errors of `mac push`, each mapped to an exit code through MacError."""

from __future__ import annotations

from monitoring_as_code.errors import ExitCode, MacError, RemoteError


class GrafanaError(RemoteError):
    """Grafana rejected a request or could not be reached (exit code 5)."""


class CredentialsRejected(GrafanaError):
    """Grafana responded 401: the token or user is unknown, expired or revoked."""


class PermissionDenied(GrafanaError):
    """Grafana's access control responded 403 for a whole kind of request.

    This stops the push, because every further request of that kind would
    fail the same way.
    """


class GrafanaUnreachable(GrafanaError):
    """No HTTP response: the connection failed or timed out after the retries."""


class GrafanaTimeout(GrafanaUnreachable):
    """Every attempt of a request timed out."""


class UnexpectedResponse(GrafanaError):
    """Grafana responded with a status that the caller does not handle."""

    def __init__(self, method: str, path: str, status: int, message: str) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        super().__init__(f"{method} {path} failed with {status}: {message}")


# Errors that stop the whole push, because every further request would fail
# the same way.
STOPPING_ERRORS = (CredentialsRejected, PermissionDenied)


class StaleBuildError(MacError):
    """The build folder does not match what the definitions compile to."""

    exit_code = ExitCode.PROBLEMS_FOUND


class PushFailed(MacError):
    """Some dashboards were not pushed: conflicts or failed requests."""

    exit_code = ExitCode.PROBLEMS_FOUND
