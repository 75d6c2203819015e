"""Compare the metric catalog and the scrape config."""

from __future__ import annotations

from monitoring_as_code.diff.fields import (
    compare_dataclasses,
    compare_indexes,
    compare_members,
    compare_values,
    format_value,
    index_by,
)
from monitoring_as_code.diff.model import FieldChange, ItemChange, Status
from monitoring_as_code.diff.usage import UsageIndex
from monitoring_as_code.model.catalog import Metric
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.scrape import ScrapeJob


def compare_metrics(base: Project, head: Project) -> list[ItemChange]:
    """Compare metrics by name and list the head's users of each change.

    A removed metric that still has users is a broken reference in the head.
    """
    before = index_by(base.metrics, lambda metric: metric.name)
    after = index_by(head.metrics, lambda metric: metric.name)
    changes = compare_indexes(before, after, _compare_metric, _describe_metric)
    usage = UsageIndex(head)
    for change in changes:
        if change.status is Status.ADDED:
            continue
        series: set[str] = set()
        for side in (before, after):
            if change.name in side:
                series |= set(side[change.name].series())
        change.used_by = usage.users_of(series)
    return changes


def _describe_metric(metric: Metric) -> list[FieldChange]:
    return [
        FieldChange("type", None, metric.kind),
        FieldChange("labels", None, format_value(list(metric.labels))),
    ]


def _compare_metric(before: Metric, after: Metric) -> list[FieldChange]:
    changes = compare_values("type", before.kind, after.kind)
    changes += compare_members("label", before.labels, after.labels)
    changes += compare_values("help", before.help, after.help)
    changes += compare_values("unit", before.unit, after.unit)
    changes += compare_values("origin", before.origin.job_name, after.origin.job_name)
    changes += compare_values(
        "buckets", getattr(before, "buckets", None), getattr(after, "buckets", None)
    )
    return changes


def compare_scrape(base: Project, head: Project) -> list[ItemChange]:
    """Compare scrape jobs by job name, and the global Prometheus settings."""
    changes = compare_indexes(
        index_by(base.jobs, lambda job: f"job {job.job_name}"),
        index_by(head.jobs, lambda job: f"job {job.job_name}"),
        lambda old, new: compare_dataclasses(old, new, skip=("job_name",)),
        _describe_job,
    )
    fields = compare_dataclasses(base.prometheus, head.prometheus)
    if fields:
        changes.append(ItemChange("prometheus config", Status.CHANGED, fields=fields))
    return changes


def _describe_job(job: ScrapeJob) -> list[FieldChange]:
    return [
        FieldChange("exporter", None, job.exporter),
        FieldChange("targets", None, format_value(job.targets)),
    ]
