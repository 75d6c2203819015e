"""A problem found while validating a build."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.model.source import SourceLocation


@dataclass(frozen=True)
class ValidationProblem:
    """One problem in one built file.

    `check` names what found it (`promtool/rules`, `amtool/config`,
    `grafana/schema`, `grafana/layout`, ...). `where` is the place in the
    built file: a line number for YAML, a JSON path for dashboards.
    `definition` is the definition's file and line when it is known.
    """

    check: str
    file: str
    message: str
    where: str = ""
    definition: SourceLocation | None = None
    severity: str = "error"

    def render(self) -> str:
        place = f"{self.file}:{self.where}" if self.where else self.file
        text = f"{self.severity}: {self.message} ({self.check})\n  {place}"
        if self.definition is not None:
            text += f"\n  defined at {self.definition}"
        return text

    def to_json(self) -> dict:
        return {
            "check": self.check,
            "severity": self.severity,
            "file": self.file,
            "where": self.where,
            "message": self.message,
            "definition": str(self.definition) if self.definition else None,
        }
