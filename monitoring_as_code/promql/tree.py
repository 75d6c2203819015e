"""Walk parsed expressions: nodes with their ancestors, in source order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import promql_parser
from promql_parser import (
    AggregateExpr,
    BinaryExpr,
    Call,
    Expr,
    MatrixSelector,
    NumberLiteral,
    ParenExpr,
    StringLiteral,
    SubqueryExpr,
    UnaryExpr,
    ValueType,
    VectorSelector,
)

COMPARISON_OPERATORS = frozenset({"==", "!=", ">", "<", ">=", "<="})
SET_OPERATORS = frozenset({"and", "or", "unless"})


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
    """Return the operands of a node, in source order."""
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
    """List every node of `expr` in depth-first pre-order, without recursion."""
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
    """Return the metric a selector reads: its name, or an equality matcher on
    `__name__`."""
    if selector.name:
        return selector.name
    for matcher in selector.matchers.matchers:
        if matcher.name == "__name__" and matcher.op == promql_parser.MatchOp.Equal:
            return matcher.value
    return None


def is_scalar(expr: Expr) -> bool:
    """Return whether `expr` evaluates to a scalar or string, not a vector."""
    pending = [expr]
    while pending:
        expr = pending.pop()
        while isinstance(expr, (ParenExpr, UnaryExpr)):
            expr = expr.expr
        if isinstance(expr, BinaryExpr):
            pending.extend([expr.lhs, expr.rhs])
        elif isinstance(expr, Call):
            if expr.func.return_type not in (ValueType.Scalar, ValueType.String):
                return False
        elif not isinstance(expr, (NumberLiteral, StringLiteral)):
            return False
    return True
