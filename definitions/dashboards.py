"""Grafana dashboards of the UGM-AICare platform, in the UGM-AICare folder.

Each dashboard is in its own dashboard_*.py file, and this file contains
what they share.

Panels use `$__rate_interval` as the rate window. Grafana makes it at least
four times the datasource's scrape interval, so a rate never rests on too
few samples at any zoom level. Crisis, counselor and engagement panels use
fixed windows of one hour or more instead, because those events are rare
and a window of a minute or two would usually be empty. Gauges that every
backend replica reports with the same platform-wide value are read with
max(), never sum().
"""

from monitoring_as_code import Folder, Legend

folder = Folder("ugm-aicare", "UGM-AICare")

TABLE_LEGEND = Legend(display_mode="table", placement="right", calcs=("mean", "max"))

# Reasons for the panels that count over a fixed window, which `mac lint`
# would otherwise report.
RARE_EVENTS = (
    "The events are rare, so a $__rate_interval window would usually be "
    "empty and the panel uses a fixed window instead."
)
PERIOD_IN_TITLE = "The panel counts over the fixed period that its title names."
