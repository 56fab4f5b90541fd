"""Consents to personal-data processing: recording and withdrawal. Schema: TENANT.

Rules (152-ФЗ; seed 001 road map «сбор согласий»):
- for a minor (on the day of signing) the consent is given by a legal representative: a parent of
  the school linked to the child, or a representative named in the document (guardian, custodian);
- consent to special categories (health/ОВЗ, registers, difficult life situation) is written only;
- a consent is not signed in the future and, when it has a term, ends after it was signed;
- a withdrawal is recorded once, with its date and reason. Withdrawing removes nothing by itself:
  from that day selectors.consents treats the person as having no consent, and special categories
  kept without a valid special consent are flagged for the curator's attention.

Whether a participant may be placed in a base, matched or surveyed is answered by
selectors.consents, from what is recorded here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Consent, Guardianship, Participant, ParticipantKind


@transaction.atomic
def consent_record(
    *,
    participant: Participant,
    signed_on: datetime.date,
    scope: str = Consent.Scope.PERSONAL_DATA,
    given_by: str | None = None,
    representative: Participant | None = None,
    representative_name: str = "",
    form: str = Consent.Form.WRITTEN,
    document_number: str = "",
    valid_until: datetime.date | None = None,
    by=None,
) -> Consent:
    """Record a consent; `given_by` defaults to the representative when one is named, else to the person."""
    representative_name = " ".join(representative_name.split())
    if given_by is None:
        named = representative is not None or representative_name
        given_by = Consent.GivenBy.REPRESENTATIVE if named else Consent.GivenBy.SELF
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if signed_on > today:
        errors["signed_on"] = "Дата согласия не может быть в будущем."
    if valid_until is not None and valid_until <= signed_on:
        errors["valid_until"] = "Срок действия должен заканчиваться позже даты согласия."
    if scope == Consent.Scope.SPECIAL_CATEGORIES and form != Consent.Form.WRITTEN:
        errors["form"] = (
            "Согласие на обработку специальных категорий персональных данных даётся только письменно."
        )
    if given_by == Consent.GivenBy.SELF:
        if participant.is_minor_on(signed_on):
            errors["given_by"] = (
                f"{participant.short_name} — {participant.agreed('несовершеннолетний', 'несовершеннолетняя')}"
                " на дату согласия: согласие даёт родитель "
                "(законный представитель)."
            )
        if representative is not None or representative_name:
            errors["representative"] = "Представитель указывается, только если согласие дал он."
    elif given_by == Consent.GivenBy.REPRESENTATIVE:
        if representative is None and not representative_name:
            errors["representative"] = "Выберите родителя из базы или впишите ФИО законного представителя."
        if representative is not None:
            if representative.pk == participant.pk:
                errors["representative"] = "Участник не может быть своим законным представителем."
            elif representative.kind != ParticipantKind.PARENT:
                errors["representative"] = (
                    f"{representative.full_name} — не родитель (законный представитель)."
                )
            elif not Guardianship.objects.filter(parent=representative, child=participant).exists():
                errors["representative"] = (
                    f"{representative.full_name} не {representative.agreed('связан', 'связана')} "
                    "с участником как родитель: сначала свяжите "
                    "их или впишите ФИО представителя."
                )
    else:
        errors["given_by"] = "Укажите, кем дано согласие."
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        participant=participant,
        scope=scope,
        given_by=given_by,
        representative=representative,
        representative_name=representative_name,
        form=form,
        document_number=document_number.strip(),
        signed_on=signed_on,
        valid_until=valid_until,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    consent.full_clean(exclude=["recorded_by"])  # may be empty: imports and scripts record too
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, reason: str, withdrawn_on: datetime.date | None = None) -> Consent:
    """The person (or their representative) withdrew the consent on that day; once, for a reason."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    withdrawn_on = withdrawn_on or timezone.localdate()
    reason = " ".join(reason.split())
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": f"Согласие уже отозвано {consent.withdrawn_on:%d.%m.%Y}."})
    errors = {}
    if withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = "Дата отзыва не может быть в будущем."
    elif withdrawn_on < consent.signed_on:
        errors["withdrawn_on"] = (
            f"Согласие подписано {consent.signed_on:%d.%m.%Y}: отзыв не может быть раньше."
        )
    if not reason:
        errors["reason"] = "Укажите причину отзыва (например, «заявление родителя от …»)."
    if errors:
        raise ValidationError(errors)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_reason = reason
    consent.full_clean(exclude=["recorded_by"])
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    return consent
