"""Models of the regional layer (schema: PUBLIC), one module per area.

organisations: the region, municipalities, schools' flags per school year, the practice library's
published practices. Each area of the regional centre's own work adds its module and imports it here.
"""

from .centre import RoadmapMilestone, RoadmapStage  # CENTRE
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
from .organisations import Municipality, PublishedPractice, Region, SchoolYearStatus, school_year_label
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

__all__ = [
    "Agreement",  # CENTRE
    "AgreementExpiryWarning",  # CENTRE
    # SUPPORT
    "AntiRiskMeasure",
    "AntiRiskProgramme",
    "DeficitLevel",
    "Event",  # EVENTS
    "EventFeedback",  # EVENTS
    "EventFormat",  # EVENTS
    "EventHost",  # EVENTS
    "EventKind",  # EVENTS
    "EventMaterial",  # EVENTS
    "EventRegistration",  # EVENTS
    "EventStatus",  # EVENTS
    "Municipality",
    "OrganisationPair",
    "PairIndicatorValue",
    "PairVisit",
    "PartnerOrganisation",  # CENTRE
    "PublishedPractice",
    "Region",
    "RiskFactor",
    "RiskLevel",
    "RoadmapMilestone",  # CENTRE
    "RoadmapStage",  # CENTRE
    "RouteArea",
    "RouteItemStatus",
    "RouteStatus",
    "RouteSummary",
    "RouteSummaryArea",
    "SchoolRiskFactor",
    "SchoolYearStatus",
    "SelfDiagnosisEntry",
    "SharedRoute",
    "SupportPlanItem",
    "WorkStatus",
    "school_year_label",
]
