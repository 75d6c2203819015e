"""Crisis escalations, counselor teams, intervention plans and engagement.

No panel breaks anything down by counselor.
"""

from monitoring_as_code import (
    BarGaugePanel,
    Dashboard,
    GaugePanel,
    Row,
    StatPanel,
    Target,
    Threshold,
    TimeSeriesPanel,
)

from .alerts import CRISIS_RESPONSE_BOUND_SECONDS
from .catalog import (
    active_users,
    counselor_case_load,
    counselor_response_satisfaction_score,
    counselors_on_duty,
    crisis_escalations_pending,
    crisis_escalations_total,
    crisis_response_time_by_counselor_seconds,
    crisis_response_time_seconds,
    daily_active_users,
    false_positive_crisis_rate,
    intervention_plan_abandonment_rate,
    intervention_plan_completion_rate,
    intervention_plan_steps_completed_total,
    intervention_plans_created_total,
    mood_improvement_score,
    safety_triage_accuracy,
    user_session_duration_seconds,
    user_sessions_total,
)
from .dashboards import PERIOD_IN_TITLE, RARE_EVENTS, folder

HIGH_RISK = 'risk_level=~"high|critical"'

crisis_and_care = Dashboard(
    "ugm-aicare-crisis-care",
    "UGM-AICare Crisis and Care",
    folder=folder,
    tags=["ugm-aicare", "crisis-care"],
    description="Crisis escalations and response times, counselor teams, "
    "intervention plans, safety triage quality and engagement.",
    time_from="now-24h",
    panels=[
        Row(
            "Crisis escalations",
            [
                StatPanel(
                    "High and critical escalations waiting",
                    [
                        Target(
                            f"sum(max by (risk_level) "
                            f"({crisis_escalations_pending}{{{HIGH_RISK}}}))"
                        )
                    ],
                    description="Escalations at high or critical risk with no "
                    "counselor response yet. CrisisEscalationBacklog pages "
                    "when this stays above 0 for 10 minutes.",
                    unit="short",
                    color_mode="background",
                    thresholds=[Threshold("green"), Threshold("red", 1)],
                ),
                StatPanel(
                    "Escalations waiting, all levels",
                    [
                        Target(
                            f"sum(max by (risk_level) "
                            f"({crisis_escalations_pending}))"
                        )
                    ],
                    unit="short",
                ),
                StatPanel(
                    "Escalations in the last 24 h",
                    [Target(f"sum(increase({crisis_escalations_total}[24h]))")],
                    unit="short",
                    suppress={"dashboards/rate-interval": PERIOD_IN_TITLE},
                    decimals=0,
                ),
                StatPanel(
                    "P95 first response, high and critical",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le) (
                                rate({crisis_response_time_seconds.bucket}{{{HIGH_RISK}}}[1h])
                              )
                            )
                            """
                        )
                    ],
                    description="Over the last hour. SlowCrisisResponse pages "
                    "above 10 minutes.",
                    unit="s",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                    thresholds=[
                        Threshold("green"),
                        Threshold("red", CRISIS_RESPONSE_BOUND_SECONDS),
                    ],
                ),
                TimeSeriesPanel(
                    "Escalations waiting by risk level",
                    [
                        Target(
                            f"max by (risk_level) ({crisis_escalations_pending})",
                            legend="{{risk_level}}",
                        )
                    ],
                    unit="short",
                ),
                TimeSeriesPanel(
                    "Escalations per hour",
                    [
                        Target(
                            f"sum by (risk_level, escalation_type) "
                            f"(increase({crisis_escalations_total}[1h]))",
                            legend="{{risk_level}} {{escalation_type}}",
                        )
                    ],
                    description="Escalations raised in the hour before each "
                    "point. CrisisEscalationSurge pages above 5 per hour at "
                    "high or critical risk.",
                    unit="short",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                ),
                TimeSeriesPanel(
                    "Time to first counselor response",
                    [
                        Target(
                            f"""
                            histogram_quantile({quantile},
                              sum by (le, risk_level) (
                                rate({crisis_response_time_seconds.bucket}[1h])
                              )
                            )
                            """,
                            legend=f"{{{{risk_level}}}} P{round(quantile * 100)}",
                        )
                        for quantile in (0.5, 0.95)
                    ],
                    description="Percentiles over the hour before each point.",
                    unit="s",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                    thresholds=[
                        Threshold("green"),
                        Threshold("red", CRISIS_RESPONSE_BOUND_SECONDS),
                    ],
                ),
            ],
        ),
        Row(
            "Counselor teams",
            [
                TimeSeriesPanel(
                    "P95 team response time",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le, counselor_team) (
                                rate({crisis_response_time_by_counselor_seconds.bucket}[1h])
                              )
                            )
                            """,
                            legend="{{counselor_team}}",
                        )
                    ],
                    description="Time from an escalation reaching a team to "
                    "the team's first response, over the hour before each "
                    "point.",
                    unit="s",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                ),
                TimeSeriesPanel(
                    "Open cases by team",
                    [
                        Target(
                            f"max by (counselor_team) ({counselor_case_load})",
                            legend="{{counselor_team}}",
                        )
                    ],
                    unit="short",
                ),
                BarGaugePanel(
                    "Open cases per counselor on duty",
                    [
                        Target(
                            f"""
                            max by (counselor_team) ({counselor_case_load})
                            /
                            (max by (counselor_team) ({counselors_on_duty}) > 0)
                            """,
                            legend="{{counselor_team}}",
                        )
                    ],
                    description="Mean per team. Teams with nobody on duty "
                    "are left out.",
                    unit="short",
                    decimals=1,
                ),
                BarGaugePanel(
                    "Satisfaction with counselor responses",
                    [
                        Target(
                            f"max by (counselor_team) "
                            f"({counselor_response_satisfaction_score})",
                            legend="{{counselor_team}}",
                        )
                    ],
                    unit="short",
                    decimals=2,
                    width=24,
                    height=6,
                ),
            ],
        ),
        Row(
            "Intervention plans",
            [
                BarGaugePanel(
                    "Plans created (time range)",
                    [
                        Target(
                            f"sum by (plan_type) "
                            f"(increase({intervention_plans_created_total}"
                            "[$__range]))",
                            legend="{{plan_type}}",
                            instant=True,
                        )
                    ],
                    unit="short",
                    decimals=0,
                ),
                GaugePanel(
                    "Completion rate",
                    [
                        Target(
                            f"max by (plan_type) "
                            f"({intervention_plan_completion_rate})",
                            legend="{{plan_type}}",
                        )
                    ],
                    unit="percentunit",
                    min=0,
                    max=1,
                    width=8,
                    height=8,
                ),
                TimeSeriesPanel(
                    "Abandonment rate",
                    [
                        Target(
                            f"max by (plan_type) "
                            f"({intervention_plan_abandonment_rate})",
                            legend="{{plan_type}}",
                        )
                    ],
                    unit="percentunit",
                ),
                TimeSeriesPanel(
                    "Plan steps completed per hour",
                    [
                        Target(
                            f"sum by (plan_type) "
                            f"(increase({intervention_plan_steps_completed_total}"
                            "[1h]))",
                            legend="{{plan_type}}",
                        )
                    ],
                    unit="short",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                    width=12,
                ),
                TimeSeriesPanel(
                    "Mood improvement score",
                    [
                        Target(
                            f"max by (intervention_type) "
                            f"({mood_improvement_score})",
                            legend="{{intervention_type}}",
                        )
                    ],
                    unit="short",
                    width=12,
                ),
            ],
        ),
        Row(
            "Safety triage quality",
            [
                GaugePanel(
                    "Triage accuracy by risk level",
                    [
                        Target(
                            f"max by (risk_level) ({safety_triage_accuracy})",
                            legend="{{risk_level}}",
                        )
                    ],
                    description="Share of assessments confirmed correct on "
                    "review.",
                    unit="percentunit",
                    min=0,
                    max=1,
                    width=16,
                ),
                StatPanel(
                    "False positive crisis rate",
                    [Target(f"max({false_positive_crisis_rate})")],
                    description="Share of crisis detections judged false "
                    "positives on review.",
                    unit="percentunit",
                    width=8,
                    height=6,
                ),
            ],
        ),
        Row(
            "Engagement",
            [
                StatPanel(
                    "Active users",
                    [Target(f"max({active_users})")],
                    unit="short",
                    width=12,
                ),
                StatPanel(
                    "Daily active users",
                    [Target(f"max({daily_active_users})")],
                    description="Distinct users active in the trailing 24 "
                    "hours.",
                    unit="short",
                    width=12,
                ),
                TimeSeriesPanel(
                    "Sessions started per hour",
                    [
                        Target(
                            f"sum by (user_role) "
                            f"(increase({user_sessions_total}[1h]))",
                            legend="{{user_role}}",
                        )
                    ],
                    unit="short",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                    width=12,
                ),
                TimeSeriesPanel(
                    "Session duration",
                    [
                        Target(
                            f"""
                            histogram_quantile({quantile},
                              sum by (le) (
                                rate({user_session_duration_seconds.bucket}[1h])
                              )
                            )
                            """,
                            legend=f"P{round(quantile * 100)}",
                        )
                        for quantile in (0.5, 0.95)
                    ],
                    description="Percentiles of sessions that ended in the "
                    "hour before each point.",
                    unit="s",
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
                    width=12,
                ),
            ],
        ),
    ],
)
