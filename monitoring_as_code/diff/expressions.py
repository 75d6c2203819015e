"""Compare PromQL expressions by their syntax tree, not their spelling.

Two expressions that parse to the same tree, with the same Grafana
variables, are equal, so re-indenting a rule is no change. When they
differ, the comparison calls out threshold and range-window changes
(`> 0.05` to `> 0.1`, `[5m]` to `[10m]`) next to the full before and after.
Expressions that do not parse are compared as whitespace-normalised text.
"""

from __future__ import annotations

import re

import promql_parser

from monitoring_as_code import promql
from monitoring_as_code.compile.rules import normalize_expr
from monitoring_as_code.diff.model import FieldChange

_COMPARISONS = {"==", "!=", ">", "<", ">=", "<="}
_NAME_TOKEN = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def _parse(expr: str) -> promql_parser.Expr | None:
    try:
        return promql.parse(normalize_expr(expr))
    except promql.PromQLError:
        return None


def _variables(expr: str) -> tuple[str, ...]:
    return promql.substitute_variables(expr).variables


def expression_key(expr: str) -> tuple[str, tuple[str, ...]]:
    """Return what two equal expressions share: the parsed text and variables.

    The variable names are part of the key because substitution turns
    `> $low` and `> $high` into the same number.
    """
    tree = _parse(expr)
    if tree is None:
        return " ".join(normalize_expr(expr).split()), ()
    return str(tree), _variables(expr)


def compare_expressions(name: str, before: str, after: str) -> FieldChange | None:
    """Return the change from `before` to `after`, or None when they are equal."""
    if expression_key(before) == expression_key(after):
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
    collectors = [("range", _windows)]
    if not _variables(before) and not _variables(after):
        # A variable outside a range is substituted by a number, which
        # would read as a threshold.
        collectors.insert(0, ("threshold", _thresholds))
    callouts: list[FieldChange] = []
    for kind, collect in collectors:
        old, new = collect(before_tree), collect(after_tree)
        if len(old) != len(new):
            continue
        for old_text, new_text in zip(old, new, strict=True):
            if old_text != new_text:
                callouts.append(FieldChange(kind, old_text, new_text))
    return tuple(callouts)


def _thresholds(tree: promql_parser.Expr) -> list[str]:
    """List comparisons with a number, as `> 0.05` (or `0.05 <` when reversed)."""
    found = []
    for node in promql.walk(tree):
        expr = node.expr
        if not isinstance(expr, promql_parser.BinaryExpr):
            continue
        operator = str(expr.op)
        if operator not in _COMPARISONS:
            continue
        if expr.modifier is not None and expr.modifier.return_bool:
            operator += " bool"
        if isinstance(expr.rhs, promql_parser.NumberLiteral):
            found.append(f"{operator} {expr.rhs}")
        elif isinstance(expr.lhs, promql_parser.NumberLiteral):
            found.append(f"{expr.lhs} {operator}")
    return found


def _windows(tree: promql_parser.Expr) -> list[str]:
    """List range selectors `[5m]` and subquery ranges `[1h:5m]` in order."""
    found = []
    for node in promql.walk(tree):
        expr = node.expr
        if isinstance(expr, promql_parser.MatrixSelector):
            found.append(f"[{_duration(expr.range)}]")
        elif isinstance(expr, promql_parser.SubqueryExpr):
            step = _duration(expr.step) if expr.step else ""
            found.append(f"[{_duration(expr.range)}:{step}]")
    return found


def _duration(duration) -> str:
    """Show a duration, or the Grafana variable it was substituted for."""
    variable = promql.range_variable(duration)
    if variable == "variable":
        return "$variable"
    if variable is not None:
        return f"${variable}"
    return promql_parser.display_duration(duration)


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
    for selector in promql.selectors(tree):
        name = promql.metric_name(selector)
        if name and not promql.is_placeholder(name):
            names.add(name)
    return frozenset(names)
