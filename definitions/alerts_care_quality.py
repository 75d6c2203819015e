"""Care-quality signals for the care team: info alerts, never paged.

They reach the team channel, the root route's receiver, because the
trend they show needs a look during working hours, not a wake-up.
"""

from monitoring_as_code import AlertingRule, RuleGroup
from monitoring_as_code.testing import Alert, fires, gauge, quiet

from .alerts import BACKEND_TARGET, INTERVAL, RUNBOOKS
from .catalog import intervention_plan_completion_rate

# Completion below this share of plans means a plan type is not working for
# users. The backend computes the share over its own window, so two hours
# below the floor is a trend, not noise. NOTE: 30% is a starting value for
# the care leads to confirm against real completion data.
COMPLETION_FLOOR = 0.3


def completion(plan_type: str, share: float, duration: str = "3h") -> list:
    labels = {**BACKEND_TARGET, "plan_type": plan_type}
    return [gauge(intervention_plan_completion_rate, labels, share, duration)]


def low_completion(plan_type: str, share: str) -> Alert:
    return Alert(
        labels={**BACKEND_TARGET, "plan_type": plan_type},
        annotations={
            "summary": f"Few {plan_type} intervention plans are completed",
            "description": (
                f"Only {share} of {plan_type} intervention plans are completed. "
                "The care team should review the plan type."
            ),
        },
    )


care_quality_rules = RuleGroup(
    "ugm-aicare-care-quality",
    [
        AlertingRule(
            "InterventionPlanCompletionLow",
            f"{intervention_plan_completion_rate} < {COMPLETION_FLOOR}",
            for_="2h",
            severity="info",
            labels={"service": "crisis-care"},
            summary="Few {{ $labels.plan_type }} intervention plans are completed",
            description=(
                "Only {{ $value | humanizePercentage }} of {{ $labels.plan_type }} "
                "intervention plans are completed. The care team should review "
                "the plan type."
            ),
            runbook_url=f"{RUNBOOKS}/InterventionPlanCompletionLow",
            tests=[
                fires(
                    "20% completed for 2 hours",
                    completion("breathing", 0.2),
                    at="2h",
                    alerts=[low_completion("breathing", "20%")],
                ),
                quiet(
                    "exactly 30% completed",
                    completion("breathing", 0.3),
                    at="2h",
                ),
                quiet(
                    "20% completed for 1h59m45s: pending",
                    completion("breathing", 0.2),
                    at="1h59m45s",
                ),
                quiet("half completed", completion("journaling", 0.5), at="2h"),
            ],
        ),
    ],
    interval=INTERVAL,
    file="care-quality",
)
