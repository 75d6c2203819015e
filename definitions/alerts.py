"""Constants, test targets and test series shapes shared by the alert
files of UGM-AICare.

The rules themselves are in alerts_backend.py, alerts_agents.py,
alerts_crisis_care.py and alerts_infrastructure.py, one rule group and one
rule file each. docs/alerts.md explains each threshold.

Every alert has a severity, a `service` label (Alertmanager groups and
inhibits by alertname and service), a summary, a description that uses only
labels its expression keeps, a runbook URL, an explicit `for`, and test
cases: at least one in which it fires and one in which it stays quiet.

The cases also pin each threshold and `for`. A value exactly at the
threshold stays quiet and one just past it fires. The alert is pending 15 s
before its `for` has passed and fires when it has. A counter reset changes
nothing, and a missing series keeps the alert quiet.
tests/test_platform_alerts.py checks that a changed threshold or `for`
fails at least one case.

promtool evaluates the rules every 15 s (the evaluation interval). Test
counters start at 0 at 0m, so their rate first exists at 1m and the `for`
of a rate-based alert counts from 1m, whereas that of a gauge alert counts
from 0m. Cases at exactly a threshold use whole rates per second, whose
ratios and quantiles are exact in floating point.

Recording rules are named level:metric:operations. Each group lists its
recording rules before the alerts that read them, because Prometheus
evaluates the rules of a group in order.
"""

from .scrape import backend, node_exporter, postgres, prometheus, redis

RUNBOOKS = "https://runbooks.ugm-aicare.example/alerts"
INTERVAL = "30s"

# The care bound for crisis escalations at high or critical risk: a
# counselor responds within 10 minutes. It must stay a bucket bound of
# crisis_response_time_seconds.
# NOTE: 10 minutes is a starting value for the clinical leads to confirm.
CRISIS_RESPONSE_BOUND_SECONDS = 600
CRISIS_RESPONSE_BOUND = "10m"


def target_labels(job) -> dict[str, str]:
    """Return the job and instance labels of the first target of `job`.

    Test series carry them because Prometheus adds them at scrape time.
    """
    return {"job": job.job_name, "instance": job.targets[0]}


BACKEND_TARGET = target_labels(backend)
NODE_TARGET = target_labels(node_exporter)
POSTGRES_TARGET = target_labels(postgres)
REDIS_TARGET = target_labels(redis)
PROMETHEUS_TARGET = target_labels(prometheus)
