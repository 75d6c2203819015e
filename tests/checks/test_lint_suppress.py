from __future__ import annotations

from tests.checks.helpers import on_alert

CHECK = "lint/suppress"


def test_known_check_ids():
    assert (
        on_alert(CHECK, "vector(1)", suppress={"alerts/comparison": "watchdog"}) == []
    )


def test_misspelt_check_id():
    problems = on_alert(
        CHECK, "up == 0", suppress={"promql/rate-on-guage": "gauge counts up"}
    )
    assert [p.message for p in problems] == [
        "suppress names 'promql/rate-on-guage', which is not a check"
    ]
    assert problems[0].hint == "did you mean 'promql/rate-on-gauge'?"


def test_unrelated_check_id():
    problems = on_alert(CHECK, "up == 0", suppress={"nothing": "reason"})
    assert problems[0].hint == "use a check ID listed by docs/lint.md"
