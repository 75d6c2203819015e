"""Render a ProjectDiff as JSON for scripts; the schema has a version number."""

from __future__ import annotations

import dataclasses
import json

from monitoring_as_code.diff.model import SECTIONS, ProjectDiff, Status

# Raise when a key is removed or its meaning changes; adding keys keeps it.
SCHEMA_VERSION = 1


def diff_to_json(result: ProjectDiff) -> dict:
    counts = result.counts()
    summary = {
        key: {status.value: counts[key][status] for status in Status}
        for key in [*SECTIONS, "panels"]
    }
    data = {
        "version": SCHEMA_VERSION,
        "base": {"ref": result.base, "commit": result.base_commit},
        "head": result.head,
        "changed": result.changed,
        "notes": list(result.notes),
        "summary": summary,
    }
    for key in SECTIONS:
        data[key] = [dataclasses.asdict(item) for item in result.sections[key]]
    return data


def render_json(result: ProjectDiff) -> str:
    """Return indented JSON with sorted keys and a trailing newline."""
    return (
        json.dumps(diff_to_json(result), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
    )
