"""One HTTP session to Grafana: base URL, credentials, TLS, timeouts, retries.

Every request has a timeout, and retries follow `retry.RetryPolicy`. A 401
from any endpoint stops the run with a message that names where the
credentials came from, never the secret itself.
"""

from __future__ import annotations

import logging
import re
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import requests
import urllib3
from requests.adapters import HTTPAdapter

from monitoring_as_code import __version__
from monitoring_as_code.errors import UsageError
from monitoring_as_code.grafana import retry
from monitoring_as_code.grafana.credentials import Credentials
from monitoring_as_code.grafana.errors import (
    CredentialsRejected,
    GrafanaTimeout,
    GrafanaUnreachable,
)

log = logging.getLogger(__name__)

# User messages for a 401, keyed by the messageId of Grafana's response.
_REJECTIONS = {
    "api-key.invalid": "Grafana does not know {credentials} (401 Invalid API key); "
    "check that it is a service-account token of this Grafana",
    "api-key.expired": "{credentials} has expired (401); "
    "create a new service-account token",
    "api-key.revoked": "{credentials} was revoked (401); "
    "create a new service-account token",
    "api-key.organization-mismatch": "{credentials} belongs to another "
    "organization (401)",
    "password-auth.failed": "Grafana rejected {credentials}: "
    "invalid username or password (401)",
    "auth.unauthorized": "Grafana did not accept {credentials} (401 Unauthorized)",
}


@dataclass(frozen=True)
class ApiResponse:
    """A response from Grafana: status, JSON body (None if empty or not JSON)."""

    status: int
    body: Any
    reason: str
    attempts: int = 1

    @property
    def message(self) -> str:
        """Grafana's `message` field, or the HTTP reason phrase."""
        if isinstance(self.body, dict) and isinstance(self.body.get("message"), str):
            return self.body["message"]
        return self.reason

    @property
    def is_access_control_denial(self) -> bool:
        """True for the 403 body of Grafana's access-control middleware."""
        return (
            self.status == 403
            and isinstance(self.body, dict)
            and "accessErrorId" in self.body
        )


