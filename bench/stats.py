"""Percentiles (nearest rank) and the figure lines the benchmark prints."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

PERCENTILES = (50, 95, 99)


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ms_lines(
    label: str, seconds: Sequence[float], suffix: str = "", which: Sequence[int] = PERCENTILES
) -> Iterable[str]:
    """``<label> p50<suffix>: 12.3 ms`` and p95, p99 (nothing when there are no values)."""
    if not seconds:
        return
    for p in which:
        yield f"{label} p{p}{suffix}: {percentile(seconds, p) * 1000:.1f} ms"
