"""Grafana dashboards of the UGM-AICare platform, in the UGM-AICare folder.

Panels use `$__rate_interval` as the rate window, so that every window
holds at least a few scrapes at any zoom level. Crisis, counselor and
engagement panels use fixed windows of one hour or more instead, because
those events are rare: a window of a minute or two would usually be empty.
Gauges that every backend replica reports with the same platform-wide value
are read with max(), never sum().
"""

from monitoring_as_code import (
    BarGaugePanel,
    Dashboard,
    Folder,
    GaugePanel,
    HeatmapPanel,
    Legend,
    QueryVariable,
    Row,
    StatPanel,
    TablePanel,
    Target,
    Threshold,
    TimeSeriesPanel,
)

from .alerts import CRISIS_RESPONSE_BOUND_SECONDS, node_memory_utilisation
from .catalog import (
    active_users,
    agent_errors_total,
    agent_invocations_total,
    agent_processing_time_seconds,
    container_cpu_usage_seconds_total,
    container_memory_working_set_bytes,
    container_start_time_seconds,
    counselor_case_load,
    counselor_response_satisfaction_score,
    counselors_on_duty,
    crisis_escalations_pending,
    crisis_escalations_total,
    crisis_response_time_by_counselor_seconds,
    crisis_response_time_seconds,
    daily_active_users,
    db_connection_pool_available,
    db_connection_pool_checked_out,
    db_connection_pool_size,
    db_query_duration_seconds,
    false_positive_crisis_rate,
    http_request_duration_seconds,
    http_requests_total,
    intervention_plan_abandonment_rate,
    intervention_plan_completion_rate,
    intervention_plan_steps_completed_total,
    intervention_plans_created_total,
    llm_api_calls_total,
    llm_api_duration_seconds,
    llm_token_usage_total,
    mood_improvement_score,
    node_cpu_seconds_total,
    node_disk_read_bytes_total,
    node_disk_written_bytes_total,
    node_filesystem_avail_bytes,
    node_filesystem_size_bytes,
    node_network_receive_bytes_total,
    node_network_transmit_bytes_total,
    pg_settings_max_connections,
    pg_stat_database_numbackends,
    pg_up,
    redis_commands_processed_total,
    redis_connected_clients,
    redis_keyspace_hits_total,
    redis_keyspace_misses_total,
    redis_memory_max_bytes,
    redis_memory_used_bytes,
    redis_up,
    safety_triage_accuracy,
    system_info_info,
    tool_calls_total,
    tool_execution_time_seconds,
    up,
    user_session_duration_seconds,
    user_sessions_total,
)
from .scrape import backend

folder = Folder("ugm-aicare", "UGM-AICare")

TABLE_LEGEND = Legend(display_mode="table", placement="right", calcs=("mean", "max"))
HIGH_RISK = 'risk_level=~"high|critical"'

# Production overview.

INSTANCE = 'instance=~"$instance"'

instance_variable = QueryVariable(
    "instance",
    label="Backend instance",
    query=f'label_values({up}{{job="{backend.job_name}"}}, instance)',
    multi=True,
    include_all=True,
)

