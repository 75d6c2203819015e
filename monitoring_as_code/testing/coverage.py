"""Coverage of alert test cases: one firing and one quiet case per alert."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.model.project import Project
from monitoring_as_code.model.source import SourceLocation


@dataclass
class CoverageGap:
    alert: str
    location: SourceLocation
    missing: list[str]  # "firing", "quiet"

    @property
    def message(self) -> str:
        kinds = " and ".join(f"a {kind} case" for kind in self.missing)
        return f"alert {self.alert!r} has no test with {kinds}"


def coverage_gaps(project: Project) -> list[CoverageGap]:
    gaps = []
    for alert in project.alerts:
        missing = []
        if not any(case.fires for case in alert.tests):
            missing.append("firing")
        if not any(not case.fires for case in alert.tests):
            missing.append("quiet")
        if missing:
            gaps.append(CoverageGap(alert.name, alert.location, missing))
    return gaps
