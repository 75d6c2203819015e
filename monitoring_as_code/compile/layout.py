"""Place panels on Grafana's 24-column grid.

Rows take the full width. Panels flow left to right in declaration order
and wrap to a new line when the next one does not fit. A line is as tall as
its tallest panel. A panel that gives `grid` keeps its position, and the
flow continues below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.model.dashboards import (
    Dashboard,
    GridPos,
    Panel,
    Row,
)
from monitoring_as_code.schemas import GRID_COLUMNS


@dataclass
class PlacedPanel:
    panel: Panel | Row
    grid: GridPos
    id: int
    children: list[PlacedPanel]  # panels inside a collapsed row


class _Flow:
    def __init__(self) -> None:
        self.x = 0
        self.y = 0
        self.line_height = 0

    def new_line(self) -> None:
        self.y += self.line_height
        self.x = 0
        self.line_height = 0

    def place(self, width: int, height: int) -> GridPos:
        if self.x + width > GRID_COLUMNS:
            self.new_line()
        grid = GridPos(self.x, self.y, width, height)
        self.x += width
        self.line_height = max(self.line_height, height)
        return grid

    def skip_below(self, grid: GridPos) -> None:
        """Continue the flow under a panel placed by hand."""
        self.new_line()
        self.y = max(self.y, grid.y + grid.h)


def layout(dashboard: Dashboard) -> list[PlacedPanel]:
    """Return the dashboard's panels with grid positions and ids 1, 2, …"""
    flow = _Flow()
    next_id = 1
    placed: list[PlacedPanel] = []

    def place_panel(panel: Panel) -> PlacedPanel:
        nonlocal next_id
        if panel.grid is not None:
            grid = panel.grid
            flow.skip_below(grid)
        else:
            grid = flow.place(panel.width, panel.height)
        result = PlacedPanel(panel, grid, next_id, [])
        next_id += 1
        return result

    for item in dashboard.panels:
        if isinstance(item, Row):
            flow.new_line()
            row = PlacedPanel(item, GridPos(0, flow.y, GRID_COLUMNS, 1), next_id, [])
            next_id += 1
            flow.y += 1
            placed.append(row)
            for panel in item.panels:
                child = place_panel(panel)
                (row.children if item.collapsed else placed).append(child)
            if item.collapsed:
                # A collapsed row shows only its header; its panels keep the
                # positions they take when the row is expanded.
                flow.new_line()
                flow.y = row.grid.y + 1
        else:
            placed.append(place_panel(item))
    return placed
