"""The Alertmanager configuration: global settings, routes, inhibit rules."""

from __future__ import annotations

from collections import Counter

from dataclasses import dataclass, field

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.durations import DURATION_HINT, parse_duration
from monitoring_as_code.model.matchers import Matcher, parse_matchers
from monitoring_as_code.model.names import is_label_name
from monitoring_as_code.model.receivers import (
    Receiver,
    check_secret_file,
    reject_inline_secret,
)


def _check_duration(definition: Definition, option: str, value: str | None) -> None:
    if value is None:
        return
    try:
        parse_duration(value)
    except ValueError:
        raise definition.error(f"invalid {option} {value!r}", DURATION_HINT) from None


def _matchers(definition: Definition, option: str, value: object) -> tuple[Matcher, ...]:
    try:
        return parse_matchers(value)
    except ValueError as error:
        raise definition.error(
            f"{option}: {error}",
            "write each matcher as name, operator and quoted value, "
            "for example 'severity=\"critical\"'",
        ) from None


@dataclass
class Global(Definition):
    """Alertmanager's `global` section; secrets only as `*_file` paths."""

    resolve_timeout: str = "5m"
    smtp_smarthost: str | None = None
    smtp_from: str | None = None
    smtp_auth_username: str | None = None
    smtp_auth_password_file: str | None = None
    smtp_require_tls: bool | None = None
    slack_api_url_file: str | None = None
    smtp_auth_password: str | None = field(default=None, repr=False)
    slack_api_url: str | None = field(default=None, repr=False)

    def validate(self) -> None:
        _check_duration(self, "resolve_timeout", self.resolve_timeout)
        reject_inline_secret(
            self, "smtp_auth_password", self.smtp_auth_password, "smtp_auth_password_file"
        )
        reject_inline_secret(
            self, "slack_api_url", self.slack_api_url, "slack_api_url_file"
        )
        check_secret_file(self, "smtp_auth_password_file", self.smtp_auth_password_file)
        check_secret_file(self, "slack_api_url_file", self.slack_api_url_file)

    def to_config(self) -> dict:
        config: dict = {"resolve_timeout": self.resolve_timeout}
        for key in (
            "smtp_smarthost",
            "smtp_from",
            "smtp_auth_username",
            "smtp_auth_password_file",
            "smtp_require_tls",
            "slack_api_url_file",
        ):
            value = getattr(self, key)
            if value is not None:
                config[key] = value
        return config


@dataclass
class Route(Definition):
    """A node of the routing tree.

    Children are tried in order; the first that matches takes the alert
    unless it sets `continue_`, in which case later siblings are tried too.
    Options left as None are inherited from the parent, as in Alertmanager.
    """

    receiver: str | Receiver | None = None
    matchers: list[str] | dict[str, str] | None = field(default=None, kw_only=True)
    group_by: list[str] | None = field(default=None, kw_only=True)
    group_wait: str | None = field(default=None, kw_only=True)
    group_interval: str | None = field(default=None, kw_only=True)
    repeat_interval: str | None = field(default=None, kw_only=True)
    continue_: bool = field(default=False, kw_only=True)
    routes: list[Route] = field(default_factory=list, kw_only=True)
    mute_time_intervals: list[str] = field(default_factory=list, kw_only=True)
    active_time_intervals: list[str] = field(default_factory=list, kw_only=True)
    match: dict[str, str] | None = field(default=None, kw_only=True, repr=False)
    match_re: dict[str, str] | None = field(default=None, kw_only=True, repr=False)

    def validate(self) -> None:
        deprecated = [name for name in ("match", "match_re") if getattr(self, name)]
        if deprecated:
            suggestion = ", ".join(
                str(matcher)
                for option in deprecated
                for matcher in _suggest_matchers(
                    getattr(self, option), regex=option == "match_re"
                )
            )
            raise self.error(
                f"route uses the deprecated {' and '.join(repr(o) for o in deprecated)}",
                f"write matchers=[{suggestion}] instead",
            )
        self.parsed_matchers = _matchers(self, "matchers", self.matchers)
        for option in ("group_wait", "group_interval", "repeat_interval"):
            _check_duration(self, option, getattr(self, option))
        for label in self.group_by or []:
            if label != "..." and not is_label_name(label):
                raise self.error(
                    f"invalid label {label!r} in group_by",
                    "list label names, or '...' to group by all labels",
                )

    @property
    def receiver_name(self) -> str | None:
        if isinstance(self.receiver, Receiver):
            return self.receiver.name
        return self.receiver

    def walk(self):
        """Yield this route and every route below it, depth first."""
        yield self
        for child in self.routes:
            yield from child.walk()


