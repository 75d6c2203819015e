from __future__ import annotations

from monitoring_as_code.checks.base import Severity
from monitoring_as_code.model.rules import RecordingRule, RuleGroup
from tests.checks.helpers import alert, run

CHECK = "rules/duplicate"


def test_distinct_rules():
    group = RuleGroup(
        "g",
        [
            alert("up == 0", name="Down", for_="1m"),
            alert("up == 0", name="DownLong", for_="10m", severity="critical"),
            alert("up == 0", name="Down", severity="critical"),
            RecordingRule("job:queue_depth:sum", "sum by (job) (queue_depth)"),
            RecordingRule(
                "job:queue_depth:sum", "sum by (job) (queue_depth)", labels={"env": "a"}
            ),
        ],
    )
    assert run(CHECK, group) == []


def test_same_alert_twice():
    group = RuleGroup(
        "g", [alert("up == 0", name="Down"), alert("up == 1", name="Down")]
    )
    problems = run(CHECK, group)
    assert len(problems) == 1
    assert problems[0].message.startswith(
        "alert 'Down' is declared twice with the same labels (first at "
    )
    assert problems[0].severity is Severity.ERROR


def test_same_alert_in_two_groups():
    first = RuleGroup("a", [alert("up == 0", name="Down")])
    second = RuleGroup("b", [alert("up == 0", name="Down")])
    problems = run(CHECK, first, second)
    assert [p.check for p in problems] == [CHECK]


def test_same_recording_rule_twice():
    group = RuleGroup(
        "g",
        [
            RecordingRule("job:queue_depth:sum", "sum by (job) (queue_depth)"),
            RecordingRule("job:queue_depth:sum", "sum(queue_depth) by (job)"),
        ],
    )
    problems = run(CHECK, group)
    assert len(problems) == 1
    assert problems[0].message.startswith(
        "recording rule 'job:queue_depth:sum' is declared twice"
    )


def test_same_expression_under_two_names():
    group = RuleGroup(
        "g",
        [
            # The parser keeps parentheses, so these two expressions differ.
            alert("up == 0", name="Down"),
            alert("(up == 0)", name="TargetDown"),
            RecordingRule("job:queue_depth:sum", "sum by (job) (queue_depth)"),
            RecordingRule("job:queue:sum", "sum(queue_depth) by (job)"),
        ],
    )
    problems = run(CHECK, group)
    assert [p.message.split(" (")[0] for p in problems] == [
        "the expression is the same as that of recording rule 'job:queue_depth:sum'",
    ]
    assert problems[0].subject == "recording rule 'job:queue:sum'"
    assert problems[0].severity is Severity.WARNING


def test_same_expression_with_other_spacing():
    group = RuleGroup("g", [alert("up == 0", name="A"), alert("up  ==  0", name="B")])
    problems = run(CHECK, group)
    assert [p.message.split(" (")[0] for p in problems] == [
        "the expression is the same as that of alert 'A'"
    ]
    assert problems[0].severity is Severity.WARNING
