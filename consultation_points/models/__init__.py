"""Models of the consultation points app (public schema), one module per area."""

from consultation_points.models.points import ConsultationPoint

__all__ = ["ConsultationPoint"]
