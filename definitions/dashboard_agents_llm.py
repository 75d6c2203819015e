"""Agents, the LLM API and the tools that agents call."""

from monitoring_as_code import (
    BarGaugePanel,
    Dashboard,
    HeatmapPanel,
    QueryVariable,
    Row,
    TablePanel,
    Target,
    Threshold,
    TimeSeriesPanel,
)

from .catalog import (
    agent_errors_total,
    agent_invocations_total,
    agent_processing_time_seconds,
    llm_api_calls_total,
    llm_api_duration_seconds,
    llm_token_usage_total,
    tool_calls_total,
    tool_execution_time_seconds,
)
from .dashboards import folder

AGENT = 'agent_name=~"$agent"'
MODEL = 'model=~"$model"'

agents_and_llm = Dashboard(
    "ugm-aicare-agents-llm",
    "UGM-AICare Agents and LLM",
    folder=folder,
    tags=["ugm-aicare", "agents", "llm"],
    description="Agent calls, errors and latency, LLM API calls, failures, "
    "latency and tokens, and tool calls.",
    variables=[
        QueryVariable(
            "agent",
            label="Agent",
            query=f"label_values({agent_processing_time_seconds.count}, agent_name)",
            multi=True,
            include_all=True,
        ),
        QueryVariable(
            "model",
            label="LLM model",
            query=f"label_values({llm_api_calls_total}, model)",
            multi=True,
            include_all=True,
        ),
    ],
    panels=[
        Row(
            "Agents",
            [
                TimeSeriesPanel(
                    "Agent calls",
                    [
                        Target(
                            f"sum by (agent_name) "
                            f"(rate({agent_processing_time_seconds.count}"
                            f"{{{AGENT}}}[$__rate_interval]))",
                            legend="{{agent_name}}",
                        )
                    ],
                    description="Every call, including calls that raised.",
                    unit="ops",
                ),
                TimeSeriesPanel(
                    "Agent error ratio",
                    [
                        Target(
                            f"""
                            sum by (agent_name) (
                              rate({agent_errors_total}{{{AGENT}}}[$__rate_interval])
                            )
                            /
                            sum by (agent_name) (
                              rate({agent_processing_time_seconds.count}{{{AGENT}}}[$__rate_interval])
                            )
                            """,
                            legend="{{agent_name}}",
                        )
                    ],
                    description="Share of calls that raised. "
                    "SafetyTriageAgentErrors pages above 2% for STA; "
                    "HighAgentErrorRatio warns above 5% for the others.",
                    unit="percentunit",
                ),
                TimeSeriesPanel(
                    "Agent P95 processing time",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le, agent_name) (
                                rate({agent_processing_time_seconds.bucket}{{{AGENT}}}[$__rate_interval])
                              )
                            )
                            """,
                            legend="{{agent_name}}",
                        )
                    ],
                    description="SlowAgentProcessing fires above 5 s.",
                    unit="s",
                    thresholds=[Threshold("green"), Threshold("red", 5)],
                ),
                HeatmapPanel(
                    "Agent processing time distribution",
                    [
                        Target(
                            f"sum by (le) "
                            f"(increase({agent_processing_time_seconds.bucket}"
                            f"{{{AGENT}}}[$__rate_interval]))",
                            legend="{{le}}",
                            format="heatmap",
                        )
                    ],
                    unit="s",
                ),
                TimeSeriesPanel(
                    "Agent errors by exception",
                    [
                        Target(
                            f"sum by (agent_name, error_type) "
                            f"(rate({agent_errors_total}{{{AGENT}}}"
                            "[$__rate_interval]))",
                            legend="{{agent_name}} {{error_type}}",
                        )
                    ],
                    unit="ops",
                    width=12,
                ),
                BarGaugePanel(
                    "Completed calls by intent (time range)",
                    [
                        Target(
                            f"sum by (intent) "
                            f"(increase({agent_invocations_total}{{{AGENT}}}"
                            "[$__range]))",
                            legend="{{intent}}",
                            instant=True,
                        )
                    ],
                    unit="short",
                    width=12,
                ),
            ],
        ),
        Row(
            "LLM API",
            [
                TimeSeriesPanel(
                    "LLM calls by outcome",
                    [
                        Target(
                            f"sum by (model, success) "
                            f"(rate({llm_api_calls_total}{{{MODEL}}}"
                            "[$__rate_interval]))",
                            legend="{{model}} success={{success}}",
                        )
                    ],
                    unit="ops",
                ),
                TimeSeriesPanel(
                    "LLM failure ratio",
                    [
                        Target(
                            f"""
                            sum by (model) (
                              rate({llm_api_calls_total}{{{MODEL},success="false"}}[$__rate_interval])
                            )
                            /
                            sum by (model) (
                              rate({llm_api_calls_total}{{{MODEL}}}[$__rate_interval])
                            )
                            """,
                            legend="{{model}}",
                        )
                    ],
                    description="HighLLMErrorRatio warns above 5% and pages "
                    "above 25%.",
                    unit="percentunit",
                    thresholds=[
                        Threshold("green"),
                        Threshold("orange", 0.05),
                        Threshold("red", 0.25),
                    ],
                ),
                TimeSeriesPanel(
                    "LLM latency percentiles",
                    [
                        Target(
                            f"""
                            histogram_quantile({quantile},
                              sum by (le, model) (
                                rate({llm_api_duration_seconds.bucket}{{{MODEL}}}[$__rate_interval])
                              )
                            )
                            """,
                            legend=f"{{{{model}}}} P{round(quantile * 100)}",
                        )
                        for quantile in (0.5, 0.95)
                    ],
                    description="SlowLLMResponses fires when P95 is above 10 s.",
                    unit="s",
                ),
                HeatmapPanel(
                    "LLM latency distribution",
                    [
                        Target(
                            f"sum by (le) "
                            f"(increase({llm_api_duration_seconds.bucket}"
                            f"{{{MODEL}}}[$__rate_interval]))",
                            legend="{{le}}",
                            format="heatmap",
                        )
                    ],
                    unit="s",
                ),
                TimeSeriesPanel(
                    "Tokens per second",
                    [
                        Target(
                            f"sum by (model, type) "
                            f"(rate({llm_token_usage_total}{{{MODEL}}}"
                            "[$__rate_interval]))",
                            legend="{{model}} {{type}}",
                        )
                    ],
                    unit="short",
                    width=12,
                ),
            ],
        ),
        Row(
            "Tools",
            [
                TimeSeriesPanel(
                    "Tool calls",
                    [
                        Target(
                            f"sum by (tool_name) "
                            f"(rate({tool_calls_total}[$__rate_interval]))",
                            legend="{{tool_name}}",
                        )
                    ],
                    unit="ops",
                ),
                TimeSeriesPanel(
                    "Tool failure ratio",
                    [
                        Target(
                            f"""
                            sum by (tool_name) (
                              rate({tool_calls_total}{{success="false"}}[$__rate_interval])
                            )
                            /
                            sum by (tool_name) (
                              rate({tool_calls_total}[$__rate_interval])
                            )
                            """,
                            legend="{{tool_name}}",
                        )
                    ],
                    description="HighToolFailureRatio warns above 10%.",
                    unit="percentunit",
                ),
                TimeSeriesPanel(
                    "Tool P95 execution time",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le, tool_name) (
                                rate({tool_execution_time_seconds.bucket}[$__rate_interval])
                              )
                            )
                            """,
                            legend="{{tool_name}}",
                        )
                    ],
                    unit="s",
                ),
                TablePanel(
                    "Tool failures (time range)",
                    [
                        Target(
                            f"sort_desc(sum by (tool_name) "
                            f'(increase({tool_calls_total}{{success="false"}}'
                            "[$__range])))",
                            instant=True,
                            format="table",
                        )
                    ],
                    unit="short",
                    width=24,
                ),
            ],
        ),
    ],
)
