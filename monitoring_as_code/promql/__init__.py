"""Parse and walk PromQL expressions, with Grafana variables substituted.

The parser is promql_parser, Python bindings of GreptimeDB's Rust
promql-parser; its AST carries no source positions. parse.py substitutes
Grafana variables before parsing, tree.py lists the nodes with their
ancestors, and labels.py computes which labels a result keeps.
"""

from monitoring_as_code.promql.labels import (
    ALERT_SERIES,
    SCRAPE_SERIES,
    LabelCatalog,
    label_catalog,
    output_labels,
)
from monitoring_as_code.promql.parse import (
    PLACEHOLDER_PREFIX,
    PromQLError,
    Substitution,
    is_placeholder,
    parse,
    range_variable,
    substitute_variables,
)
from monitoring_as_code.promql.tree import (
    COMPARISON_OPERATORS,
    SET_OPERATORS,
    Node,
    children,
    is_scalar,
    metric_name,
    selectors,
    unwrap,
    walk,
)

__all__ = [
    "ALERT_SERIES",
    "COMPARISON_OPERATORS",
    "LabelCatalog",
    "Node",
    "PLACEHOLDER_PREFIX",
    "PromQLError",
    "SCRAPE_SERIES",
    "SET_OPERATORS",
    "Substitution",
    "children",
    "is_placeholder",
    "is_scalar",
    "label_catalog",
    "metric_name",
    "output_labels",
    "parse",
    "range_variable",
    "selectors",
    "substitute_variables",
    "unwrap",
    "walk",
]
