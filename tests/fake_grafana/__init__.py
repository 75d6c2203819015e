"""Fake Grafana HTTP server for tests of a dashboard push tool.

Emulates the Grafana 12.x HTTP API as `mac push` uses it. It serves `/api/health`,
`/api/search`, folders (nested), read-only data sources, and dashboard save, get and
delete with Grafana's validation order and version numbering. Requests authenticate with
service-account tokens or basic auth, each with a Viewer, Editor or Admin role.
`FakeGrafana(mode="13")` switches to Grafana main after 13.0.1, where a stale dashboard
version gives 409 instead of 412. Error bodies use Grafana's four shapes: A `{"message"}`,
B `{"status","message"}`, C errutil (authentication failures) and D (RBAC deny).

Deliberate omissions:
* One organization (id 1). `X-Grafana-Org-Id` only matters for the token org check.
* No alerting provisioning, dashboard version-history API, stars (`starred=true` returns
  `[]`), folder move, library panels, `/apis/...` Kubernetes-style endpoints or schema-v2
  dashboards (no 406, and no v2 payload rejection in mode "13").
* Permissions are the basic roles plus `deny_folder_writes`, which only affects dashboard saves.
* Every save increments the version. The unified-storage rule (unchanged version when the
  spec did not change) is not modelled.
* Slugs hex-encode non-ASCII characters instead of transliterating accents.
* Request bodies need a Content-Length header, so chunked uploads are not supported.
"""

from .server import FakeGrafana
from .state import RequestRecord

__all__ = ["FakeGrafana", "RequestRecord"]
