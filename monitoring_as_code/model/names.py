"""Name rules of the Prometheus data model."""

from __future__ import annotations

import re

METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
# Recording rules by convention are named level:metric:operations.
RECORDING_RULE_NAME = METRIC_NAME


def is_metric_name(name: str) -> bool:
    return isinstance(name, str) and METRIC_NAME.match(name) is not None


def is_label_name(name: str) -> bool:
    # Names starting with "__" are reserved for Prometheus' internal use.
    return (
        isinstance(name, str)
        and LABEL_NAME.match(name) is not None
        and not name.startswith("__")
    )
