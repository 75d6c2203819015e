"""Crisis-care alerts. Every alert here is critical and pages."""

from monitoring_as_code import AlertingRule, RuleGroup
from monitoring_as_code.testing import Alert, counter, fires, gauge, histogram, quiet

from .alerts import (
    BACKEND_TARGET,
    CRISIS_RESPONSE_BOUND,
    CRISIS_RESPONSE_BOUND_SECONDS,
    INTERVAL,
    RUNBOOKS,
)
from .alerts_agents import agent_calls, agent_error_ratio
from .catalog import (
    crisis_escalations_pending,
    crisis_escalations_total,
    crisis_response_time_seconds,
    up,
)
from .scrape import backend

HIGH = {**BACKEND_TARGET, "risk_level": "high"}
CRITICAL = {**BACKEND_TARGET, "risk_level": "critical"}
LOW = {**BACKEND_TARGET, "risk_level": "low"}


def escalations(per_hour: float) -> list:
    """Build 90 minutes of high-risk escalations raised at `per_hour`."""
    return [
        counter(
            crisis_escalations_total,
            {**HIGH, "escalation_type": "counselor"},
            per_second=per_hour / 3600,
            duration="90m",
        )
    ]


crisis_rules = RuleGroup(
    "ugm-aicare-crisis-care",
    [
        AlertingRule(
            "CrisisEscalationBacklog",
            f"""
            max by (risk_level) (
              {crisis_escalations_pending}{{risk_level=~"high|critical"}}
            ) > 0
            """,
            for_=CRISIS_RESPONSE_BOUND,
            severity="critical",
            labels={"service": "crisis-care"},
            summary=(
                "{{ $labels.risk_level }}-risk crisis escalations are "
                "waiting for a counselor"
            ),
            description=(
                "Escalations at {{ $labels.risk_level }} risk without a "
                "counselor response: {{ $value }}. The queue has not been "
                f"empty for {CRISIS_RESPONSE_BOUND}."
            ),
            runbook_url=f"{RUNBOOKS}/CrisisEscalationBacklog",
            tests=[
                fires(
                    "one high-risk escalation waits",
                    [
                        gauge(crisis_escalations_pending, HIGH, 1),
                        gauge(crisis_escalations_pending, LOW, 3),
                    ],
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"risk_level": "high"},
                            annotations={
                                "summary": "high-risk crisis escalations are "
                                "waiting for a counselor",
                                "description": "Escalations at high risk "
                                "without a counselor response: 1. The queue has "
                                "not been empty for 10m.",
                            },
                        )
                    ],
                ),
                quiet(
                    "only low-risk escalations wait",
                    [
                        gauge(crisis_escalations_pending, HIGH, 0),
                        gauge(crisis_escalations_pending, LOW, 3),
                    ],
                    at="15m",
                ),
            ],
        ),
        AlertingRule(
            "SlowCrisisResponse",
            f"""
            histogram_quantile(0.95,
              sum by (le, risk_level) (
                rate({crisis_response_time_seconds.bucket}{{risk_level=~"high|critical"}}[1h])
              )
            ) > {CRISIS_RESPONSE_BOUND_SECONDS}
            """,
            for_="5m",
            severity="critical",
            labels={"service": "crisis-care"},
            summary=(
                f"Counselors take longer than {CRISIS_RESPONSE_BOUND} to answer "
                "{{ $labels.risk_level }}-risk escalations"
            ),
            description=(
                "The P95 time to a first counselor response for "
                "{{ $labels.risk_level }}-risk escalations was "
                "{{ $value | humanizeDuration }} over the last hour."
            ),
            runbook_url=f"{RUNBOOKS}/SlowCrisisResponse",
            tests=[
                # Every response takes 800 s: the P95 falls in the
                # (600, 900] bucket, at 600 + 0.95 * 300 = 885 s.
                fires(
                    "every response takes over 13 minutes",
                    histogram(
                        crisis_response_time_seconds,
                        CRITICAL,
                        observe=800,
                        per_second=0.01,
                    ),
                    at="30m",
                    alerts=[
                        Alert(
                            labels={"risk_level": "critical"},
                            annotations={
                                "summary": "Counselors take longer than 10m to "
                                "answer critical-risk escalations",
                                "description": "The P95 time to a first "
                                "counselor response for critical-risk "
                                "escalations was 14m 45s over the last hour.",
                            },
                        )
                    ],
                ),
                quiet(
                    "every response takes under 4 minutes",
                    histogram(
                        crisis_response_time_seconds,
                        CRITICAL,
                        observe=200,
                        per_second=0.01,
                    ),
                    at="30m",
                ),
            ],
        ),
        # NOTE: 5 per hour is a starting value; set it from the observed
        # number of high and critical escalations per hour.
        AlertingRule(
            "CrisisEscalationSurge",
            f"""
            sum by (risk_level) (
              increase({crisis_escalations_total}{{risk_level=~"high|critical"}}[1h])
            ) > 5
            """,
            for_="5m",
            severity="critical",
            labels={"service": "crisis-care"},
            summary="Surge of {{ $labels.risk_level }}-risk crisis escalations",
            description=(
                "{{ $value | printf \"%.0f\" }} {{ $labels.risk_level }}-risk "
                "escalations were raised in the last hour. Check that enough "
                "counselors are on duty and that safety triage is not "
                "misclassifying messages."
            ),
            runbook_url=f"{RUNBOOKS}/CrisisEscalationSurge",
            tests=[
                fires(
                    "12 high-risk escalations an hour",
                    escalations(per_hour=12),
                    at="75m",
                    alerts=[
                        Alert(
                            labels={"risk_level": "high"},
                            annotations={
                                "summary": "Surge of high-risk crisis "
                                "escalations",
                                "description": "12 high-risk escalations were "
                                "raised in the last hour. Check that enough "
                                "counselors are on duty and that safety triage "
                                "is not misclassifying messages.",
                            },
                        )
                    ],
                ),
                quiet(
                    "3 high-risk escalations an hour",
                    escalations(per_hour=3),
                    at="75m",
                ),
            ],
        ),
        AlertingRule(
            "SafetyTriageAgentErrors",
            f'{agent_error_ratio}{{agent_name="STA"}} > 0.02',
            for_="5m",
            severity="critical",
            labels={"service": "crisis-care"},
            summary="The safety triage agent fails more than 2% of calls",
            description=(
                "{{ $value | humanizePercentage }} of the messages sent to "
                "{{ $labels.agent_name }} over the last 5 minutes were not "
                "assessed because the agent raised an exception, so crisis "
                "risk in them went undetected."
            ),
            runbook_url=f"{RUNBOOKS}/SafetyTriageAgentErrors",
            tests=[
                fires(
                    "10% of STA calls raise",
                    agent_calls("STA", 0.1),
                    at="10m",
                    alerts=[
                        Alert(
                            labels={"agent_name": "STA"},
                            annotations={
                                "description": "10% of the messages sent to STA "
                                "over the last 5 minutes were not assessed "
                                "because the agent raised an exception, so "
                                "crisis risk in them went undetected.",
                            },
                        )
                    ],
                ),
                quiet("1% of STA calls raise", agent_calls("STA", 0.01), at="10m"),
            ],
        ),
        # Without the pending gauge CrisisEscalationBacklog cannot fire, so
        # its absence while the backend is up is itself critical.
        AlertingRule(
            "CrisisBacklogMetricMissing",
            f"""
            absent({crisis_escalations_pending}{{job="{backend.job_name}"}})
            and on (job)
            (max by (job) ({up}{{job="{backend.job_name}"}}) == 1)
            """,
            for_="10m",
            severity="critical",
            labels={"service": "crisis-care"},
            summary="The crisis backlog of {{ $labels.job }} is not monitored",
            description=(
                "{{ $labels.job }} is up but exports no "
                f"{crisis_escalations_pending} series, so "
                "CrisisEscalationBacklog cannot fire."
            ),
            runbook_url=f"{RUNBOOKS}/CrisisBacklogMetricMissing",
            tests=[
                fires(
                    "the backend is up without the gauge",
                    [gauge(up, BACKEND_TARGET, 1)],
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"job": backend.job_name},
                            annotations={
                                "summary": "The crisis backlog of "
                                "ugm-aicare-backend is not monitored",
                                "description": "ugm-aicare-backend is up but "
                                "exports no crisis_escalations_pending series, "
                                "so CrisisEscalationBacklog cannot fire.",
                            },
                        )
                    ],
                ),
                quiet(
                    "the backend exports the gauge",
                    [
                        gauge(up, BACKEND_TARGET, 1),
                        gauge(crisis_escalations_pending, HIGH, 0),
                    ],
                    at="15m",
                ),
                quiet(
                    "the backend is down, which ContainerDown reports",
                    [gauge(up, BACKEND_TARGET, 0)],
                    at="15m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="crisis-care",
)
