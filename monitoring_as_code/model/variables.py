"""Dashboard template variables: a datasource picker, query and custom lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitoring_as_code.model.base import Definition
from monitoring_as_code.model.datasources import PROMETHEUS, Datasource

_VARIABLE_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


@dataclass
class Variable(Definition):
    name: str
    label: str = field(default="", kw_only=True)
    hide: bool = field(default=False, kw_only=True)

    def validate(self) -> None:
        if not isinstance(self.name, str) or not _VARIABLE_NAME.match(self.name):
            raise self.error(
                f"invalid variable name {self.name!r}",
                "variable names match [a-zA-Z_][a-zA-Z0-9_]*",
            )


@dataclass
class DatasourceVariable(Variable):
    """Lets the viewer pick a datasource of one plugin type."""

    name: str = "datasource"
    plugin: str = field(default="prometheus", kw_only=True)
    label: str = field(default="Data source", kw_only=True)


@dataclass
class QueryVariable(Variable):
    """Values from a query such as `label_values(up, job)`."""

    query: str = field(default="", kw_only=True)
    datasource: Datasource = field(default=PROMETHEUS, kw_only=True)
    multi: bool = field(default=False, kw_only=True)
    include_all: bool = field(default=False, kw_only=True)
    all_value: str | None = field(default=None, kw_only=True)
    regex: str = field(default="", kw_only=True)
    refresh: str = field(default="time", kw_only=True)  # load or time
    sort: int = field(default=1, kw_only=True)

    def validate(self) -> None:
        super().validate()
        if not self.query.strip():
            raise self.error(
                f"query variable {self.name!r} has no query",
                "write a query such as 'label_values(up, job)'",
            )
        if self.refresh not in ("load", "time"):
            raise self.error(
                f"invalid refresh {self.refresh!r} on variable {self.name!r}",
                "use 'load' (on dashboard load) or 'time' (on time range change)",
            )


@dataclass
class CustomVariable(Variable):
    """A fixed list of values."""

    values: list[str] = field(default_factory=list, kw_only=True)
    multi: bool = field(default=False, kw_only=True)
    include_all: bool = field(default=False, kw_only=True)

    def validate(self) -> None:
        super().validate()
        if not self.values:
            raise self.error(
                f"custom variable {self.name!r} has no values",
                "list the values, such as values=['5m', '1h']",
            )
