"""Alerts on the databases, the cache, the host, the containers and
Prometheus itself."""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.testing import Alert, counter, fires, gauge, quiet

from .alerts import (
    BACKEND_TARGET,
    INTERVAL,
    NODE_TARGET,
    POSTGRES_TARGET,
    PROMETHEUS_TARGET,
    REDIS_TARGET,
    RUNBOOKS,
)
from .catalog import (
    db_connection_pool_available,
    db_connection_pool_size,
    node_filesystem_avail_bytes,
    node_filesystem_size_bytes,
    node_memory_MemAvailable_bytes,
    node_memory_MemTotal_bytes,
    pg_settings_max_connections,
    pg_stat_database_numbackends,
    pg_up,
    prometheus_rule_evaluation_failures_total,
    redis_up,
    up,
)

POOL = {**BACKEND_TARGET, "pool_name": "default"}
ROOT_FILESYSTEM = {
    **NODE_TARGET,
    "device": "/dev/sda1",
    "fstype": "ext4",
    "mountpoint": "/",
}
RULE_GROUP = {**PROMETHEUS_TARGET, "rule_group": "rules/backend.yml;ugm-aicare-backend"}


def pool(available: float) -> list:
    """Build the gauges of a pool of 15 connections with `available` free."""
    return [
        gauge(db_connection_pool_available, POOL, available),
        gauge(db_connection_pool_size, POOL, 15),
    ]


node_memory_utilisation = RecordingRule(
    "instance:node_memory_utilisation:ratio",
    f"1 - {node_memory_MemAvailable_bytes} / {node_memory_MemTotal_bytes}",
)

