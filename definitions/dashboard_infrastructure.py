"""Scrape targets, containers, the host, PostgreSQL and Redis."""

from monitoring_as_code import (
    BarGaugePanel,
    Dashboard,
    GaugePanel,
    QueryVariable,
    Row,
    StatPanel,
    TablePanel,
    Target,
    Threshold,
    TimeSeriesPanel,
)

from .alerts_infrastructure import node_memory_utilisation
from .catalog import (
    container_cpu_usage_seconds_total,
    container_last_seen,
    container_memory_working_set_bytes,
    container_spec_memory_limit_bytes,
    container_start_time_seconds,
    db_connection_pool_available,
    db_connection_pool_checked_out,
    db_connection_pool_size,
    db_query_duration_seconds,
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
    up,
)
from .dashboards import TABLE_LEGEND, folder

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
                    description="Value 1 means the last scrape succeeded, and 0 that it "
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
                TimeSeriesPanel(
                    "Container memory, share of limit",
                    [
                        Target(
                            f"""
                            sum by (name) ({container_memory_working_set_bytes}{{{CONTAINER}}})
                            /
                            (sum by (name) ({container_spec_memory_limit_bytes}{{{CONTAINER}}}) > 0)
                            """,
                            legend="{{name}}",
                        )
                    ],
                    description="Containers without a memory limit are left "
                    "out. The kernel kills a container that reaches 100%.",
                    unit="percentunit",
                    thresholds=[
                        Threshold("green"),
                        Threshold("orange", 0.8),
                        Threshold("red", 0.9),
                    ],
                    width=12,
                ),
                TablePanel(
                    "Seconds since cAdvisor last saw each container",
                    [
                        Target(
                            f"sort_desc(time() - max by (name) "
                            f"({container_last_seen}{{{CONTAINER}}}))",
                            instant=True,
                            format="table",
                        )
                    ],
                    description="A few seconds for a running container; a "
                    "stopped container grows here until cAdvisor drops it.",
                    unit="s",
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
                    unit="none",
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
                              sum by (le, operation) (
                                rate({db_query_duration_seconds.bucket}[$__rate_interval])
                              )
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
                    unit="none",
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
