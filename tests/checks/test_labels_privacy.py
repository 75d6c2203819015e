from __future__ import annotations

import pytest

from monitoring_as_code.checks import lint_project
from monitoring_as_code.checks.base import Severity
from monitoring_as_code.checks.labels_privacy import classify
from monitoring_as_code.model.catalog import Gauge, Histogram
from monitoring_as_code.model.project import Project
from monitoring_as_code.model.scrape import ScrapeJob
from tests.checks.helpers import marked

CHECK = "labels/privacy"


def _problems(*metrics):
    job = metrics[0].origin if metrics else None
    return lint_project(Project.from_definitions([job, *metrics]), [CHECK]).problems


@pytest.mark.parametrize(
    "label, kind",
    [
        ("counselor_id", "personal"),
        ("counsellor_id", "personal"),
        ("patient_id", "personal"),
        ("user_id", "personal"),
        ("userId", "personal"),
        ("email", "personal"),
        ("reporter_email", "personal"),
        ("client_ip", "personal"),
        ("nim", "personal"),
        ("session_id", "unbounded"),
        ("request_id", "unbounded"),
        ("trace_id", "unbounded"),
        ("risk_level", None),
        ("user_role", None),
        ("agent_name", None),
        ("name", None),
        ("pool_name", None),
        ("endpoint", None),
    ],
)
def test_classify(label, kind):
    assert classify(label) == kind


def test_metric_with_bounded_labels():
    job = ScrapeJob("api", ["api:8000"], exporter="application")
    assert (
        _problems(Gauge("case_load", "Cases.", labels=["risk_level"], origin=job)) == []
    )


def test_metric_with_counselor_id():
    job = ScrapeJob("api", ["api:8000"], exporter="application")
    metric = Histogram(
        "crisis_response_time_by_counselor_seconds",
        "Response time.",
        labels=["counselor_id", "risk_level"],
        unit="seconds",
        origin=job,
    )
    problems = _problems(metric)
    assert [p.message for p in problems] == [
        "label 'counselor_id' identifies a person, which is a privacy and a "
        "cardinality problem"
    ]
    assert problems[0].severity is Severity.WARNING
    assert (
        problems[0].expr
        == "crisis_response_time_by_counselor_seconds{counselor_id, risk_level}"
    )
    assert marked(problems[0]) == "counselor_id"
    assert (
        problems[0].subject == "histogram 'crisis_response_time_by_counselor_seconds'"
    )


def test_second_label_is_marked():
    job = ScrapeJob("api", ["api:8000"], exporter="application")
    problems = _problems(
        Gauge("sessions", "Sessions.", labels=["role", "session_id"], origin=job)
    )
    assert marked(problems[0]) == "session_id"
    assert "has a new value for every session or request" in problems[0].message


def test_suppressed_on_the_metric():
    job = ScrapeJob("api", ["api:8000"], exporter="application")
    metric = Gauge(
        "pool_users",
        "Connections by database user.",
        labels=["user"],
        origin=job,
        suppress={CHECK: "database role, not a person"},
    )
    problems = _problems(metric)
    assert [p.suppressed for p in problems] == ["database role, not a person"]


def test_suppression_needs_a_reason():
    from monitoring_as_code.errors import DefinitionError

    job = ScrapeJob("api", ["api:8000"], exporter="application")
    with pytest.raises(
        DefinitionError,
        match="suppression of 'labels/privacy' on metric 'x' has no reason",
    ):
        Gauge("x", "X.", labels=["user"], origin=job, suppress={CHECK: " "})
