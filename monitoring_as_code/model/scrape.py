"""Scrape jobs and the global settings of prometheus.yml."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.durations import DURATION_HINT, parse_duration
from monitoring_as_code.model.names import is_label_name

EXPORTERS = (
    "application",
    "node-exporter",
    "cadvisor",
    "postgres-exporter",
    "redis-exporter",
    "prometheus",
    "alertmanager",
)


@dataclass
class ScrapeJob(Definition):
    """One `scrape_configs` entry: a job, its targets and what exports there.

    `exporter` names the software behind the targets, so that the catalog can
    record where a metric comes from (the application, node-exporter, cAdvisor,
    the PostgreSQL or Redis exporter, or Prometheus itself).
    """

    job_name: str
    targets: list[str]
    exporter: str = field(kw_only=True)
    metrics_path: str = field(default="/metrics", kw_only=True)
    scrape_interval: str | None = field(default=None, kw_only=True)
    scrape_timeout: str | None = field(default=None, kw_only=True)
    labels: dict[str, str] = field(default_factory=dict, kw_only=True)

    _registers = True

    def validate(self) -> None:
        if not self.job_name or not isinstance(self.job_name, str):
            raise self.error(
                f"invalid scrape job name {self.job_name!r}",
                "give the job a non-empty name such as 'ugm-aicare-backend'",
            )
        if self.exporter not in EXPORTERS:
            raise self.error(
                f"unknown exporter {self.exporter!r} for job {self.job_name!r}",
                f"use one of {', '.join(EXPORTERS)}",
            )
        if not self.targets:
            raise self.error(
                f"scrape job {self.job_name!r} has no targets",
                "list at least one 'host:port' target",
            )
        for target in self.targets:
            if "://" in target or ":" not in target:
                raise self.error(
                    f"invalid target {target!r} in job {self.job_name!r}",
                    "write a target as 'host:port' without a scheme",
                )
        for name in ("scrape_interval", "scrape_timeout"):
            value = getattr(self, name)
            if value is not None:
                try:
                    parse_duration(value)
                except ValueError:
                    raise self.error(
                        f"invalid {name} {value!r} in job {self.job_name!r}",
                        DURATION_HINT,
                    ) from None
        for label in self.labels:
            if not is_label_name(label):
                raise self.error(
                    f"invalid target label name {label!r} in job {self.job_name!r}",
                    "label names match [a-zA-Z_][a-zA-Z0-9_]* "
                    "and do not start with '__'",
                )


@dataclass
class PrometheusConfig(Definition):
    """The global part of prometheus.yml and where Alertmanager listens."""

    scrape_interval: str = "15s"
    evaluation_interval: str = "15s"
    alertmanagers: list[str] = field(default_factory=list)
    external_labels: dict[str, str] = field(default_factory=dict)

    _registers = True

    def validate(self) -> None:
        for name in ("scrape_interval", "evaluation_interval"):
            value = getattr(self, name)
            try:
                parse_duration(value)
            except ValueError:
                raise self.error(
                    f"invalid {name} {value!r}", DURATION_HINT
                ) from None
        for label in self.external_labels:
            if not is_label_name(label):
                raise self.error(
                    f"invalid external label name {label!r}",
                    "label names match [a-zA-Z_][a-zA-Z0-9_]*",
                )
