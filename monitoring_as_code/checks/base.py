"""The problem type, the check base class and the registry of checks."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from monitoring_as_code.model.source import SourceLocation

if TYPE_CHECKING:
    from monitoring_as_code.checks.context import LintContext, Query


class Severity(enum.Enum):
    """The severity of a problem. Only errors make `mac lint` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return ("error", "warning", "info").index(self.value)


@dataclass(frozen=True)
class Problem:
    """One finding of one check on one definition.

    `expr` is the offending text (an expression, an annotation template, a
    label list) and `span` the (start, end) character offsets of the bad
    part within it, when known. `subject` names the definition, such as
    "alert 'HighErrorRate'". `suppressed` is the reason written in the
    definition's `suppress` when the check is silenced there.
    """

    check: str
    severity: Severity
    location: SourceLocation
    message: str
    hint: str
    subject: str = ""
    expr: str = ""
    span: tuple[int, int] | None = None
    suppressed: str | None = None

    def sort_key(self) -> tuple:
        return (self.location.path, self.location.line, self.check, self.message)

    def to_json(self) -> dict:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "path": self.location.path,
            "line": self.location.line,
            "subject": self.subject,
            "expr": self.expr,
            "span": list(self.span) if self.span else None,
            "message": self.message,
            "hint": self.hint,
            "suppressed": self.suppressed,
        }


def suppression(definition: object, check_id: str) -> str | None:
    """Return the reason `definition` gives for silencing `check_id`, or None."""
    suppress = getattr(definition, "suppress", None) or {}
    return suppress.get(check_id)


class Check:
    """A lint check. Subclasses set `id` and `severity`, register themselves
    with `@register`, and implement `check_query`, `check_project` or both.

    The module docstring of a check explains why the check exists, and
    `mac lint` and docs/lint.md show it.
    """

    id: ClassVar[str]
    severity: ClassVar[Severity]

    def check_query(self, query: Query, context: LintContext) -> Iterable[Problem]:
        """Check one expression; called for every rule, target and variable."""
        return ()

    def check_project(self, context: LintContext) -> Iterable[Problem]:
        """Check definitions as a whole; called once per run."""
        return ()

    @classmethod
    def doc(cls) -> str:
        module = sys.modules[cls.__module__]
        return (module.__doc__ or "").strip()


REGISTRY: dict[str, type[Check]] = {}


def register(check: type[Check]) -> type[Check]:
    """Add a check class to the registry under its ID."""
    if check.id in REGISTRY:
        raise ValueError(f"check ID {check.id!r} is registered twice")
    REGISTRY[check.id] = check
    return check
