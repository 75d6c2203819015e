"""Alerts on the databases, the cache, the host, the containers and
Prometheus itself."""

from monitoring_as_code import AlertingRule, RecordingRule, RuleGroup
from monitoring_as_code.testing import (
    Alert,
    Series,
    counter,
    disappears,
    fires,
    gauge,
    quiet,
    restarted,
)

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


def postgres_connections(*per_database: float) -> list:
    """Build the backends of each database and a max_connections of 100."""
    databases = [
        gauge(
            pg_stat_database_numbackends,
            {
                **POSTGRES_TARGET,
                "datid": str(16384 + index),
                "datname": f"aicare_db_{index}",
            },
            backends,
        )
        for index, backends in enumerate(per_database)
    ]
    return [*databases, gauge(pg_settings_max_connections, POSTGRES_TARGET, 100)]


def memory(available_bytes: float) -> list:
    """Build the memory gauges of a host with 10 GB and `available_bytes` free."""
    return [
        gauge(node_memory_MemAvailable_bytes, NODE_TARGET, available_bytes),
        gauge(node_memory_MemTotal_bytes, NODE_TARGET, 1e10),
    ]


def root_filesystem(available_bytes: float) -> list:
    """Build the gauges of a 100 GB root filesystem with `available_bytes` free."""
    return [
        gauge(node_filesystem_avail_bytes, ROOT_FILESYSTEM, available_bytes),
        gauge(node_filesystem_size_bytes, ROOT_FILESYSTEM, 1e11),
    ]


def evaluation_failures(per_minute: float) -> list:
    """Build a rule group whose evaluations fail `per_minute` times a minute."""
    failures = prometheus_rule_evaluation_failures_total
    return [counter(failures, RULE_GROUP, per_second=per_minute / 60)]


def single_evaluation_failure() -> list:
    """Build a rule group with one failed evaluation, between 1m and 2m."""
    failures = str(prometheus_rule_evaluation_failures_total)
    return [Series(failures, RULE_GROUP, "0x1 1x30")]


def pool_low(percent: str) -> Alert:
    """Build the warning DatabaseConnectionPoolLow alert with its ratio."""
    return Alert(
        labels=POOL,
        annotations={
            "summary": "Connection pool default is running low",
            "description": f"Only {percent} of the connections of pool default "
            "on backend:8000 are free.",
        },
    )


POOL_EXHAUSTED = Alert(
    labels=POOL,
    annotations={
        "summary": "Connection pool default is exhausted",
        "description": "Pool default on backend:8000 has had no free "
        "connection for 2 minutes, so requests wait for a connection or time "
        "out.",
    },
)
POSTGRES_DOWN = Alert(
    labels=POSTGRES_TARGET,
    annotations={
        "description": "The exporter at postgres-exporter:9187 has failed to "
        "connect to PostgreSQL for 1 minute.",
    },
)
REDIS_DOWN = Alert(
    labels=REDIS_TARGET,
    annotations={
        "description": "The exporter at redis-exporter:9121 has failed to "
        "connect to Redis for 2 minutes.",
    },
)
REDIS_EXPORTER_DOWN = Alert(
    labels=REDIS_TARGET,
    annotations={
        "summary": "Target redis-exporter:9121 of redis is down",
        "description": "Prometheus has failed to scrape redis-exporter:9121 "
        "(job redis) for more than 1 minute.",
    },
)


def postgres_connections_high(percent: str) -> Alert:
    """Build the PostgresConnectionsHigh alert with its rendered ratio."""
    return Alert(
        labels=POSTGRES_TARGET,
        annotations={
            "description": f"PostgreSQL behind postgres-exporter:9187 uses "
            f"{percent} of max_connections.",
        },
    )


def memory_high(percent: str) -> Alert:
    """Build the HighMemoryUsage alert with its rendered ratio."""
    return Alert(
        labels=NODE_TARGET,
        annotations={
            "summary": "Host node-exporter:9100 is low on memory",
            "description": f"Memory usage on node-exporter:9100 is {percent}.",
        },
    )


