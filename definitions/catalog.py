"""The metric catalog of the UGM-AICare platform.

The application metrics are the contract with the backend's
prometheus_client instrumentation: the backend must register them with the
names, types, labels and histogram buckets given here. Exporter metrics are
listed only where a rule or panel reads them.

Conventions the backend must follow:

- Boolean labels (`success`) take the values "true" and "false" in
  lowercase. Python's `str(True)` gives "True", which the rules'
  `success="false"` matchers would not match.
- `risk_level` takes the values "low", "moderate", "high" and "critical".
- Histogram `buckets` are the upper bounds to pass to
  `Histogram(..., buckets=...)`. The client's default buckets end at 10 s,
  which is too short for LLM calls and for counselor response times. Each
  alert threshold is also a bucket bound, so that a rule such as
  `P95 > 2 s` is decided from exact bucket counts, not from interpolation.
- No label carries a user, session or counselor identifier. Such values
  identify people in a mental-health service, and each new value creates
  a new series, so the number of series grows without bound.
"""

from monitoring_as_code import Counter, Gauge, Histogram, Info

from .scrape import backend, cadvisor, node_exporter, postgres, prometheus, redis

# HTTP requests.

http_requests_total = Counter(
    "http_requests_total",
    "HTTP requests handled by the backend, by method, route template and "
    "status code.",
    labels=("method", "endpoint", "status"),
    origin=backend,
)

http_request_duration_seconds = Histogram(
    "http_request_duration_seconds",
    "Time from receiving an HTTP request to sending the response.",
    labels=("method", "endpoint"),
    unit="seconds",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
    origin=backend,
)

# Agents: STA (safety triage), SCA, SDA and IA.

agent_processing_time_seconds = Histogram(
    "agent_processing_time_seconds",
    "Time an agent takes to process one message, observed for every call, "
    "whether it succeeds or raises.",
    labels=("agent_name", "user_role"),
    unit="seconds",
    buckets=(0.25, 0.5, 1, 2, 5, 10, 20, 30, 60),
    origin=backend,
)

# Incremented only when the agent returns, so the count of all calls,
# failed ones included, is agent_processing_time_seconds_count.
agent_invocations_total = Counter(
    "agent_invocations_total",
    "Agent calls that returned a result, by agent, user role and detected "
    "intent.",
    labels=("agent_name", "user_role", "intent"),
    origin=backend,
)

agent_errors_total = Counter(
    "agent_errors_total",
    "Agent calls that raised an exception, by agent and exception class.",
    labels=("agent_name", "error_type"),
    origin=backend,
)

# LLM (Gemini) API calls.

llm_api_calls_total = Counter(
    "llm_api_calls_total",
    "Calls to the LLM API, by model and outcome (success is \"true\" or "
    "\"false\").",
    labels=("model", "success"),
    origin=backend,
)

llm_api_duration_seconds = Histogram(
    "llm_api_duration_seconds",
    "Duration of one LLM API call, until the full response is received.",
    labels=("model",),
    unit="seconds",
    buckets=(0.25, 0.5, 1, 2, 5, 10, 20, 30, 60),
    origin=backend,
)

llm_token_usage_total = Counter(
    "llm_token_usage_total",
    "LLM tokens used, by model and type (\"prompt_tokens\" or "
    "\"completion_tokens\").",
    labels=("model", "type"),
    origin=backend,
)

# Tools called by the agents.

tool_execution_time_seconds = Histogram(
    "tool_execution_time_seconds",
    "Duration of one tool call, by tool and outcome.",
    labels=("tool_name", "success"),
    unit="seconds",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
    origin=backend,
)

tool_calls_total = Counter(
    "tool_calls_total",
    "Tool calls, by tool and outcome; success is \"false\" when the tool "
    "raised or returned success=False.",
    labels=("tool_name", "success"),
    origin=backend,
)

# Intervention plans.

