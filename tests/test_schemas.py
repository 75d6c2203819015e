"""The compiled dashboard validator agrees with jsonschema and is current."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from monitoring_as_code import schemas
from monitoring_as_code.schemas import dashboard_errors, dashboard_schema, dashboard_v1
from monitoring_as_code.schemas.generate import MODULE, generate

ROOT = Path(__file__).resolve().parent.parent
BUILT = sorted((ROOT / "build/grafana/dashboards").rglob("*.json"))


def test_module_matches_shipped_schema():
    text = (Path(schemas.__file__).parent / schemas.SCHEMA_FILE).read_bytes()
    assert dashboard_v1.SCHEMA_SHA256 == hashlib.sha256(text).hexdigest(), (
        "the schema changed: run python -m monitoring_as_code.schemas.generate"
    )


def test_module_matches_generator_output():
    # The test extra pins fastjsonschema to the version that wrote the module.
    assert fastjsonschema.VERSION == dashboard_v1.VERSION
    assert MODULE.read_text() == generate()


def _nodes(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


def _replaced(dashboard: dict, path: tuple, value: Any) -> dict:
    if not path:
        return value
    result = copy.deepcopy(dashboard)
    parent = result
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return result


def _wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 7
    if isinstance(value, list):
        return {"items": value}
    if isinstance(value, dict):
        return [value]
    return 0


def _mutations() -> list[tuple[str, dict]]:
    """One or two changes per distinct place in the platform's dashboards.

    Places are compared with list indexes left out, so `panels[3].gridPos`
    and `panels[5].gridPos` count as one place. That covers every kind of
    node in about 190 mutations.
    """
    seen: set[tuple] = set()
    mutations = []
    for file in BUILT:
        dashboard = json.loads(file.read_text())
        for path, value in _nodes(dashboard):
            shape = tuple("*" if isinstance(part, int) else part for part in path)
            if shape in seen:
                continue
            seen.add(shape)
            name = f"{file.stem}:{'.'.join(map(str, path)) or '(root)'}"
            mutations.append((f"{name} wrong type", _replaced(dashboard, path, _wrong_type(value))))
            if isinstance(value, dict):
                extended = {**value, "notInTheSchema": 1}
                mutations.append((f"{name} extra key", _replaced(dashboard, path, extended)))
    return mutations


def test_validators_agree_on_mutations():
    assert BUILT, "build/ has no dashboards; run mac build"
    validator = jsonschema.Draft7Validator(dashboard_schema())
    mutations = _mutations()
    disagreements = []
    rejected = 0
    for name, dashboard in mutations:
        valid = validator.is_valid(dashboard)
        try:
            dashboard_v1.validate(dashboard)
            fast_valid = True
        except schemas.SchemaViolation:
            fast_valid = False
        if valid != fast_valid:
            disagreements.append(f"{name}: jsonschema {valid}, compiled {fast_valid}")
        rejected += not valid
    assert disagreements == []
    # More than half of the changes break the dashboard. The rest fall in
    # free-form places such as panel options, which take anything.
    assert rejected > len(mutations) / 2


@pytest.mark.parametrize("file", BUILT, ids=lambda path: path.stem)
def test_built_dashboards_are_valid(file: Path):
    assert dashboard_errors(json.loads(file.read_text())) == []


def test_errors_listed_in_detail():
    [file, *_] = BUILT
    dashboard = json.loads(file.read_text())
    del dashboard["schemaVersion"]
    dashboard["panels"][0]["gridPos"]["w"] = "wide"
    errors = dashboard_errors(dashboard)
    assert ("", "'schemaVersion' is a required property") in errors
    assert ("panels[0].gridPos.w", "'wide' is not of type 'integer'") in errors


def test_compiled_rejection_never_dropped(monkeypatch):
    # Were jsonschema to pass a dashboard that the compiled validator
    # rejects, the compiled validator's own message is reported.
    monkeypatch.setattr(schemas, "_detailed_errors", lambda dashboard: [])
    dashboard = json.loads(BUILT[0].read_text())
    dashboard["graphTooltip"] = 9
    assert dashboard_errors(dashboard) == [
        ("", "data.graphTooltip must be one of [0, 1, 2]")
    ]
