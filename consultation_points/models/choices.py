"""Vocabularies of consultants and requests: the regional layer's own (regional_center.vocabulary)."""

from regional_center.vocabulary import DeficitArea, Format, Subject, SupportKind, TeacherCategory

__all__ = ["DeficitArea", "Format", "Subject", "SupportKind", "TeacherCategory"]