def filesystem_low(percent: str) -> Alert:
    """Build the NodeFilesystemSpaceLow alert of / with its rendered ratio."""
    return Alert(
        labels=ROOT_FILESYSTEM,
        annotations={
            "summary": "Filesystem / is almost full",
            "description": f"/ (/dev/sda1) on node-exporter:9100 has {percent} "
            "of its space left.",
        },
    )


def failed_evaluations(count: str) -> Alert:
    """Build the PrometheusRuleEvaluationFailures alert with its count."""
    return Alert(
        labels={"rule_group": RULE_GROUP["rule_group"]},
        annotations={
            "description": f"Rule group {RULE_GROUP['rule_group']} failed {count} "
            "evaluations in the last 10 minutes, so its alerts may not fire.",
        },
    )


node_memory_utilisation = RecordingRule(
    "instance:node_memory_utilisation:ratio",
    f"1 - {node_memory_MemAvailable_bytes} / {node_memory_MemTotal_bytes}",
)

# A test case checks every rule named DatabaseConnectionPoolLow at once, so
# the critical tier's cases of a pool below 20% free are read by 3m, before
# the warning tier's 5m `for` has passed.
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
                    alerts=[pool_low("13.33%")],
                ),
                quiet("10 of 15 connections are free", pool(available=10), at="10m"),
                quiet("3 of 15 connections free, exactly 20%", pool(3), at="10m"),
                quiet("2 of 15 free for 4m45s: pending", pool(2), at="4m45s"),
                fires(
                    "2 of 15 free for 5m: fires",
                    pool(available=2),
                    at="5m",
                    alerts=[pool_low("13.33%")],
                ),
                quiet(
                    "no gauge of free connections exists",
                    [gauge(db_connection_pool_size, POOL, 15)],
                    at="10m",
                ),
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
                    alerts=[POOL_EXHAUSTED],
                ),
                quiet("10 of 15 connections are free", pool(available=10), at="10m"),
                quiet("1 of 15 connections is free: no page", pool(1), at="3m"),
                quiet("no connection free for 1m45s: pending", pool(0), at="1m45s"),
                fires(
                    "no connection free for 2m: fires",
                    pool(available=0),
                    at="2m",
                    alerts=[POOL_EXHAUSTED],
                ),
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
                    alerts=[POSTGRES_DOWN],
                ),
                quiet(
                    "the exporter is connected",
                    [gauge(pg_up, POSTGRES_TARGET, 1)],
                    at="5m",
                ),
                quiet(
                    "the exporter cannot connect for 45s: pending",
                    [gauge(pg_up, POSTGRES_TARGET, 0)],
                    at="45s",
                ),
                fires(
                    "the exporter cannot connect for 1m: fires",
                    [gauge(pg_up, POSTGRES_TARGET, 0)],
                    at="1m",
                    alerts=[POSTGRES_DOWN],
                ),
                quiet(
                    "no pg_up series exists, which ContainerDown reports",
                    [gauge(up, POSTGRES_TARGET, 0)],
                    at="5m",
                ),
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
                    "90 of 100 connections are used over two databases",
                    postgres_connections(50, 40),
                    at="15m",
                    alerts=[postgres_connections_high("90%")],
                ),
                quiet(
                    "50 of 100 connections are used",
                    postgres_connections(50),
                    at="15m",
                ),
                quiet(
                    "exactly 80 of 100 connections are used",
                    postgres_connections(80),
                    at="15m",
                ),
                fires(
                    "81 of 100 connections are used, just above 80%",
                    postgres_connections(81),
                    at="15m",
                    alerts=[postgres_connections_high("81%")],
                ),
                quiet(
                    "90 of 100 used for 9m45s: pending",
                    postgres_connections(90),
                    at="9m45s",
                ),
                fires(
                    "90 of 100 used for 10m: fires",
                    postgres_connections(90),
                    at="10m",
                    alerts=[postgres_connections_high("90%")],
                ),
                quiet(
                    "no max_connections series exists",
                    postgres_connections(90)[:1],
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
                    alerts=[REDIS_DOWN],
                ),
                quiet(
                    "the exporter is connected",
                    [gauge(redis_up, REDIS_TARGET, 1)],
                    at="5m",
                ),
                quiet(
                    "the exporter cannot connect for 1m45s: pending",
                    [gauge(redis_up, REDIS_TARGET, 0)],
                    at="1m45s",
                ),
                fires(
                    "the exporter cannot connect for 2m: fires",
                    [gauge(redis_up, REDIS_TARGET, 0)],
                    at="2m",
                    alerts=[REDIS_DOWN],
                ),
                quiet(
                    "no redis_up series exists, which ContainerDown reports",
                    [gauge(up, REDIS_TARGET, 0)],
                    at="5m",
                ),
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
                    memory(5e8),
                    at="10m",
                    alerts=[memory_high("95%")],
                ),
                quiet("half of memory is used", memory(5e9), at="10m"),
                quiet("exactly 90% of memory is used", memory(1e9), at="10m"),
                fires(
                    "91% of memory is used, just above 90%",
                    memory(9e8),
                    at="10m",
                    alerts=[memory_high("91%")],
                ),
                quiet("95% used for 4m45s: pending", memory(5e8), at="4m45s"),
                fires(
                    "95% used for 5m: fires",
                    memory(5e8),
                    at="5m",
                    alerts=[memory_high("95%")],
                ),
                quiet(
                    "no MemAvailable series exists",
                    memory(5e8)[1:],
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
                    root_filesystem(5e9),
                    at="20m",
                    alerts=[filesystem_low("5%")],
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
                quiet("exactly 10% of / is left", root_filesystem(1e10), at="20m"),
                fires(
                    "9% of / is left, just below 10%",
                    root_filesystem(9e9),
                    at="20m",
                    alerts=[filesystem_low("9%")],
                ),
                quiet(
                    "5% of / left for 14m45s: pending",
                    root_filesystem(5e9),
                    at="14m45s",
                ),
                fires(
                    "5% of / left for 15m: fires",
                    root_filesystem(5e9),
                    at="15m",
                    alerts=[filesystem_low("5%")],
                ),
                quiet("no size series of / exists", root_filesystem(5e9)[:1], at="20m"),
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
                    alerts=[REDIS_EXPORTER_DOWN],
                ),
                quiet("every target is up", [gauge(up, REDIS_TARGET, 1)], at="5m"),
                quiet(
                    "the Redis exporter is down for 45s: pending",
                    [gauge(up, REDIS_TARGET, 0)],
                    at="45s",
                ),
                fires(
                    "the Redis exporter is down for 1m: fires",
                    [gauge(up, REDIS_TARGET, 0)],
                    at="1m",
                    alerts=[REDIS_EXPORTER_DOWN],
                ),
                # The target's last sample is at 3m and its series is stale
                # from 4m, as when it is removed from the scrape configuration.
                quiet(
                    "a removed target's up series is gone",
                    [disappears(up, REDIS_TARGET, 0, after="3m")],
                    at="5m",
                ),
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
                    evaluation_failures(per_minute=1),
                    at="15m",
                    alerts=[failed_evaluations("10")],
                ),
                quiet(
                    "no evaluation fails", evaluation_failures(per_minute=0), at="15m"
                ),
                quiet(
                    "one failure seen for 4m45s: pending",
                    single_evaluation_failure(),
                    at="6m45s",
                ),
                # The increase over 10m is exactly 1 at whole minutes, so a
                # threshold of 1 would not fire.
                fires(
                    "one failure seen for 5m: fires",
                    single_evaluation_failure(),
                    at="7m",
                    alerts=[failed_evaluations("1")],
                ),
                fires(
                    "failures continue across a Prometheus restart",
                    restarted(evaluation_failures(per_minute=1), after="10m"),
                    at="15m",
                    alerts=[failed_evaluations("10")],
                ),
                quiet(
                    "no failure counter of the rule group exists",
                    [gauge(up, PROMETHEUS_TARGET, 1)],
                    at="15m",
                ),
            ],
        ),
    ],
    interval=INTERVAL,
    file="infrastructure",
)
