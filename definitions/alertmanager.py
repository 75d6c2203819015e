"""Alertmanager routing, receivers and inhibition for UGM-AICare.

Critical alerts go to #ugm-aicare-critical and page through PagerDuty, and
crisis-care alerts among them repeat every 15 minutes. Warnings go to
#ugm-aicare-warnings, and everything else (info) to #ugm-aicare-alerts.

Webhook URLs and the PagerDuty routing key are read from files under
/etc/alertmanager/secrets/, which the deployment mounts. None is written
here.
"""

from monitoring_as_code import (
    Alertmanager,
    Global,
    InhibitRule,
    PagerDutyConfig,
    Receiver,
    Route,
    SlackConfig,
)

SECRETS = "/etc/alertmanager/secrets"

SLACK_TITLE = (
    "[{{ .Status | toUpper }}"
    "{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] "
    "{{ .GroupLabels.alertname }} ({{ .GroupLabels.service }})"
)
SLACK_TEXT = (
    "{{ range .Alerts }}{{ .Annotations.summary }}: "
    "{{ .Annotations.description }}\n"
    "Runbook: {{ .Annotations.runbook_url }}\n{{ end }}"
)


def slack(channel: str, secret_name: str) -> SlackConfig:
    """Build a Slack config that posts to `channel` with the shared templates."""
    return SlackConfig(
        channel,
        api_url_file=f"{SECRETS}/{secret_name}",
        title=SLACK_TITLE,
        text=SLACK_TEXT,
    )


team_notifications = Receiver(
    "team-notifications",
    slack=[slack("#ugm-aicare-alerts", "slack-alerts-webhook-url")],
)

critical_alerts = Receiver(
    "critical-alerts",
    slack=[slack("#ugm-aicare-critical", "slack-critical-webhook-url")],
    pagerduty=[
        PagerDutyConfig(
            routing_key_file=f"{SECRETS}/pagerduty-routing-key",
            severity="critical",
            description=(
                "{{ .GroupLabels.alertname }} ({{ .GroupLabels.service }}): "
                "{{ .CommonAnnotations.summary }}"
            ),
            details={
                "firing": "{{ .Alerts.Firing | len }}",
                "runbook": "{{ (index .Alerts 0).Annotations.runbook_url }}",
            },
        )
    ],
)

warning_alerts = Receiver(
    "warning-alerts",
    slack=[slack("#ugm-aicare-warnings", "slack-warnings-webhook-url")],
)

alertmanager = Alertmanager(
    global_=Global(resolve_timeout="5m"),
    route=Route(
        "team-notifications",
        group_by=["alertname", "service"],
        group_wait="30s",
        group_interval="5m",
        repeat_interval="4h",
        routes=[
            Route(
                "critical-alerts",
                matchers=['severity="critical"'],
                group_wait="10s",
                group_interval="1m",
                repeat_interval="1h",
                routes=[
                    # Inherits critical-alerts. PagerDuty deduplicates the
                    # repeats of an open incident, so only Slack reposts.
                    Route(
                        matchers=['service="crisis-care"'],
                        repeat_interval="15m",
                    ),
                ],
            ),
            Route(
                "warning-alerts",
                matchers=['severity="warning"'],
                group_wait="1m",
                group_interval="5m",
                repeat_interval="12h",
            ),
        ],
    ),
    receivers=[team_notifications, critical_alerts, warning_alerts],
    # The receivers each severity must reach. Routing tests check the route
    # tree against this.
    severity_receivers={
        "critical": ["critical-alerts"],
        "warning": ["warning-alerts"],
        "info": ["team-notifications"],
    },
    inhibit_rules=[
        # A critical alert mutes the warning of the same name and service,
        # for example HighErrorRate above 5% mutes HighErrorRate above 2%.
        InhibitRule(
            source_matchers=['severity="critical"'],
            target_matchers=['severity="warning"'],
            equal=["alertname", "service"],
        ),
    ],
)
