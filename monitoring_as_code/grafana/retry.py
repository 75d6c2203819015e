"""When to retry a request to Grafana, and how long to wait before it.

Grafana OSS has no API rate limiter, so 429 comes from a proxy or Grafana
Cloud, which may send Retry-After. 502, 503 and 504 come from proxies and
restarts. A 500 on save usually means a storage fault, which gets one retry.
Other 4xx responses are deterministic and never retried.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff and jitter.

    Attempt n (from 1) that fails waits a random time between half and all of
    `base_delay * 2 ** (n - 1)` seconds, at most `max_delay`, unless the
    response has a Retry-After header, which is followed up to
    `max_retry_after` seconds.
    """

    max_attempts: int = 4  # the first attempt and three retries
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    # Statuses retried fewer times: 500 is retried once.
    limited_statuses: tuple[tuple[int, int], ...] = ((500, 2),)

    def attempts_for_status(self, status: int) -> int:
        """Return how many attempts a request that gets `status` may make."""
        for limited, attempts in self.limited_statuses:
            if status == limited:
                return attempts
        return self.max_attempts if status in self.retry_statuses else 1

    def backoff(self, attempt: int) -> float:
        """Return the wait in seconds after failed attempt `attempt`."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


DEFAULT_POLICY = RetryPolicy()


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the wait that a Retry-After header requests, in seconds.

    The header is either a number of seconds or an HTTP date. An invalid
    value gives None, so the caller falls back to its own backoff.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = None
    if seconds is not None:
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max((moment - now).total_seconds(), 0.0)
