"""Alerts on the agents, the LLM API and the tools that agents call.

The safety triage agent (STA) has its own critical alert in
alerts_crisis_care.py, because its failures hide crisis risk.
"""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.testing import Alert, counter, fires, histogram, quiet

from .alerts import BACKEND_TARGET, INTERVAL, RUNBOOKS
from .catalog import (
    agent_errors_total,
    agent_processing_time_seconds,
    llm_api_calls_total,
    llm_api_duration_seconds,
    tool_calls_total,
)

MODEL = {**BACKEND_TARGET, "model": "gemini"}
TOOL = {**BACKEND_TARGET, "tool_name": "get_user_profile"}


def agent_calls(agent_name: str, errors_per_second: float) -> list:
    """Build the counters of one agent called once a second."""
    return [
        counter(
            agent_errors_total,
            {**BACKEND_TARGET, "agent_name": agent_name, "error_type": "TimeoutError"},
            errors_per_second,
        ),
        counter(
            agent_processing_time_seconds.count,
            {**BACKEND_TARGET, "agent_name": agent_name, "user_role": "student"},
            1,
        ),
    ]


def outcome_counters(metric, labels: dict, failures_per_second: float) -> list:
    """Build `success` counters of one call a second, `failures_per_second` failing."""
    return [
        counter(metric, {**labels, "success": "false"}, failures_per_second),
        counter(metric, {**labels, "success": "true"}, 1 - failures_per_second),
    ]


agent_processing_time_buckets = RecordingRule(
    "agent_name:agent_processing_time_seconds_bucket:rate5m",
    f"sum by (agent_name, le) "
    f"(rate({agent_processing_time_seconds.bucket}[5m]))",
)

# The histogram's count includes failed calls, whereas
# agent_invocations_total counts only the calls that returned.
agent_error_ratio = RecordingRule(
    "agent_name:agent_errors_per_calls:ratio_rate5m",
    f"""
    sum by (agent_name) (rate({agent_errors_total}[5m]))
    /
    sum by (agent_name) (rate({agent_processing_time_seconds.count}[5m]))
    """,
)

llm_calls_rate = RecordingRule(
    "model:llm_api_calls:rate5m",
    f"sum by (model) (rate({llm_api_calls_total}[5m]))",
)

llm_call_failure_ratio = RecordingRule(
    "model:llm_api_call_failures_per_calls:ratio_rate5m",
    f"""
    sum by (model) (rate({llm_api_calls_total}{{success="false"}}[5m]))
    /
    {llm_calls_rate}
    """,
)

llm_duration_buckets = RecordingRule(
    "model:llm_api_duration_seconds_bucket:rate5m",
    f"sum by (model, le) (rate({llm_api_duration_seconds.bucket}[5m]))",
)

tool_call_failure_ratio = RecordingRule(
    "tool_name:tool_call_failures_per_calls:ratio_rate5m",
    f"""
    sum by (tool_name) (rate({tool_calls_total}{{success="false"}}[5m]))
    /
    sum by (tool_name) (rate({tool_calls_total}[5m]))
    """,
)

