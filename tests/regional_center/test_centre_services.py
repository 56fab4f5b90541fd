"""The centre's services (CENTRE, issue 9 §§1, 2, 7): road map periods, partners, agreements with parties
and scans, expiry warnings, the practice library's search. Each refusal names its field in Russian and
leaves nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from regional_center.models import (
    Agreement,
    AgreementExpiryWarning,
    PartnerOrganisation,
    PublishedPractice,
    RoadmapMilestone,
    RoadmapStage,
)
from regional_center.selectors_centre import centre_todo, practices_search
from regional_center.services.agreements import agreement_create, agreement_update, agreement_warnings_send
from regional_center.services.partners import partner_create
from regional_center.services.practices import partner_practice_create
from regional_center.services.roadmap import milestone_create, milestone_update, stage_save
from tests.regional_center.centre_support import (
    PDF,
    PNG,
    d,
    docx_bytes,
    media,
    stored_files,
    university,
    upload,
)

__all__ = ["media"]  # the fixture, imported for pytest

ORG, CREATIVE, ANALYTICAL = (
    RoadmapStage.Kind.ORGANISATIONAL,
    RoadmapStage.Kind.CREATIVE,
    RoadmapStage.Kind.ANALYTICAL,
)


# --- Road map --------------------------------------------------------------------------------------------


def test_a_stage_with_an_inverted_period_is_refused_naming_the_end(world):
    with pytest.raises(ValidationError) as error:
        stage_save(region=world.region, kind=ORG, starts_on=d(2026, 6, 1), ends_on=d(2026, 1, 1))
    assert "раньше его начала" in error.value.message_dict["ends_on"][0]
    assert not RoadmapStage.objects.filter(region=world.region).exists()


def test_stages_may_not_overlap_nor_go_out_of_order(world):
    stage_save(region=world.region, kind=ORG, starts_on=d(2026, 1, 1), ends_on=d(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        stage_save(region=world.region, kind=CREATIVE, starts_on=d(2026, 6, 1), ends_on=d(2027, 5, 31))
    assert (
        "пересекается с этапом «организационно-подготовительный»" in error.value.message_dict["starts_on"][0]
    )
    with pytest.raises(ValidationError) as error:
        stage_save(region=world.region, kind=CREATIVE, starts_on=d(2025, 1, 1), ends_on=d(2025, 6, 30))
    assert "после этапа «организационно-подготовительный»" in error.value.message_dict["starts_on"][0]
    stage_save(region=world.region, kind=CREATIVE, starts_on=d(2026, 7, 1), ends_on=d(2027, 5, 31))
    assert RoadmapStage.objects.filter(region=world.region).count() == 2


def test_milestones_stay_within_their_stage_and_a_stage_completes_only_when_they_are_done(world):
    stage = stage_save(region=world.region, kind=ORG, starts_on=d(2026, 1, 1), ends_on=d(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        milestone_create(stage=stage, title="Положение", due_on=d(2026, 8, 1))
    assert "вне периода этапа" in error.value.message_dict["due_on"][0]
    milestone = milestone_create(stage=stage, title="Положение", due_on=d(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        stage_save(
            region=world.region,
            kind=ORG,
            starts_on=stage.starts_on,
            ends_on=stage.ends_on,
            status=RoadmapStage.Status.COMPLETED,
        )
    assert "не выполнено контрольных точек — 1" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as error:  # shrinking the stage would strand the milestone
        stage_save(region=world.region, kind=ORG, starts_on=d(2026, 4, 1), ends_on=d(2026, 6, 30))
    assert "вне периода этапа" in error.value.message_dict["starts_on"][0]
    milestone_update(milestone=milestone, done_on=d(2026, 2, 20))
    stage = stage_save(
        region=world.region,
        kind=ORG,
        starts_on=stage.starts_on,
        ends_on=stage.ends_on,
        status=RoadmapStage.Status.COMPLETED,
    )
    assert stage.status == RoadmapStage.Status.COMPLETED
    assert RoadmapMilestone.objects.get(pk=milestone.pk).done_on == d(2026, 2, 20)


def test_the_todo_lists_milestones_overdue_or_due_soon_and_agreements_expiring(world):
    stage = stage_save(region=world.region, kind=CREATIVE, starts_on=d(2026, 9, 1), ends_on=d(2027, 5, 31))
    overdue = milestone_create(stage=stage, title="Просроченная", due_on=d(2026, 11, 1))
    soon = milestone_create(stage=stage, title="Скоро", due_on=d(2026, 12, 10))
    milestone_create(stage=stage, title="Нескоро", due_on=d(2027, 3, 1))
    done = milestone_create(stage=stage, title="Сделана", due_on=d(2026, 11, 10))
    milestone_update(milestone=done, done_on=d(2026, 11, 9))
    partner = university(world)
    expiring = _agreement(world, number="1", ends_on=d(2026, 12, 15), partners=[partner])
    _agreement(world, number="2", ends_on=d(2027, 12, 15), partners=[partner])
    todo = centre_todo(region=world.region, today=d(2026, 11, 22), within_days=30)
    assert [m.pk for m in todo.milestones_due] == [overdue.pk, soon.pk]
    assert [a.pk for a in todo.agreements_expiring] == [expiring.pk]


# --- Partners -----------------------------------------------------------------------------------------


def test_a_partner_school_is_a_school_of_the_region_and_takes_its_municipality(world):
    with pytest.raises(ValidationError) as error:
        partner_create(region=world.region, name="Школа-партнёр", kind=PartnerOrganisation.Kind.SCHOOL)
    assert error.value.message_dict == {"school": ["Для школы-партнёра выберите школу региона."]}
    with pytest.raises(ValidationError) as error:
        partner_create(
            region=world.region, name="Вуз", kind=PartnerOrganisation.Kind.UNIVERSITY, school=world.school_a
        )
    assert "только для партнёра вида «школа с лучшими практиками»" in error.value.message_dict["school"][0]
    partner = partner_create(
        region=world.region,
        name="Школа А как партнёр",
        kind=PartnerOrganisation.Kind.SCHOOL,
        school=world.school_a,
    )
    assert partner.municipality == world.school_a.municipality
    with pytest.raises(ValidationError) as error:
        partner_create(region=world.region, name="школа а как партнёр", kind=PartnerOrganisation.Kind.NGO)
    assert error.value.message_dict == {"name": ["Партнёр «школа а как партнёр» уже есть."]}


# --- Agreements ---------------------------------------------------------------------------------------


def _agreement(world, **overrides):
    fields = {
        "region": world.region,
        "number": "12-С",
        "signed_on": d(2026, 1, 10),
        "starts_on": d(2026, 1, 10),
        "ends_on": d(2027, 1, 9),
        "subject": "Методическая поддержка ШНОР",
        "status": Agreement.Status.ACTIVE,
    }
    fields.update(overrides)
    return agreement_create(**fields)


def test_an_agreement_without_parties_is_refused_and_nothing_is_written(world, media):
    with pytest.raises(ValidationError) as error:
        _agreement(world, document=upload("скан.pdf", PDF))
    assert "хотя бы одну сторону соглашения" in error.value.message_dict["partners"][0]
    assert not Agreement.objects.filter(region=world.region).exists()
    assert stored_files(media) == []


def test_an_agreement_with_an_inverted_period_is_refused_naming_the_end(world, media):
    with pytest.raises(ValidationError) as error:
        _agreement(world, partners=[university(world)], starts_on=d(2026, 5, 1), ends_on=d(2026, 4, 1))
    assert error.value.message_dict["ends_on"] == [
        "Дата окончания (01.04.2026) раньше даты начала (01.05.2026)."
    ]
    assert not Agreement.objects.filter(region=world.region).exists()


def test_a_scan_of_the_wrong_type_is_refused_by_content_whatever_its_name(world, media):
    partner = university(world)
    with pytest.raises(ValidationError) as error:
        _agreement(world, partners=[partner], document=upload("скан.pdf", b"MZ\x90\x00 this is an exe"))
    assert "допустимы только файлы PDF, DOCX, JPEG, PNG" in error.value.message_dict["document"][0]
    not_word = upload("скан.docx", _zip_without_word())
    with pytest.raises(ValidationError, match="допустимы только"):
        _agreement(world, partners=[partner], document=not_word)
    assert not Agreement.objects.filter(region=world.region).exists()
    assert stored_files(media) == []


def _zip_without_word() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    return buffer.getvalue()


def test_a_scan_too_large_is_refused_naming_the_field(world, media, settings):
    settings.CENTRE_DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        _agreement(world, partners=[university(world)], document=upload("скан.pdf", PDF + b"0" * 1024 * 1024))
    assert "файл больше 1 МБ" in error.value.message_dict["document"][0]
    assert not Agreement.objects.filter(region=world.region).exists()
    assert stored_files(media) == []


def test_a_registered_agreement_keeps_its_parties_and_scan_and_a_replaced_scan_is_removed(
    world, media, django_capture_on_commit_callbacks
):
    partner = university(world)
    agreement = _agreement(
        world, partners=[partner], schools=[world.school_b], document=upload("скан.pdf", PDF)
    )
    assert list(agreement.partners.all()) == [partner]
    assert list(agreement.schools.all()) == [world.school_b]
    assert agreement.document_type == "application/pdf"
    first = agreement.document.name
    assert stored_files(media) == [first]
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_update(agreement=agreement, document=upload("скан.docx", docx_bytes()))
    assert agreement.document.name.endswith(".docx")
    assert stored_files(media) == [agreement.document.name]
    png = agreement_update(agreement=agreement, document=upload("фото.png", PNG, "image/png"))
    assert png.document_type == "image/png"


def test_a_duplicate_number_is_refused_and_leaves_no_file(world, media):
    partner = university(world)
    _agreement(world, partners=[partner])
    with pytest.raises(ValidationError) as error:
        _agreement(world, number="12-с", partners=[partner], document=upload("скан.pdf", PDF))
    assert error.value.message_dict["number"] == ["Соглашение № 12-с уже зарегистрировано."]
    assert stored_files(media) == []


def _ours(mailoutbox) -> list:
    """Mails to the test region's administrator (the demo region, when seeded in the same session by the
    browser tests, has agreements of its own: the daily run covers every region)."""
    return [m for m in mailoutbox if m.to == ["regional_admin@example.test"]]


def test_administrators_are_warned_once_per_agreement_and_threshold(world, mailoutbox):
    partner = university(world)
    agreement = _agreement(world, partners=[partner], ends_on=d(2026, 12, 12))
    quiet = _agreement(world, number="draft", partners=[partner], ends_on=d(2026, 12, 1), status="draft")

    agreement_warnings_send(today=d(2026, 11, 1))  # 41 days left: no threshold reached
    assert _ours(mailoutbox) == []
    agreement_warnings_send(today=d(2026, 11, 22))  # 20 days: the 30-day warning
    agreement_warnings_send(today=d(2026, 11, 23))  # once
    assert len(_ours(mailoutbox)) == 1
    assert "№ 12-С истекает 12.12.2026" in _ours(mailoutbox)[0].subject
    assert "Тестовый университет" in _ours(mailoutbox)[0].body
    agreement_warnings_send(today=d(2026, 12, 6))  # 6 days: the 7-day warning
    agreement_warnings_send(today=d(2026, 12, 7))
    assert len(_ours(mailoutbox)) == 2
    assert sorted(
        AgreementExpiryWarning.objects.filter(agreement=agreement).values_list("days_before", flat=True)
    ) == [7, 30]
    assert not AgreementExpiryWarning.objects.filter(agreement=quiet).exists()  # drafts are not warned about

    assert agreement_warnings_send(today=d(2026, 12, 13)).expired >= 1
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.EXPIRED


def test_an_agreement_first_seen_late_gets_one_warning_covering_the_wider_threshold(world, mailoutbox):
    agreement = _agreement(world, partners=[university(world)], ends_on=d(2026, 11, 27))
    agreement_warnings_send(today=d(2026, 11, 22))
    agreement_warnings_send(today=d(2026, 11, 23))
    assert len(_ours(mailoutbox)) == 1
    assert set(
        AgreementExpiryWarning.objects.filter(agreement=agreement).values_list("days_before", flat=True)
    ) == {7, 30}
    # Prolonged: warned again before the new end.
    agreement_update(agreement=agreement, ends_on=d(2027, 11, 27))
    agreement_warnings_send(today=d(2027, 11, 1))
    assert len(_ours(mailoutbox)) == 2


# --- The practice library ------------------------------------------------------------------------------


def test_the_library_finds_schools_and_partners_practices_by_words_form_subject_topic_and_role_model(world):
    partner = university(world)
    theirs = partner_practice_create(
        partner=partner,
        title="Студенты-наставники в подготовке к экзаменам",
        form="university_student",
        role_model_name="студент – отстающий ученик",
        subject="maths",
        topic="подготовка к ОГЭ по математике",
        description="Еженедельные занятия студентов с девятиклассниками.",
    )
    # A school's practice arrives by the school's own publication path (a plain create in public).
    school_practice = PublishedPractice.objects.create(
        school=world.school_a,
        title="Наставничество старшеклассников над пятиклассниками",
        form="student_student",
        form_label="ученик – ученик",
        role_model_name="успевающий – неуспевающий",
        description="Пары учеников помогают с домашними заданиями по русскому языку.",
    )
    everything = PublishedPractice.objects.filter(pk__in=[theirs.pk, school_practice.pk])

    def found(**filters):
        return [p.pk for p in practices_search(practices=everything, **filters)]

    assert found(q="математика") == [theirs.pk]  # Russian stemming: «математике» in the topic
    assert found(q="пятиклассник") == [school_practice.pk]
    assert found(q="химия") == []
    assert found(form="student_student") == [school_practice.pk]
    assert found(subject="maths") == [theirs.pk]
    assert found(topic="ОГЭ") == [theirs.pk]
    assert found(role_model="неуспевающий") == [school_practice.pk]
    assert found(author="partner") == [theirs.pk]


def test_a_partner_practice_needs_a_known_form_and_an_active_partner(world):
    partner = university(world)
    with pytest.raises(ValidationError) as error:
        partner_practice_create(partner=partner, title="Т", form="nonsense", description="Описание")
    assert error.value.message_dict == {"form": ["Выберите форму наставничества из списка."]}
    partner.is_active = False
    partner.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="не действует"):
        partner_practice_create(partner=partner, title="Т", form="teacher_teacher", description="Описание")
    assert not PublishedPractice.objects.filter(partner=partner).exists()
