"""Parse and walk PromQL expressions, with Grafana variables substituted.

Panel queries contain Grafana template variables (`$__rate_interval`,
`$job`, `${job:regex}`, `[[job]]`) that are not PromQL, so they are
replaced by PromQL text of the right kind before parsing: a duration in a
range, a placeholder string in a label value, and a number (or, if that does
not parse, a placeholder name) elsewhere. Checks recognise the placeholders
with `is_placeholder` and `range_variable`, so that `=~"$job"` is not taken
for an equality nor `[$__rate_interval]` for a short window.

The parser is promql_parser, Python bindings of GreptimeDB's Rust
promql-parser; its AST carries no source positions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
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

if TYPE_CHECKING:
    from monitoring_as_code.model.project import Project

# Placeholder names and label values start with this prefix.
PLACEHOLDER_PREFIX = "__mac_var_"

# Durations that stand for interval variables. The odd millisecond tells
# them apart from a window a user wrote; Grafana computes the real values.
_RANGE_VARIABLES = {
    "__rate_interval": "5m1ms",
    "__interval": "1m1ms",
    "__range": "1h1ms",
}
_OTHER_RANGE = "5m2ms"
# Variables Grafana replaces by a number of seconds or milliseconds.
_NUMBER_VARIABLES = {
    "__interval_ms": "60000",
    "__range_s": "3600",
    "__range_ms": "3600000",
    "__rate_interval_ms": "300000",
}

COMPARISON_OPERATORS = frozenset({"==", "!=", ">", "<", ">=", "<="})
SET_OPERATORS = frozenset({"and", "or", "unless"})
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


class PromQLError(ValueError):
    """An expression that does not parse; the message is the parser's."""


# Grafana variables.


@dataclass(frozen=True)
class Substitution:
    text: str
    variables: tuple[str, ...]


def _variable_at(text: str, index: int) -> tuple[str, int] | None:
    """Match a Grafana variable at `index`: return its name and end index."""
    if text.startswith("[[", index):
        end = text.find("]]", index + 2)
        name = text[index + 2 : end].partition(":")[0] if end > 0 else ""
        return (name, end + 2) if _is_name(name) else None
    if text[index] != "$":
        return None
    if text.startswith("${", index):
        end = text.find("}", index + 2)
        inner = text[index + 2 : end] if end > 0 else ""
        name = inner.partition(":")[0].partition(".")[0]
        return (name, end + 1) if _is_name(name) else None
    end = index + 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    name = text[index + 1 : end]
    return (name, end) if _is_name(name) else None


def _is_name(name: str) -> bool:
    return bool(name) and not name[0].isdigit() and name.replace("_", "a").isalnum()


def substitute_variables(text: str, names_as: str = "number") -> Substitution:
    """Replace Grafana variables by PromQL text of the kind their place needs.

    Outside strings and ranges a variable becomes the number 1, or the
    placeholder name when `names_as` is "name" (for `by ($label)`).
    """
    out: list[str] = []
    found: list[str] = []
    quote = ""
    in_range = False
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                out.append(text[index : index + 2])
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "]":
            in_range = False
        variable = _variable_at(text, index) if char in "$[" else None
        if variable is None:
            if char == "[" and not quote:
                in_range = True
            out.append(char)
            index += 1
            continue
        name, index = variable
        found.append(name)
        out.append(_replacement(name, quote, in_range, names_as))
    return Substitution("".join(out), tuple(found))


def _replacement(name: str, quote: str, in_range: bool, names_as: str) -> str:
    if quote:
        return PLACEHOLDER_PREFIX + name
    if in_range:
        return _RANGE_VARIABLES.get(name, _OTHER_RANGE)
    if name in _NUMBER_VARIABLES:
        return _NUMBER_VARIABLES[name]
    return PLACEHOLDER_PREFIX + name if names_as == "name" else "1"


def is_placeholder(text: str) -> bool:
    """Whether a name or value came from a Grafana variable."""
    return PLACEHOLDER_PREFIX in text


def range_variable(duration: timedelta) -> str | None:
    """The interval variable a substituted range stands for, or None."""
    text = promql_parser.display_duration(duration)
    for name, value in _RANGE_VARIABLES.items():
        if text == value:
            return name
    return "variable" if text == _OTHER_RANGE else None


