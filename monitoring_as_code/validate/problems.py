"""A problem found while validating a build."""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_as_code.model.source import SourceLocation


# Stand-ins for problems found in the definitions, not in one built file.
_GENERIC_FILES = ("definitions", "prometheus/tests")


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
        """Format the problem for the terminal: the message and check ID,
        then the definition's place when known, else the built file's."""
        first, _, rest = self.message.partition("\n")
        lines = [f"{self.severity}: {first} ({self.check})"]
        place = f"{self.file}:{self.where}" if self.where else self.file
        if self.definition is not None:
            lines.append(f"  {self.definition}")
            if self.file not in _GENERIC_FILES:
                lines.append(f"  built as {place}")
        else:
            lines.append(f"  {place}")
        lines.extend(f"  {line}" for line in rest.splitlines())
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "check": self.check,
            "severity": self.severity,
            "file": self.file,
            "where": self.where,
            "message": self.message,
            "definition": str(self.definition) if self.definition else None,
        }
