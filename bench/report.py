"""Timing helpers and the Markdown table every benchmark prints."""

import statistics
import time
from collections.abc import Callable


def median_seconds(operation: Callable[[int], object], repeat: int) -> float:
    """Median wall time of operation(i) over `repeat` runs (i = 0…repeat-1, for unique names)."""
    timings = []
    for index in range(repeat):
        started = time.perf_counter()
        operation(index)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def table(title: str, rows: list[tuple[str, float]], baseline: str, unit: str = "s") -> None:
    """rows: (label, seconds); the ratio column compares each row with the baseline row."""
    base = dict(rows)[baseline]
    print(f"\n## {title}\n")
    print(f"| way | median, {unit} | speed-up vs the first row |")
    print("|---|---:|---:|")
    for label, value in rows:
        shown = value * 1000 if unit == "ms" else value
        print(f"| {label} | {shown:.3f} | {base / value:.1f}× |")
