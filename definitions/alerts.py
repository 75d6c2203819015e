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

import math
import re

from monitoring_as_code.model.durations import parse_duration
from monitoring_as_code.testing import Series, counter

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


# A counter's values as counter() writes them: start, step and step count.
_COUNTER_VALUES = re.compile(r"^(?P<start>[^+\s]+)\+(?P<step>[^x\s]+)x(?P<steps>\d+)$")


def restarted(series: list[Series], after: str) -> list[Series]:
    """Return counter `series` restarted just after their sample at `after`.

    Each counter starts again from 0 and its next sample is one step, so
    no increment is lost and rate() and increase() read the same values as
    without the restart. `series` must come from counter() with its default
    1-minute interval.
    """
    restart_index = parse_duration(after) // parse_duration("1m")
    result = []
    for item in series:
        match = _COUNTER_VALUES.match(item.values)
        if match is None:
            raise ValueError(f"{item.values!r} is not a counter written by counter()")
        step, steps = match["step"], int(match["steps"])
        values = (
            f"{match['start']}+{step}x{restart_index} "
            f"{step}+{step}x{steps - restart_index - 1}"
        )
        result.append(Series(item.name, item.labels, values))
    return result


def histogram_mix(
    metric,
    labels: dict[str, str],
    observations: dict[float, float],
    duration: str = "30m",
) -> list[Series]:
    """Build the series of a histogram that observes each key of
    `observations` at its value, in observations per second.

    Whole-number rates keep the bucket rates, and so the quantile computed
    from them, exact. For example {3: 19, 8: 1} puts the P95 exactly on the
    upper bound of the bucket that contains 3.
    """
    name = str(metric)
    result = []
    for bound in (*metric.buckets, math.inf):
        per_second = sum(rate for value, rate in observations.items() if value <= bound)
        le = "+Inf" if bound == math.inf else f"{bound:g}"
        bucket = {**labels, "le": le}
        result.append(counter(f"{name}_bucket", bucket, per_second, duration))
    total = sum(observations.values())
    observed = sum(value * rate for value, rate in observations.items())
    result.append(counter(f"{name}_count", labels, total, duration))
    result.append(counter(f"{name}_sum", labels, observed, duration))
    return result
