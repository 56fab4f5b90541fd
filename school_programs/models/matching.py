from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ..dates import DateInRange
from .choices import Form


class CompatibilityResult(models.Model):
    """The psychologist's compatibility test of a mentor and a mentee (0 — incompatible, 100 — ideal)."""

    mentor = models.ForeignKey(
        "MentorEntry", on_delete=models.CASCADE, related_name="compatibility", verbose_name="наставник"
    )
    mentee = models.ForeignKey(
        "MenteeRequest", on_delete=models.CASCADE, related_name="compatibility", verbose_name="наставляемый"
    )
    score = models.PositiveSmallIntegerField("совместимость, 0–100")
    method = models.CharField("методика", max_length=200, blank=True)
    note = models.TextField("заключение", blank=True)
    tested_on = models.DateField("дата", validators=[DateInRange("Дата теста")])

    class Meta:
        verbose_name = "тест на психологическую совместимость"
        verbose_name_plural = "тесты на психологическую совместимость"
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="compatibility_unique_pair"),
            models.CheckConstraint(condition=Q(score__lte=100), name="compatibility_score_range"),
        ]


class SpeedMeetingPreference(models.Model):
    """After «быстрые встречи» each side ranks the other (1 — most wanted)."""

    programme = models.ForeignKey("Programme", on_delete=models.CASCADE, related_name="preferences")
    chooser = models.ForeignKey(
        "Participant", on_delete=models.CASCADE, related_name="preferences_given", verbose_name="кто выбирает"
    )
    chosen = models.ForeignKey(
        "Participant",
        on_delete=models.CASCADE,
        related_name="preferences_received",
        verbose_name="кого выбирает",
    )
    rank = models.PositiveSmallIntegerField("место в списке (1 — самый желанный)")

    class Meta:
        verbose_name = "предпочтение после быстрых встреч"
        verbose_name_plural = "предпочтения после быстрых встреч"
        constraints = [
            models.UniqueConstraint(fields=["programme", "chooser", "chosen"], name="preference_unique"),
            models.CheckConstraint(condition=~Q(chooser=F("chosen")), name="preference_not_self"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="preference_rank_positive"),
        ]


class MatchingRun(models.Model):
    """One request of the curator for suggestions in a form; keeps what was suggested and decided."""

    programme = models.ForeignKey("Programme", on_delete=models.CASCADE, related_name="matching_runs")
    form = models.CharField("форма", max_length=32, choices=Form.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField("подобрано", auto_now_add=True)
    total_score = models.FloatField("суммарная оценка", default=0)

    class Meta:
        verbose_name = "подбор пар"
        verbose_name_plural = "подборы пар"
        ordering = ["-created_at"]


class MatchSuggestion(models.Model):
    class Decision(models.TextChoices):
        PROPOSED = "proposed", "предложено"
        ACCEPTED = "accepted", "принято"
        REJECTED = "rejected", "отклонено"

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="suggestions")
    mentor = models.ForeignKey(
        "MentorEntry", on_delete=models.CASCADE, related_name="+", verbose_name="наставник"
    )
    mentee = models.ForeignKey(
        "MenteeRequest", on_delete=models.CASCADE, related_name="+", verbose_name="наставляемый"
    )
    score = models.FloatField("оценка")
    explanation = models.TextField("почему")
    decision = models.CharField("решение", max_length=16, choices=Decision.choices, default=Decision.PROPOSED)

    class Meta:
        verbose_name = "предложенная пара"
        verbose_name_plural = "предложенные пары"
        ordering = ["mentor__participant__last_name", "-score"]
        constraints = [models.UniqueConstraint(fields=["run", "mentee"], name="suggestion_one_per_mentee")]


class UnmatchedMentee(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey("MenteeRequest", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("причина")

    class Meta:
        verbose_name = "наставляемый без пары"
        verbose_name_plural = "наставляемые без пары"
