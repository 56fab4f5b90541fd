"""Schema: PUBLIC. The indicator catalogue, aggregated per-school facts and targets (never personal data)."""

from .catalogue import Indicator
from .facts import EnteredValue, FactSnapshot, IndicatorFact, RecomputeRun, SchoolDataChange, SchoolFactsState
from .targets import Target  # DASHBOARDS

__all__ = [
    "EnteredValue",
    "FactSnapshot",
    "Indicator",
    "IndicatorFact",
    "RecomputeRun",
    "SchoolDataChange",
    "SchoolFactsState",
    "Target",  # DASHBOARDS
]
