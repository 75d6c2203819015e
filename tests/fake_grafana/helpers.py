"""Slugs, durations, request bodies and generated uids."""

import json
import re
import secrets
import string
import uuid

from .state import DURATION_SECONDS

SLUG_REPLACEMENTS = {" ": "-", "&": "and", "@": "at"}
SLUG_OMITTED = set(",\"'\n\r\0?.()")


def slugify(title: str) -> str:
    """Return Grafana's URL slug: lower case, kept [a-z0-9_-], other characters hex-encoded.

    A slug that is empty or longer than 50 bytes becomes a UUIDv5 of the title, as in Grafana.
    """
    parts = []
    for char in title.strip().lower():
        if char in SLUG_REPLACEMENTS:
            parts.append(SLUG_REPLACEMENTS[char])
        elif char.isascii() and (char.isalnum() or char in "_-"):
            parts.append(char)
        elif char not in SLUG_OMITTED:
            parts.append(char.encode("utf-8").hex())
    slug = "".join(parts)
    if not slug or len(slug) > 50:
        slug = str(uuid.uuid5(uuid.NAMESPACE_OID, title))
    return slug


def parse_duration_seconds(value: object) -> int | None:
    """Return a Grafana refresh interval such as "30s" or "1m" in seconds, or None."""
    match = re.fullmatch(r"(\d+)([smhdwy])", value) if isinstance(value, str) else None
    if match is None:
        return None
    return int(match.group(1)) * DURATION_SECONDS[match.group(2)]


def parse_int(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def decode_json_body(headers, body: bytes) -> dict | None:
    """Return the JSON object body, or None where Grafana's binder rejects it with 400."""
    media_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return None
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def new_uid() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(14))
