"""The rows and sections a measurement produces for bench/RESULTS.md."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    """One measured figure: its value, its ratio to a reference, its target."""

    name: str
    value: str
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None when the row has no target

    @property
    def verdict(self) -> str:
        if self.met is None:
            return ""
        return "met" if self.met else "**missed**"


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, name: str, reason: str, target: str = "") -> None:
        """Record a figure that could not be measured, and why."""
        self.rows.append(Row(name, f"not measured: {reason}", target=target))
