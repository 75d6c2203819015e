"""Parse PromQL with Grafana template variables substituted.

Panel queries contain Grafana template variables (`$__rate_interval`,
`$job`, `${job:regex}`, `[[job]]`) that are not PromQL. Before parsing, each
becomes PromQL text of the kind its place needs: a duration in a range, a
placeholder string in a label value, and a number (or, if that does not
parse, a placeholder name) elsewhere. Checks recognise the placeholders with
`is_placeholder` and `range_variable`, so that `=~"$job"` is not taken for
an equality nor `[$__rate_interval]` for a short window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import promql_parser
from promql_parser import Expr

# Placeholder names and label values start with this prefix.
PLACEHOLDER_PREFIX = "__mac_var_"

# Durations that replace interval variables. The odd millisecond sets them
# apart from a window a user wrote. Grafana computes the real values.
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


# NOTE: promql_parser 0.12 raises RecursionError when it converts or prints
# trees about a thousand levels deep. At a few thousand levels the Rust
# parser overflows its stack and the process dies, so text that may nest
# deeper than this limit is rejected unparsed.
MAX_NESTING = 500
_NESTING_CHARACTERS = frozenset("([{+-*/%^<>=!")


class PromQLError(ValueError):
    """An expression that does not parse; the message is the parser's."""


@dataclass(frozen=True)
class Substitution:
    """PromQL text with variables replaced, and the variables' names."""

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
    if "$" not in text and "[[" not in text:
        return Substitution(text, ())  # no variable, as in most rule expressions
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
    """Return whether a name or value came from a Grafana variable."""
    return PLACEHOLDER_PREFIX in text


def range_variable(duration: timedelta) -> str | None:
    """Return the interval variable a substituted range replaced, or None."""
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
    # Each level of nesting takes at least one character.
    if len(text) > MAX_NESTING and _nesting(text) > MAX_NESTING:
        raise PromQLError(
            f"the expression has more than {MAX_NESTING} operators and brackets, "
            "more than the parser handles safely"
        )
    kinds = ["name", "number"] if names_first else ["number", "name"]
    first = substitute_variables(text, kinds[0])
    try:
        return _parse(first.text)
    except PromQLError as error:
        first_error = error
    if first.variables:
        try:
            return _parse(substitute_variables(text, kinds[1]).text)
        except PromQLError:
            pass
    raise first_error


def _parse(text: str) -> Expr:
    try:
        return promql_parser.parse(text)
    except ValueError as error:
        raise PromQLError(str(error)) from None
    except RecursionError:
        raise PromQLError("the expression nests too deeply to parse") from None


def _nesting(text: str) -> int:
    """Count brackets and operator characters outside strings: an upper
    bound of the tree's depth."""
    count = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in _NESTING_CHARACTERS:
            count += 1
    return count