def parse(text: str, names_first: bool = False) -> Expr:
    """Parse PromQL after substituting Grafana variables; raise PromQLError.

    A variable outside strings and ranges is tried as a number, then as a
    name (for `by ($label)` or `$metric`); `names_first` swaps the order.
    """
    kinds = ["name", "number"] if names_first else ["number", "name"]
    first = substitute_variables(text, kinds[0])
    try:
        return promql_parser.parse(first.text)
    except ValueError as error:
        first_error = error
    if first.variables:
        try:
            return promql_parser.parse(substitute_variables(text, kinds[1]).text)
        except ValueError:
            pass
    raise PromQLError(str(first_error)) from None


# Walking the tree.


@dataclass(frozen=True)
class Node:
    """One node of an expression with its ancestors, outermost first.

    `token` is the node's own word in the source (metric name, function,
    aggregation or operator) and `order` its rank among all such words in
    source order, so that a caller can find where the node was written.
    """

    expr: Expr
    parents: tuple[Expr, ...]
    token: str | None = None
    order: int | None = None

    @property
    def parent(self) -> Expr | None:
        return self.parents[-1] if self.parents else None


def children(expr: Expr) -> list[Expr]:
    """The operands of a node, in source order."""
    if isinstance(expr, AggregateExpr):
        return [expr.param, expr.expr] if isinstance(expr.param, Expr) else [expr.expr]
    if isinstance(expr, BinaryExpr):
        return [expr.lhs, expr.rhs]
    if isinstance(expr, Call):
        return [arg for arg in expr.args if isinstance(arg, Expr)]
    if isinstance(expr, MatrixSelector):
        return [expr.vector_selector]
    if isinstance(expr, (ParenExpr, SubqueryExpr, UnaryExpr)):
        return [expr.expr]
    return []


def _token(expr: Expr) -> str | None:
    if isinstance(expr, VectorSelector):
        return expr.name
    if isinstance(expr, Call):
        return expr.func.name
    if isinstance(expr, (AggregateExpr, BinaryExpr)):
        return str(expr.op)
    if isinstance(expr, UnaryExpr):
        return "-"
    return None


def walk(expr: Expr) -> list[Node]:
    """Every node of `expr` in depth-first pre-order, without recursion."""
    entries: list[tuple[Expr, tuple[Expr, ...]]] = []
    orders: dict[int, int] = {}
    # A binary operator is written between its operands, so its token is
    # queued between them to keep the source order.
    stack: list[tuple[Expr, tuple[Expr, ...]] | int] = [(expr, ())]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            orders[item] = len(orders)
            continue
        node, parents = item
        index = len(entries)
        entries.append((node, parents))
        operands = [(child, parents + (node,)) for child in children(node)]
        if isinstance(node, BinaryExpr):
            stack.extend([operands[1], index, operands[0]])
            continue
        stack.extend(reversed(operands))
        if _token(node) is not None:
            orders[index] = len(orders)
    return [
        Node(node, parents, _token(node), orders.get(index))
        for index, (node, parents) in enumerate(entries)
    ]


def unwrap(expr: Expr) -> Expr:
    """Strip parentheses."""
    while isinstance(expr, ParenExpr):
        expr = expr.expr
    return expr


def selectors(expr: Expr) -> Iterator[VectorSelector]:
    for node in walk(expr):
        if isinstance(node.expr, VectorSelector):
            yield node.expr


def metric_name(selector: VectorSelector) -> str | None:
    """The metric a selector reads, from its name or a `__name__="..."` matcher."""
    if selector.name:
        return selector.name
    for matcher in selector.matchers.matchers:
        if matcher.name == "__name__" and matcher.op == promql_parser.MatchOp.Equal:
            return matcher.value
    return None


def is_scalar(expr: Expr) -> bool:
    """Whether `expr` evaluates to a scalar or string, not a vector."""
    expr = unwrap(expr)
    if isinstance(expr, (NumberLiteral, StringLiteral)):
        return True
    if isinstance(expr, UnaryExpr):
        return is_scalar(expr.expr)
    if isinstance(expr, Call):
        return expr.func.return_type in (ValueType.Scalar, ValueType.String)
    if isinstance(expr, BinaryExpr):
        return is_scalar(expr.lhs) and is_scalar(expr.rhs)
    return False


# Labels of the result.


def output_labels(
    expr: Expr | str, catalog: LabelCatalog
) -> frozenset[str] | None:
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


def _call_labels(expr: Call, catalog: LabelCatalog, depth: int) -> frozenset[str] | None:
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
