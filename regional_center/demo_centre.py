# ruff: noqa: E501  (reference data tables read best one record a line, as in */demo.py)
"""Demo of the regional centre's own work (CENTRE, issue 9 §§1, 2, 7): the management chain's top, the
road map under way, partners (a university, a college, an employer, two strong schools), three
agreements (one expiring soon, one a draft) and a few partners' practices in the library.

Dates through tenants.demo_calendar.on: the demo follows today. Idempotent: what exists is left as is.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.demo_calendar import on
from tenants.models import School

from .models import Agreement, PartnerOrganisation, PublishedPractice, Region, RoadmapStage
from .services.agreements import agreement_create
from .services.partners import partner_create
from .services.practices import partner_practice_create
from .services.roadmap import milestone_create, milestone_update, stage_save

AUTHORITY = "Министерство образования и науки Республики Марий Эл"

# (kind, start, end, status, tasks, [(title, due, done, responsible)])
STAGES = [
    (
        RoadmapStage.Kind.ORGANISATIONAL,
        (2026, 1, 12),
        (2026, 6, 30),
        RoadmapStage.Status.COMPLETED,
        "Структура центра наставничества, соглашения с партнёрами, нормативная база.",
        [
            (
                "Положение о региональном центре наставничества утверждено",
                (2026, 3, 2),
                (2026, 2, 26),
                "Иванова Е. П.",
            ),
            (
                "Соглашения о сотрудничестве с партнёрами центра заключены",
                (2026, 5, 29),
                (2026, 5, 20),
                "Иванова Е. П.",
            ),
        ],
    ),
    (
        RoadmapStage.Kind.CREATIVE,
        (2026, 7, 1),
        (2027, 5, 31),
        RoadmapStage.Status.IN_PROGRESS,
        "Программы стажировок, подбор и подготовка консультантов, сеть взаимодействия школ.",
        [
            (
                "Программы стажировок для педагогов и администрации ШНОР",
                (2026, 10, 15),
                (2026, 10, 9),
                "Смирнов А. В.",
            ),
            ("Методические рекомендации для команд ШНОР", (2026, 11, 16), None, "Смирнов А. В."),
            ("Консультанты муниципальных пунктов подобраны и обучены", (2026, 12, 4), None, "Иванова Е. П."),
            (
                "Структура сетевого взаимодействия образовательных организаций",
                (2027, 3, 1),
                None,
                "Иванова Е. П.",
            ),
        ],
    ),
    (
        RoadmapStage.Kind.ANALYTICAL,
        (2027, 6, 1),
        (2027, 12, 20),
        RoadmapStage.Status.PLANNED,
        "Консультационные пункты, методические рекомендации, стажировки, семинары; обобщение опыта.",
        [("Аналитический отчёт о реализации проекта", (2027, 12, 10), None, "Смирнов А. В.")],
    ),
]

# (name, short name, kind, school slug, subjects, offer, contact)
PARTNERS = [
    ("ФГБОУ ВО «Марийский государственный университет»", "МарГУ", PartnerOrganisation.Kind.UNIVERSITY, None,
     ["maths", "physics", "russian"], "Студенты-наставники, стажировки на кафедрах, курсы для учителей ШНОР.",
     "Отдел по работе со школами, +7 8362 00-00-01"),
    ("ГБПОУ РМЭ «Марийский радиомеханический техникум»", "Радиомеханический техникум",
     PartnerOrganisation.Kind.COLLEGE, None, ["informatics", "physics"],
     "Профессиональные пробы, наставники из числа преподавателей спецдисциплин.", "Заместитель директора по УР"),
    ("АО «Марийский машиностроительный завод»", "ММЗ", PartnerOrganisation.Kind.EMPLOYER, None,
     ["physics", "informatics"], "Экскурсии, наставничество «работодатель – ученик», площадка для стажировок.",
     "Отдел кадров, +7 8362 00-00-02"),
    ("МБОУ «Гимназия № 4 им. А. С. Пушкина г. Йошкар-Олы»", "Гимназия № 4", PartnerOrganisation.Kind.SCHOOL,
     "yo-gimnazia-4", ["russian", "english", "history"], "Методический десант, открытые уроки, наставники-предметники.",
     "Заместитель директора по НМР"),
    ("МБОУ «Лицей № 11 им. Т. И. Александровой г. Йошкар-Олы»", "Лицей № 11", PartnerOrganisation.Kind.SCHOOL,
     "yo-lyceum-11", ["maths", "physics", "chemistry"], "Стажировки учителей математики и физики, сетевые курсы.",
     "Методист лицея"),
]  # fmt: skip

# (number, signed, start, end, status, subject, partner names, school slugs, with a scan)
AGREEMENTS = [
    ("12-С/2025", (2025, 9, 1), (2025, 9, 1), (2028, 8, 31), Agreement.Status.ACTIVE,
     "Сотрудничество в подготовке педагогов-наставников и студенческом наставничестве в ШНОР.",
     ["МарГУ"], [], True),
    ("7-С/2026", (2026, 1, 12), (2026, 1, 12), (2026, 12, 11), Agreement.Status.ACTIVE,
     "Организация–организация: методическая поддержка СОШ № 18 гимназией и лицеем.",
     ["Гимназия № 4", "Лицей № 11"], ["yo-sosh-18"], True),
    ("15-С/2026", (2026, 11, 16), (2027, 1, 11), (2027, 12, 31), Agreement.Status.DRAFT,
     "Профориентационные пробы и наставничество «работодатель – ученик».",
     ["ММЗ", "Радиомеханический техникум"], [], False),
]  # fmt: skip

# (partner short name, title, form, role model, subject, topic, description, results)
PRACTICES = [
    ("МарГУ", "Студенты-наставники в подготовке к ОГЭ по математике", "university_student",
     "студент – отстающий ученик", "maths", "подготовка к ОГЭ",
     "Студенты старших курсов физико-математического факультета ведут еженедельные занятия с учениками "
     "9 классов ШНОР по индивидуальным планам, согласованным с учителем.",
     "Доля учеников, преодолевших минимальный порог ОГЭ, выросла в школах-участницах."),
    ("ММЗ", "Профессиональные пробы на производстве", "employer_student", "мастер – ученик",
     "physics", "профориентация",
     "Ученики 8–10 классов проходят пробы в цехах завода с наставником-мастером; итог — мини-проект.",
     "Выбор профиля обучения стал осознанным; ученики защищают проекты на школьной конференции."),
    ("Гимназия № 4", "Методический десант: учитель – учитель для школ с низкими результатами",
     "teacher_teacher", "опытный педагог – молодой специалист", "russian", "функциональная грамотность",
     "Команда гимназии проводит открытые уроки, совместное планирование и разбор уроков в школе-партнёре; "
     "наставничество педагогов по формированию читательской грамотности.",
     "Учителя школы-партнёра освоили приёмы смыслового чтения; выросли результаты ВПР по русскому языку."),
]  # fmt: skip

SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def seed_centre(region: Region, stdout=None) -> None:
    if not region.education_authority:
        region.education_authority = AUTHORITY
        region.save(update_fields=["education_authority"])
    _roadmap(region)
    partners = _partners(region)
    _agreements(region, partners)
    _practices(partners)
    if stdout is not None:
        stdout.write(
            f"Региональный центр: этапов дорожной карты {region.roadmap_stages.count()}, партнёров "
            f"{len(partners)}, соглашений {region.agreements.count()}, практик партнёров "
            f"{PublishedPractice.objects.filter(partner__isnull=False).count()}."
        )


def _roadmap(region: Region) -> None:
    for kind, starts, ends, status, tasks, milestones in STAGES:
        if RoadmapStage.objects.filter(region=region, kind=kind).exists():
            continue
        # Planned first (a completed stage needs its milestones done), then the status.
        stage = stage_save(region=region, kind=kind, starts_on=on(*starts), ends_on=on(*ends), tasks=tasks)
        for title, due, done, responsible in milestones:
            milestone = milestone_create(stage=stage, title=title, due_on=on(*due), responsible=responsible)
            if done:
                milestone_update(milestone=milestone, done_on=on(*done))
        stage_save(
            region=region,
            kind=kind,
            starts_on=stage.starts_on,
            ends_on=stage.ends_on,
            status=status,
            tasks=tasks,
        )


def _partners(region: Region) -> dict[str, PartnerOrganisation]:
    result = {}
    for name, short, kind, slug, subjects, offer, contact in PARTNERS:
        partner = PartnerOrganisation.objects.filter(name=name).first()
        if partner is None:
            school = School.objects.filter(slug=slug).first() if slug else None
            if slug and school is None:
                continue  # a demo without that school: no partner for it
            partner = partner_create(
                region=region,
                name=name,
                short_name=short,
                kind=kind,
                school=school,
                subjects=subjects,
                offer=offer,
                contact_person=contact,
            )
        result[short] = partner
    return result


def _agreements(region: Region, partners: dict[str, PartnerOrganisation]) -> None:
    for number, signed, starts, ends, status, subject, partner_names, slugs, scanned in AGREEMENTS:
        if Agreement.objects.filter(region=region, number=number).exists():
            continue
        chosen = [partners[n] for n in partner_names if n in partners]
        schools = list(School.objects.filter(slug__in=slugs))
        if not chosen and not schools:
            continue
        agreement_create(
            region=region,
            number=number,
            signed_on=on(*signed),
            starts_on=on(*starts),
            ends_on=on(*ends),
            subject=subject,
            status=status,
            partners=chosen,
            schools=schools,
            document=SimpleUploadedFile(f"Соглашение {number}.pdf", SCAN, "application/pdf")
            if scanned
            else None,
        )


def _practices(partners: dict[str, PartnerOrganisation]) -> None:
    for short, title, form, role_model, subject, topic, description, results in PRACTICES:
        partner = partners.get(short)
        if partner is None or PublishedPractice.objects.filter(partner=partner, title=title).exists():
            continue
        partner_practice_create(
            partner=partner,
            title=title,
            form=form,
            role_model_name=role_model,
            subject=subject,
            topic=topic,
            description=description,
            results=results,
        )
