"""Cooperation agreements of the regional centre (соглашения о сотрудничестве), and the warnings
before they expire.

Schema: PUBLIC. The centre is a party to every agreement; at least one other party — a partner
organisation or a school of the region — is required. Everything is checked before anything is
written, the scan included: a refused agreement leaves neither a row nor a file behind.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenants.models import Membership, Role, School

from ..models import Agreement, AgreementExpiryWarning, PartnerOrganisation, Region
from .documents import document_check

logger = logging.getLogger(__name__)

# Days before the end at which the administrators are warned, each once per agreement (and per end
# date: a prolonged agreement is warned again before its new end).
DEFAULT_WARNING_DAYS = (30, 7)


def warning_days() -> tuple[int, ...]:
    return tuple(sorted(getattr(settings, "AGREEMENT_WARNING_DAYS", DEFAULT_WARNING_DAYS), reverse=True))


SCALAR_FIELDS = ("number", "signed_on", "starts_on", "ends_on", "subject", "status")


def _check(
    *,
    agreement: Agreement,
    partners: list[PartnerOrganisation],
    schools: list[School],
) -> None:
    errors: dict[str, str] = {}
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        errors["ends_on"] = (
            f"Дата окончания ({agreement.ends_on:%d.%m.%Y}) раньше даты начала "
            f"({agreement.starts_on:%d.%m.%Y})."
        )
    if agreement.signed_on and agreement.ends_on and agreement.signed_on > agreement.ends_on:
        errors["signed_on"] = "Дата заключения позже окончания срока действия соглашения."
    if not partners and not schools:
        errors["partners"] = (
            "Укажите хотя бы одну сторону соглашения, кроме центра: организацию-партнёра или школу региона."
        )
    foreign = [s for s in schools if s.municipality.region_id != agreement.region_id]
    if foreign:
        errors["schools"] = "Школы не из региона: " + ", ".join(str(s) for s in foreign) + "."
    number = (agreement.number or "").strip()
    if number:
        taken = Agreement.objects.filter(region_id=agreement.region_id, number__iexact=number)
        if agreement.pk:
            taken = taken.exclude(pk=agreement.pk)
        if taken.exists():
            errors["number"] = f"Соглашение № {number} уже зарегистрировано."
    try:
        agreement.full_clean(
            exclude=["document", "region"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, " ".join(messages))
    if errors:
        raise ValidationError(errors)


def _attach(*, agreement: Agreement, document) -> str:
    """Store the scan under a name of our own; returns the stored name."""
    kind = document_check(upload=document, field="document")
    agreement.document_name = (getattr(document, "name", "") or "скан")[-255:]
    agreement.document_type = kind.content_type
    agreement.document.save(f"scan{kind.extension}", document, save=False)
    return agreement.document.name


@transaction.atomic
def _save(*, agreement: Agreement, partners, schools, document) -> Agreement:
    _check(agreement=agreement, partners=partners, schools=schools)
    if document is not None:
        document_check(upload=document, field="document")  # refused before anything is written
    old_file = agreement.document.name if agreement.pk and document is not None else ""
    stored = ""
    try:
        if document is not None:
            stored = _attach(agreement=agreement, document=document)
        with transaction.atomic():
            agreement.save()
            agreement.partners.set(partners)
            agreement.schools.set(schools)
    except IntegrityError as exc:
        # The file was written before the row failed: a refused agreement leaves no file behind.
        if stored:
            agreement.document.storage.delete(stored)
        raise ValidationError({"number": "Соглашение с таким номером уже зарегистрировано."}) from exc
    except Exception:
        if stored:
            agreement.document.storage.delete(stored)
        raise
    if old_file and old_file != agreement.document.name:
        storage = agreement.document.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return agreement


def agreement_create(
    *,
    region: Region,
    number: str,
    signed_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    subject: str,
    status: str = Agreement.Status.DRAFT,
    partners: Iterable[PartnerOrganisation] = (),
    schools: Iterable[School] = (),
    document=None,
) -> Agreement:
    """Register an agreement of the centre with at least one other party; the scan optional."""
    agreement = Agreement(
        region=region,
        number=number.strip(),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        subject=subject.strip(),
        status=status,
    )
    return _save(agreement=agreement, partners=list(partners), schools=list(schools), document=document)


def agreement_update(
    *,
    agreement: Agreement,
    partners: Iterable[PartnerOrganisation] | None = None,
    schools: Iterable[School] | None = None,
    document=None,
    **fields,
) -> Agreement:
    unknown = set(fields) - set(SCALAR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        for name, value in fields.items():
            setattr(agreement, name, value.strip() if isinstance(value, str) else value)
        partners = list(agreement.partners.all()) if partners is None else list(partners)
        schools = list(agreement.schools.all()) if schools is None else list(schools)
        return _save(agreement=agreement, partners=partners, schools=schools, document=document)


# --- Expiry ------------------------------------------------------------------------------------------


def agreements_expiring(*, agreements, within_days: int, today: datetime.date):
    """Active agreements whose term ends within `within_days` days from today (today included)."""
    return (
        agreements.filter(
            status=Agreement.Status.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=within_days),
        )
        .prefetch_related("partners", "schools")
        .order_by("ends_on", "number")
    )


@dataclass
class WarningRun:
    sent: int = 0
    expired: int = 0


def _administrator_emails(region: Region) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                region=region, role=Role.REGIONAL_ADMIN, is_active=True, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _parties(agreement: Agreement) -> str:
    names = [str(p) for p in agreement.partners.all()] + [str(s) for s in agreement.schools.all()]
    return ", ".join(names)


def agreement_warnings_send(*, today: datetime.date | None = None) -> WarningRun:
    """E-mail each region's administrators once per agreement per threshold before its end, and mark
    agreements past their end as expired. Idempotent: the warning row (unique per agreement, threshold
    and end date) is written in the same transaction that sends; run twice, sends once.

    An agreement first seen inside several thresholds (registered 5 days before its end) gets one
    e-mail for the nearest threshold; the wider ones are recorded as covered by it.
    """
    today = today or timezone.localdate()
    run = WarningRun()
    run.expired = Agreement.objects.filter(status=Agreement.Status.ACTIVE, ends_on__lt=today).update(
        status=Agreement.Status.EXPIRED
    )
    thresholds = warning_days()
    if not thresholds:
        return run
    candidates = Agreement.objects.filter(
        status=Agreement.Status.ACTIVE,
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=thresholds[0]),
    ).values_list("pk", flat=True)
    for agreement_id in candidates:
        if _warn_one(agreement_id=agreement_id, today=today, thresholds=thresholds):
            run.sent += 1
    return run


@transaction.atomic
def _warn_one(*, agreement_id: int, today: datetime.date, thresholds: tuple[int, ...]) -> bool:
    agreement = Agreement.objects.select_for_update().select_related("region").filter(pk=agreement_id).first()
    if agreement is None or agreement.status != Agreement.Status.ACTIVE:
        return False
    days_left = (agreement.ends_on - today).days
    crossed = [d for d in thresholds if days_left <= d]
    done = set(
        AgreementExpiryWarning.objects.filter(agreement=agreement, ends_on=agreement.ends_on).values_list(
            "days_before", flat=True
        )
    )
    new = [d for d in crossed if d not in done]
    if not new:
        return False
    recipients = _administrator_emails(agreement.region)
    for days in new:
        AgreementExpiryWarning.objects.create(
            agreement=agreement, days_before=days, ends_on=agreement.ends_on, recipients=len(recipients)
        )
    if recipients:
        subject = f"Соглашение № {agreement.number} истекает {agreement.ends_on:%d.%m.%Y}"
        body = (
            f"Срок действия соглашения о сотрудничестве № {agreement.number} от "
            f"{agreement.signed_on:%d.%m.%Y} заканчивается {agreement.ends_on:%d.%m.%Y} "
            f"(осталось дней: {days_left}).\n"
            f"Стороны: {agreement.region.centre_name or agreement.region.name}; {_parties(agreement)}.\n"
            f"Предмет: {agreement.subject}\n\n"
            "Продлите соглашение или подготовьте новое в разделе «Соглашения» платформы «Наставник»."
        )
        # Sent inside the transaction that records the warning: if the mail server refuses, the row
        # is rolled back and the task's retry sends it again (a lost warning is worse than a repeat).
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    return True
