"""Alerts on the agents, the LLM API and the tools that agents call.

The safety triage agent (STA) has its own critical alert in
alerts_crisis_care.py, because its failures hide crisis risk.
"""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.testing import (
    Alert,
    counter,
    fires,
    histogram_mix,
    quiet,
    restarted,
)

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
SCA = {**BACKEND_TARGET, "agent_name": "SCA", "user_role": "student"}


def agent_calls(
    agent_name: str, errors_per_second: float, calls_per_second: float = 1
) -> list:
    """Build the counters of one agent's calls and the errors they raised."""
    return [
        counter(
            agent_errors_total,
            {**BACKEND_TARGET, "agent_name": agent_name, "error_type": "TimeoutError"},
            errors_per_second,
        ),
        counter(
            agent_processing_time_seconds.count,
            {**BACKEND_TARGET, "agent_name": agent_name, "user_role": "student"},
            calls_per_second,
        ),
    ]


def outcome_counters(metric, labels: dict, failed: float, succeeded: float) -> list:
    """Build the `success="false"` and `success="true"` counters of `metric`,
    with the calls that failed and succeeded per second."""
    return [
        counter(metric, {**labels, "success": "false"}, failed),
        counter(metric, {**labels, "success": "true"}, succeeded),
    ]


def llm_calls(failed: float, succeeded: float) -> list:
    return outcome_counters(llm_api_calls_total, MODEL, failed, succeeded)


def tool_calls(failed: float, succeeded: float) -> list:
    return outcome_counters(tool_calls_total, TOOL, failed, succeeded)


def sca_latency(observations: dict[float, float]) -> list:
    """Build the latency histogram of SCA: seconds to calls per second."""
    return histogram_mix(agent_processing_time_seconds, SCA, observations)


def llm_latency(observations: dict[float, float]) -> list:
    """Build the latency histogram of LLM calls: seconds to calls per second."""
    return histogram_mix(llm_api_duration_seconds, MODEL, observations)


def slow_agent(p95: str) -> Alert:
    """Build the SlowAgentProcessing alert of SCA with its rendered P95."""
    return Alert(
        labels={"agent_name": "SCA"},
        annotations={
            "summary": "Agent SCA is slow",
            "description": f"SCA P95 processing time is {p95} over the last 5 "
            "minutes. The bound is 5 s.",
        },
    )


def failing_agent(percent: str) -> Alert:
    """Build the HighAgentErrorRatio alert of SCA with its rendered ratio."""
    return Alert(
        labels={"agent_name": "SCA"},
        annotations={
            "summary": "Agent SCA fails more than 5% of calls",
            "description": f"{percent} of the calls to agent SCA raised an "
            "exception over the last 5 minutes.",
        },
    )


def llm_errors_page(percent: str) -> Alert:
    """Build the critical HighLLMErrorRatio alert with its rendered ratio."""
    return Alert(
        labels={"model": "gemini"},
        annotations={
            "summary": "More than 25% of calls to LLM gemini fail",
            "description": f"{percent} of the calls to gemini failed over the "
            "last 5 minutes. Agents that depend on it cannot reply to users.",
        },
    )


def llm_errors_warning(percent: str) -> Alert:
    """Build the warning HighLLMErrorRatio alert with its rendered ratio."""
    return Alert(
        labels={"model": "gemini", "severity": "warning"},
        annotations={
            "summary": "More than 5% of calls to LLM gemini fail",
            "description": f"{percent} of the calls to gemini failed over the "
            "last 5 minutes.",
        },
    )


def slow_llm(p95: str) -> Alert:
    """Build the SlowLLMResponses alert with its rendered P95."""
    return Alert(
        labels={"model": "gemini"},
        annotations={
            "summary": "P95 latency of LLM gemini is above 10 s",
            "description": f"95% of the calls to gemini took up to {p95} over "
            "the last 5 minutes. The bound is 10 s.",
        },
    )