intervention_plans_created_total = Counter(
    "intervention_plans_created_total",
    "Intervention plans created, by plan type.",
    labels=("plan_type",),
    origin=backend,
)

intervention_plan_completion_rate = Gauge(
    "intervention_plan_completion_rate",
    "Share of intervention plans completed, from 0 to 1, by plan type.",
    labels=("plan_type",),
    origin=backend,
)

intervention_plan_steps_completed_total = Counter(
    "intervention_plan_steps_completed_total",
    "Intervention plan steps completed, by plan type and step number.",
    labels=("plan_type", "step_number"),
    origin=backend,
)

intervention_plan_abandonment_rate = Gauge(
    "intervention_plan_abandonment_rate",
    "Share of intervention plans abandoned before completion, from 0 to 1, "
    "by plan type.",
    labels=("plan_type",),
    origin=backend,
)

mood_improvement_score = Gauge(
    "mood_improvement_score",
    "Mean change in self-reported mood score after an intervention, by "
    "intervention type.",
    labels=("intervention_type",),
    origin=backend,
)

# Crisis escalations.

crisis_escalations_total = Counter(
    "crisis_escalations_total",
    "Crisis escalations raised, by risk level and escalation type.",
    labels=("risk_level", "escalation_type"),
    origin=backend,
)

# A backlog is a state. Subtracting counted responses from counted
# escalations drifts whenever the two fall into different windows, so the
# backend reports the backlog directly.
crisis_escalations_pending = Gauge(
    "crisis_escalations_pending",
    "Crisis escalations that no counselor has responded to yet, by risk "
    "level. Set from the database, so every replica reports the same "
    "platform-wide value; set to 0 for each risk level when none are "
    "pending.",
    labels=("risk_level",),
    origin=backend,
)

crisis_response_time_seconds = Histogram(
    "crisis_response_time_seconds",
    "Time from a crisis escalation being raised to the first counselor "
    "response, by risk level.",
    labels=("risk_level",),
    unit="seconds",
    buckets=(30, 60, 120, 300, 600, 900, 1800, 3600, 7200),
    origin=backend,
)

# Counselors. These metrics are labelled by counselor team, never by
# counselor. A counselor ID is a personal identifier, and a per-person
# response time or satisfaction score is staff performance data that does
# not belong in an operational monitoring system that many people can
# read. Each counselor ID would also add a series to every metric.

crisis_response_time_by_counselor_seconds = Histogram(
    "crisis_response_time_by_counselor_seconds",
    "Time from a crisis escalation reaching a counselor team to that "
    "team's first response, by team and risk level.",
    labels=("counselor_team", "risk_level"),
    unit="seconds",
    buckets=(30, 60, 120, 300, 600, 900, 1800, 3600, 7200),
    origin=backend,
)

counselor_case_load = Gauge(
    "counselor_case_load",
    "Open cases assigned to the counselors of a team.",
    labels=("counselor_team",),
    origin=backend,
)

counselors_on_duty = Gauge(
    "counselors_on_duty",
    "Counselors of a team who are on duty now; counselor_case_load divided "
    "by this is the mean case load per counselor.",
    labels=("counselor_team",),
    origin=backend,
)

counselor_response_satisfaction_score = Gauge(
    "counselor_response_satisfaction_score",
    "Mean user satisfaction rating of counselor responses, by team.",
    labels=("counselor_team",),
    origin=backend,
)

# Safety triage quality. Both need reviewed outcomes, so a periodic job
# computes them, and they change slowly.

safety_triage_accuracy = Gauge(
    "safety_triage_accuracy",
    "Share of safety triage assessments confirmed correct on review, from "
    "0 to 1, by assessed risk level.",
    labels=("risk_level",),
    origin=backend,
)

false_positive_crisis_rate = Gauge(
    "false_positive_crisis_rate",
    "Share of crisis detections judged false positives on review, from 0 "
    "to 1.",
    origin=backend,
)

