"""Living mentoring programmes for the demo region: a newcomer sees a region in mid-year.

Called by `manage.py seed_demo` (tenants) through `seed(region)`. Everything is built by
construction so that it obeys the rules the services enforce (consents, grades, capacities, one
placement per request); a school that already has a programme is left as it is, so a second run
changes nothing.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django_tenants.utils import schema_context

from nastavnik.russian import counted
from tenants.demo import SCHOOL_A, SCHOOL_B
from tenants.demo_calendar import on, school_year
from tenants.models import School, User

from .demo_monitoring import seed_current_entry, seed_previous_year
from .demo_routes import seed_routes
from .models import (
    Category,
    Consent,
    DevelopmentPlan,
    Form,
    GroupMentee,
    GroupStatus,
    Guardianship,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    MentorRelease,
    Order,
    Participant,
    ParticipantCategory,
    ParticipantKind,
    PlanSection,
    PlanTask,
    PlanTemplate,
    Programme,
    RequestStatus,
    ResultStatus,
    RoadmapItem,
    RoleModel,
)
from .services.roadmap import roadmap_generate

DEMO_SCHOOLS = [SCHOOL_A, SCHOOL_B, "yo-gimnazia-4", "medv-krasnooktyabr"]

MALE = ["Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Егор", "Кирилл", "Андрей",
        "Матвей", "Илья", "Роман", "Тимофей", "Степан"]  # fmt: skip
FEMALE = ["Анастасия", "Мария", "Дарья", "Анна", "Виктория", "Полина", "Елизавета", "Екатерина", "Ксения",
          "Алиса", "Софья", "Варвара", "Вероника", "Ульяна", "Ева"]  # fmt: skip
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
            "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
            "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
            "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
            "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин",
            "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов"]  # fmt: skip
PATRONYMICS_M = ["Александрович", "Сергеевич", "Андреевич", "Дмитриевич", "Игоревич", "Олегович"]
PATRONYMICS_F = ["Александровна", "Сергеевна", "Андреевна", "Дмитриевна", "Игоревна", "Олеговна"]
SUBJECTS = ["математика", "русский язык", "физика", "химия", "биология", "история", "английский язык",
            "информатика", "литература", "география"]  # fmt: skip
STUDENT_TOPICS = {
    "математика": ["алгебра", "геометрия", "подготовка к ОГЭ"],
    "русский язык": ["орфография", "сочинение", "подготовка к ОГЭ"],
    "физика": ["механика", "решение задач"],
    "химия": ["решение задач", "олимпиада"],
    "биология": ["проект", "олимпиада"],
    "история": ["проект", "работа с источниками"],
    "английский язык": ["разговорная речь", "грамматика"],
    "информатика": ["программирование", "проект"],
    "литература": ["сочинение", "чтение"],
    "география": ["проект", "олимпиада"],
}
TEACHER_TOPICS = ["технологическая карта урока", "работа с родителями", "классное руководство",
                  "цифровые инструменты", "дисциплина на уроке", "подготовка к аттестации"]  # fmt: skip


def _female(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    return surname


class _People:
    """Deterministic Russian names and participants for one school."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def name(self, female: bool | None = None) -> tuple[str, str, str, bool]:
        female = self.rng.random() < 0.5 if female is None else female
        surname = self.rng.choice(SURNAMES)
        if female:
            return _female(surname), self.rng.choice(FEMALE), self.rng.choice(PATRONYMICS_F), True
        return surname, self.rng.choice(MALE), self.rng.choice(PATRONYMICS_M), False


def _consent(person: Participant, *, representative: Participant | None = None, special=False) -> Consent:
    minor = person.kind == ParticipantKind.STUDENT
    return Consent(
        participant=person,
        scope=Consent.Scope.SPECIAL_CATEGORIES if special else Consent.Scope.PERSONAL_DATA,
        given_by=Consent.GivenBy.REPRESENTATIVE if minor else Consent.GivenBy.SELF,
        representative=representative,
        representative_name="" if representative or not minor else f"{person.last_name} (родитель)",
        form=Consent.Form.WRITTEN,
        document_number=f"ПДн-{person.pk:04d}",
        signed_on=on(2026, 9, 5),
    )


