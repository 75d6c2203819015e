"""The checks' input: every expression of a project, parsed once, and
lookups into the metric catalog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from promql_parser import Call, Expr

from monitoring_as_code import promql
from monitoring_as_code.checks import spans
from monitoring_as_code.checks.base import Check, Problem, Severity, suppression
from monitoring_as_code.compile.rules import normalize_expr
from monitoring_as_code.model.catalog import Histogram, Metric
from monitoring_as_code.model.dashboards import Dashboard, Panel, QueryVariable
from monitoring_as_code.model.durations import parse_duration
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.rules import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.model.source import SourceLocation

# Functions whose result is a per-second rate or a change, never a counter.
RATE_FUNCTIONS = frozenset({"rate", "irate", "increase", "delta", "idelta", "deriv"})
# Grafana's Prometheus variable queries that contain no PromQL.
_VARIABLE_FUNCTIONS_WITHOUT_PROMQL = frozenset({"metrics", "label_names"})


@dataclass(eq=False)
class Query:
    """One expression to check: a rule's, a panel target's or a variable's.

    `text` is what the user wrote and problems show. For a variable query
    such as `label_values(up{job="api"}, instance)`, `promql` is the PromQL
    part, found at `offset` in `text`, and `read_labels` the labels it reads.
    """

    text: str
    kind: str  # alert, recording rule, panel target or variable
    subject: str
    location: SourceLocation
    owner: object  # the definition whose `suppress` applies
    promql: str | None = None
    offset: int = 0
    read_labels: tuple[str, ...] = ()
    rule: AlertingRule | RecordingRule | None = None
    group: RuleGroup | None = None
    panel: Panel | None = None
    dashboard: Dashboard | None = None
    expr: Expr | None = field(default=None, init=False)
    error: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.promql is None:
            return
        try:
            # label_values() takes a selector, so a variable there is a name.
            self.expr = promql.parse(self.promql, names_first=bool(self.read_labels))
        except promql.PromQLError as error:
            self.error = str(error)

    @property
    def alert(self) -> AlertingRule | None:
        return self.rule if isinstance(self.rule, AlertingRule) else None

    @cached_property
    def nodes(self) -> list[promql.Node]:
        return promql.walk(self.expr) if self.expr is not None else []

    @cached_property
    def _spans(self) -> dict[int, tuple[int, int]]:
        return spans.node_spans(self.nodes, self.promql or "")

    def _shift(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        return (span[0] + self.offset, span[1] + self.offset) if span else None

    def span(self, node: promql.Node) -> tuple[int, int] | None:
        """Find the node's word (name, function, operator) in `text`."""
        return self._shift(self._spans.get(id(node)))

    def matcher_span(
        self, node: promql.Node, label: str, occurrence: int = 0
    ) -> tuple[int, int] | None:
        """Find the `occurrence`-th matcher on `label` of a selector in `text`."""
        found = self._spans.get(id(node))
        return self._shift(
            found and spans.matcher_span(self.promql, found, label, occurrence)
        )

    def range_span(self, node: promql.Node) -> tuple[int, int] | None:
        found = self._spans.get(id(node))
        return self._shift(found and spans.range_span(self.promql, found))

    def clause_span(self, node: promql.Node, label: str) -> tuple[int, int] | None:
        """Find `label` in a by/on/... clause after the node's word in `text`."""
        found = self._spans.get(id(node))
        return self._shift(
            found and spans.clause_label_span(self.promql, found[0], label)
        )

    def problem(
        self,
        check: Check,
        message: str,
        hint: str,
        span: tuple[int, int] | None = None,
        severity: Severity | None = None,
    ) -> Problem:
        return Problem(
            check=check.id,
            severity=severity or check.severity,
            location=self.location,
            message=message,
            hint=hint,
            subject=self.subject,
            expr=self.text,
            span=span,
            suppressed=suppression(self.owner, check.id),
        )


def definition_problem(
    check: Check,
    definition: object,
    subject: str,
    message: str,
    hint: str,
    expr: str = "",
    span: tuple[int, int] | None = None,
    severity: Severity | None = None,
) -> Problem:
    """Build a problem about a definition as a whole, not one expression."""
    return Problem(
        check=check.id,
        severity=severity or check.severity,
        location=definition.location,
        message=message,
        hint=hint,
        subject=subject,
        expr=expr,
        span=span,
        suppressed=suppression(definition, check.id),
    )


