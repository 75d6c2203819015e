"""Alerting and recording rules of the UGM-AICare platform.

Every alert has a severity, a `service` label (Alertmanager groups and
inhibits by alertname and service), a summary, a description that uses only
labels its expression keeps, a runbook URL and an explicit `for`.
docs/alerts.md explains each threshold.

Recording rules are named level:metric:operations. Each group lists its
recording rules before the alerts that read them, because Prometheus
evaluates the rules of a group in order.
"""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup

from .catalog import (
    agent_errors_total,
    agent_processing_time_seconds,
    crisis_escalations_pending,
    crisis_escalations_total,
    crisis_response_time_seconds,
    db_connection_pool_available,
    db_connection_pool_size,
    http_request_duration_seconds,
    http_requests_total,
    llm_api_calls_total,
    llm_api_duration_seconds,
    node_filesystem_avail_bytes,
    node_filesystem_size_bytes,
    node_memory_MemAvailable_bytes,
    node_memory_MemTotal_bytes,
    pg_settings_max_connections,
    pg_stat_database_numbackends,
    pg_up,
    prometheus_rule_evaluation_failures_total,
    redis_up,
    tool_calls_total,
    up,
)
from .scrape import backend

RUNBOOKS = "https://runbooks.ugm-aicare.example/alerts"
INTERVAL = "30s"

# The care bound for crisis escalations at high or critical risk: a
# counselor responds within 10 minutes. It must stay a bucket bound of
# crisis_response_time_seconds.
# NOTE: 10 minutes is a starting value; the clinical leads own this number.
CRISIS_RESPONSE_BOUND_SECONDS = 600
CRISIS_RESPONSE_BOUND = "10m"

# Backend: HTTP errors and latency.

http_requests_rate = RecordingRule(
    "job:http_requests:rate5m",
    f"sum by (job) (rate({http_requests_total}[5m]))",
)

# `5..` also matches "5xx", the grouped status that
# prometheus-fastapi-instrumentator writes.
http_requests_5xx_rate = RecordingRule(
    "job:http_requests_5xx:rate5m",
    f'sum by (job) (rate({http_requests_total}{{status=~"5.."}}[5m]))',
)

http_requests_5xx_ratio = RecordingRule(
    "job:http_requests_5xx_per_requests:ratio_rate5m",
    f"{http_requests_5xx_rate} / {http_requests_rate}",
)

http_request_duration_buckets = RecordingRule(
    "job:http_request_duration_seconds_bucket:rate5m",
    f"sum by (job, le) (rate({http_request_duration_seconds.bucket}[5m]))",
)

backend_rules = RuleGroup(
    "ugm-aicare-backend",
    [
        http_requests_rate,
        http_requests_5xx_rate,
        http_requests_5xx_ratio,
        http_request_duration_buckets,
        AlertingRule(
            "HighErrorRate",
            f"{http_requests_5xx_ratio} > 0.05",
            for_="5m",
            severity="critical",
            labels={"service": "backend"},
            summary="More than 5% of requests to {{ $labels.job }} fail with 5xx",
            description=(
                "{{ $value | humanizePercentage }} of the requests to "
                "{{ $labels.job }} returned a 5xx status over the last 5 "
                "minutes. Users, including users in distress, are getting "
                "errors instead of replies."
            ),
            runbook_url=f"{RUNBOOKS}/HighErrorRate",
        ),
        AlertingRule(
            "HighErrorRate",
            f"{http_requests_5xx_ratio} > 0.02",
            for_="10m",
            severity="warning",
            labels={"service": "backend"},
            summary="More than 2% of requests to {{ $labels.job }} fail with 5xx",
            description=(
                "{{ $value | humanizePercentage }} of the requests to "
                "{{ $labels.job }} returned a 5xx status over the last 5 "
                "minutes."
            ),
            runbook_url=f"{RUNBOOKS}/HighErrorRate",
        ),
        AlertingRule(
            "SlowResponseTime",
            f"histogram_quantile(0.95, {http_request_duration_buckets}) > 2",
            for_="5m",
            severity="warning",
            labels={"service": "backend"},
            summary="P95 response time of {{ $labels.job }} is above 2 s",
            description=(
                "95% of the requests to {{ $labels.job }} took up to "
                "{{ $value | humanizeDuration }} over the last 5 minutes; "
                "the bound is 2 s."
            ),
            runbook_url=f"{RUNBOOKS}/SlowResponseTime",
        ),
    ],
    interval=INTERVAL,
    file="backend",
)

# Agents, the LLM API and tools.

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
                "{{ $value | humanizeDuration }} over the last 5 minutes; "
                "the bound is 5 s."
            ),
            runbook_url=f"{RUNBOOKS}/SlowAgentProcessing",
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
                "that depend on it cannot answer users."
            ),
            runbook_url=f"{RUNBOOKS}/HighLLMErrorRatio",
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
                "{{ $value | humanizeDuration }} over the last 5 minutes; "
                "the bound is 10 s."
            ),
            runbook_url=f"{RUNBOOKS}/SlowLLMResponses",
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
        ),
    ],
    interval=INTERVAL,
    file="agents",
)

# Crisis care. Every alert here is critical and pages.

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
                "{{ $value }} {{ $labels.risk_level }}-risk escalations have "
                "no counselor response, and the queue has not been empty "
                f"for {CRISIS_RESPONSE_BOUND}."
            ),
            runbook_url=f"{RUNBOOKS}/CrisisEscalationBacklog",
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
        ),
    ],
    interval=INTERVAL,
    file="crisis-care",
)