def _build_people(rng: random.Random):
    people = _People(rng)
    students, teachers, parents = [], [], []
    for index in range(64):
        grade = 5 + index % 7
        last, first, middle, _ = people.name()
        students.append(Participant(
            kind=ParticipantKind.STUDENT, last_name=last, first_name=first, middle_name=middle,
            grade=grade, class_letter=rng.choice("АБВ"), birth_date=on(2026 - grade - 7, rng.randint(1, 12), rng.randint(1, 28)),
            external_id=f"У-{index + 1:04d}",
        ))  # fmt: skip
    for index in range(16):
        last, first, middle, _ = people.name(female=rng.random() < 0.8)
        subject = SUBJECTS[index % len(SUBJECTS)]
        experience = 1 if index >= 13 else rng.randint(6, 32)
        teachers.append(Participant(
            kind=ParticipantKind.TEACHER, last_name=last, first_name=first, middle_name=middle,
            position=f"учитель ({subject})", subjects=[subject], experience_years=experience,
            qualification="none" if experience < 3 else rng.choice(["first", "highest", "position"]),
            is_mentor_teacher=experience > 15, birth_date=on(2026 - 23 - experience, 4, 12),
            email=f"teacher{index + 1}@demo.nastavnik.local", external_id=f"П-{index + 1:04d}",
        ))  # fmt: skip
    for index in range(8):
        child = students[index * 3]
        _, first, middle, female = people.name()
        root = (
            child.last_name[:-1]
            if child.last_name.endswith(("ова", "ева", "ёва", "ина"))
            else child.last_name
        )
        parents.append(Participant(
            kind=ParticipantKind.PARENT, last_name=_female(root) if female else root, first_name=first,
            middle_name=middle, birth_date=on(1985, 6, 1),
            organisation=rng.choice(["ПАО «Ростелеком»", "АО «Марийский машиностроительный завод»", "ООО «Агрофирма»"]),
        ))  # fmt: skip
    externals = [
        Participant(kind=ParticipantKind.EXTERNAL, external_kind="employer", last_name="Шишкин", first_name="Олег",
                    middle_name="Петрович", organisation="АО «Марийский машиностроительный завод»", birth_date=on(1979, 2, 2)),
        Participant(kind=ParticipantKind.EXTERNAL, external_kind="university_student", last_name="Мухина", first_name="Алина",
                    middle_name="Сергеевна", organisation="ФГБОУ ВО «Марийский государственный университет»", birth_date=on(2005, 5, 5)),
        Participant(kind=ParticipantKind.EXTERNAL, external_kind="university_student", last_name="Крылов", first_name="Денис",
                    middle_name="Алексеевич", organisation="ГБПОУ «Йошкар-Олинский технологический колледж»", birth_date=on(2007, 3, 3)),
        Participant(kind=ParticipantKind.GRADUATE, graduation_year=2022, last_name="Белова", first_name="Ольга",
                    middle_name="Игоревна", organisation="ФГБОУ ВО «Поволжский государственный технологический университет»", birth_date=on(2004, 8, 8)),
    ]  # fmt: skip
    return students, teachers, parents, externals


def _link_demo_users(school: School, teachers: list[Participant]) -> None:
    """School A's demo logins are people of the school: the mentor mentors, the mentee is a young teacher."""
    if school.slug != SCHOOL_A:
        return
    roles = {"mentor": 0, "curator": 1, "psychologist": 2, "director": 3, "mentee": 13}
    for username, index in roles.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        person = teachers[index]
        person.last_name, person.first_name, person.middle_name = (
            user.last_name,
            user.first_name,
            user.middle_name,
        )
        person.user_id, person.email = user.pk, user.email
        if username == "psychologist":
            person.position, person.subjects = "педагог-психолог", []
        if username == "director":
            person.position, person.subjects = "директор", []
        if username == "curator":
            person.position = "заместитель директора по УВР"
        person.save()


