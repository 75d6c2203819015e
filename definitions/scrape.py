"""Prometheus global settings and the scrape jobs of the UGM-AICare platform.

Targets are Docker Compose service names, so Prometheus must share a
network with the backend, the exporters and Alertmanager.
"""

from monitoring_as_code import PrometheusConfig, ScrapeJob

prometheus_config = PrometheusConfig(
    scrape_interval="15s",
    evaluation_interval="15s",
    alertmanagers=["alertmanager:9093"],
)

# The FastAPI backend serves its own metrics (see catalog.py) on /metrics.
backend = ScrapeJob(
    "ugm-aicare-backend",
    ["backend:8000"],
    exporter="application",
)

node_exporter = ScrapeJob(
    "node-exporter",
    ["node-exporter:9100"],
    exporter="node-exporter",
)

cadvisor = ScrapeJob(
    "cadvisor",
    ["cadvisor:8080"],
    exporter="cadvisor",
)

postgres = ScrapeJob(
    "postgres",
    ["postgres-exporter:9187"],
    exporter="postgres-exporter",
)

redis = ScrapeJob(
    "redis",
    ["redis-exporter:9121"],
    exporter="redis-exporter",
)

# Prometheus scrapes itself, which gives its own health metrics (rule
# evaluation failures) and a job for the synthetic `up` series to belong to.
prometheus = ScrapeJob(
    "prometheus",
    ["localhost:9090"],
    exporter="prometheus",
)
