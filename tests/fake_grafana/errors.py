"""Responses and Grafana's four error-body shapes (A plain, B status, C errutil, D RBAC)."""

import secrets
import string
from typing import NamedTuple


class Response(NamedTuple):
    """HTTP response built by a route. `body` is a JSON value, or bytes sent unchanged."""

    status: int
    body: object = None
    content_type: str = "application/json"
    headers: tuple = ()
    changed: bool = False


def plain_error(status: int, message: str, with_trace_id: bool = False) -> Response:
    """Build shape A. Grafana adds `traceID` only when an internal error was attached."""
    body = {"message": message}
    if with_trace_id:
        body["traceID"] = ""
    return Response(status, body)


def status_error(status: int, status_text: str, message: str) -> Response:
    """Build shape B, used by dashboard errors that carry a status string and by folder 404/412."""
    return Response(status, {"status": status_text, "message": message})


def errutil_error(status: int, message_id: str, message: str) -> Response:
    """Build shape C, the errutil body that authentication failures use."""
    body = {"extra": None, "message": message, "messageId": message_id,
            "statusCode": status, "traceID": ""}
    return Response(status, body)


def access_denied(actions: tuple) -> Response:
    """Build shape D, the RBAC middleware's 403 with a random `accessErrorId`."""
    needed = actions[0] if len(actions) == 1 else "any of " + ", ".join(actions)
    body = {
        "title": "Access denied",
        "message": "You'll need additional permissions to perform this action. "
                   f"Permissions needed: {needed}",
        "accessErrorId": "ACE" + "".join(secrets.choice(string.digits) for _ in range(10)),
    }
    return Response(403, body)
