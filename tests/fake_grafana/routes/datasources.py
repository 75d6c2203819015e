"""Read-only data source routes."""

import copy

from ..errors import Response, plain_error
from ..state import Identity


class DatasourceRoutes:
    """Data source routes of FakeGrafana."""

    def _list_datasources(self, identity: Identity, **_) -> Response:
        return Response(200, sorted(copy.deepcopy(self._datasources), key=lambda d: d["name"]))

    def _get_datasource(self, identity: Identity, uid: str, **_) -> Response:
        for datasource in self._datasources:
            if datasource["uid"] == uid:
                detail = {"basicAuthUser": "", "withCredentials": False,
                          "secureJsonFields": {}, "version": 1}
                return Response(200, {**copy.deepcopy(datasource), **detail})
        return plain_error(404, "Data source not found")
