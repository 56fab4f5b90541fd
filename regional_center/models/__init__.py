"""Models of the regional layer (schema: PUBLIC), one module per area.

organisations: the region, municipalities, schools' flags per school year, the practice library's
published practices. Each area of the regional centre's own work adds its module and imports it here.
"""

from .organisations import Municipality, PublishedPractice, Region, SchoolYearStatus, school_year_label
from .centre import RoadmapMilestone, RoadmapStage  # CENTRE
from .partners import Agreement, AgreementExpiryWarning, PartnerOrganisation  # CENTRE
from .routes_shared import (  # SUPPORT
    DeficitLevel,
    RouteArea,
    RouteItemStatus,
    RouteStatus,
    RouteSummary,
    RouteSummaryArea,
    SharedRoute,
)
from .support import (  # SUPPORT
    AntiRiskMeasure,
    AntiRiskProgramme,
    OrganisationPair,
    PairIndicatorValue,
    PairVisit,
    RiskFactor,
    RiskLevel,
    SchoolRiskFactor,
    SelfDiagnosisEntry,
    SupportPlanItem,
    WorkStatus,
)
from .events import (  # EVENTS
    Event,
    EventFeedback,
    EventFormat,
    EventHost,
    EventKind,
    EventMaterial,
    EventRegistration,
    EventStatus,
)

__all__ = [
    "Event",  # EVENTS
    "EventFeedback",  # EVENTS
    "EventFormat",  # EVENTS
    "EventHost",  # EVENTS
    "EventKind",  # EVENTS
    "EventMaterial",  # EVENTS
    "EventRegistration",  # EVENTS
    "EventStatus",  # EVENTS
    "Municipality",
    "PartnerOrganisation",  # CENTRE
    "Agreement",  # CENTRE
    "AgreementExpiryWarning",  # CENTRE
    "RoadmapStage",  # CENTRE
    "RoadmapMilestone",  # CENTRE
    "PublishedPractice",
    "Region",
    "SchoolYearStatus",
    "school_year_label",
    # SUPPORT
    "AntiRiskMeasure",
    "AntiRiskProgramme",
    "DeficitLevel",
    "OrganisationPair",
    "PairIndicatorValue",
    "PairVisit",
    "RiskFactor",
    "RiskLevel",
    "RouteArea",
    "RouteItemStatus",
    "RouteStatus",
    "RouteSummary",
    "RouteSummaryArea",
    "SchoolRiskFactor",
    "SelfDiagnosisEntry",
    "SharedRoute",
    "SupportPlanItem",
    "WorkStatus",
]
