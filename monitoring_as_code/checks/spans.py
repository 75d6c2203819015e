"""Find where a node of a parsed expression was written.

promql_parser's AST has no source positions, so the text is split into
tokens here and the nodes' own words (metric names, functions,
aggregations, operators), which `promql.walk` lists in source order, are
matched to the tokens in that order. A word not found gets no span, and
the problem is then shown without carets.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.promql import Node

_TWO_CHAR_OPERATORS = ("==", "!=", ">=", "<=", "=~", "!~")
_CLAUSE_KEYWORDS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right"}
)
_CLOSING = {"(": ")", "{": "}", "[": "]"}


@dataclass(frozen=True)
class Token:
    kind: str  # name, number, string, operator or punctuation
    text: str
    start: int
    end: int
    depth: int = 0  # how many {} and [] groups enclose the token


def _is_name_start(char: str) -> bool:
    return char.isalpha() or char == "_"


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char in "_:"


def _scan_string(text: str, start: int) -> int:
    quote = text[start]
    index = start + 1
    while index < len(text) and text[index] != quote:
        index += 2 if text[index] == "\\" and quote != "`" else 1
    return min(index + 1, len(text))


def _scan_number(text: str, start: int) -> int:
    index = start
    while index < len(text) and (text[index].isalnum() or text[index] == "."):
        exponent = text[index] in "eE" and not text[start:index].lower().startswith(
            "0x"
        )
        index += 1
        if exponent and index < len(text) and text[index] in "+-":
            index += 1
    return index


def lex(text: str) -> list[Token]:
    """Split PromQL (or a Grafana variable query) into tokens."""
    tokens: list[Token] = []
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        start = index
        if char.isspace():
            index += 1
            continue
        if char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        if char in "\"'`":
            kind, index = "string", _scan_string(text, index)
        elif _is_name_start(char):
            while index < len(text) and _is_name_char(text[index]):
                index += 1
            kind = "name"
        elif char.isdigit() or (char == "." and text[index + 1 : index + 2].isdigit()):
            kind, index = "number", _scan_number(text, index)
        elif text[index : index + 2] in _TWO_CHAR_OPERATORS:
            kind, index = "operator", index + 2
        elif char in "+-*/%^<>=@":
            kind, index = "operator", index + 1
        else:
            kind, index = "punctuation", index + 1
        if char in "}]":
            depth = max(depth - 1, 0)
        tokens.append(Token(kind, text[start:index], start, index, depth))
        if char in "{[":
            depth += 1
    return tokens


def node_spans(nodes: list[Node], text: str) -> dict[int, tuple[int, int]]:
    """Map id(node) to the span of the node's word in `text`."""
    words = [
        token
        for token in lex(text)
        if token.depth == 0 and token.kind in ("name", "operator")
    ]
    expected = sorted(
        (node.order, node) for node in nodes if node.order is not None and node.token
    )
    spans: dict[int, tuple[int, int]] = {}
    position = 0
    for _, node in expected:
        for index in range(position, len(words)):
            if words[index].text.lower() == node.token.lower():
                spans[id(node)] = (words[index].start, words[index].end)
                position = index + 1
                break
    return spans


def _group_end(tokens: list[Token], index: int) -> int:
    """Return the index of the token that closes the group opened at `index`."""
    closing = _CLOSING[tokens[index].text]
    opening = tokens[index].text
    level = 0
    for position in range(index, len(tokens)):
        if tokens[position].text == opening:
            level += 1
        elif tokens[position].text == closing:
            level -= 1
            if level == 0:
                return position
    return len(tokens) - 1


def _index_at(tokens: list[Token], offset: int) -> int | None:
    for index, token in enumerate(tokens):
        if token.start >= offset:
            return index
    return None


def matcher_span(
    text: str, name_span: tuple[int, int], label: str, occurrence: int = 0
) -> tuple[int, int] | None:
    """Find the `occurrence`-th `label` in the `{...}` right after a
    selector's name."""
    tokens = lex(text)
    index = _index_at(tokens, name_span[1])
    if index is None or tokens[index].text != "{":
        return None
    found = [
        (token.start, token.end)
        for token in tokens[index : _group_end(tokens, index) + 1]
        if token.kind == "name" and token.text == label
    ]
    return found[occurrence] if occurrence < len(found) else None


def range_span(text: str, name_span: tuple[int, int]) -> tuple[int, int] | None:
    """Find the `[...]` range after a selector's name and matchers."""
    tokens = lex(text)
    index = _index_at(tokens, name_span[1])
    if index is not None and tokens[index].text == "{":
        index = _group_end(tokens, index) + 1
    if index is None or index >= len(tokens) or tokens[index].text != "[":
        return None
    end = _group_end(tokens, index)
    return (tokens[index].start, tokens[end].end)


def clause_label_span(text: str, after: int, label: str) -> tuple[int, int] | None:
    """Find `label` in the first by/without/on/ignoring/group_left/group_right
    list after offset `after` that names it."""
    tokens = lex(text)
    for index, token in enumerate(tokens):
        if token.start < after or token.text.lower() not in _CLAUSE_KEYWORDS:
            continue
        if index + 1 >= len(tokens) or tokens[index + 1].text != "(":
            continue
        for inner in tokens[index + 1 : _group_end(tokens, index + 1) + 1]:
            if inner.kind == "name" and inner.text == label:
                return (inner.start, inner.end)
    return None


def split_call(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """Split `name(arg, ...)` into the name and each argument's span.

    Return None unless the whole text is one call.
    """
    tokens = lex(text)
    if len(tokens) < 3 or tokens[0].kind != "name" or tokens[1].text != "(":
        return None
    if _group_end(tokens, 1) != len(tokens) - 1 or tokens[-1].text != ")":
        return None
    arguments: list[tuple[int, int]] = []
    start = tokens[1].end
    level = 0
    for token in tokens[2:-1]:
        if token.text in _CLOSING:
            level += 1
        elif token.text in _CLOSING.values():
            level -= 1
        elif token.text == "," and level == 0:
            arguments.append((start, token.start))
            start = token.end
    if text[start : tokens[-1].start].strip() or arguments:
        arguments.append((start, tokens[-1].start))
    return tokens[0].text, arguments
