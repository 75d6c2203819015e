"""promql/regexp: a regular-expression matcher that is really an equality, or
one that matches every value or none.

`job=~"api"` is an equality in disguise: it reads as if it matched more
than it does, and it is slower than `job="api"`. `=~".*"` matches every
value, including a missing label, so it filters nothing, and `!~".*"`
matches no series at all. Prometheus anchors every regular expression, so
a leading `^` or trailing `$` is redundant.
"""

from __future__ import annotations

from collections.abc import Iterator

from promql_parser import MatchOp, VectorSelector

from monitoring_as_code import promql
from monitoring_as_code.checks.base import Check, Problem, Severity, register
from monitoring_as_code.checks.context import LintContext, Query

_METACHARACTERS = frozenset(".^$*+?()[]{}|\\")


def literal_value(pattern: str) -> str | None:
    """Return the one string `pattern` matches when it has no metacharacters
    (backslash escapes of punctuation allowed), else None."""
    chars = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if not escaped or escaped.isalnum():
                return None  # \d, \w and the like are classes
            chars.append(escaped)
            index += 2
            continue
        if char in _METACHARACTERS:
            return None
        chars.append(char)
        index += 1
    return "".join(chars)


@register
class Regexp(Check):
    id = "promql/regexp"
    severity = Severity.WARNING

    def check_query(self, query: Query, context: LintContext) -> Iterator[Problem]:
        for node in query.nodes:
            if not isinstance(node.expr, VectorSelector):
                continue
            seen: list[str] = []
            for matcher in node.expr.matchers.matchers:
                occurrence = seen.count(matcher.name)
                seen.append(matcher.name)
                if matcher.op not in (MatchOp.Re, MatchOp.NotRe):
                    continue
                if promql.is_placeholder(matcher.value):
                    continue  # a Grafana variable, whose values may be many
                span = query.matcher_span(node, matcher.name, occurrence)
                problem = self._matcher(query, matcher, span)
                if problem is not None:
                    yield problem

    def _matcher(self, query, matcher, span) -> Problem | None:
        negated = matcher.op == MatchOp.NotRe
        operator = "!~" if negated else "=~"
        written = f'{matcher.name}{operator}"{matcher.value}"'
        if matcher.value == ".*":
            if negated:
                return query.problem(
                    self,
                    f"{written} matches no series",
                    "remove the matcher or fix the expression",
                    span,
                    severity=Severity.ERROR,
                )
            return query.problem(
                self,
                f"{written} matches every value, including a missing label",
                f'remove the matcher, or write {matcher.name}=~".+" to require '
                "the label",
                span,
            )
        literal = literal_value(matcher.value)
        if literal is not None:
            equality = f'{matcher.name}{"!=" if negated else "="}"{literal}"'
            return query.problem(
                self,
                f"{written} has no regular-expression syntax, so it is an equality",
                f"write {equality}",
                span,
            )
        value = matcher.value
        if value.startswith("^") or (value.endswith("$") and not value.endswith("\\$")):
            return query.problem(
                self,
                f"{written} has ^ or $ anchors, which Prometheus adds itself",
                "remove the anchors",
                span,
                severity=Severity.INFO,
            )
        return None
