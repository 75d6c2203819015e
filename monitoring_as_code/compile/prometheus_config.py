"""build/prometheus/prometheus.yml: scrape jobs, rule files, Alertmanager."""

from __future__ import annotations

from monitoring_as_code.compile.output import dump_yaml
from monitoring_as_code.model.project import Project
from monitoring_as_code.paths import PROMETHEUS_FILE, RULES_DIR



def compile_prometheus_config(project: Project) -> dict[str, bytes]:
    settings = project.prometheus
    global_config: dict = {
        "scrape_interval": settings.scrape_interval,
        "evaluation_interval": settings.evaluation_interval,
    }
    if settings.external_labels:
        global_config["external_labels"] = dict(sorted(settings.external_labels.items()))
    config: dict = {"global": global_config}
    if settings.alertmanagers:
        config["alerting"] = {
            "alertmanagers": [{"static_configs": [{"targets": list(settings.alertmanagers)}]}]
        }
    if project.groups:
        # Relative to this file, as Prometheus resolves rule_files.
        config["rule_files"] = [RULES_DIR.removeprefix("prometheus/") + "/*.yml"]
    config["scrape_configs"] = [_job(job) for job in project.jobs]
    return {PROMETHEUS_FILE: dump_yaml(config)}


def _job(job) -> dict:
    data: dict = {"job_name": job.job_name}
    if job.scrape_interval:
        data["scrape_interval"] = job.scrape_interval
    if job.scrape_timeout:
        data["scrape_timeout"] = job.scrape_timeout
    if job.metrics_path != "/metrics":
        data["metrics_path"] = job.metrics_path
    static: dict = {"targets": list(job.targets)}
    if job.labels:
        static["labels"] = dict(sorted(job.labels.items()))
    data["static_configs"] = [static]
    return data