# Users. A process counts only the users whose requests it served, and the
# backend runs several replicas, so both user counts are read from the
# shared session store or database. Every replica then reports the same
# value, and queries take max() across instances, never sum().

active_users = Gauge(
    "active_users",
    "Users with an active session on the platform, from the shared session "
    "store.",
    origin=backend,
)

daily_active_users = Gauge(
    "daily_active_users",
    "Distinct users active in the trailing 24 hours, from the database.",
    origin=backend,
)

user_sessions_total = Counter(
    "user_sessions_total",
    "User sessions started, by user role.",
    labels=("user_role",),
    origin=backend,
)

user_session_duration_seconds = Histogram(
    "user_session_duration_seconds",
    "Duration of a user session, observed when it ends, by user role.",
    labels=("user_role",),
    unit="seconds",
    buckets=(60, 300, 600, 1200, 1800, 3600, 7200),
    origin=backend,
)

# Database access from the backend (SQLAlchemy).

db_query_duration_seconds = Histogram(
    "db_query_duration_seconds",
    "Duration of one database query, by operation and table.",
    labels=("operation", "table"),
    unit="seconds",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5),
    origin=backend,
)

# The configured size alone cannot show exhaustion, because it stays
# constant while the pool runs out. The pool alert compares the free
# connections with the size.
db_connection_pool_size = Gauge(
    "db_connection_pool_size",
    "Connections the pool may hold: pool_size plus max_overflow.",
    labels=("pool_name",),
    origin=backend,
)

db_connection_pool_checked_out = Gauge(
    "db_connection_pool_checked_out",
    "Connections currently checked out of the pool by requests.",
    labels=("pool_name",),
    origin=backend,
)

db_connection_pool_available = Gauge(
    "db_connection_pool_available",
    "Connections a request can check out now without waiting: "
    "db_connection_pool_size minus db_connection_pool_checked_out.",
    labels=("pool_name",),
    origin=backend,
)

# prometheus_client appends `_info` to the name given to Info, so
# Info("system_info", ...) is exposed as system_info_info.
system_info_info = Info(
    "system_info_info",
    "Application name, version and environment of the running backend; "
    "the value is always 1.",
    labels=("application", "version", "environment"),
    origin=backend,
)

# node-exporter: the host.

node_memory_MemTotal_bytes = Gauge(
    "node_memory_MemTotal_bytes",
    "Total usable memory of the host.",
    unit="bytes",
    origin=node_exporter,
)

node_memory_MemAvailable_bytes = Gauge(
    "node_memory_MemAvailable_bytes",
    "Memory available for new processes without swapping, as the kernel "
    "estimates it.",
    unit="bytes",
    origin=node_exporter,
)

node_cpu_seconds_total = Counter(
    "node_cpu_seconds_total",
    "Seconds each CPU spent in each mode.",
    labels=("cpu", "mode"),
    unit="seconds",
    origin=node_exporter,
)

node_filesystem_avail_bytes = Gauge(
    "node_filesystem_avail_bytes",
    "Filesystem space available to non-root users.",
    labels=("device", "fstype", "mountpoint"),
    unit="bytes",
    origin=node_exporter,
)

node_filesystem_size_bytes = Gauge(
    "node_filesystem_size_bytes",
    "Filesystem size.",
    labels=("device", "fstype", "mountpoint"),
    unit="bytes",
    origin=node_exporter,
)

node_disk_read_bytes_total = Counter(
    "node_disk_read_bytes_total",
    "Bytes read from each block device.",
    labels=("device",),
    unit="bytes",
    origin=node_exporter,
)

node_disk_written_bytes_total = Counter(
    "node_disk_written_bytes_total",
    "Bytes written to each block device.",
    labels=("device",),
    unit="bytes",
    origin=node_exporter,
)

