"""Crisis-care alerts. Every alert here is critical and pages."""

from monitoring_as_code import AlertingRule, RuleGroup
from monitoring_as_code.testing import (
    Alert,
    Series,
    counter,
    disappears,
    fires,
    gauge,
    histogram_mix,
    quiet,
    restarted,
)

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
ESCALATION = {**HIGH, "escalation_type": "counselor"}


def escalations(per_hour: float) -> list:
    """Build 90 minutes of high-risk escalations raised at `per_hour`."""
    return [
        counter(crisis_escalations_total, ESCALATION, per_hour / 3600, duration="90m")
    ]


def escalation_burst() -> list:
    """Build 10 high-risk escalations raised at once at 20m."""
    return [Series(str(crisis_escalations_total), ESCALATION, "0x19 10x70")]


def critical_responses(observations: dict[float, float]) -> list:
    """Build the histogram of responses to critical-risk escalations:
    seconds to responses per second."""
    return histogram_mix(crisis_response_time_seconds, CRITICAL, observations)


def backlog(risk_level: str, pending: str) -> Alert:
    """Build the CrisisEscalationBacklog alert with its rendered count."""
    return Alert(
        labels={"risk_level": risk_level},
        annotations={
            "summary": f"{risk_level}-risk crisis escalations are waiting for a "
            "counselor",
            "description": f"Escalations at {risk_level} risk without a "
            f"counselor response: {pending}. The queue has not been empty for "
            "10m.",
        },
    )


def slow_crisis_response(p95: str) -> Alert:
    """Build the SlowCrisisResponse alert of critical risk with its P95."""
    return Alert(
        labels={"risk_level": "critical"},
        annotations={
            "summary": "Counselors take longer than 10m to answer critical-risk "
            "escalations",
            "description": "The P95 time to a first counselor response for "
            f"critical-risk escalations was {p95} over the last hour.",
        },
    )


def surge(count: str) -> Alert:
    """Build the CrisisEscalationSurge alert of high risk with its count."""
    return Alert(
        labels={"risk_level": "high"},
        annotations={
            "summary": "Surge of high-risk crisis escalations",
            "description": f"{count} high-risk escalations were raised in the "
            "last hour. Check that enough counselors are on duty and that "
            "safety triage is not misclassifying messages.",
        },
    )


def failing_triage(percent: str) -> Alert:
    """Build the SafetyTriageAgentErrors alert with its rendered ratio."""
    return Alert(
        labels={"agent_name": "STA"},
        annotations={
            "description": f"{percent} of the messages sent to STA over the last "
            "5 minutes were not assessed because the agent raised an "
            "exception, so crisis risk in them went undetected.",
        },
    )


