"""Datasource references as Grafana stores them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Datasource:
    """A datasource reference as Grafana stores it: `{type, uid}`.

    The uid may be a template variable such as `${datasource}`.
    """

    type: str
    uid: str

    def to_json(self) -> dict[str, str]:
        return {"type": self.type, "uid": self.uid}

    @property
    def variable(self) -> str | None:
        """The variable name when the uid is `$name` or `${name}`."""
        match = re.fullmatch(r"\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?", self.uid)
        return match.group(1) if match else None


PROMETHEUS = Datasource("prometheus", "${datasource}")