class GrafanaClient:
    """Send requests to one Grafana, from any number of threads.

    `pool_size` is the number of connections kept open, which should match
    the number of threads that share the client.
    """

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float = 10.0,
        ca_cert: Path | None = None,
        insecure: bool = False,
        pool_size: int = 8,
        policy: retry.RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.timeout = timeout
        # Read at construction, so that tests can replace the module default.
        self.policy = policy if policy is not None else retry.DEFAULT_POLICY
        self._session = requests.Session()
        self._session.auth = credentials
        self._session.headers.update(
            {"Accept": "application/json", "User-Agent": f"mac/{__version__}"}
        )
        adapter = _TlsAdapter(_ssl_context(ca_cert), pool_maxsize=pool_size)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        if insecure:
            self._session.verify = False
            # mac prints one warning of its own instead of one per request.
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

    def __repr__(self) -> str:
        return f"<GrafanaClient {self.base_url} with {self.credentials!r}>"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> GrafanaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        retry_connect: bool = True,
    ) -> ApiResponse:
        """Send one request, retrying as the policy allows, and return the last
        response whatever its status, except 401, which raises CredentialsRejected.

        `retry_connect=False` fails at once when no connection can be made,
        which suits the first request: a wrong URL should not wait for retries.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._send(method, path, params, json_body, attempt)
            except requests.Timeout as error:
                connect_failed = isinstance(error, requests.ConnectTimeout)
                if attempt >= self.policy.max_attempts or (
                    connect_failed and not retry_connect
                ):
                    raise GrafanaTimeout(
                        f"{method} {path} timed out after {self.timeout:g} s "
                        f"({_attempts(attempt)}); Grafana at {self.base_url} "
                        "did not respond in time (see --timeout)"
                    ) from None
                self._pause(method, path, "timed out", self.policy.backoff(attempt))
                continue
            except requests.ConnectionError as error:
                if isinstance(error, requests.exceptions.SSLError):
                    raise GrafanaUnreachable(
                        _tls_message(self.base_url, error)
                    ) from None
                if not retry_connect or attempt >= self.policy.max_attempts:
                    raise GrafanaUnreachable(
                        f"cannot connect to Grafana at {self.base_url}: "
                        f"{_connection_reason(error)} ({_attempts(attempt)}); "
                        "check --grafana-url and that Grafana is running"
                    ) from None
                reason = _connection_reason(error)
                self._pause(method, path, reason, self.policy.backoff(attempt))
                continue

            if response.status == 401:
                raise CredentialsRejected(self._rejection_message(response))
            if attempt < self.policy.attempts_for_status(response.status):
                delay = self._retry_delay(response, attempt)
                if delay is not None:
                    self._pause(method, path, str(response.status), delay)
                    continue
            return ApiResponse(response.status, response.body, response.reason, attempt)

    def _send(
        self, method: str, path: str, params: Any, json_body: Any, attempt: int
    ) -> _RawResponse:
        started = time.monotonic()
        # orjson encodes a dashboard several times faster than the json
        # module that requests' json= argument uses.
        data = None if json_body is None else orjson.dumps(json_body)
        headers = None if data is None else {"Content-Type": "application/json"}
        response = self._session.request(
            method,
            self.base_url + path,
            params=params,
            data=data,
            headers=headers,
            timeout=self.timeout,
        )
        elapsed_ms = (time.monotonic() - started) * 1000
        log.debug(
            "%s %s -> %d in %.0f ms (attempt %d)",
            method,
            path,
            response.status_code,
            elapsed_ms,
            attempt,
        )
        try:
            body = orjson.loads(response.content) if response.content else None
        except orjson.JSONDecodeError:
            body = None
        return _RawResponse(
            response.status_code, body, response.reason or "", response.headers
        )

    def _retry_delay(self, response: _RawResponse, attempt: int) -> float | None:
        """Return the wait before the next attempt, or None to give up."""
        requested = retry.parse_retry_after(response.headers.get("Retry-After"))
        if requested is None:
            return self.policy.backoff(attempt)
        if requested > self.policy.max_retry_after:
            log.warning(
                "Retry-After of %.0f s exceeds the %.0f s maximum; not retrying %d",
                requested,
                self.policy.max_retry_after,
                response.status,
            )
            return None
        return requested

    def _pause(self, method: str, path: str, reason: str, delay: float) -> None:
        log.info("retrying %s %s after %s in %.2f s", method, path, reason, delay)
        time.sleep(delay)

    def _rejection_message(self, response: _RawResponse) -> str:
        credentials = self.credentials.describe()
        body = response.body if isinstance(response.body, dict) else {}
        template = _REJECTIONS.get(body.get("messageId", ""))
        if template is not None:
            return template.format(credentials=credentials)
        message = body.get("message") or response.reason
        return f"Grafana rejected {credentials} with 401: {message}"


@dataclass(frozen=True)
class _RawResponse:
    status: int
    body: Any
    reason: str
    headers: Any


class _TlsAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections verify TLS with a given SSL context."""

    def __init__(self, ssl_context: ssl.SSLContext | None, **kwargs: Any) -> None:
        self._ssl_context = ssl_context
        super().__init__(max_retries=0, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        if self._ssl_context is not None:
            kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)


def _ssl_context(ca_cert: Path | None) -> ssl.SSLContext | None:
    """Return a context that trusts the usual CAs plus `ca_cert`, or None."""
    if ca_cert is None:
        return None
    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    try:
        context.load_verify_locations(cafile=str(ca_cert))
    except (OSError, ssl.SSLError) as error:
        raise UsageError(
            f"--ca-cert {str(ca_cert)!r} is not a readable PEM CA bundle: {error}"
        ) from None
    return context


def _attempts(count: int) -> str:
    return "1 attempt" if count == 1 else f"{count} attempts"


def _connection_reason(error: requests.ConnectionError) -> str:
    """Return the OS reason of a failed connection, such as "connection refused"."""
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if match:
        return match.group(1).strip().rstrip(".").lower()
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "the connection was closed without a response"
    return "the connection failed"


def _tls_message(base_url: str, error: requests.exceptions.SSLError) -> str:
    match = re.search(r"certificate verify failed: ([^(')]+)", str(error))
    reason = match.group(1).strip() if match else "the TLS handshake failed"
    return (
        f"TLS verification of {base_url} failed: {reason}; pass --ca-cert with the "
        "CA that signed Grafana's certificate (or --insecure to skip verification)"
    )