UNMONITORED_BACKLOG = Alert(
    labels={"job": backend.job_name},
    annotations={
        "summary": f"The crisis backlog of {backend.job_name} is not monitored",
        "description": f"{backend.job_name} is up but exports no "
        "crisis_escalations_pending series, so CrisisEscalationBacklog cannot "
        "fire.",
    },
)


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
                    alerts=[backlog("high", "1")],
                ),
                quiet(
                    "only low-risk escalations wait",
                    [
                        gauge(crisis_escalations_pending, HIGH, 0),
                        gauge(crisis_escalations_pending, LOW, 3),
                    ],
                    at="15m",
                ),
                quiet(
                    "one critical-risk escalation waits for 9m45s: pending",
                    [gauge(crisis_escalations_pending, CRITICAL, 1)],
                    at="9m45s",
                ),
                fires(
                    "one critical-risk escalation waits for 10m: fires",
                    [gauge(crisis_escalations_pending, CRITICAL, 1)],
                    at="10m",
                    alerts=[backlog("critical", "1")],
                ),
                quiet(
                    "no backlog gauge exists, which CrisisBacklogMetricMissing reports",
                    [gauge(up, BACKEND_TARGET, 1)],
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
                    critical_responses({800: 0.01}),
                    at="30m",
                    alerts=[slow_crisis_response("14m 45s")],
                ),
                quiet(
                    "every response takes under 4 minutes",
                    critical_responses({200: 0.01}),
                    at="30m",
                ),
                # The 95th percentile of 20 responses is the 19th, the last in
                # the (300, 600] bucket, so the P95 is that bucket's upper
                # bound. A quantile depends only on the proportions, so the
                # rates can be whole numbers, which keeps it exact.
                quiet(
                    "P95 exactly 10 minutes",
                    critical_responses({500: 19, 1000: 1}),
                    at="30m",
                ),
                # The 95th of 100 responses is the first of 6 in the
                # (600, 900] bucket: 600 + 300 * 1/6 = 650 s.
                fires(
                    "P95 at 10m 50s, just above 10 minutes",
                    critical_responses({500: 94, 800: 6}),
                    at="30m",
                    alerts=[slow_crisis_response("10m 50s")],
                ),
                quiet(
                    "responses take over 13 minutes for 4m45s: pending",
                    critical_responses({800: 0.01}),
                    at="5m45s",
                ),
                fires(
                    "responses take over 13 minutes for 5m: fires",
                    critical_responses({800: 0.01}),
                    at="6m",
                    alerts=[slow_crisis_response("14m 45s")],
                ),
                fires(
                    "responses take over 13 minutes across a counter reset",
                    restarted(critical_responses({800: 0.01}), after="20m"),
                    at="30m",
                    alerts=[slow_crisis_response("14m 45s")],
                ),
                quiet(
                    "only low-risk responses are slow",
                    histogram_mix(crisis_response_time_seconds, LOW, {800: 0.01}),
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
                    alerts=[surge("12")],
                ),
                quiet(
                    "3 high-risk escalations an hour",
                    escalations(per_hour=3),
                    at="75m",
                ),
                # With a sample every 12 minutes, the increase over every 1h
                # window from 60m on is exactly 5, extrapolated or not.
                quiet(
                    "one escalation every 12 minutes, exactly 5 an hour",
                    [
                        counter(
                            crisis_escalations_total,
                            ESCALATION,
                            per_second=1 / 720,
                            duration="96m",
                            interval="12m",
                        )
                    ],
                    at="75m",
                    interval="12m",
                ),
                fires(
                    "6 escalations an hour, just above 5",
                    escalations(per_hour=6),
                    at="75m",
                    alerts=[surge("6")],
                ),
                quiet(
                    "10 escalations at 20m, 4m45s later: pending",
                    escalation_burst(),
                    at="24m45s",
                ),
                fires(
                    "10 escalations at 20m, 5m later: fires",
                    escalation_burst(),
                    at="25m",
                    alerts=[surge("10")],
                ),
                fires(
                    "12 an hour across a backend restart",
                    restarted(escalations(per_hour=12), after="60m"),
                    at="75m",
                    alerts=[surge("12")],
                ),
                quiet(
                    "only low-risk escalations surge",
                    [
                        counter(
                            crisis_escalations_total,
                            {**LOW, "escalation_type": "counselor"},
                            per_second=12 / 3600,
                            duration="90m",
                        )
                    ],
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
                    alerts=[failing_triage("10%")],
                ),
                quiet("1% of STA calls raise", agent_calls("STA", 0.01), at="10m"),
                quiet(
                    "exactly 2% of STA calls raise", agent_calls("STA", 1, 50), at="10m"
                ),
                fires(
                    "2.5% of STA calls raise, just above 2%",
                    agent_calls("STA", 1, 40),
                    at="10m",
                    alerts=[failing_triage("2.5%")],
                ),
                quiet(
                    "10% of STA calls raise for 4m45s: pending",
                    agent_calls("STA", 0.1),
                    at="5m45s",
                ),
                fires(
                    "10% of STA calls raise for 5m: fires",
                    agent_calls("STA", 0.1),
                    at="6m",
                    alerts=[failing_triage("10%")],
                ),
                fires(
                    "10% of STA calls raise across a counter reset",
                    restarted(agent_calls("STA", 0.1), after="7m"),
                    at="10m",
                    alerts=[failing_triage("10%")],
                ),
                quiet(
                    "STA has raised no error, so no error series exists",
                    agent_calls("STA", 0.1)[1:],
                    at="10m",
                ),
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
                    alerts=[UNMONITORED_BACKLOG],
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
                # The gauge's last sample is at 5m and it is stale from 6m.
                quiet(
                    "the gauge is gone for 9m45s: pending",
                    [
                        gauge(up, BACKEND_TARGET, 1),
                        disappears(crisis_escalations_pending, HIGH, 0, after="5m"),
                    ],
                    at="15m45s",
                ),
                fires(
                    "the gauge is gone for 10m: fires",
                    [
                        gauge(up, BACKEND_TARGET, 1),
                        disappears(crisis_escalations_pending, HIGH, 0, after="5m"),
                    ],
                    at="16m",
                    alerts=[UNMONITORED_BACKLOG],
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="crisis-care",
)
