"""Say in one line per difference why a promtool test case failed.

promtool prints the expected and the actual alerts as `exp:[...]` and
`got:[...]` blocks of `Labels:{...}` and `Annotations:{...}` lines. A
difference is easy to miss in a long annotation, so each one is listed.
"""

from __future__ import annotations

import re

_PAIR = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
# `exp:[]` when empty, else `exp:[` and one line per field up to a line `]`.
_BLOCK = re.compile(r"\b(exp|got):\[(\]|.*?\n\s*\])", re.DOTALL)


def _alerts(block: str) -> list[dict[str, dict[str, str]]]:
    alerts: list[dict[str, dict[str, str]]] = []
    for line in block.splitlines():
        line = line.strip()
        for kind in ("Labels", "Annotations"):
            if line.startswith(kind + ":{"):
                if kind == "Labels":
                    alerts.append({"Labels": {}, "Annotations": {}})
                if alerts:
                    alerts[-1][kind] = dict(_PAIR.findall(line))
    return alerts


def explain_failure(details: str) -> list[str]:
    """Return one sentence per difference; empty when the form is unknown."""
    blocks = dict(_BLOCK.findall(details))
    if "exp" not in blocks or "got" not in blocks:
        return []
    expected, got = _alerts(blocks["exp"]), _alerts(blocks["got"])
    if len(expected) != len(got):
        return [f"expected {len(expected)} alerts, got {len(got)}"]
    lines = []
    for index, (want, have) in enumerate(zip(expected, got)):
        prefix = f"alert {index + 1}: " if len(expected) > 1 else ""
        for kind, noun in (("Labels", "label"), ("Annotations", "annotation")):
            for key in sorted(set(want[kind]) | set(have[kind])):
                if want[kind].get(key) != have[kind].get(key):
                    lines.append(
                        f"{prefix}{noun} {key}: expected {_show(want[kind].get(key))}, "
                        f"got {_show(have[kind].get(key))}"
                    )
    return lines


def _show(value: str | None) -> str:
    return "nothing" if value is None else f'"{value}"'