# Databases, hosts, containers and Prometheus itself.

node_memory_utilisation = RecordingRule(
    "instance:node_memory_utilisation:ratio",
    f"1 - {node_memory_MemAvailable_bytes} / {node_memory_MemTotal_bytes}",
)

infrastructure_rules = RuleGroup(
    "ugm-aicare-infrastructure",
    [
        node_memory_utilisation,
        AlertingRule(
            "DatabaseConnectionPoolLow",
            f"{db_connection_pool_available} / {db_connection_pool_size} < 0.2",
            for_="5m",
            severity="warning",
            labels={"service": "database"},
            summary="Connection pool {{ $labels.pool_name }} is running low",
            description=(
                "Only {{ $value | humanizePercentage }} of the connections "
                "of pool {{ $labels.pool_name }} on {{ $labels.instance }} "
                "are free."
            ),
            runbook_url=f"{RUNBOOKS}/DatabaseConnectionPoolLow",
        ),
        AlertingRule(
            "DatabaseConnectionPoolLow",
            f"{db_connection_pool_available} == 0",
            for_="2m",
            severity="critical",
            labels={"service": "database"},
            summary="Connection pool {{ $labels.pool_name }} is exhausted",
            description=(
                "Pool {{ $labels.pool_name }} on {{ $labels.instance }} has "
                "had no free connection for 2 minutes, so requests wait for "
                "a connection or time out."
            ),
            runbook_url=f"{RUNBOOKS}/DatabaseConnectionPoolLow",
        ),
        AlertingRule(
            "PostgresDown",
            f"{pg_up} == 0",
            for_="1m",
            severity="critical",
            labels={"service": "database"},
            summary="PostgreSQL is unreachable",
            description=(
                "postgres-exporter {{ $labels.instance }} has failed to "
                "connect to PostgreSQL for 1 minute."
            ),
            runbook_url=f"{RUNBOOKS}/PostgresDown",
        ),
        AlertingRule(
            "PostgresConnectionsHigh",
            f"""
            sum by (job, instance) ({pg_stat_database_numbackends})
            / on (job, instance)
            {pg_settings_max_connections}
            > 0.8
            """,
            for_="10m",
            severity="warning",
            labels={"service": "database"},
            summary="PostgreSQL is near max_connections",
            description=(
                "PostgreSQL behind {{ $labels.instance }} uses "
                "{{ $value | humanizePercentage }} of max_connections."
            ),
            runbook_url=f"{RUNBOOKS}/PostgresConnectionsHigh",
        ),
        AlertingRule(
            "RedisDown",
            f"{redis_up} == 0",
            for_="2m",
            severity="warning",
            labels={"service": "cache"},
            summary="Redis is unreachable",
            description=(
                "redis-exporter {{ $labels.instance }} has failed to connect "
                "to Redis for 2 minutes."
            ),
            runbook_url=f"{RUNBOOKS}/RedisDown",
        ),
        AlertingRule(
            "HighMemoryUsage",
            f"{node_memory_utilisation} > 0.9",
            for_="5m",
            severity="warning",
            labels={"service": "infrastructure"},
            summary="Host {{ $labels.instance }} is low on memory",
            description=(
                "Memory usage on {{ $labels.instance }} is "
                "{{ $value | humanizePercentage }}."
            ),
            runbook_url=f"{RUNBOOKS}/HighMemoryUsage",
        ),
        AlertingRule(
            "NodeFilesystemSpaceLow",
            f"""
            {node_filesystem_avail_bytes}{{fstype!~"tmpfs|overlay|squashfs"}}
            / {node_filesystem_size_bytes}
            < 0.1
            """,
            for_="15m",
            severity="warning",
            labels={"service": "infrastructure"},
            summary="Filesystem {{ $labels.mountpoint }} is almost full",
            description=(
                "{{ $labels.mountpoint }} ({{ $labels.device }}) on "
                "{{ $labels.instance }} has "
                "{{ $value | humanizePercentage }} of its space left."
            ),
            runbook_url=f"{RUNBOOKS}/NodeFilesystemSpaceLow",
        ),
        # `up` is 0 when a scrape fails, so this fires for a stopped
        # container and also for a target that is running but unreachable.
        AlertingRule(
            "ContainerDown",
            f"{up} == 0",
            for_="1m",
            severity="critical",
            labels={"service": "infrastructure"},
            summary="Target {{ $labels.instance }} of {{ $labels.job }} is down",
            description=(
                "Prometheus has failed to scrape {{ $labels.instance }} "
                "(job {{ $labels.job }}) for more than 1 minute."
            ),
            runbook_url=f"{RUNBOOKS}/ContainerDown",
        ),
        AlertingRule(
            "PrometheusRuleEvaluationFailures",
            f"""
            sum by (rule_group) (
              increase({prometheus_rule_evaluation_failures_total}[10m])
            ) > 0
            """,
            for_="5m",
            severity="warning",
            labels={"service": "monitoring"},
            summary="Prometheus fails to evaluate rules",
            description=(
                "Rule group {{ $labels.rule_group }} failed "
                "{{ $value | printf \"%.0f\" }} evaluations in the last 10 "
                "minutes; its alerts may not fire."
            ),
            runbook_url=f"{RUNBOOKS}/PrometheusRuleEvaluationFailures",
        ),
    ],
    interval=INTERVAL,
    file="infrastructure",
)