def _suggest_matchers(value: dict[str, str], regex: bool) -> list[str]:
    operator = "=~" if regex else "="
    return [repr(str(Matcher(name, operator, text))) for name, text in value.items()]


@dataclass
class InhibitRule(Definition):
    """Mute alerts matching `target_matchers` while one matching
    `source_matchers` fires with the same values of the `equal` labels."""

    source_matchers: list[str] | dict[str, str]
    target_matchers: list[str] | dict[str, str]
    equal: list[str] = field(default_factory=list)

    def validate(self) -> None:
        self.parsed_source = _matchers(self, "source_matchers", self.source_matchers)
        self.parsed_target = _matchers(self, "target_matchers", self.target_matchers)
        if not self.parsed_source or not self.parsed_target:
            raise self.error(
                "inhibit rule needs both source_matchers and target_matchers",
                "an inhibit rule without matchers mutes every alert",
            )
        for label in self.equal:
            if not is_label_name(label):
                raise self.error(
                    f"invalid label {label!r} in equal",
                    "list label names such as 'alertname' and 'service'",
                )


_TIME_INTERVAL_KEYS = {
    "times",
    "weekdays",
    "days_of_month",
    "months",
    "years",
    "location",
}


@dataclass
class TimeInterval(Definition):
    """A named set of time ranges that routes can mute or activate on."""

    name: str
    intervals: list[dict]

    def validate(self) -> None:
        for interval in self.intervals:
            unknown = set(interval) - _TIME_INTERVAL_KEYS
            if unknown:
                raise self.error(
                    f"unknown keys {sorted(unknown)} in time interval {self.name!r}",
                    f"use {', '.join(sorted(_TIME_INTERVAL_KEYS))}",
                )


@dataclass
class Alertmanager(Definition):
    """The whole alertmanager.yml.

    `severity_receivers` maps a severity to the receivers every alert of
    that severity must reach, unless the alert lists its own `receivers`.
    Routing tests check these against the route tree; they are not part
    of alertmanager.yml.
    """

    route: Route
    receivers: list[Receiver]
    inhibit_rules: list[InhibitRule] = field(default_factory=list)
    time_intervals: list[TimeInterval] = field(default_factory=list)
    global_: Global = field(default_factory=Global)
    templates: list[str] = field(default_factory=list)
    severity_receivers: dict[str, list[str]] = field(default_factory=dict)

    _registers = True

    def validate(self) -> None:
        names = [receiver.name for receiver in self.receivers]
        duplicates = sorted({name for name, count in Counter(names).items() if count > 1})
        if duplicates:
            raise self.error(
                f"receivers declared more than once: {', '.join(duplicates)}",
                "give each receiver a unique name",
            )
        if self.route.receiver is None:
            raise self.error(
                "the root route has no receiver",
                "the root route must name the default receiver",
            )
        if self.route.parsed_matchers:
            raise self.error(
                "the root route has matchers",
                "the root route receives every alert; move the matchers to a "
                "child route",
            )
        interval_names = {interval.name for interval in self.time_intervals}
        for route in self.route.walk():
            name = route.receiver_name
            if name is not None and name not in names:
                raise route.error(
                    f"route refers to receiver {name!r}, which is not declared",
                    f"declare it in receivers or use one of {', '.join(names)}",
                )
            for interval in route.mute_time_intervals + route.active_time_intervals:
                if interval not in interval_names:
                    raise route.error(
                        f"route refers to time interval {interval!r}, which is "
                        "not declared",
                        "add a TimeInterval with that name to time_intervals",
                    )
        self._check_slack_urls()
        for severity, expected in self.severity_receivers.items():
            unknown = [name for name in expected if name not in names]
            if unknown:
                raise self.error(
                    f"severity_receivers[{severity!r}] names undeclared receivers "
                    f"{', '.join(unknown)}",
                    f"use receivers from {', '.join(names)}",
                )

    def _check_slack_urls(self) -> None:
        for receiver in self.receivers:
            for slack in receiver.slack:
                if slack.api_url_file is None and self.global_.slack_api_url_file is None:
                    raise slack.error(
                        f"Slack config of receiver {receiver.name!r} has no "
                        "webhook URL file",
                        "pass api_url_file=... or set slack_api_url_file in Global",
                    )

    def receiver(self, name: str) -> Receiver:
        for receiver in self.receivers:
            if receiver.name == name:
                return receiver
        raise KeyError(name)