def failing_tool(percent: str) -> Alert:
    """Build the HighToolFailureRatio alert with its rendered ratio."""
    return Alert(
        labels={"tool_name": "get_user_profile"},
        annotations={
            "summary": "Tool get_user_profile fails more than 10% of calls",
            "description": f"{percent} of the calls to tool get_user_profile "
            "failed over the last 5 minutes.",
        },
    )


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
# critical tier's firing cases are read before 11m, when the warning tier's
# 10m `for` (counted from the first rate at 1m) has passed.
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
                    sca_latency({8: 1}),
                    at="10m",
                    alerts=[slow_agent("9.75s")],
                ),
                quiet(
                    "every SCA call takes 1.5 s",
                    sca_latency({1.5: 1}),
                    at="10m",
                ),
                # The 95th percentile of 20 calls is the 19th, the last in
                # the (2, 5] bucket, so the P95 is that bucket's upper bound.
                quiet(
                    "P95 of SCA exactly 5 s",
                    sca_latency({3: 19, 8: 1}),
                    at="10m",
                ),
                # The 95th of 100 calls is the first of 6 in the (5, 10]
                # bucket: 5 + 5 * 1/6 = 5.833 s.
                fires(
                    "P95 of SCA at 5.833 s, just above 5 s",
                    sca_latency({3: 94, 8: 6}),
                    at="10m",
                    alerts=[slow_agent("5.833s")],
                ),
                quiet(
                    "SCA calls take 8 s for 4m45s: pending",
                    sca_latency({8: 1}),
                    at="5m45s",
                ),
                fires(
                    "SCA calls take 8 s for 5m: fires",
                    sca_latency({8: 1}),
                    at="6m",
                    alerts=[slow_agent("9.75s")],
                ),
                fires(
                    "SCA calls take 8 s across a counter reset",
                    restarted(sca_latency({8: 1}), after="5m"),
                    at="8m",
                    alerts=[slow_agent("9.75s")],
                ),
                quiet(
                    "no latency series of SCA exists",
                    agent_calls("SCA", 0.1)[:1],
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
                    alerts=[failing_agent("10%")],
                ),
                quiet("1% of SCA calls raise", agent_calls("SCA", 0.01), at="15m"),
                quiet(
                    "STA errors are left to SafetyTriageAgentErrors",
                    agent_calls("STA", 0.1),
                    at="15m",
                ),
                quiet(
                    "exactly 5% of SCA calls raise", agent_calls("SCA", 1, 20), at="15m"
                ),
                fires(
                    "6% of SCA calls raise, just above 5%",
                    agent_calls("SCA", 3, 50),
                    at="15m",
                    alerts=[failing_agent("6%")],
                ),
                quiet(
                    "10% of SCA calls raise for 9m45s: pending",
                    agent_calls("SCA", 0.1),
                    at="10m45s",
                ),
                fires(
                    "10% of SCA calls raise for 10m: fires",
                    agent_calls("SCA", 0.1),
                    at="11m",
                    alerts=[failing_agent("10%")],
                ),
                fires(
                    "10% of SCA calls raise across a counter reset",
                    restarted(agent_calls("SCA", 0.1), after="12m"),
                    at="15m",
                    alerts=[failing_agent("10%")],
                ),
                quiet(
                    "SCA has raised no error, so no error series exists",
                    agent_calls("SCA", 0.1)[1:],
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
                    llm_calls(0.5, 0.5),
                    at="8m",
                    alerts=[llm_errors_page("50%")],
                ),
                quiet(
                    "2% of the LLM calls fail",
                    llm_calls(0.02, 0.98),
                    at="15m",
                ),
                quiet(
                    "exactly 25% of the LLM calls fail",
                    llm_calls(1, 3),
                    at="8m",
                ),
                fires(
                    "30% of the LLM calls fail, just above 25%",
                    llm_calls(3, 7),
                    at="8m",
                    alerts=[llm_errors_page("30%")],
                ),
                quiet(
                    "half of the LLM calls fail for 4m45s: pending",
                    llm_calls(0.5, 0.5),
                    at="5m45s",
                ),
                fires(
                    "half of the LLM calls fail for 5m: fires",
                    llm_calls(0.5, 0.5),
                    at="6m",
                    alerts=[llm_errors_page("50%")],
                ),
                fires(
                    "half of the LLM calls fail across a counter reset",
                    restarted(llm_calls(0.5, 0.5), after="5m"),
                    at="8m",
                    alerts=[llm_errors_page("50%")],
                ),
                quiet(
                    "no LLM call has failed, so no failure series exists",
                    llm_calls(0, 1)[1:],
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
                    llm_calls(0.1, 0.9),
                    at="15m",
                    alerts=[llm_errors_warning("10%")],
                ),
                quiet(
                    "no LLM call fails",
                    llm_calls(0, 1),
                    at="15m",
                ),
                quiet(
                    "exactly 5% of the LLM calls fail",
                    llm_calls(1, 19),
                    at="15m",
                ),
                fires(
                    "6% of the LLM calls fail, just above 5%",
                    llm_calls(3, 47),
                    at="15m",
                    alerts=[llm_errors_warning("6%")],
                ),
                quiet(
                    "10% of the LLM calls fail for 9m45s: pending",
                    llm_calls(0.1, 0.9),
                    at="10m45s",
                ),
                fires(
                    "10% of the LLM calls fail for 10m: fires",
                    llm_calls(0.1, 0.9),
                    at="11m",
                    alerts=[llm_errors_warning("10%")],
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
                    llm_latency({15: 1}),
                    at="15m",
                    alerts=[slow_llm("19.5s")],
                ),
                quiet(
                    "every LLM call takes 3 s",
                    llm_latency({3: 1}),
                    at="15m",
                ),
                # The 95th percentile of 20 calls is the 19th, the last in
                # the (5, 10] bucket, so the P95 is that bucket's upper bound.
                quiet(
                    "P95 of LLM calls exactly 10 s",
                    llm_latency({8: 19, 15: 1}),
                    at="15m",
                ),
                # The 95th of 100 calls is the first of 6 in the (10, 20]
                # bucket: 10 + 10 * 1/6 = 11.67 s.
                fires(
                    "P95 of LLM calls at 11.67 s, just above 10 s",
                    llm_latency({8: 94, 15: 6}),
                    at="15m",
                    alerts=[slow_llm("11.67s")],
                ),
                quiet(
                    "LLM calls take 15 s for 9m45s: pending",
                    llm_latency({15: 1}),
                    at="10m45s",
                ),
                fires(
                    "LLM calls take 15 s for 10m: fires",
                    llm_latency({15: 1}),
                    at="11m",
                    alerts=[slow_llm("19.5s")],
                ),
                fires(
                    "LLM calls take 15 s across a counter reset",
                    restarted(llm_latency({15: 1}), after="12m"),
                    at="15m",
                    alerts=[slow_llm("19.5s")],
                ),
                quiet(
                    "no LLM latency series exists",
                    llm_calls(0, 1),
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
                    tool_calls(0.2, 0.8),
                    at="15m",
                    alerts=[failing_tool("20%")],
                ),
                quiet(
                    "5% of the tool calls fail",
                    tool_calls(0.05, 0.95),
                    at="15m",
                ),
                quiet(
                    "exactly 10% of the tool calls fail",
                    tool_calls(1, 9),
                    at="15m",
                ),
                fires(
                    "12% of the tool calls fail, just above 10%",
                    tool_calls(3, 22),
                    at="15m",
                    alerts=[failing_tool("12%")],
                ),
                quiet(
                    "20% of the tool calls fail for 9m45s: pending",
                    tool_calls(0.2, 0.8),
                    at="10m45s",
                ),
                fires(
                    "20% of the tool calls fail for 10m: fires",
                    tool_calls(0.2, 0.8),
                    at="11m",
                    alerts=[failing_tool("20%")],
                ),
                fires(
                    "20% of the tool calls fail across a counter reset",
                    restarted(tool_calls(0.2, 0.8), after="12m"),
                    at="15m",
                    alerts=[failing_tool("20%")],
                ),
                quiet(
                    "no tool call has failed, so no failure series exists",
                    tool_calls(0, 1)[1:],
                    at="15m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="agents",
)
