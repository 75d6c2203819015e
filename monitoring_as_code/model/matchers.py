"""Alertmanager label matchers such as `severity="critical"` or `team=~"a|b"`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from monitoring_as_code.model.names import LABEL_NAME

_OPERATORS = ("=~", "!~", "!=", "=")
_MATCHER = re.compile(
    r"^\s*(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?P<op>=~|!~|!=|=)\s*(?P<value>.*?)\s*$"
)


@dataclass(frozen=True, order=True)
class Matcher:
    """One label matcher; regular expressions are anchored, as in Alertmanager."""

    name: str
    op: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Matcher:
        """Parse `name op value`; the value may be double-quoted."""
        match = _MATCHER.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(
                f"invalid matcher {text!r}: write name, an operator "
                f"({', '.join(_OPERATORS)}) and a value, as in 'severity=\"critical\"'"
            )
        value = match.group("value")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise ValueError(f"invalid quoted value in matcher {text!r}") from None
        matcher = cls(match.group("name"), match.group("op"), value)
        if matcher.op in ("=~", "!~"):
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(
                    f"invalid regular expression in matcher {text!r}: {error}"
                ) from None
        return matcher

    def matches(self, labels: dict[str, str]) -> bool:
        # A missing label matches as the empty string, as in Alertmanager.
        actual = labels.get(self.name, "")
        if self.op == "=":
            return actual == self.value
        if self.op == "!=":
            return actual != self.value
        found = re.fullmatch(self.value, actual) is not None
        return found if self.op == "=~" else not found

    def __str__(self) -> str:
        return f"{self.name}{self.op}{json.dumps(self.value, ensure_ascii=False)}"


def parse_matchers(value: object) -> tuple[Matcher, ...]:
    """Accept a list of matcher strings or a {label: value} dict of equalities."""
    if value is None:
        return ()
    if isinstance(value, dict):
        return tuple(Matcher(name, "=", str(text)) for name, text in value.items())
    if isinstance(value, str):
        raise ValueError(
            f"matchers must be a list, got the string {value!r}: wrap it in [...]"
        )
    matchers = []
    for item in value:
        matcher = item if isinstance(item, Matcher) else Matcher.parse(item)
        if not LABEL_NAME.match(matcher.name):
            raise ValueError(f"invalid label name {matcher.name!r} in matcher")
        matchers.append(matcher)
    return tuple(matchers)


def matches_all(matchers: tuple[Matcher, ...], labels: dict[str, str]) -> bool:
    return all(matcher.matches(labels) for matcher in matchers)