# A test case checks every rule named HighLLMErrorRatio at once, so the
# critical tier's firing case is read at 8m, after its 5m `for` but before
# the warning tier's 10m `for` has passed.
agent_rules = RuleGroup(
    "ugm-aicare-agents",
    [
        agent_processing_time_buckets,
        agent_error_ratio,
        llm_calls_rate,
        llm_call_failure_ratio,
        llm_duration_buckets,
        tool_call_failure_ratio,
        AlertingRule(
            "SlowAgentProcessing",
            f"histogram_quantile(0.95, {agent_processing_time_buckets}) > 5",
            for_="5m",
            severity="warning",
            labels={"service": "agents"},
            summary="Agent {{ $labels.agent_name }} is slow",
            description=(
                "{{ $labels.agent_name }} P95 processing time is "
                "{{ $value | humanizeDuration }} over the last 5 minutes. "
                "The bound is 5 s."
            ),
            runbook_url=f"{RUNBOOKS}/SlowAgentProcessing",
            tests=[
                # Every call takes 8 s: the P95 falls in the (5, 10] bucket,
                # at 5 + 0.95 * 5 = 9.75 s.
                fires(
                    "every SCA call takes 8 s",
                    histogram(
                        agent_processing_time_seconds,
                        {**BACKEND_TARGET, "agent_name": "SCA", "user_role": "student"},
                        observe=8,
                    ),
                    at="10m",
                    alerts=[
                        Alert(
                            labels={"agent_name": "SCA"},
                            annotations={
                                "summary": "Agent SCA is slow",
                                "description": "SCA P95 processing time is 9.75s "
                                "over the last 5 minutes. The bound is 5 s.",
                            },
                        )
                    ],
                ),
                quiet(
                    "every SCA call takes 1.5 s",
                    histogram(
                        agent_processing_time_seconds,
                        {**BACKEND_TARGET, "agent_name": "SCA", "user_role": "student"},
                        observe=1.5,
                    ),
                    at="10m",
                ),
            ],
        ),
        # The safety triage agent (STA) has its own critical alert,
        # SafetyTriageAgentErrors, so it is left out here.
        AlertingRule(
            "HighAgentErrorRatio",
            f'{agent_error_ratio}{{agent_name!="STA"}} > 0.05',
            for_="10m",
            severity="warning",
            labels={"service": "agents"},
            summary="Agent {{ $labels.agent_name }} fails more than 5% of calls",
            description=(
                "{{ $value | humanizePercentage }} of the calls to agent "
                "{{ $labels.agent_name }} raised an exception over the last "
                "5 minutes."
            ),
            runbook_url=f"{RUNBOOKS}/HighAgentErrorRatio",
            tests=[
                fires(
                    "10% of SCA calls raise",
                    agent_calls("SCA", 0.1),
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"agent_name": "SCA"},
                            annotations={
                                "summary": "Agent SCA fails more than 5% of calls",
                                "description": "10% of the calls to agent SCA "
                                "raised an exception over the last 5 minutes.",
                            },
                        )
                    ],
                ),
                quiet("1% of SCA calls raise", agent_calls("SCA", 0.01), at="15m"),
                quiet(
                    "STA errors are left to SafetyTriageAgentErrors",
                    agent_calls("STA", 0.1),
                    at="15m",
                ),
            ],
        ),
        AlertingRule(
            "HighLLMErrorRatio",
            f"{llm_call_failure_ratio} > 0.25",
            for_="5m",
            severity="critical",
            labels={"service": "llm"},
            summary="More than 25% of calls to LLM {{ $labels.model }} fail",
            description=(
                "{{ $value | humanizePercentage }} of the calls to "
                "{{ $labels.model }} failed over the last 5 minutes. Agents "
                "that depend on it cannot reply to users."
            ),
            runbook_url=f"{RUNBOOKS}/HighLLMErrorRatio",
            tests=[
                fires(
                    "half of the LLM calls fail",
                    outcome_counters(llm_api_calls_total, MODEL, 0.5),
                    at="8m",
                    alerts=[
                        Alert(
                            labels={"model": "gemini"},
                            annotations={
                                "summary": "More than 25% of calls to LLM gemini "
                                "fail",
                                "description": "50% of the calls to gemini failed "
                                "over the last 5 minutes. Agents that depend on "
                                "it cannot reply to users.",
                            },
                        )
                    ],
                ),
                quiet(
                    "2% of the LLM calls fail",
                    outcome_counters(llm_api_calls_total, MODEL, 0.02),
                    at="15m",
                ),
            ],
        ),
        AlertingRule(
            "HighLLMErrorRatio",
            f"{llm_call_failure_ratio} > 0.05",
            for_="10m",
            severity="warning",
            labels={"service": "llm"},
            summary="More than 5% of calls to LLM {{ $labels.model }} fail",
            description=(
                "{{ $value | humanizePercentage }} of the calls to "
                "{{ $labels.model }} failed over the last 5 minutes."
            ),
            runbook_url=f"{RUNBOOKS}/HighLLMErrorRatio",
            tests=[
                fires(
                    "10% of the LLM calls fail",
                    outcome_counters(llm_api_calls_total, MODEL, 0.1),
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"model": "gemini"},
                            annotations={
                                "summary": "More than 5% of calls to LLM gemini "
                                "fail",
                                "description": "10% of the calls to gemini failed "
                                "over the last 5 minutes.",
                            },
                        )
                    ],
                ),
                quiet(
                    "no LLM call fails",
                    outcome_counters(llm_api_calls_total, MODEL, 0),
                    at="15m",
                ),
            ],
        ),
        AlertingRule(
            "SlowLLMResponses",
            f"histogram_quantile(0.95, {llm_duration_buckets}) > 10",
            for_="10m",
            severity="warning",
            labels={"service": "llm"},
            summary="P95 latency of LLM {{ $labels.model }} is above 10 s",
            description=(
                "95% of the calls to {{ $labels.model }} took up to "
                "{{ $value | humanizeDuration }} over the last 5 minutes. "
                "The bound is 10 s."
            ),
            runbook_url=f"{RUNBOOKS}/SlowLLMResponses",
            tests=[
                # Every call takes 15 s: the P95 falls in the (10, 20]
                # bucket, at 10 + 0.95 * 10 = 19.5 s.
                fires(
                    "every LLM call takes 15 s",
                    histogram(llm_api_duration_seconds, MODEL, observe=15),
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"model": "gemini"},
                            annotations={
                                "summary": "P95 latency of LLM gemini is above "
                                "10 s",
                                "description": "95% of the calls to gemini took "
                                "up to 19.5s over the last 5 minutes. The bound "
                                "is 10 s.",
                            },
                        )
                    ],
                ),
                quiet(
                    "every LLM call takes 3 s",
                    histogram(llm_api_duration_seconds, MODEL, observe=3),
                    at="15m",
                ),
            ],
        ),
        AlertingRule(
            "HighToolFailureRatio",
            f"{tool_call_failure_ratio} > 0.1",
            for_="10m",
            severity="warning",
            labels={"service": "agents"},
            summary="Tool {{ $labels.tool_name }} fails more than 10% of calls",
            description=(
                "{{ $value | humanizePercentage }} of the calls to tool "
                "{{ $labels.tool_name }} failed over the last 5 minutes."
            ),
            runbook_url=f"{RUNBOOKS}/HighToolFailureRatio",
            tests=[
                fires(
                    "20% of the tool calls fail",
                    outcome_counters(tool_calls_total, TOOL, 0.2),
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"tool_name": "get_user_profile"},
                            annotations={
                                "summary": "Tool get_user_profile fails more "
                                "than 10% of calls",
                                "description": "20% of the calls to tool "
                                "get_user_profile failed over the last 5 "
                                "minutes.",
                            },
                        )
                    ],
                ),
                quiet(
                    "5% of the tool calls fail",
                    outcome_counters(tool_calls_total, TOOL, 0.05),
                    at="15m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="agents",
)