class LintContext:
    """A project with its expressions and the catalog lookups checks share."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.catalog = promql.label_catalog(project)
        self.series = project.series_index()
        self.metrics = {metric.name: metric for metric in project.metrics}
        self.recorded: dict[str, list[tuple[RecordingRule, RuleGroup]]] = {}
        for group in project.groups:
            for rule in group.rules:
                if isinstance(rule, RecordingRule):
                    self.recorded.setdefault(rule.record, []).append((rule, group))
        self.queries = list(collect_queries(project))

    def labels(self, name: str) -> frozenset[str] | None:
        labels = self.catalog.get(name)
        return frozenset(labels) if labels is not None else None

    def output_labels(self, expr: Expr) -> frozenset[str] | None:
        return promql.output_labels(expr, self.catalog)

    def is_known(self, name: str) -> bool:
        return name in self.catalog

    def metric_of(self, name: str) -> Metric | None:
        """Return the catalog metric a series name belongs to, or None."""
        found = self.series.get(name)
        return found[0] if found else None

    def histogram_base(self, name: str) -> Histogram | None:
        """Return the histogram whose base name (which has no series) is `name`."""
        metric = self.metrics.get(name)
        if isinstance(metric, Histogram) and name not in self.series:
            return metric
        return None

    def kind(self, name: str) -> str | None:
        """Return "counter", "gauge" or "info" for a series name, or None."""
        metric = self.metric_of(name)
        if metric is not None:
            if metric.kind in ("histogram", "summary"):
                return "gauge" if name == metric.name else "counter"
            return metric.kind if metric.kind != "untyped" else None
        if name in promql.SCRAPE_SERIES or name in promql.ALERT_SERIES:
            return "gauge"
        if name in self.recorded and all(
            _computes_rate(rule) for rule, _ in self.recorded[name]
        ):
            return "gauge"
        return None

    def sample_interval_ms(self, name: str) -> int | None:
        """Return how often a series gets a new sample, in milliseconds: its
        scrape interval, or the evaluation interval of the group recording it."""
        metric = self.metric_of(name)
        default = self.project.prometheus
        if metric is not None:
            return parse_duration(
                metric.origin.scrape_interval or default.scrape_interval
            )
        if name in promql.SCRAPE_SERIES:
            return parse_duration(default.scrape_interval)
        intervals = {
            parse_duration(group.interval or default.evaluation_interval)
            for _, group in self.recorded.get(name, [])
        }
        return max(intervals) if intervals else None


def _computes_rate(rule: RecordingRule) -> bool:
    try:
        expr = promql.parse(rule.expr)
    except promql.PromQLError:
        return False
    return any(
        isinstance(node.expr, Call) and node.expr.func.name in RATE_FUNCTIONS
        for node in promql.walk(expr)
    )


def collect_queries(project: Project) -> Iterator[Query]:
    """Yield every expression of the project, in declaration order."""
    for group in project.groups:
        for rule in group.rules:
            alert = isinstance(rule, AlertingRule)
            text = normalize_expr(rule.expr)
            yield Query(
                text=text,
                promql=text,
                kind="alert" if alert else "recording rule",
                subject=f"alert {rule.name!r}"
                if alert
                else f"recording rule {rule.record!r}",
                location=rule.location,
                owner=rule,
                rule=rule,
                group=group,
            )
    for dashboard in project.dashboards:
        yield from _dashboard_queries(dashboard)


def _dashboard_queries(dashboard: Dashboard) -> Iterator[Query]:
    for panel in dashboard.all_panels():
        if panel.datasource.type != "prometheus":
            continue
        for target in panel.targets:
            text = normalize_expr(target.expr)
            yield Query(
                text=text,
                promql=text,
                kind="panel target",
                subject=f"panel {panel.title!r} of dashboard {dashboard.uid!r}",
                location=target.location,
                owner=panel,
                panel=panel,
                dashboard=dashboard,
            )
    for variable in dashboard.variables:
        if (
            isinstance(variable, QueryVariable)
            and variable.datasource.type == "prometheus"
        ):
            yield _variable_query(variable, dashboard)


def _variable_query(variable: QueryVariable, dashboard: Dashboard) -> Query:
    """Read Grafana's variable query forms: label_values(selector, label),
    label_values(label), query_result(expr); anything else is taken as PromQL."""
    text = variable.query.strip()
    query = {
        "text": text,
        "kind": "variable",
        "subject": f"variable {variable.name!r} of dashboard {dashboard.uid!r}",
        "location": variable.location,
        "owner": variable,
        "dashboard": dashboard,
    }
    call = spans.split_call(text)
    if call is None:
        return Query(**query, promql=text)
    name, arguments = call
    if name in _VARIABLE_FUNCTIONS_WITHOUT_PROMQL:
        return Query(**query)
    if name == "query_result" and len(arguments) == 1:
        start, end = arguments[0]
        return Query(**query, promql=text[start:end], offset=start)
    if name == "label_values" and len(arguments) in (1, 2):
        # A variable standing for the label becomes a placeholder name.
        label = promql.substitute_variables(text[slice(*arguments[-1])], "name")
        label = label.text.strip()
        if len(arguments) == 1:
            return Query(**query, read_labels=(label,))
        start, end = arguments[0]
        return Query(
            **query, promql=text[start:end], offset=start, read_labels=(label,)
        )
    return Query(**query, promql=text)