node_network_receive_bytes_total = Counter(
    "node_network_receive_bytes_total",
    "Bytes received on each network interface.",
    labels=("device",),
    unit="bytes",
    origin=node_exporter,
)

node_network_transmit_bytes_total = Counter(
    "node_network_transmit_bytes_total",
    "Bytes sent on each network interface.",
    labels=("device",),
    unit="bytes",
    origin=node_exporter,
)

# cAdvisor: the containers. `name` is the container name, and series with
# an empty name belong to cgroups that are not containers.

container_cpu_usage_seconds_total = Counter(
    "container_cpu_usage_seconds_total",
    "CPU time consumed by the container.",
    labels=("id", "name", "image"),
    unit="seconds",
    origin=cadvisor,
)

container_memory_working_set_bytes = Gauge(
    "container_memory_working_set_bytes",
    "Memory of the container that the kernel cannot reclaim; the figure "
    "the out-of-memory killer compares with the limit.",
    labels=("id", "name", "image"),
    unit="bytes",
    origin=cadvisor,
)

container_spec_memory_limit_bytes = Gauge(
    "container_spec_memory_limit_bytes",
    "Memory limit of the container; 0 when it has none.",
    labels=("id", "name", "image"),
    unit="bytes",
    origin=cadvisor,
)

container_last_seen = Gauge(
    "container_last_seen",
    "Unix time in seconds at which cAdvisor last saw the container.",
    labels=("id", "name", "image"),
    origin=cadvisor,
)

container_start_time_seconds = Gauge(
    "container_start_time_seconds",
    "Unix time in seconds at which the container started.",
    labels=("id", "name", "image"),
    unit="seconds",
    origin=cadvisor,
)

# postgres-exporter.

pg_up = Gauge(
    "pg_up",
    "1 when the exporter's last connection to PostgreSQL succeeded, else 0.",
    origin=postgres,
)

pg_stat_database_numbackends = Gauge(
    "pg_stat_database_numbackends",
    "Backends (connections) currently connected to each database.",
    labels=("datid", "datname"),
    origin=postgres,
)

pg_settings_max_connections = Gauge(
    "pg_settings_max_connections",
    "The server's max_connections setting.",
    origin=postgres,
)

# redis-exporter.

redis_up = Gauge(
    "redis_up",
    "1 when the exporter's last connection to Redis succeeded, else 0.",
    origin=redis,
)

redis_memory_used_bytes = Gauge(
    "redis_memory_used_bytes",
    "Memory allocated by Redis.",
    unit="bytes",
    origin=redis,
)

redis_memory_max_bytes = Gauge(
    "redis_memory_max_bytes",
    "The maxmemory setting of Redis; 0 when it has no limit.",
    unit="bytes",
    origin=redis,
)

redis_connected_clients = Gauge(
    "redis_connected_clients",
    "Client connections open to Redis.",
    origin=redis,
)

redis_commands_processed_total = Counter(
    "redis_commands_processed_total",
    "Commands Redis has processed.",
    origin=redis,
)

redis_keyspace_hits_total = Counter(
    "redis_keyspace_hits_total",
    "Key lookups that found the key.",
    origin=redis,
)

redis_keyspace_misses_total = Counter(
    "redis_keyspace_misses_total",
    "Key lookups that did not find the key.",
    origin=redis,
)

# Prometheus.

# Prometheus adds an `up` series to every target of every job at each
# scrape: 1 when the scrape succeeded, 0 when it failed. It is declared
# once here, with the prometheus job as its origin, because the catalog
# gives each series one origin.
up = Gauge(
    "up",
    "1 when the last scrape of the target succeeded, 0 when it failed; "
    "present for the targets of every job.",
    origin=prometheus,
)

prometheus_rule_evaluation_failures_total = Counter(
    "prometheus_rule_evaluation_failures_total",
    "Rule evaluations that failed, by rule group.",
    labels=("rule_group",),
    origin=prometheus,
)
