"""Alerting and recording rules, and the groups that evaluate them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.durations import DURATION_HINT, parse_duration
from monitoring_as_code.model.names import is_label_name, is_metric_name

SEVERITIES = ("critical", "warning", "info")
_ALERT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FILE_STEM = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _check_expr(definition: Definition, what: str, expr: object) -> None:
    if not isinstance(expr, str) or not expr.strip():
        raise definition.error(
            f"{what} has an empty expression",
            "write the PromQL expression as a non-empty string",
        )


def _check_labels(definition: Definition, what: str, labels: dict[str, str]) -> None:
    for name, value in labels.items():
        if not is_label_name(name):
            raise definition.error(
                f"invalid label name {name!r} on {what}",
                "label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start "
                "with '__'",
            )
        if not isinstance(value, str):
            raise definition.error(
                f"label {name!r} on {what} has the non-string value {value!r}",
                "write label values as strings",
            )


@dataclass
class AlertingRule(Definition):
    """An alert: when `expr` returns series for `for_`, Prometheus fires it.

    `summary`, `description` and `runbook_url` become annotations and
    `severity` a label; `labels` and `annotations` add further ones. `tests`
    contains the alert's test cases and `receivers` the receivers its label set
    must reach in Alertmanager (None: the default for its severity).
    `suppress` maps a lint check ID to the written reason for silencing it.
    """

    name: str
    expr: str
    for_: str = field(default="0s", kw_only=True)
    keep_firing_for: str | None = field(default=None, kw_only=True)
    severity: str | None = field(default=None, kw_only=True)
    summary: str | None = field(default=None, kw_only=True)
    description: str | None = field(default=None, kw_only=True)
    runbook_url: str | None = field(default=None, kw_only=True)
    labels: dict[str, str] = field(default_factory=dict, kw_only=True)
    annotations: dict[str, str] = field(default_factory=dict, kw_only=True)
    tests: list[Any] = field(default_factory=list, kw_only=True)
    receivers: list[str] | None = field(default=None, kw_only=True)
    suppress: dict[str, str] = field(default_factory=dict, kw_only=True)

    _contained_in = "a RuleGroup"

    def validate(self) -> None:
        if not isinstance(self.name, str) or not _ALERT_NAME.match(self.name):
            raise self.error(
                f"invalid alert name {self.name!r}",
                "alert names are CamelCase words such as 'HighErrorRate'",
            )
        what = f"alert {self.name!r}"
        _check_expr(self, what, self.expr)
        for option in ("for_", "keep_firing_for"):
            value = getattr(self, option)
            if value is None:
                continue
            try:
                parse_duration(value)
            except ValueError:
                raise self.error(
                    f"invalid {option.rstrip('_')} {value!r} on {what}", DURATION_HINT
                ) from None
        if self.severity is not None and self.severity not in SEVERITIES:
            raise self.error(
                f"unknown severity {self.severity!r} on {what}",
                f"use one of {', '.join(SEVERITIES)}",
            )
        if "severity" in self.labels:
            raise self.error(
                f"{what} sets severity in labels",
                "pass severity=... so that routing and tests see it",
            )
        _check_labels(self, what, self.labels)
        for key in ("summary", "description", "runbook_url"):
            if key in self.annotations:
                raise self.error(
                    f"{what} sets {key!r} in annotations",
                    f"pass {key}=... instead",
                )
        _check_suppressions(self, what)

    def all_labels(self) -> dict[str, str]:
        """Labels Prometheus attaches to the alert, besides the series' own."""
        labels = dict(self.labels)
        if self.severity is not None:
            labels["severity"] = self.severity
        return labels

    def all_annotations(self) -> dict[str, str]:
        annotations = dict(self.annotations)
        for key in ("summary", "description", "runbook_url"):
            value = getattr(self, key)
            if value is not None:
                annotations[key] = value
        return annotations


@dataclass
class RecordingRule(Definition):
    """A series precomputed from `expr` and stored under `record`."""

    record: str
    expr: str
    labels: dict[str, str] = field(default_factory=dict, kw_only=True)
    suppress: dict[str, str] = field(default_factory=dict, kw_only=True)

    _contained_in = "a RuleGroup"

    @property
    def name(self) -> str:
        return self.record

    def __str__(self) -> str:
        return self.record

    def validate(self) -> None:
        if not is_metric_name(self.record):
            raise self.error(
                f"invalid recording rule name {self.record!r}",
                "name it level:metric:operations, for example "
                "'job:http_requests:rate5m'",
            )
        what = f"recording rule {self.record!r}"
        _check_expr(self, what, self.expr)
        _check_labels(self, what, self.labels)
        _check_suppressions(self, what)


def _check_suppressions(definition: Definition, what: str) -> None:
    for check_id, reason in getattr(definition, "suppress").items():
        if not isinstance(reason, str) or not reason.strip():
            raise definition.error(
                f"suppression of {check_id!r} on {what} has no reason",
                "write why the check does not apply: "
                "suppress={'check/id': 'reason'}",
            )


Rule = AlertingRule | RecordingRule


@dataclass
class RuleGroup(Definition):
    """Rules evaluated together at one interval, written to one rule file.

    `file` is the stem of build/prometheus/rules/<file>.yml; groups that
    share a stem share a file. It defaults to the group name.
    """

    name: str
    rules: list[Rule]
    interval: str | None = field(default=None, kw_only=True)
    file: str | None = field(default=None, kw_only=True)

    _registers = True

    def __post_init__(self) -> None:
        self.rules = list(self.rules)
        if self.file is None and isinstance(self.name, str):
            self.file = re.sub(r"[^a-z0-9_-]+", "-", self.name.lower()).strip("-")
        super().__post_init__()

    def validate(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise self.error(
                f"invalid rule group name {self.name!r}",
                "give the group a non-empty name",
            )
        if not self.file or not _FILE_STEM.match(self.file):
            raise self.error(
                f"invalid rule file stem {self.file!r} for group {self.name!r}",
                "use lowercase letters, digits, '-' and '_'",
            )
        if self.interval is not None:
            try:
                parse_duration(self.interval)
            except ValueError:
                raise self.error(
                    f"invalid interval {self.interval!r} on group {self.name!r}",
                    DURATION_HINT,
                ) from None
        if not self.rules:
            raise self.error(
                f"rule group {self.name!r} has no rules",
                "add rules or remove the group",
            )
        for rule in self.rules:
            if not isinstance(rule, (AlertingRule, RecordingRule)):
                raise self.error(
                    f"rule group {self.name!r} contains {rule!r}, "
                    "which is not a rule",
                    "list AlertingRule and RecordingRule objects",
                )

    @property
    def alerts(self) -> list[AlertingRule]:
        return [rule for rule in self.rules if isinstance(rule, AlertingRule)]


def names_series(promql: str, name: str) -> bool:
    """Return whether the PromQL text contains `name` as a whole series name.

    This is a text search, so a match inside a string literal counts too.
    """
    return re.search(rf"(?<![\w:]){re.escape(name)}(?![\w:])", promql) is not None
