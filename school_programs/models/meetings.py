from django.db import models
from django.db.models import Q

from ..dates import RANGE_MESSAGE, DateInRange, range_q
from .choices import MeetingKind


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "очно"
        ONLINE = "online", "дистанционно"
        MIXED = "mixed", "смешанный"

    group = models.ForeignKey(
        "MentoringGroup", on_delete=models.CASCADE, related_name="meetings", verbose_name="пара / группа"
    )
    kind = models.CharField("вид встречи", max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField("дата", validators=[DateInRange("Дата встречи")])
    format = models.CharField("формат", max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    duration_minutes = models.PositiveSmallIntegerField("длительность, мин", default=45)
    topic = models.CharField("тема", max_length=300, blank=True)
    notes = models.TextField("заметки", blank=True)
    created_at = models.DateTimeField("внесена", auto_now_add=True)

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["group", "-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=600), name="meeting_duration_range"
            ),
            models.CheckConstraint(
                condition=range_q("held_on"),
                name="meeting_date_in_range",
                violation_error_message=RANGE_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["group", "held_on"], name="meeting_group_date_idx")]


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey("Participant", on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField("присутствовал", default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "participant"], name="attendance_unique")]
