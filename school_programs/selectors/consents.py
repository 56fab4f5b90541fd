"""Is a participant's personal data usable today? Schema: TENANT.

The rule (152-ФЗ; seed 001 road map: «сбор согласий на обработку персональных данных»): nobody is
placed in a base, matched or surveyed without a valid consent to personal-data processing. For a
minor the consent must come from a legal representative. Special categories (health/ОВЗ,
preventive registers, difficult life situation) additionally need a written special consent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Consent, Participant


def _valid_on(day: datetime.date) -> Q:
    return (
        Q(signed_on__lte=day)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    )


def valid_consents(
    scope: str = Consent.Scope.PERSONAL_DATA, on: datetime.date | None = None
) -> QuerySet[Consent]:
    return Consent.objects.filter(_valid_on(on or timezone.localdate()), scope=scope)


def consent_problem(
    participant: Participant, on: datetime.date | None = None, special: bool = False
) -> str | None:
    """None when the participant's data may be used; otherwise a Russian reason naming the person."""
    day = on or timezone.localdate()
    consents = list(participant.consents.filter(_valid_on(day)))
    general = [c for c in consents if c.scope == Consent.Scope.PERSONAL_DATA]
    if not general:
        return f"{participant.short_name}: нет действующего согласия на обработку персональных данных."
    if participant.is_minor_on(day) and not any(
        c.given_by == Consent.GivenBy.REPRESENTATIVE for c in general
    ):
        return (
            f"{participant.short_name}: {participant.agreed('несовершеннолетний', 'несовершеннолетняя')} — "
            "согласие должно дать родитель "
            "(законный представитель)."
        )
    if special and not any(c.scope == Consent.Scope.SPECIAL_CATEGORIES for c in consents):
        return (
            f"{participant.short_name}: нет письменного согласия на обработку специальных категорий "
            "персональных данных."
        )
    return None


def participants_with_valid_consent(ids: Iterable[int], on: datetime.date | None = None) -> set[int]:
    """Of these participants, the ids whose data may be used on the day (one query, for bulk checks)."""
    day = on or timezone.localdate()
    ids = list(ids)
    people = Participant.objects.filter(pk__in=ids).only("pk", "kind", "birth_date")
    consents: dict[int, list[str]] = {}
    for participant_id, given_by in (
        valid_consents(on=day).filter(participant_id__in=ids).values_list("participant_id", "given_by")
    ):
        consents.setdefault(participant_id, []).append(given_by)
    return {
        person.pk
        for person in people
        if person.pk in consents
        and (not person.is_minor_on(day) or Consent.GivenBy.REPRESENTATIVE in consents[person.pk])
    }