overview = Dashboard(
    "ugm-aicare-overview",
    "UGM-AICare Production Overview",
    folder=folder,
    tags=["ugm-aicare", "overview"],
    description="Traffic, errors, latency, agents and care activity of the "
    "UGM-AICare backend.",
    variables=[instance_variable],
    panels=[
        Row(
            "Service health",
            [
                StatPanel(
                    "Request rate",
                    [
                        Target(
                            f"sum(rate({http_requests_total}{{{INSTANCE}}}"
                            "[$__rate_interval]))"
                        )
                    ],
                    unit="reqps",
                ),
                StatPanel(
                    "5xx error ratio",
                    [
                        Target(
                            f"""
                            (
                              sum(rate({http_requests_total}{{{INSTANCE},status=~"5.."}}[$__rate_interval]))
                              or vector(0)
                            )
                            /
                            sum(rate({http_requests_total}{{{INSTANCE}}}[$__rate_interval]))
                            """
                        )
                    ],
                    description="Share of requests answered with a 5xx status. "
                    "HighErrorRate warns above 2% and pages above 5%.",
                    unit="percentunit",
                    decimals=2,
                    thresholds=[
                        Threshold("green"),
                        Threshold("orange", 0.02),
                        Threshold("red", 0.05),
                    ],
                ),
                StatPanel(
                    "P95 response time",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le) (rate({http_request_duration_seconds.bucket}{{{INSTANCE}}}[$__rate_interval]))
                            )
                            """
                        )
                    ],
                    description="SlowResponseTime fires above 2 s.",
                    unit="s",
                    thresholds=[Threshold("green"), Threshold("red", 2)],
                ),
                StatPanel(
                    "Active users",
                    [Target(f"max({active_users})")],
                    unit="short",
                ),
                TablePanel(
                    "Deployed backend versions",
                    [
                        Target(
                            f"max by (instance, version, environment) "
                            f"({system_info_info}{{{INSTANCE}}})",
                            instant=True,
                            format="table",
                        )
                    ],
                    width=24,
                    height=5,
                ),
            ],
        ),
        Row(
            "Traffic and latency",
            [
                TimeSeriesPanel(
                    "Request rate by endpoint",
                    [
                        Target(
                            f"sum by (method, endpoint) "
                            f"(rate({http_requests_total}{{{INSTANCE}}}"
                            "[$__rate_interval]))",
                            legend="{{method}} {{endpoint}}",
                        )
                    ],
                    unit="reqps",
                    width=12,
                    legend=TABLE_LEGEND,
                ),
                TimeSeriesPanel(
                    "Response time percentiles",
                    [
                        Target(
                            f"""
                            histogram_quantile({quantile},
                              sum by (le) (rate({http_request_duration_seconds.bucket}{{{INSTANCE}}}[$__rate_interval]))
                            )
                            """,
                            legend=f"P{round(quantile * 100)}",
                        )
                        for quantile in (0.5, 0.95, 0.99)
                    ],
                    unit="s",
                    width=12,
                ),
                TimeSeriesPanel(
                    "5xx error ratio by endpoint",
                    [
                        Target(
                            f"""
                            sum by (endpoint) (rate({http_requests_total}{{{INSTANCE},status=~"5.."}}[$__rate_interval]))
                            /
                            sum by (endpoint) (rate({http_requests_total}{{{INSTANCE}}}[$__rate_interval]))
                            """,
                            legend="{{endpoint}}",
                        )
                    ],
                    unit="percentunit",
                    width=12,
                    thresholds=[Threshold("green"), Threshold("red", 0.05)],
                ),
                HeatmapPanel(
                    "Response time distribution",
                    [
                        Target(
                            f"sum by (le) "
                            f"(increase({http_request_duration_seconds.bucket}"
                            f"{{{INSTANCE}}}[$__rate_interval]))",
                            legend="{{le}}",
                            format="heatmap",
                        )
                    ],
                    unit="s",
                ),
            ],
        ),
        Row(
            "Agents and care",
            [
                TimeSeriesPanel(
                    "Agent processing time (mean)",
                    [
                        Target(
                            f"""
                            sum by (agent_name) (rate({agent_processing_time_seconds.sum}{{{INSTANCE}}}[$__rate_interval]))
                            /
                            sum by (agent_name) (rate({agent_processing_time_seconds.count}{{{INSTANCE}}}[$__rate_interval]))
                            """,
                            legend="{{agent_name}}",
                        )
                    ],
                    unit="s",
                    width=12,
                ),
                TimeSeriesPanel(
                    "Crisis escalations per hour",
                    [
                        Target(
                            f"sum by (risk_level) "
                            f"(increase({crisis_escalations_total}[1h]))",
                            legend="{{risk_level}}",
                        )
                    ],
                    description="Escalations raised in the hour before each "
                    "point, by risk level.",
                    unit="short",
                    width=12,
                ),
                TimeSeriesPanel(
                    "Intervention plans created per hour",
                    [
                        Target(
                            f"sum by (plan_type) "
                            f"(increase({intervention_plans_created_total}[1h]))",
                            legend="{{plan_type}}",
                        )
                    ],
                    unit="short",
                    width=12,
                ),
                TimeSeriesPanel(
                    "Active users",
                    [
                        Target(f"max({active_users})", legend="active now"),
                        Target(
                            f"max({daily_active_users})",
                            legend="active in the last 24 h",
                        ),
                    ],
                    unit="short",
                    width=12,
                ),
            ],
        ),
    ],
)

# Agents, LLM and tools.

AGENT = 'agent_name=~"$agent"'
MODEL = 'model=~"$model"'

agents_and_llm = Dashboard(
    "ugm-aicare-agents-llm",
    "UGM-AICare Agents and LLM",
    folder=folder,
    tags=["ugm-aicare", "agents", "llm"],
    description="Agent calls, errors and latency; LLM API calls, failures, "
    "latency and tokens; tool calls.",
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
                            sum by (agent_name) (rate({agent_errors_total}{{{AGENT}}}[$__rate_interval]))
                            /
                            sum by (agent_name) (rate({agent_processing_time_seconds.count}{{{AGENT}}}[$__rate_interval]))
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
                              sum by (le, agent_name) (rate({agent_processing_time_seconds.bucket}{{{AGENT}}}[$__rate_interval]))
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
                            sum by (model) (rate({llm_api_calls_total}{{{MODEL},success="false"}}[$__rate_interval]))
                            /
                            sum by (model) (rate({llm_api_calls_total}{{{MODEL}}}[$__rate_interval]))
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
                              sum by (le, model) (rate({llm_api_duration_seconds.bucket}{{{MODEL}}}[$__rate_interval]))
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
                            sum by (tool_name) (rate({tool_calls_total}{{success="false"}}[$__rate_interval]))
                            /
                            sum by (tool_name) (rate({tool_calls_total}[$__rate_interval]))
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
                              sum by (le, tool_name) (rate({tool_execution_time_seconds.bucket}[$__rate_interval]))
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

# Crisis and care. No panel breaks anything down by counselor.

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
                    decimals=0,
                ),
                StatPanel(
                    "P95 first response, high and critical",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le) (rate({crisis_response_time_seconds.bucket}{{{HIGH_RISK}}}[1h]))
                            )
                            """
                        )
                    ],
                    description="Over the last hour. SlowCrisisResponse pages "
                    "above 10 minutes.",
                    unit="s",
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
                ),
                TimeSeriesPanel(
                    "Time to first counselor response",
                    [
                        Target(
                            f"""
                            histogram_quantile({quantile},
                              sum by (le, risk_level) (rate({crisis_response_time_seconds.bucket}[1h]))
                            )
                            """,
                            legend=f"{{{{risk_level}}}} P{round(quantile * 100)}",
                        )
                        for quantile in (0.5, 0.95)
                    ],
                    description="Percentiles over the hour before each point.",
                    unit="s",
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
                              sum by (le, counselor_team) (rate({crisis_response_time_by_counselor_seconds.bucket}[1h]))
                            )
                            """,
                            legend="{{counselor_team}}",
                        )
                    ],
                    description="Time from an escalation reaching a team to "
                    "the team's first response, over the hour before each "
                    "point.",
                    unit="s",
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
                    description="Mean per team; teams with nobody on duty "
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
                    width=12,
                ),
                TimeSeriesPanel(
                    "Session duration",
                    [
                        Target(
                            f"""
                            histogram_quantile({quantile},
                              sum by (le) (rate({user_session_duration_seconds.bucket}[1h]))
                            )
                            """,
                            legend=f"P{round(quantile * 100)}",
                        )
                        for quantile in (0.5, 0.95)
                    ],
                    description="Percentiles of sessions that ended in the "
                    "hour before each point.",
                    unit="s",
                    width=12,
                ),
            ],
        ),
    ],
)

# Infrastructure.

JOB = 'job=~"$job"'
CONTAINER = 'name!=""'
REAL_FILESYSTEM = 'fstype!~"tmpfs|overlay|squashfs"'

infrastructure = Dashboard(
    "ugm-aicare-infrastructure",
    "UGM-AICare Infrastructure",
    folder=folder,
    tags=["ugm-aicare", "infrastructure"],
    description="Scrape targets, containers, the host, PostgreSQL and Redis.",
    variables=[
        QueryVariable(
            "job",
            label="Job",
            query=f"label_values({up}, job)",
            multi=True,
            include_all=True,
        )
    ],
    panels=[
        Row(
            "Scrape targets",
            [
                StatPanel(
                    "Targets down",
                    [Target(f"count({up}{{{JOB}}} == 0) or vector(0)")],
                    description="ContainerDown pages when a target stays "
                    "down for 1 minute.",
                    unit="short",
                    color_mode="background",
                    thresholds=[Threshold("green"), Threshold("red", 1)],
                    height=6,
                ),
                TablePanel(
                    "Targets",
                    [
                        Target(
                            f"{up}{{{JOB}}}",
                            instant=True,
                            format="table",
                        )
                    ],
                    description="Value 1: the last scrape succeeded; 0: it "
                    "failed.",
                    width=18,
                    height=6,
                ),
            ],
        ),
        Row(
            "Containers",
            [
                TimeSeriesPanel(
                    "Container CPU",
                    [
                        Target(
                            f"sum by (name) "
                            f"(rate({container_cpu_usage_seconds_total}"
                            f"{{{CONTAINER}}}[$__rate_interval]))",
                            legend="{{name}}",
                        )
                    ],
                    description="CPU cores used by each container.",
                    unit="short",
                    legend=TABLE_LEGEND,
                    width=12,
                ),
                TimeSeriesPanel(
                    "Container memory (working set)",
                    [
                        Target(
                            f"sum by (name) "
                            f"({container_memory_working_set_bytes}"
                            f"{{{CONTAINER}}})",
                            legend="{{name}}",
                        )
                    ],
                    unit="bytes",
                    legend=TABLE_LEGEND,
                    width=12,
                ),
                TablePanel(
                    "Container uptime",
                    [
                        Target(
                            f"sort(time() - max by (name) "
                            f"({container_start_time_seconds}{{{CONTAINER}}}))",
                            instant=True,
                            format="table",
                        )
                    ],
                    description="A container that restarted shows a short "
                    "uptime.",
                    unit="s",
                    width=24,
                ),
            ],
        ),
        Row(
            "Host",
            [
                GaugePanel(
                    "Memory used",
                    [Target(f"{node_memory_utilisation}", legend="{{instance}}")],
                    description="HighMemoryUsage warns above 90%.",
                    unit="percentunit",
                    min=0,
                    max=1,
                    thresholds=[
                        Threshold("green"),
                        Threshold("orange", 0.8),
                        Threshold("red", 0.9),
                    ],
                ),
                GaugePanel(
                    "CPU busy",
                    [
                        Target(
                            f"1 - avg by (instance) "
                            f'(rate({node_cpu_seconds_total}{{mode="idle"}}'
                            "[$__rate_interval]))",
                            legend="{{instance}}",
                        )
                    ],
                    unit="percentunit",
                    min=0,
                    max=1,
                    thresholds=[
                        Threshold("green"),
                        Threshold("orange", 0.8),
                        Threshold("red", 0.9),
                    ],
                ),
                BarGaugePanel(
                    "Filesystem used",
                    [
                        Target(
                            f"""
                            1 - {node_filesystem_avail_bytes}{{{REAL_FILESYSTEM}}}
                            / {node_filesystem_size_bytes}{{{REAL_FILESYSTEM}}}
                            """,
                            legend="{{mountpoint}}",
                        )
                    ],
                    description="NodeFilesystemSpaceLow warns above 90%.",
                    unit="percentunit",
                    min=0,
                    max=1,
                    thresholds=[
                        Threshold("green"),
                        Threshold("orange", 0.8),
                        Threshold("red", 0.9),
                    ],
                    width=12,
                    height=6,
                ),
                TimeSeriesPanel(
                    "Disk I/O",
                    [
                        Target(
                            f"sum by (device) "
                            f"(rate({node_disk_read_bytes_total}"
                            "[$__rate_interval]))",
                            legend="{{device}} read",
                        ),
                        Target(
                            f"sum by (device) "
                            f"(rate({node_disk_written_bytes_total}"
                            "[$__rate_interval]))",
                            legend="{{device}} written",
                        ),
                    ],
                    unit="Bps",
                    width=12,
                ),
                TimeSeriesPanel(
                    "Network traffic",
                    [
                        Target(
                            f"sum by (device) "
                            f"(rate({node_network_receive_bytes_total}"
                            "[$__rate_interval]))",
                            legend="{{device}} received",
                        ),
                        Target(
                            f"sum by (device) "
                            f"(rate({node_network_transmit_bytes_total}"
                            "[$__rate_interval]))",
                            legend="{{device}} sent",
                        ),
                    ],
                    unit="Bps",
                    width=12,
                ),
            ],
        ),
        Row(
            "PostgreSQL",
            [
                StatPanel(
                    "PostgreSQL up",
                    [Target(f"min({pg_up})")],
                    description="PostgresDown pages when this is 0 for 1 "
                    "minute.",
                    color_mode="background",
                    graph_mode="none",
                    thresholds=[Threshold("red"), Threshold("green", 1)],
                    height=8,
                ),
                TimeSeriesPanel(
                    "Server connections",
                    [
                        Target(
                            f"sum({pg_stat_database_numbackends})",
                            legend="connected",
                        ),
                        Target(
                            f"max({pg_settings_max_connections})",
                            legend="max_connections",
                        ),
                    ],
                    description="PostgresConnectionsHigh warns above 80% of "
                    "max_connections.",
                    unit="short",
                    width=9,
                ),
                TimeSeriesPanel(
                    "Backend connection pools",
                    [
                        Target(
                            f"sum by (pool_name) ({db_connection_pool_checked_out})",
                            legend="{{pool_name}} checked out",
                        ),
                        Target(
                            f"sum by (pool_name) ({db_connection_pool_available})",
                            legend="{{pool_name}} available",
                        ),
                        Target(
                            f"sum by (pool_name) ({db_connection_pool_size})",
                            legend="{{pool_name}} size",
                        ),
                    ],
                    description="Summed over backend processes. "
                    "DatabaseConnectionPoolLow fires per process.",
                    unit="short",
                    width=9,
                ),
                TimeSeriesPanel(
                    "Query P95 by operation",
                    [
                        Target(
                            f"""
                            histogram_quantile(0.95,
                              sum by (le, operation) (rate({db_query_duration_seconds.bucket}[$__rate_interval]))
                            )
                            """,
                            legend="{{operation}}",
                        )
                    ],
                    unit="s",
                    width=24,
                ),
            ],
        ),
        Row(
            "Redis",
            [
                StatPanel(
                    "Redis up",
                    [Target(f"min({redis_up})")],
                    color_mode="background",
                    graph_mode="none",
                    thresholds=[Threshold("red"), Threshold("green", 1)],
                ),
                StatPanel(
                    "Cache hit ratio",
                    [
                        Target(
                            f"""
                            sum(rate({redis_keyspace_hits_total}[$__rate_interval]))
                            /
                            (
                              sum(rate({redis_keyspace_hits_total}[$__rate_interval]))
                              + sum(rate({redis_keyspace_misses_total}[$__rate_interval]))
                            )
                            """
                        )
                    ],
                    unit="percentunit",
                ),
                StatPanel(
                    "Connected clients",
                    [Target(f"sum({redis_connected_clients})")],
                    unit="short",
                ),
                StatPanel(
                    "Commands per second",
                    [
                        Target(
                            f"sum(rate({redis_commands_processed_total}"
                            "[$__rate_interval]))"
                        )
                    ],
                    unit="ops",
                ),
                TimeSeriesPanel(
                    "Redis memory",
                    [
                        Target(f"sum({redis_memory_used_bytes})", legend="used"),
                        Target(
                            f"max({redis_memory_max_bytes}) > 0",
                            legend="maxmemory",
                        ),
                    ],
                    description="maxmemory is hidden when Redis has no limit.",
                    unit="bytes",
                    width=24,
                ),
            ],
        ),
    ],
)
