"""Compare PromQL expressions by their syntax tree, not their spelling.

Two expressions that parse to the same tree are equal, so re-indenting a
rule is no change. When they differ, the comparison calls out threshold
and range-window changes (`> 0.05` to `> 0.1`, `[5m]` to `[10m]`) next to
the full before and after. Expressions that do not parse, such as panel
queries with Grafana variables, are compared as whitespace-normalised text.
"""

from __future__ import annotations

import re

import promql_parser

from monitoring_as_code.compile.rules import normalize_expr
from monitoring_as_code.diff.model import FieldChange

_COMPARISONS = {"==", "!=", ">", "<", ">=", "<="}
_NAME_TOKEN = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def _parse(expr: str) -> promql_parser.Expr | None:
    try:
        return promql_parser.parse(normalize_expr(expr))
    except ValueError:
        return None


def canonical(expr: str) -> str:
    """Return the parser's rendering of `expr`, or its normalised text."""
    tree = _parse(expr)
    if tree is None:
        return " ".join(normalize_expr(expr).split())
    return str(tree)


def compare_expressions(name: str, before: str, after: str) -> FieldChange | None:
    """Return the change from `before` to `after`, or None when they are equal."""
    if canonical(before) == canonical(after):
        return None
    return FieldChange(
        name,
        normalize_expr(before),
        normalize_expr(after),
        details=_callouts(before, after),
    )


def _callouts(before: str, after: str) -> tuple[FieldChange, ...]:
    """Pair thresholds and windows by position when both sides have as many."""
    before_tree, after_tree = _parse(before), _parse(after)
    if before_tree is None or after_tree is None:
        return ()
    callouts: list[FieldChange] = []
    for kind, collect in (("threshold", _thresholds), ("range", _windows)):
        old, new = collect(before_tree), collect(after_tree)
        if len(old) != len(new):
            continue
        for old_text, new_text in zip(old, new):
            if old_text != new_text:
                callouts.append(FieldChange(kind, old_text, new_text))
    return tuple(callouts)


def _nodes(tree: promql_parser.Expr) -> list[promql_parser.Expr]:
    """List every node of the tree, depth first, parents before children."""
    nodes: list[promql_parser.Expr] = []
    promql_parser.walk(tree, nodes.append, None)
    return nodes


def _thresholds(tree: promql_parser.Expr) -> list[str]:
    """List comparisons with a number, as `> 0.05` (or `0.05 <` when reversed)."""
    found = []
    for node in _nodes(tree):
        if not isinstance(node, promql_parser.BinaryExpr):
            continue
        operator = str(node.op)
        if operator not in _COMPARISONS:
            continue
        if node.modifier is not None and node.modifier.return_bool:
            operator += " bool"
        if isinstance(node.rhs, promql_parser.NumberLiteral):
            found.append(f"{operator} {node.rhs}")
        elif isinstance(node.lhs, promql_parser.NumberLiteral):
            found.append(f"{node.lhs} {operator}")
    return found


def _windows(tree: promql_parser.Expr) -> list[str]:
    """List range selectors `[5m]` and subquery ranges `[1h:5m]` in order."""
    found = []
    for node in _nodes(tree):
        if isinstance(node, promql_parser.MatrixSelector):
            found.append(f"[{promql_parser.display_duration(node.range)}]")
        elif isinstance(node, promql_parser.SubqueryExpr):
            step = node.step
            step_text = promql_parser.display_duration(step) if step else ""
            found.append(f"[{promql_parser.display_duration(node.range)}:{step_text}]")
    return found


def referenced_names(expr: str) -> frozenset[str]:
    """Return the series names an expression selects.

    From the syntax tree these are the selector names and `__name__="..."`
    matchers. An expression that does not parse yields every name-like token
    instead, which is a match on token boundaries.
    """
    tree = _parse(expr)
    if tree is None:
        return frozenset(_NAME_TOKEN.findall(expr))
    names = set()
    for node in _nodes(tree):
        if not isinstance(node, promql_parser.VectorSelector):
            continue
        if node.name:
            names.add(node.name)
        for matcher in node.matchers.matchers:
            if matcher.name == "__name__" and matcher.op == promql_parser.MatchOp.Equal:
                names.add(matcher.value)
    return frozenset(names)
