"""Paths of the build artifacts, relative to the build folder.

Kept apart from the compilers so that readers of a build (validate, push)
can find files without importing YAML, JSON or grafanalib.
"""

# A file in every build folder; mac replaces, validates and pushes only
# folders that contain it.
MARKER = ".mac-build"
RULES_DIR = "prometheus/rules"
TESTS_DIR = "prometheus/tests"
PROMETHEUS_FILE = "prometheus/prometheus.yml"
ALERTMANAGER_FILE = "alertmanager/alertmanager.yml"
DASHBOARDS_DIR = "grafana/dashboards"
FOLDERS_FILE = "grafana/folders.json"
PROVISIONING_FILE = "grafana/provisioning/dashboards.yml"
# The folder of dashboards that are in no folder (Grafana's "General").
GENERAL = "general"
