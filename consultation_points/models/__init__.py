"""Models of the consultation points app (public schema), one module per area."""

from consultation_points.models.choices import DeficitArea, Format, Subject, SupportKind, TeacherCategory
from consultation_points.models.consultants import Consultant
from consultation_points.models.points import ConsultationPoint
from consultation_points.models.requests import (
    OPEN_STATUSES,
    Consultation,
    ConsultationRequest,
    RequestEvent,
    RequestStatus,
    Urgency,
)

__all__ = [
    "OPEN_STATUSES",
    "Consultant",
    "Consultation",
    "ConsultationPoint",
    "ConsultationRequest",
    "DeficitArea",
    "Format",
    "RequestEvent",
    "RequestStatus",
    "Subject",
    "SupportKind",
    "TeacherCategory",
    "Urgency",
]