def _group(programme, form, mentor_entry, requests, role_name, start, status=GroupStatus.ACTIVE, **extra):
    role_model = (
        RoleModel.objects.filter(form=form, name=role_name).first()
        or RoleModel.objects.filter(form=form).first()
    )
    group = MentoringGroup.objects.create(programme=programme, form=form, role_model=role_model, mentor=mentor_entry,
                                          start_date=start, end_date=on(2027, 5, 31), status=status, **extra)  # fmt: skip
    for request in requests:
        GroupMentee.objects.create(group=group, request=request, joined_on=start)
    MenteeRequest.objects.filter(pk__in=[r.pk for r in requests]).update(status=RequestStatus.MATCHED)
    return group


def _plan(
    group: MentoringGroup, request: MenteeRequest, rng: random.Random, done_share: float
) -> DevelopmentPlan:
    # The seeds ship templates for three forms; a pair of another form gets a plan without a template
    # whose sections are written like the nearest shipped one (student mentees: «педагог – ученик»).
    own = PlanTemplate.objects.filter(form=group.form).first()
    template = own or PlanTemplate.objects.filter(form=Form.EMPLOYER_STUDENT).first()
    if request.participant.kind == ParticipantKind.TEACHER:
        template = own or PlanTemplate.objects.filter(form=Form.TEACHER_TEACHER).first()
    plan = DevelopmentPlan.objects.create(group=group, mentee=request, template=own, start_date=group.start_date,
                                          end_date=on(2027, 5, 31), status=DevelopmentPlan.Status.ACTIVE,
                                          mentor_signed_on=group.start_date + datetime.timedelta(days=7),
                                          mentee_signed_on=group.start_date + datetime.timedelta(days=7))  # fmt: skip
    deadline = group.start_date + datetime.timedelta(days=21)
    for template_section in template.sections.all():
        section = PlanSection.objects.create(
            plan=plan, order=template_section.order, title=template_section.title
        )
        tasks = list(template_section.tasks.all())
        for template_task in tasks:
            done = rng.random() < done_share and deadline < on(2026, 11, 22)
            status = (
                rng.choice(
                    [ResultStatus.FULL, ResultStatus.FULL, ResultStatus.PARTIAL, ResultStatus.EXCEEDED]
                )
                if done
                else ""
            )
            PlanTask.objects.create(
                section=section, order=template_task.order, task=template_task.task, deadline=min(deadline, on(2027, 5, 31)),
                planned_result=template_task.planned_result,
                actual_result="Выполнено вместе с наставником" if done else "",
                result_status=status,
                exceeded_description="Занял призовое место на муниципальном этапе олимпиады" if status == ResultStatus.EXCEEDED else "",
                mentor_assessment="Работает старательно, результат виден" if done else "",
            )  # fmt: skip
            deadline += datetime.timedelta(days=14)
    return plan


def _meetings(
    group: MentoringGroup, people: list[Participant], last: datetime.date, rng: random.Random
) -> None:
    kinds = [MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING]
    day = group.start_date + datetime.timedelta(days=2)
    index = 0
    while day <= last:
        kind = kinds[index] if index < len(kinds) else MeetingKind.WORKING
        meeting = Meeting.objects.create(group=group, kind=kind, held_on=day, duration_minutes=rng.choice([40, 45, 60]),
                                         format=rng.choice(["in_person", "in_person", "online"]),
                                         topic=kind.label.capitalize(), notes="Обсудили задачи ИПР, договорились о следующем шаге.")  # fmt: skip
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, participant=p) for p in people]
        )
        day += datetime.timedelta(days=rng.choice([7, 10, 14]))
        index += 1


