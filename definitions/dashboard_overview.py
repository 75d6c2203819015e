"""The production overview: traffic, errors, latency, agents and care."""

from monitoring_as_code import (
    Dashboard,
    HeatmapPanel,
    QueryVariable,
    Row,
    StatPanel,
    TablePanel,
    Target,
    Threshold,
    TimeSeriesPanel,
)

from .catalog import (
    active_users,
    agent_processing_time_seconds,
    crisis_escalations_total,
    daily_active_users,
    http_request_duration_seconds,
    http_requests_total,
    intervention_plans_created_total,
    system_info_info,
    up,
)
from .dashboards import RARE_EVENTS, TABLE_LEGEND, folder
from .scrape import backend

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
                    description="Share of responses with a 5xx status. "
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
                              sum by (le) (
                                rate({http_request_duration_seconds.bucket}{{{INSTANCE}}}[$__rate_interval])
                              )
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
                              sum by (le) (
                                rate({http_request_duration_seconds.bucket}{{{INSTANCE}}}[$__rate_interval])
                              )
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
                            sum by (endpoint) (
                              rate({http_requests_total}{{{INSTANCE},status=~"5.."}}[$__rate_interval])
                            )
                            /
                            sum by (endpoint) (
                              rate({http_requests_total}{{{INSTANCE}}}[$__rate_interval])
                            )
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
                            sum by (agent_name) (
                              rate({agent_processing_time_seconds.sum}{{{INSTANCE}}}[$__rate_interval])
                            )
                            /
                            sum by (agent_name) (
                              rate({agent_processing_time_seconds.count}{{{INSTANCE}}}[$__rate_interval])
                            )
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
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
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
                    suppress={"dashboards/rate-interval": RARE_EVENTS},
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
