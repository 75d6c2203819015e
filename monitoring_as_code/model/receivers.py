"""Alertmanager receivers whose secrets are referenced by file, never inline.

A secret written into a definition ends up in build/, which is committed,
and in every log that prints the config. So each secret field takes only a
`*_file` path that Alertmanager reads at run time. Passing the secret itself,
or a placeholder such as YOUR_SLACK_WEBHOOK_URL, is a definition error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from monitoring_as_code.model.base import Definition

_PLACEHOLDER = re.compile(r"(YOUR|CHANGE|REPLACE|TODO|XXX)[_-]?", re.IGNORECASE)


def check_secret_file(definition: Definition, option: str, path: object) -> None:
    """Reject a secret file reference that is really a secret or a placeholder."""
    if path is None:
        return
    text = str(path)
    if "://" in text or _PLACEHOLDER.match(text):
        raise definition.error(
            f"{option} is {_redact(text)}, which is a secret or a placeholder, "
            "not a file path",
            f"store the secret in a file readable by Alertmanager and set "
            f"{option}='/etc/alertmanager/secrets/<name>'",
        )
    if not text.startswith("/"):
        raise definition.error(
            f"{option} {text!r} is a relative path",
            "give an absolute path, because Alertmanager resolves relative "
            "paths against its working directory, not the config file",
        )


def reject_inline_secret(
    definition: Definition, option: str, value: object, file_option: str
) -> None:
    if value is None:
        return
    raise definition.error(
        f"{option} is set inline ({_redact(str(value))}); secrets must not be "
        "written into definitions",
        f"put the value in a file and pass {file_option}='/etc/alertmanager/"
        f"secrets/<name>' instead of {option}",
    )


def _redact(value: str) -> str:
    """Show enough of a secret to recognise it, never the secret itself."""
    if _PLACEHOLDER.match(value):
        return repr(value)
    parts = urlsplit(value) if "://" in value else None
    if parts is not None and parts.scheme and parts.hostname:
        return f"'{parts.scheme}://{parts.hostname}/…'"
    return f"a {len(value)}-character value"


@dataclass
class SlackConfig(Definition):
    """A Slack message through an incoming webhook read from `api_url_file`.

    Without `api_url_file`, Alertmanager uses `slack_api_url_file` from the
    global settings.
    """

    channel: str
    api_url_file: str | None = field(default=None, kw_only=True)
    title: str | None = field(default=None, kw_only=True)
    text: str | None = field(default=None, kw_only=True)
    send_resolved: bool = field(default=True, kw_only=True)
    api_url: str | None = field(default=None, kw_only=True, repr=False)

    def validate(self) -> None:
        reject_inline_secret(self, "api_url", self.api_url, "api_url_file")
        check_secret_file(self, "api_url_file", self.api_url_file)
        if not self.channel or not self.channel.startswith(("#", "@")):
            raise self.error(
                f"invalid Slack channel {self.channel!r}",
                "write a channel as '#name' or a user as '@name'",
            )

    def to_config(self) -> dict:
        config: dict = {"channel": self.channel, "send_resolved": self.send_resolved}
        if self.api_url_file:
            config["api_url_file"] = self.api_url_file
        if self.title is not None:
            config["title"] = self.title
        if self.text is not None:
            config["text"] = self.text
        return config


@dataclass
class PagerDutyConfig(Definition):
    """A PagerDuty Events API v2 incident; the routing key is read from a file."""

    routing_key_file: str | None = field(default=None, kw_only=True)
    severity: str | None = field(default=None, kw_only=True)
    description: str | None = field(default=None, kw_only=True)
    details: dict[str, str] = field(default_factory=dict, kw_only=True)
    send_resolved: bool = field(default=True, kw_only=True)
    routing_key: str | None = field(default=None, kw_only=True, repr=False)
    service_key: str | None = field(default=None, kw_only=True, repr=False)

    def validate(self) -> None:
        reject_inline_secret(self, "routing_key", self.routing_key, "routing_key_file")
        if self.service_key is not None:
            raise self.error(
                "service_key is set inline; service keys belong to PagerDuty's "
                "deprecated Events API v1 and are secrets",
                "use an Events API v2 integration and pass "
                "routing_key_file='/etc/alertmanager/secrets/<name>'",
            )
        if self.routing_key_file is None:
            raise self.error(
                "PagerDuty receiver has no routing_key_file",
                "pass routing_key_file='/etc/alertmanager/secrets/<name>'",
            )
        check_secret_file(self, "routing_key_file", self.routing_key_file)

    def to_config(self) -> dict:
        config: dict = {
            "routing_key_file": self.routing_key_file,
            "send_resolved": self.send_resolved,
        }
        if self.severity is not None:
            config["severity"] = self.severity
        if self.description is not None:
            config["description"] = self.description
        if self.details:
            config["details"] = dict(self.details)
        return config


@dataclass
class EmailConfig(Definition):
    """An e-mail; SMTP settings default to the global ones."""

    to: str
    from_: str | None = field(default=None, kw_only=True)
    smarthost: str | None = field(default=None, kw_only=True)
    auth_username: str | None = field(default=None, kw_only=True)
    auth_password_file: str | None = field(default=None, kw_only=True)
    require_tls: bool | None = field(default=None, kw_only=True)
    send_resolved: bool = field(default=False, kw_only=True)
    auth_password: str | None = field(default=None, kw_only=True, repr=False)

    def validate(self) -> None:
        reject_inline_secret(
            self, "auth_password", self.auth_password, "auth_password_file"
        )
        check_secret_file(self, "auth_password_file", self.auth_password_file)
        if "@" not in self.to:
            raise self.error(
                f"invalid e-mail address {self.to!r}",
                "write an address such as 'oncall@example.org'",
            )

    def to_config(self) -> dict:
        config: dict = {"to": self.to, "send_resolved": self.send_resolved}
        optional = {
            "from": self.from_,
            "smarthost": self.smarthost,
            "auth_username": self.auth_username,
            "auth_password_file": self.auth_password_file,
            "require_tls": self.require_tls,
        }
        config.update({key: value for key, value in optional.items() if value is not None})
        return config


@dataclass
class WebhookConfig(Definition):
    """A JSON POST to `url`; a bearer token is read from `credentials_file`.

    The URL itself must carry no credentials (no user:password, no query
    string), because Alertmanager 0.25 cannot read the URL from a file.
    """

    url: str
    credentials_file: str | None = field(default=None, kw_only=True)
    max_alerts: int = field(default=0, kw_only=True)
    send_resolved: bool = field(default=True, kw_only=True)

    def validate(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.error(
                f"invalid webhook URL {_redact(self.url)}",
                "write an http:// or https:// URL",
            )
        if parts.username or parts.password or parts.query:
            raise self.error(
                f"webhook URL {_redact(self.url)} carries credentials in its "
                "user info or query string",
                "remove them from the URL and pass credentials_file="
                "'/etc/alertmanager/secrets/<name>' to send a bearer token",
            )
        check_secret_file(self, "credentials_file", self.credentials_file)

    def to_config(self) -> dict:
        config: dict = {"url": self.url, "send_resolved": self.send_resolved}
        if self.max_alerts:
            config["max_alerts"] = self.max_alerts
        if self.credentials_file:
            config["http_config"] = {
                "authorization": {"credentials_file": self.credentials_file}
            }
        return config


@dataclass
class Receiver(Definition):
    """A named set of notification integrations."""

    name: str
    slack: list[SlackConfig] = field(default_factory=list, kw_only=True)
    pagerduty: list[PagerDutyConfig] = field(default_factory=list, kw_only=True)
    email: list[EmailConfig] = field(default_factory=list, kw_only=True)
    webhook: list[WebhookConfig] = field(default_factory=list, kw_only=True)

    _contained_in = "the Alertmanager config's receivers"

    def validate(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise self.error(
                f"invalid receiver name {self.name!r}", "give the receiver a name"
            )

    def to_config(self) -> dict:
        config: dict = {"name": self.name}
        for key, items in (
            ("slack_configs", self.slack),
            ("pagerduty_configs", self.pagerduty),
            ("email_configs", self.email),
            ("webhook_configs", self.webhook),
        ):
            if items:
                config[key] = [item.to_config() for item in items]
        return config