@transaction.atomic
def seed_school(school: School, rng: random.Random) -> None:
    if Programme.objects.exists():
        return
    programme = Programme.objects.create(title=f"Программа наставничества на {school_year(on(2026, 11, 22))} учебный год", start_date=on(2026, 9, 1),
                                         end_date=on(2027, 5, 31), status=Programme.Status.ACTIVE, forms=list(Form.values),
                                         goals="Раскрытие потенциала обучающихся и педагогов, повышение образовательных результатов, адаптация молодых специалистов.")  # fmt: skip
    roadmap_generate(programme=programme)
    # Mid-year: what was due is done, except the training of mentors, left overdue to be seen.
    RoadmapItem.objects.filter(programme=programme, deadline__lt=on(2026, 11, 22)).exclude(order=8).update(
        status=RoadmapItem.Status.DONE, done_on=on(2026, 11, 22) - datetime.timedelta(days=20)
    )

    students, teachers, parents, externals = _build_people(rng)
    Participant.objects.bulk_create(students + teachers + parents + externals)
    for parent, child in zip(parents, students[::3], strict=False):
        Guardianship.objects.create(parent=parent, child=child)
    _link_demo_users(school, teachers)
    programme.curators.add(teachers[1])
    # Consents: everybody but three students (a real school never has them all in September).
    without_consent = {s.pk for s in students[-3:]}
    parent_of = {child.pk: parent for parent, child in zip(parents, students[::3], strict=False)}
    consents = [
        _consent(s, representative=parent_of.get(s.pk)) for s in students if s.pk not in without_consent
    ]
    consents += [_consent(p) for p in teachers + parents + externals]
    special_students = [students[4], students[11]]
    consents += [_consent(s, representative=parent_of.get(s.pk), special=True) for s in special_students]
    Consent.objects.bulk_create(consents)
    ParticipantCategory.objects.bulk_create(
        [ParticipantCategory(participant=students[4], category=Category.DISABILITY, note="по заключению ПМПК")]
        + [ParticipantCategory(participant=students[11], category=Category.DIFFICULT_SITUATION)]
        + [ParticipantCategory(participant=s, category=Category.UNDERACHIEVING) for s in students[:20:2]]
        + [ParticipantCategory(participant=s, category=Category.GIFTED) for s in students[30:36]]
        + [ParticipantCategory(participant=s, category=Category.CAREER_GUIDANCE) for s in students[54:60]]
        + [ParticipantCategory(participant=t, category=Category.YOUNG_SPECIALIST) for t in teachers[13:16]]
    )  # fmt: skip

    # Mentor base: teachers, senior students, external contour; most selected and trained.
    def mentor(person, forms, capacity=1, selected=True, trained=True, topics=(), contour="internal"):
        teacher = person.kind == ParticipantKind.TEACHER
        return MentorEntry.objects.create(
            programme=programme, participant=person, forms=forms, capacity=capacity, topics=list(topics),
            subjects=person.subjects, contour=contour,
            questionnaire="Хочу поделиться опытом, есть время после уроков.",
            interview_on=on(2026, 9, 15), interview_passed=selected,
            selection=MentorEntry.Selection.SELECTED if selected else MentorEntry.Selection.CANDIDATE,
            training_completed_on=on(2026, 9, 25) if trained else None,
            training_programme="Школа наставника (ЦНППМ, 16 ч)" if trained else "",
            written_consent_on=on(2026, 9, 10) if teacher else None,
            addendum_number=f"ДС-{person.pk}" if teacher else "", addendum_date=on(2026, 9, 30) if teacher else None,
            payment_terms="доплата 15% к ставке за наставничество" if teacher else "",
        )  # fmt: skip

    senior = [s for s in students if s.grade >= 10 and s.pk not in without_consent]
    junior = [s for s in students if s.grade <= 7 and s.pk not in without_consent]
    middle = [s for s in students if 8 <= s.grade <= 9 and s.pk not in without_consent]
    m_students = [
        mentor(s, [Form.STUDENT_STUDENT], capacity=2, topics=STUDENT_TOPICS[SUBJECTS[i % 4]])
        for i, s in enumerate(senior[:4])
    ]
    # teachers[0] is the demo "mentor" login in school A: a gifted-students group and two young teachers.
    m_teacher_student = mentor(
        teachers[0],
        [Form.TEACHER_STUDENT, Form.TEACHER_TEACHER],
        capacity=5,
        topics=["олимпиада", "проект", "подготовка к ОГЭ", *TEACHER_TOPICS[:3]],
    )
    m_teacher_teacher = mentor(teachers[5], [Form.TEACHER_TEACHER], capacity=2, topics=TEACHER_TOPICS[:4])
    m_class_teacher = mentor(
        teachers[6], [Form.TEACHER_STUDENT], capacity=2, topics=["мотивация", "школьная жизнь"]
    )
    m_employer = mentor(
        externals[0],
        [Form.EMPLOYER_STUDENT, Form.EMPLOYER_UNIVERSITY_STUDENT],
        capacity=3,
        topics=["профориентация", "инженерные профессии"],
        contour="external",
    )
    m_university = mentor(
        externals[1],
        [Form.UNIVERSITY_STUDENT_STUDENT],
        capacity=2,
        topics=["биология", "проект", "подготовка к ЕГЭ"],
        contour="external",
    )
    mentor(
        externals[2],
        [Form.UNIVERSITY_STUDENT_STUDENT],
        capacity=1,
        trained=False,
        topics=["программирование"],
        contour="external",
    )
    mentor(teachers[7], [Form.TEACHER_STUDENT], selected=False, trained=False, topics=["история"])
    m_parent = mentor(
        parents[1],
        [Form.EMPLOYER_STUDENT],
        capacity=1,
        topics=["профориентация", "экономика"],
        contour="external",
    )

    # Mentee base with the request map.
    def request(person, form, topic, topics=(), subject="", priority="medium"):
        return MenteeRequest.objects.create(programme=programme, participant=person, form=form, topic=topic,
                                            topics=list(topics), subject=subject, priority=priority)  # fmt: skip

    student_requests = []
    for i, s in enumerate(junior[:10]):
        subject = SUBJECTS[i % 4]
        student_requests.append(
            request(
                s,
                Form.STUDENT_STUDENT,
                f"Подтянуть {subject}",
                STUDENT_TOPICS[subject][:2],
                subject,
                "high" if i < 3 else "medium",
            )
        )
    gifted = [
        request(s, Form.TEACHER_STUDENT, "Подготовка к олимпиаде", ["олимпиада", "проект"], "химия")
        for s in middle[:3]
    ]
    disengaged = [
        request(s, Form.TEACHER_STUDENT, "Включиться в школьную жизнь", ["мотивация", "школьная жизнь"])
        for s in middle[3:5]
    ]
    career = [
        request(s, Form.EMPLOYER_STUDENT, "Выбрать профессию", ["профориентация", "инженерные профессии"])
        for s in senior[4:7]
    ]
    university = [
        request(
            s,
            Form.UNIVERSITY_STUDENT_STUDENT,
            "Проект по биологии и ЕГЭ",
            ["биология", "подготовка к ЕГЭ"],
            "биология",
        )
        for s in senior[7:9]
    ]
    young = [
        request(
            t, Form.TEACHER_TEACHER, "Адаптация молодого специалиста", TEACHER_TOPICS[:3], priority="high"
        )
        for t in teachers[13:16]
    ]
    graduate = request(
        externals[3], Form.EMPLOYER_UNIVERSITY_STUDENT, "Практика на предприятии", ["инженерные профессии"]
    )
    request(
        junior[10], Form.STUDENT_STUDENT, "Адаптация в новом классе", ["общение"], priority="low"
    )  # still waiting for a pair

    # Pairs and groups of every form.
    groups = [
        _group(programme, Form.STUDENT_STUDENT, m_students[0], student_requests[0:2], "успевающий – неуспевающий", on(2026, 10, 1)),
        _group(programme, Form.STUDENT_STUDENT, m_students[1], student_requests[2:3], "успевающий – неуспевающий", on(2026, 10, 1)),
        _group(programme, Form.STUDENT_STUDENT, m_students[2], student_requests[3:4], "равный – равному", on(2026, 10, 5)),
        _group(programme, Form.TEACHER_STUDENT, m_teacher_student, gifted, "учитель – одарённый ученик", on(2026, 10, 3)),
        _group(programme, Form.TEACHER_STUDENT, m_class_teacher, disengaged[:1], "классный руководитель – отстранённый ученик", on(2026, 10, 7)),
        _group(programme, Form.TEACHER_TEACHER, m_teacher_student, young[:2], "опытный учитель – молодой специалист", on(2026, 9, 28)),
        _group(programme, Form.TEACHER_TEACHER, m_teacher_teacher, young[2:3], "опытный предметник – неопытный предметник", on(2026, 10, 2)),
        _group(programme, Form.EMPLOYER_STUDENT, m_employer, career[:2], "работодатель – ученик", on(2026, 10, 10)),
        _group(programme, Form.EMPLOYER_STUDENT, m_parent, career[2:3], "работодатель – ученик", on(2026, 10, 12)),
        _group(programme, Form.UNIVERSITY_STUDENT_STUDENT, m_university, university, "студент – ученик", on(2026, 10, 8)),
        _group(programme, Form.EMPLOYER_UNIVERSITY_STUDENT, m_employer, [graduate], "работодатель – студент", on(2026, 10, 15)),
    ]  # fmt: skip
    # An early release: the mentor applied to leave; the mentee waits for a new mentor with support.
    released = _group(programme, Form.STUDENT_STUDENT, m_students[3], student_requests[4:5], "лидер – пассивный",
                      on(2026, 10, 1), status=GroupStatus.TERMINATED)  # fmt: skip
    GroupMentee.objects.filter(group=released).update(left_on=on(2026, 11, 10))
    MenteeRequest.objects.filter(pk=student_requests[4].pk).update(status=RequestStatus.SUPPORT)
    release = MentorRelease.objects.create(group=released, reason=MentorRelease.Reason.APPLICATION,
                                           released_on=on(2026, 11, 10),
                                           note="Заявление наставника: подготовка к олимпиаде по физике, нет времени.")  # fmt: skip
    for number, group in enumerate(groups):
        mentees = [gm.request for gm in group.mentees.select_related("request__participant")]
        for request_ in mentees:
            _plan(group, request_, rng, done_share=0.55)
        people = [group.mentor.participant] + [r.participant for r in mentees]
        # One pair has gone quiet: its last meeting was five weeks ago.
        last = on(2026, 11, 22) - datetime.timedelta(days=35 if number == 2 else rng.randint(2, 9))
        _meetings(group, people, last, rng)

    seed_previous_year(students, teachers, externals, rng)
    seed_current_entry(programme, rng)

    Order.objects.create(programme=programme, kind=Order.Kind.APPROVE_PROGRAMME, number="112-о",
                                   date=on(2026, 8, 30), status=Order.Status.SIGNED, signed_on=on(2026, 8, 30),
                                   title="Об утверждении программы наставничества и назначении кураторов",
                                   body=f"1. Утвердить программу наставничества на {school_year(on(2026, 11, 22))} учебный год.\n2. Назначить куратором программы заместителя директора по УВР.")  # fmt: skip
    fix = Order.objects.create(programme=programme, kind=Order.Kind.FIX_GROUPS, number="131-о",
                               date=on(2026, 10, 16), status=Order.Status.SIGNED, signed_on=on(2026, 10, 16),
                               title="О закреплении наставнических пар и групп",
                               body="1. Закрепить наставнические пары и группы согласно приложению на основании индивидуальных планов развития.")  # fmt: skip
    MentoringGroup.objects.filter(programme=programme).update(fixing_order=fix)
    release_order = Order.objects.create(programme=programme, kind=Order.Kind.RELEASE_MENTOR, date=on(2026, 11, 11),
                                         title="О досрочном освобождении наставника",
                                         body=f"1. Освободить от исполнения обязанностей наставника по письменному заявлению с {on(2026, 11, 10):%d.%m.%Y}.")  # fmt: skip
    release.order = release_order
    release.save(update_fields=["order"])


def seed(region, stdout=None) -> None:
    for slug in DEMO_SCHOOLS:
        school = School.objects.filter(slug=slug).first()
        if school is None:
            continue
        with schema_context(school.schema_name):
            seed_school(school, random.Random(slug))
    seed_routes(region, stdout=stdout)  # issue 9 §6 (SUPPORT): teachers' routes in a ШНОР school
    if stdout is not None:
        schools = counted(len(DEMO_SCHOOLS), "школа", "школы", "школ")
        stdout.write(f"Программы наставничества: {schools} с парами, планами и встречами.")
