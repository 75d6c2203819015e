"""Alert test cases, their helpers, and the runners of `mac test`.

Definition files write cases next to their alert:

    from monitoring_as_code.testing import counter, fires, quiet

    AlertingRule(
        "HighErrorRate", ...,
        tests=[
            fires("10% of requests fail", [...series...], at="10m",
                  alerts=[Alert(labels={...}, annotations={...})]),
            quiet("1% of requests fail", [...series...], at="10m"),
        ],
    )
"""

from monitoring_as_code.testing.cases import Alert, AlertTest, Series, fires, quiet
from monitoring_as_code.testing.series import (
    counter,
    disappears,
    gauge,
    histogram,
    histogram_mix,
    restarted,
)

__all__ = [
    "Alert",
    "AlertTest",
    "Series",
    "counter",
    "disappears",
    "fires",
    "gauge",
    "histogram",
    "histogram_mix",
    "quiet",
    "restarted",
]
