"""rules/recording-name: a recording rule name that does not follow
`level:metric:operations`.

The Prometheus naming convention for recorded series shows a reader what a
series contains without opening the rule. `level` lists the labels the
result keeps (`job`, `instance_path`), `metric` is the metric it was
computed from, and `operations` are the functions applied, newest first
(`rate5m`, `ratio_rate5m`). A level naming a label the result does not keep
misleads everyone who groups by it.
"""

from __future__ import annotations

from collections.abc import Iterator

from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query


def _level_labels(level: str, labels: frozenset[str]) -> list[str] | None:
    """Split `level` into label names joined by "_", or None if impossible."""
    if not level:
        return []
    for label in sorted(labels, key=len, reverse=True):
        if level == label:
            return [label]
        if level.startswith(label + "_"):
            rest = _level_labels(level[len(label) + 1 :], labels)
            if rest is not None:
                return [label, *rest]
    return None


@register
class RecordingName(Check):
    id = "rules/recording-name"
    severity = Severity.WARNING

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        if query.kind != "recording rule":
            return
        name = query.rule.record
        parts = name.split(":")
        if len(parts) != 3 or not all(parts):
            yield query.problem(
                self,
                f"recording rule name {name!r} does not have the form "
                "level:metric:operations",
                "name it after the labels kept, the metric and the operations, "
                "as in 'job:http_requests:rate5m'",
            )
            return
        kept = context.output_labels(query.expr) if query.expr is not None else None
        if not kept:
            return
        if _level_labels(parts[0], kept | set(query.rule.labels)) is None:
            yield query.problem(
                self,
                f"the level {parts[0]!r} of {name!r} names labels the result does "
                f"not keep ({', '.join(sorted(kept))})",
                "name the level after the labels the result keeps, joined by '_'",
            )
