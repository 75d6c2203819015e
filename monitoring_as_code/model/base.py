"""The base of every definition: its source location and its registration.

While `load.py` imports the definition files, each top-level definition
(metric, scrape job, rule group, Alertmanager config, dashboard, folder)
adds itself to the collector that the loader installed. Objects built
outside a load, in tests for example, register nowhere.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from monitoring_as_code.errors import DefinitionError
from monitoring_as_code.model.source import UNKNOWN, SourceLocation, caller_location

_collector: contextvars.ContextVar[list[Definition] | None] = contextvars.ContextVar(
    "mac_collector", default=None
)


@contextlib.contextmanager
def collecting() -> Iterator[list[Definition]]:
    """Collect every top-level definition created inside the block."""
    collected: list[Definition] = []
    token = _collector.set(collected)
    try:
        yield collected
    finally:
        _collector.reset(token)


@dataclass
class Definition:
    """Anything a user declares; records where it was declared."""

    location: SourceLocation = field(
        default=UNKNOWN, init=False, compare=False, repr=False, kw_only=True
    )

    # Top-level kinds set this to True so that the loader finds them.
    _registers = False
    # Kinds that only take effect inside a container (a rule in a group, a
    # receiver in the Alertmanager config, a panel in a dashboard) set this
    # to the container's name, so that the loader can report one left out.
    _contained_in = ""

    def __post_init__(self) -> None:
        self.location = caller_location()
        self.validate()
        if self._registers or self._contained_in:
            collected = _collector.get()
            if collected is not None:
                collected.append(self)

    def validate(self) -> None:
        """Raise DefinitionError when the definition is invalid."""

    def error(self, message: str, hint: str | None = None) -> DefinitionError:
        return DefinitionError(message, self.location, hint)
