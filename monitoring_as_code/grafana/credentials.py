"""Credentials for Grafana, read from the environment or a token file.

A secret never comes from the command line, where other users can read it
in the process list and shells keep it in their history. The secret is kept
in one private attribute, and every repr and message shows only where it
came from.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from pathlib import Path

import requests

from monitoring_as_code.errors import UsageError

TOKEN_VARIABLE = "GRAFANA_TOKEN"
USER_VARIABLE = "GRAFANA_USER"
PASSWORD_VARIABLE = "GRAFANA_PASSWORD"


class Credentials(requests.auth.AuthBase):
    """A service-account token or a basic-auth user, applied to each request.

    `source` names where the secret came from, for messages, and `kind` is
    "token" or "basic".
    """

    def __init__(self, kind: str, source: str, header_value: str) -> None:
        self.kind = kind
        self.source = source
        self.__header_value = header_value

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self.__header_value
        return request

    def __repr__(self) -> str:
        return f"<Credentials {self.kind} from {self.source}>"

    __str__ = __repr__

    def describe(self) -> str:
        """Name the credentials for a message, without the secret."""
        if self.kind == "token":
            return f"the token from {self.source}"
        return f"the user from {self.source}"


def read_credentials(
    token_file: Path | None, environ: Mapping[str, str] | None = None
) -> Credentials:
    """Return the credentials to use, in this order of precedence:
    --token-file, GRAFANA_TOKEN, then GRAFANA_USER with GRAFANA_PASSWORD.
    """
    environ = os.environ if environ is None else environ
    if token_file is not None:
        token = _read_token_file(token_file)
        return _token_credentials(token, f"--token-file {token_file}")
    if environ.get(TOKEN_VARIABLE):
        return _token_credentials(environ[TOKEN_VARIABLE].strip(), TOKEN_VARIABLE)
    user = environ.get(USER_VARIABLE)
    password = environ.get(PASSWORD_VARIABLE)
    if user and password:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return Credentials(
            "basic", f"{USER_VARIABLE}/{PASSWORD_VARIABLE}", f"Basic {pair}"
        )
    if user or password:
        missing = PASSWORD_VARIABLE if user else USER_VARIABLE
        raise UsageError(f"{missing} is not set; basic auth needs both variables")
    raise UsageError(
        f"no Grafana credentials: set {TOKEN_VARIABLE} to a service-account token, "
        f"pass --token-file PATH, or set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
    )


def _read_token_file(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise UsageError(f"cannot read token file {str(path)!r}: {reason}") from None
    if not token:
        raise UsageError(f"token file {str(path)!r} is empty")
    return token


def _token_credentials(token: str, source: str) -> Credentials:
    # requests and http.client quote a rejected header value in their error
    # messages, so a malformed token is rejected here, without quoting it.
    if not token.isprintable() or any(char.isspace() for char in token):
        raise UsageError(
            f"the token from {source} contains spaces or control characters; "
            "it must be a single line with the token only"
        )
    return Credentials("token", source, f"Bearer {token}")