# A test case checks every rule named DatabaseConnectionPoolLow at once, so
# the critical tier's firing case is read at 3m, after its 2m `for` but
# before the warning tier's 5m `for` has passed.
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
            tests=[
                fires(
                    "2 of 15 connections are free",
                    pool(available=2),
                    at="10m",
                    alerts=[
                        Alert(
                            labels=POOL,
                            annotations={
                                "summary": "Connection pool default is running "
                                "low",
                                "description": "Only 13.33% of the connections "
                                "of pool default on backend:8000 are free.",
                            },
                        )
                    ],
                ),
                quiet("10 of 15 connections are free", pool(available=10), at="10m"),
            ],
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
            tests=[
                fires(
                    "no connection is free",
                    pool(available=0),
                    at="3m",
                    alerts=[
                        Alert(
                            labels=POOL,
                            annotations={
                                "summary": "Connection pool default is "
                                "exhausted",
                                "description": "Pool default on backend:8000 "
                                "has had no free connection for 2 minutes, so "
                                "requests wait for a connection or time out.",
                            },
                        )
                    ],
                ),
                quiet("10 of 15 connections are free", pool(available=10), at="10m"),
            ],
        ),
        AlertingRule(
            "PostgresDown",
            f"{pg_up} == 0",
            for_="1m",
            severity="critical",
            labels={"service": "database"},
            summary="PostgreSQL is unreachable",
            description=(
                "The exporter at {{ $labels.instance }} has failed to connect "
                "to PostgreSQL for 1 minute."
            ),
            runbook_url=f"{RUNBOOKS}/PostgresDown",
            tests=[
                fires(
                    "the exporter cannot connect",
                    [gauge(pg_up, POSTGRES_TARGET, 0)],
                    at="5m",
                    alerts=[
                        Alert(
                            labels=POSTGRES_TARGET,
                            annotations={
                                "description": "The exporter at "
                                "postgres-exporter:9187 has failed to connect to "
                                "PostgreSQL for 1 minute.",
                            },
                        )
                    ],
                ),
                quiet("the exporter is connected", [gauge(pg_up, POSTGRES_TARGET, 1)], at="5m"),
            ],
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
            tests=[
                fires(
                    "90 of 100 connections are used",
                    [
                        gauge(
                            pg_stat_database_numbackends,
                            {**POSTGRES_TARGET, "datid": "16384", "datname": "aicare_db"},
                            90,
                        ),
                        gauge(pg_settings_max_connections, POSTGRES_TARGET, 100),
                    ],
                    at="15m",
                    alerts=[
                        Alert(
                            labels=POSTGRES_TARGET,
                            annotations={
                                "description": "PostgreSQL behind "
                                "postgres-exporter:9187 uses 90% of "
                                "max_connections.",
                            },
                        )
                    ],
                ),
                quiet(
                    "50 of 100 connections are used",
                    [
                        gauge(
                            pg_stat_database_numbackends,
                            {**POSTGRES_TARGET, "datid": "16384", "datname": "aicare_db"},
                            50,
                        ),
                        gauge(pg_settings_max_connections, POSTGRES_TARGET, 100),
                    ],
                    at="15m",
                ),
            ],
        ),
        AlertingRule(
            "RedisDown",
            f"{redis_up} == 0",
            for_="2m",
            severity="warning",
            labels={"service": "cache"},
            summary="Redis is unreachable",
            description=(
                "The exporter at {{ $labels.instance }} has failed to connect "
                "to Redis for 2 minutes."
            ),
            runbook_url=f"{RUNBOOKS}/RedisDown",
            tests=[
                fires(
                    "the exporter cannot connect",
                    [gauge(redis_up, REDIS_TARGET, 0)],
                    at="5m",
                    alerts=[
                        Alert(
                            labels=REDIS_TARGET,
                            annotations={
                                "description": "The exporter at "
                                "redis-exporter:9121 has failed to connect to "
                                "Redis for 2 minutes.",
                            },
                        )
                    ],
                ),
                quiet("the exporter is connected", [gauge(redis_up, REDIS_TARGET, 1)], at="5m"),
            ],
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
            tests=[
                fires(
                    "95% of memory is used",
                    [
                        gauge(node_memory_MemAvailable_bytes, NODE_TARGET, 5e8),
                        gauge(node_memory_MemTotal_bytes, NODE_TARGET, 1e10),
                    ],
                    at="10m",
                    alerts=[
                        Alert(
                            labels=NODE_TARGET,
                            annotations={
                                "summary": "Host node-exporter:9100 is low on "
                                "memory",
                                "description": "Memory usage on "
                                "node-exporter:9100 is 95%.",
                            },
                        )
                    ],
                ),
                quiet(
                    "half of memory is used",
                    [
                        gauge(node_memory_MemAvailable_bytes, NODE_TARGET, 5e9),
                        gauge(node_memory_MemTotal_bytes, NODE_TARGET, 1e10),
                    ],
                    at="10m",
                ),
            ],
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
            tests=[
                fires(
                    "5% of / is left",
                    [
                        gauge(node_filesystem_avail_bytes, ROOT_FILESYSTEM, 5e9),
                        gauge(node_filesystem_size_bytes, ROOT_FILESYSTEM, 1e11),
                    ],
                    at="20m",
                    alerts=[
                        Alert(
                            labels=ROOT_FILESYSTEM,
                            annotations={
                                "summary": "Filesystem / is almost full",
                                "description": "/ (/dev/sda1) on "
                                "node-exporter:9100 has 5% of its space left.",
                            },
                        )
                    ],
                ),
                quiet(
                    "a full tmpfs is ignored",
                    [
                        gauge(
                            node_filesystem_avail_bytes,
                            {**ROOT_FILESYSTEM, "fstype": "tmpfs", "mountpoint": "/run"},
                            0,
                        ),
                        gauge(
                            node_filesystem_size_bytes,
                            {**ROOT_FILESYSTEM, "fstype": "tmpfs", "mountpoint": "/run"},
                            1e8,
                        ),
                    ],
                    at="20m",
                ),
            ],
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
            tests=[
                fires(
                    "the Redis exporter is down",
                    [gauge(up, REDIS_TARGET, 0), gauge(up, BACKEND_TARGET, 1)],
                    at="5m",
                    alerts=[
                        Alert(
                            labels=REDIS_TARGET,
                            annotations={
                                "summary": "Target redis-exporter:9121 of redis "
                                "is down",
                                "description": "Prometheus has failed to scrape "
                                "redis-exporter:9121 (job redis) for more than 1 "
                                "minute.",
                            },
                        )
                    ],
                ),
                quiet("every target is up", [gauge(up, REDIS_TARGET, 1)], at="5m"),
            ],
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
                "minutes, so its alerts may not fire."
            ),
            runbook_url=f"{RUNBOOKS}/PrometheusRuleEvaluationFailures",
            tests=[
                fires(
                    "one evaluation fails each minute",
                    [
                        counter(
                            prometheus_rule_evaluation_failures_total,
                            RULE_GROUP,
                            per_second=1 / 60,
                        )
                    ],
                    at="15m",
                    alerts=[
                        Alert(
                            labels={"rule_group": RULE_GROUP["rule_group"]},
                            annotations={
                                "description": "Rule group "
                                "rules/backend.yml;ugm-aicare-backend failed 10 "
                                "evaluations in the last 10 minutes, so its "
                                "alerts may not fire.",
                            },
                        )
                    ],
                ),
                quiet(
                    "no evaluation fails",
                    [
                        counter(
                            prometheus_rule_evaluation_failures_total,
                            RULE_GROUP,
                            per_second=0,
                        )
                    ],
                    at="15m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="infrastructure",
)
