"""The labels an expression's result carries, and the catalog of series labels."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

import promql_parser
from promql_parser import (
    AggregateExpr,
    BinaryExpr,
    Call,
    Expr,
    LabelModifierType,
    MatrixSelector,
    NumberLiteral,
    ParenExpr,
    StringLiteral,
    SubqueryExpr,
    UnaryExpr,
    ValueType,
    VectorMatchCardinality,
    VectorSelector,
)

from monitoring_as_code.model.catalog import TARGET_LABELS
from monitoring_as_code.promql.parse import PromQLError, is_placeholder, parse
from monitoring_as_code.promql.tree import is_scalar, metric_name, unwrap

if TYPE_CHECKING:
    from monitoring_as_code.model.project import Project

# Aggregations that select series and keep all their labels.
_SELECTING_AGGREGATIONS = frozenset({"topk", "bottomk", "limitk", "limit_ratio"})
# Scraping adds these series to every target (besides its own metrics).
SCRAPE_SERIES = (
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
)
# Prometheus records these for alerting rules; their labels are the alerts'.
ALERT_SERIES = ("ALERTS", "ALERTS_FOR_STATE")
# output_labels gives up on deeper nesting instead of exhausting the stack.
_MAX_DEPTH = 200

LabelCatalog = Mapping[str, "Collection[str] | None"]


def output_labels(expr: Expr | str, catalog: LabelCatalog) -> frozenset[str] | None:
    """Return the label names the result of `expr` can carry, or None if unknown.

    `catalog` maps series names to their label names (None when a series
    exists with unknown labels); `label_catalog` builds it for a project. The
    metric name is never included. A scalar gives the empty set. `by (...)`
    keeps the listed labels even when its input is unknown, so a label left
    out of it is known to be gone.
    """
    if isinstance(expr, str):
        expr = parse(expr)
    return _labels(expr, catalog, 0)


def _labels(expr: Expr, catalog: LabelCatalog, depth: int) -> frozenset[str] | None:
    if depth > _MAX_DEPTH:
        return None
    depth += 1
    if isinstance(expr, VectorSelector):
        name = metric_name(expr)
        if name is None or is_placeholder(name) or catalog.get(name) is None:
            return None
        return frozenset(catalog[name]) - {"__name__"}
    if isinstance(expr, (NumberLiteral, StringLiteral)):
        return frozenset()
    if isinstance(expr, MatrixSelector):
        return _labels(expr.vector_selector, catalog, depth)
    if isinstance(expr, (ParenExpr, SubqueryExpr, UnaryExpr)):
        return _labels(expr.expr, catalog, depth)
    if isinstance(expr, AggregateExpr):
        return _aggregate_labels(expr, _labels(expr.expr, catalog, depth))
    if isinstance(expr, Call):
        return _call_labels(expr, catalog, depth)
    if isinstance(expr, BinaryExpr):
        return _binary_labels(expr, catalog, depth)
    return None


def _aggregate_labels(
    expr: AggregateExpr, inner: frozenset[str] | None
) -> frozenset[str] | None:
    op = str(expr.op).lower()
    if op in _SELECTING_AGGREGATIONS:
        return inner
    added = frozenset()
    if op == "count_values" and isinstance(expr.param, StringLiteral):
        added = frozenset({expr.param.val})
    modifier = expr.modifier
    if modifier is None:
        return added
    listed = frozenset(modifier.labels)
    if any(is_placeholder(label) for label in listed):
        return None  # grouped by labels a dashboard variable picks
    if modifier.type == promql_parser.AggModifierType.By:
        return (listed if inner is None else listed & inner) | added
    return None if inner is None else (inner - listed) | added


def _call_labels(
    expr: Call, catalog: LabelCatalog, depth: int
) -> frozenset[str] | None:
    name = expr.func.name
    args = expr.args
    if expr.func.return_type in (ValueType.Scalar, ValueType.String):
        return frozenset()
    if name in ("absent", "absent_over_time"):
        return _absent_labels(args[0] if args else None)
    if name == "info":
        return None  # adds the data labels of info metrics, known only at query time
    vectors = [arg for arg in args if isinstance(arg, Expr) and not is_scalar(arg)]
    if not vectors:
        return frozenset()  # vector(1), time-of-day functions without argument
    inner = _labels(vectors[0], catalog, depth)
    if inner is None:
        return None
    if name in ("label_replace", "label_join") and isinstance(args[1], StringLiteral):
        return inner | {args[1].val}
    if name == "histogram_quantile":
        return inner - {"le"}
    return inner


def _absent_labels(arg: Expr | None) -> frozenset[str]:
    # absent() returns one series with the labels of the equality matchers.
    arg = unwrap(arg) if arg is not None else None
    if isinstance(arg, MatrixSelector):
        arg = arg.vector_selector
    if not isinstance(arg, VectorSelector):
        return frozenset()
    return frozenset(
        matcher.name
        for matcher in arg.matchers.matchers
        if matcher.op == promql_parser.MatchOp.Equal and matcher.name != "__name__"
    )


def _binary_labels(
    expr: BinaryExpr, catalog: LabelCatalog, depth: int
) -> frozenset[str] | None:
    lhs_scalar, rhs_scalar = is_scalar(expr.lhs), is_scalar(expr.rhs)
    if lhs_scalar and rhs_scalar:
        return frozenset()
    if rhs_scalar:
        return _labels(expr.lhs, catalog, depth)
    if lhs_scalar:
        return _labels(expr.rhs, catalog, depth)
    lhs = _labels(expr.lhs, catalog, depth)
    rhs = _labels(expr.rhs, catalog, depth)
    op = str(expr.op).lower()
    if op == "or":
        return None if lhs is None or rhs is None else lhs | rhs
    if op in ("and", "unless"):
        return lhs
    modifier = expr.modifier
    card = modifier.card if modifier else VectorMatchCardinality.OneToOne
    matching = modifier.matching if modifier else None
    named = list(matching.labels if matching else []) + list(
        (modifier.group_labels if modifier else None) or []
    )
    if any(is_placeholder(label) for label in named):
        return None
    if card == VectorMatchCardinality.OneToMany:
        lhs, rhs = rhs, lhs  # group_right: the right side is the "many" side
    if lhs is None:
        return None
    if card != VectorMatchCardinality.OneToOne:
        return lhs | frozenset(modifier.group_labels or ())
    if matching is None:
        return lhs
    listed = frozenset(matching.labels)
    if matching.type == LabelModifierType.Include:
        return lhs & listed
    return lhs - listed


def label_catalog(project: Project) -> dict[str, frozenset[str] | None]:
    """Map every series name the project can query to its label names.

    Besides the metric catalog this has the series scraping adds to every
    target, the ALERTS series, and the series recording rules produce.
    """
    catalog: dict[str, frozenset[str] | None] = {
        name: labels for name, (_, labels) in project.series_index().items()
    }
    target_labels = frozenset(TARGET_LABELS).union(
        *(job.labels for job in project.jobs)
    )
    for name in SCRAPE_SERIES:
        catalog.setdefault(name, target_labels)
    for name in ALERT_SERIES:
        catalog.setdefault(name, None)
    _add_recorded_series(project, catalog)
    return catalog


def _add_recorded_series(
    project: Project, catalog: dict[str, frozenset[str] | None]
) -> None:
    rules = [rule for rule in project.recording_rules if rule.record not in catalog]
    parsed = {}
    for rule in rules:
        try:
            parsed[id(rule)] = parse(rule.expr)
        except PromQLError:
            parsed[id(rule)] = None
    # A rule may read series other rules record, so repeat until nothing
    # changes; each pass can resolve at least one more level of nesting.
    for _ in range(len(rules) + 1):
        found: dict[str, frozenset[str] | None] = {}
        for rule in rules:
            expr = parsed[id(rule)]
            labels = _labels(expr, catalog, 0) if expr is not None else None
            if labels is not None:
                labels = labels | frozenset(rule.labels)
            previous = found.get(rule.record, frozenset())
            found[rule.record] = (
                None if labels is None or previous is None else previous | labels
            )
        changed = any(catalog.get(name, ()) != labels for name, labels in found.items())
        catalog.update(found)
        if not changed:
            return
