"""Monitoring in the demo: last year's completed programme — its pairs' plans, meetings and results
over the year, the pairs and the programme closed by the services, entry and exit answers and marks —
and this year's entry survey half answered.

The answers are generated so that forms differ on purpose (ученик – ученик grows most, работодатель –
ученик least), so the reports have something to show; the generator is seeded per school, so two
runs give the same data.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.db import connection

from tenants.demo_calendar import on, school_year

from .models import (
    Answer,
    DevelopmentPlan,
    Distribution,
    Form,
    Grade,
    GroupMentee,
    GroupStatus,
    Invitation,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    Order,
    Participant,
    ParticipantKind,
    PlanSection,
    PlanTask,
    PlanTemplate,
    Programme,
    Question,
    RequestStatus,
    ResultStatus,
    RoleModel,
    Survey,
    SurveyResponse,
    SurveyVersion,
)
from .selectors.groups import active_mentee_requests, group_members
from .services.completion import group_complete, programme_final_report

# Mean growth on a 1–5 item per form: what the demo's reports should rank.
EFFECT = {
    Form.STUDENT_STUDENT: 0.9,
    Form.TEACHER_TEACHER: 0.7,
    Form.TEACHER_STUDENT: 0.55,
    Form.EMPLOYER_STUDENT: 0.2,
}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(
    response: SurveyResponse, questions: list[Question], base: float, shift: float, rng
) -> list[Answer]:
    """One answer per question (and per matrix row); oriented items move with the shift."""
    answers = []
    for question in questions:
        low_high = question.scale
        if question.kind == Question.Kind.MATRIX:
            for index, row in enumerate(question.rows):
                # `value` is how well the person is doing (higher is better) and grows by the shift; an
                # item where less is better (anxiety, deficits) is answered as its mirror, so it falls.
                value = base + rng.gauss(0, 0.45) + shift
                if row.get("direction", 1) == -1:
                    value = 6 - value
                answers.append(
                    Answer(response=response, question=question, row=index, number=_clamp(value, *low_high))
                )
        elif low_high:
            scale_base = base if low_high[1] == 5 else base * 2
            value = scale_base + rng.gauss(0, 0.6) + shift
            if question.direction == -1:
                value = low_high[0] + low_high[1] - value  # less is better: the answer falls as they grow
            answers.append(Answer(response=response, question=question, number=_clamp(value, *low_high)))
        elif question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} and question.choices:
            answers.append(
                Answer(response=response, question=question, selected=[rng.choice(question.choices)])
            )
        elif question.required:
            answers.append(Answer(response=response, question=question, text="Всё понятно, работаем дальше."))
    return answers


def _questions(survey: Survey) -> tuple[SurveyVersion | None, list[Question]]:
    version = survey.versions.order_by("-number").first()
    return version, list(
        Question.objects.filter(section__version=version).order_by("section__order", "order")
    )


def _wave(programme, survey, wave, period, people, shifts, bases, rng, answered_share=1.0):
    version, questions = _questions(survey)
    distribution = Distribution.objects.create(
        programme=programme, version=version, wave=wave, opens_on=period[0], closes_on=period[1]
    )
    answered_at = datetime.datetime.combine(period[0] + datetime.timedelta(days=3), datetime.time(12))
    answers = []
    for person in people:
        invitation = Invitation.objects.create(distribution=distribution, participant=person)
        if rng.random() > answered_share:
            continue
        response = SurveyResponse.objects.create(distribution=distribution, participant=person)
        answers += _answers(response, questions, bases[person.pk], shifts.get(person.pk, 0.0), rng)
        invitation.used_at = answered_at.replace(tzinfo=datetime.UTC)
        invitation.save(update_fields=["used_at"])
    Answer.objects.bulk_create(answers)
    # `submitted_at` is stamped with the real clock on create; the demo's answers were given in the wave.
    SurveyResponse.objects.filter(distribution=distribution).update(
        submitted_at=answered_at.replace(tzinfo=datetime.UTC)
    )
    return distribution


def seed_previous_year(students, teachers, externals, rng: random.Random) -> Programme:
    """A completed programme of last school year whose pairs of four forms worked through the year
    (plans, meetings, results: «Итоги» has figures) and were measured at entry and exit."""
    # Created running and closed by the services at the end of its year (_work_through_the_year),
    # as a school that used the platform all year would have it.
    programme = Programme.objects.create(
        title=f"Программа наставничества на {school_year(on(2025, 11, 22))} учебный год",
        start_date=on(2025, 9, 1),
        end_date=on(2026, 5, 31),
        status=Programme.Status.ACTIVE,
        forms=list(EFFECT),
    )
    senior = [s for s in students if s.grade and s.grade >= 10]
    young = [s for s in students if s.grade and s.grade <= 8]
    plan = [
        (Form.STUDENT_STUDENT, senior[:3], young[0:12], "успевающий – неуспевающий"),
        (Form.TEACHER_STUDENT, teachers[8:10], young[12:22], "учитель – неуспевающий ученик"),
        (Form.EMPLOYER_STUDENT, externals[:1], senior[3:11], "работодатель – ученик"),
        (
            Form.TEACHER_TEACHER,
            teachers[10:12],
            teachers[4:8] + teachers[12:13] + teachers[14:16],
            "опытный учитель – молодой специалист",
        ),
    ]
    shifts: dict[int, float] = {}
    for form, mentors, mentees, role_name in plan:
        role_model = RoleModel.objects.filter(form=form, name=role_name).first()
        per_mentor = -(-len(mentees) // len(mentors))
        for index, mentor_person in enumerate(mentors):
            chunk = mentees[index * per_mentor : (index + 1) * per_mentor]
            if not chunk:
                continue
            teacher = mentor_person.kind == ParticipantKind.TEACHER
            entry = MentorEntry.objects.create(
                programme=programme,
                participant=mentor_person,
                forms=[form],
                capacity=len(chunk),
                selection=MentorEntry.Selection.SELECTED,
                interview_passed=True,
                training_completed_on=on(2025, 9, 20),
                written_consent_on=on(2025, 9, 5) if teacher else None,
            )
            group = MentoringGroup.objects.create(
                programme=programme,
                form=form,
                role_model=role_model,
                mentor=entry,
                start_date=on(2025, 10, 1),
                end_date=on(2026, 5, 31),
                status=GroupStatus.ACTIVE,
            )
            for person in chunk:
                request = MenteeRequest.objects.create(
                    programme=programme,
                    participant=person,
                    form=form,
                    topic=f"Запрос {school_year(on(2025, 11, 22))} учебного года",
                    status=RequestStatus.CLOSED,
                )
                GroupMentee.objects.create(group=group, request=request, joined_on=group.start_date)
                shifts[person.pk] = EFFECT[form] + rng.gauss(0, 0.25)
    _work_through_the_year(programme)
    people = [p for _, _, mentees, _ in plan for p in mentees]
    bases = {p.pk: rng.uniform(2.3, 3.4) for p in people}
    for code, audience in (
        ("impact_student", ParticipantKind.STUDENT),
        ("impact_teacher", ParticipantKind.TEACHER),
    ):
        survey = Survey.objects.filter(instrument_code=code).first()
        if survey is None:
            continue
        group_people = [p for p in people if p.kind == audience]
        _wave(
            programme,
            survey,
            Distribution.Wave.ENTRY,
            (on(2025, 9, 15), on(2025, 9, 30)),
            group_people,
            {},
            bases,
            rng,
        )
        _wave(
            programme,
            survey,
            Distribution.Wave.EXIT,
            (on(2026, 5, 12), on(2026, 5, 26)),
            group_people,
            shifts,
            bases,
            rng,
        )
    _marks([p for p in people if p.kind == ParticipantKind.STUDENT], shifts, rng)
    return programme


# A form without a template of its own has its plans written from the nearest shipped one, as this
# year's demo does (a teacher and a struggling student: «педагог – неуспевающий ученик»).
NEAREST_TEMPLATE = {Form.TEACHER_STUDENT: Form.EMPLOYER_STUDENT}
FIXED_TOPICS = {
    MeetingKind.ACQUAINTANCE: "Знакомство: ожидания, правила совместной работы",
    MeetingKind.TRIAL: "Пробная встреча: первая задача и обратная связь",
    MeetingKind.PLANNING: "Составление и подписание индивидуального плана развития",
    MeetingKind.FINAL: "Итоги года: что получилось, что дальше",
}
WORKING_TOPICS = {
    ParticipantKind.STUDENT: [
        "Разбор заданий, вызвавших трудности",
        "Подготовка к контрольной работе",
        "Задачи ИПР: что сделано, что дальше",
        "Подготовка к олимпиаде / конкурсу",
        "Планирование учёбы на четверть",
    ],
    ParticipantKind.TEACHER: [
        "Посещение урока и его разбор",
        "Технологическая карта урока",
        "Подготовка родительского собрания",
        "Задачи ИПР: что сделано, что дальше",
        "Оформление рабочей документации",
    ],
}
EXCEEDED = {
    ParticipantKind.STUDENT: "Призовое место на муниципальном этапе олимпиады",
    ParticipantKind.TEACHER: "Опыт представлен на заседании методического объединения школы",
}
UNFINISHED = {
    ResultStatus.PARTIAL: "Выполнено частично: работа продолжится в следующем учебном году",
    ResultStatus.NOT_ACHIEVED: "Не выполнено: задача перенесена на следующий учебный год",
}


def _work_through_the_year(programme: Programme) -> None:
    """Last year as the app records it: each mentee's plan drawn from the seed's template and signed in
    the pair's first week; meetings from the acquaintance to the final one; every task's result (mostly
    achieved in full, some partly, more so where the form's effect is larger); the pairs completed by
    the service (their plans closed with them) and the programme closed with its final report. Every
    date lies inside the year, none after its end (long past).

    Plans and meetings are written in bulk, as the services would write them (checked by
    tests/school_programs/test_demo_programmes.py): through the services one by one, a dozen meetings
    and a few hundred tasks per pair cost seconds per school."""
    # An own generator: the answers and marks drawn from the caller's stay what they were.
    rng = random.Random(f"{connection.schema_name}:closed-year")
    groups = list(programme.groups.select_related("mentor__participant").order_by("pk"))
    Order.objects.create(
        programme=programme,
        kind=Order.Kind.APPROVE_PROGRAMME,
        number="96-о",
        date=on(2025, 8, 29),
        status=Order.Status.SIGNED,
        signed_on=on(2025, 8, 29),
        title="Об утверждении программы наставничества и назначении кураторов",
        body=f"1. Утвердить программу наставничества на {school_year(on(2025, 11, 22))} учебный год.\n"
        "2. Назначить куратором программы заместителя директора по УВР.",
    )
    fix = Order.objects.create(
        programme=programme,
        kind=Order.Kind.FIX_GROUPS,
        number="118-о",
        date=on(2025, 10, 24),
        status=Order.Status.SIGNED,
        signed_on=on(2025, 10, 24),
        title="О закреплении наставнических пар и групп",
        body="1. Закрепить наставнические пары и группы согласно приложению на основании "
        "индивидуальных планов развития.",
    )
    MentoringGroup.objects.filter(programme=programme).update(fixing_order=fix)
    totals: Counter = Counter()
    for group in groups:
        meetings = _year_meetings(group, rng)
        # Drawn up and signed at the planning meeting, before the order that fixes the pairs.
        planning = next(day for kind, day in meetings if kind == MeetingKind.PLANNING)
        plans, results = _year_plans(group, planning, rng)
        group_complete(
            group=group, result_summary=_group_summary(len(meetings), results), completed_on=group.end_date
        )
        totals.update(results)
        totals["meetings"] += len(meetings)
        totals["plans"] += plans
    tasks = sum(totals[status] for status in ResultStatus.values)
    achieved = totals[ResultStatus.FULL] + totals[ResultStatus.EXCEEDED]
    programme_final_report(
        programme=programme,
        final_report=(
            f"Итоги года: пар и групп — {len(groups)}, встреч — {totals['meetings']}, индивидуальных "
            f"планов развития — {totals['plans']}; задачи ИПР достигнуты в полной мере или превышены "
            f"в {round(100 * achieved / tasks)} % случаев. Итоги рассмотрены на педагогическом совете."
        ),
        complete=True,
        completed_on=programme.end_date,
    )


def _year_plans(group: MentoringGroup, signed_on: datetime.date, rng: random.Random) -> tuple[int, Counter]:
    """One signed plan per mentee from the form's template (or the nearest one, the plan then has no
    template of its own), with deadlines spread over the year and a result for every task: statuses
    and texts as plan_task_update accepts them («превышен» says how)."""
    own = (
        PlanTemplate.objects.filter(form=group.form, role_model=group.role_model).first()
        or PlanTemplate.objects.filter(form=group.form).first()
    )
    source = (
        own
        or PlanTemplate.objects.filter(form=NEAREST_TEMPLATE.get(group.form, Form.EMPLOYER_STUDENT)).first()
    )
    sections = list(source.sections.prefetch_related("tasks"))
    requests = active_mentee_requests(group)
    plans = DevelopmentPlan.objects.bulk_create(
        [
            DevelopmentPlan(
                group=group,
                mentee=request,
                template=own,
                start_date=group.start_date,
                end_date=group.end_date,
                status=DevelopmentPlan.Status.ACTIVE,
                mentor_signed_on=signed_on,
                mentee_signed_on=signed_on,
            )
            for request in requests
        ]
    )
    copies = PlanSection.objects.bulk_create(
        [
            PlanSection(plan=plan, order=section.order, title=section.title)
            for plan in plans
            for section in sections
        ]
    )
    effect = EFFECT[group.form]
    partly, exceeded, missed = 0.32 - 0.25 * effect, 0.04 + 0.08 * effect, 0.03
    weights = {
        ResultStatus.FULL: 1 - partly - exceeded - missed,
        ResultStatus.PARTIAL: partly,
        ResultStatus.EXCEEDED: exceeded,
        ResultStatus.NOT_ACHIEVED: missed,
    }
    template_tasks = [(section, task) for section in sections for task in section.tasks.all()]
    first = group.start_date + datetime.timedelta(days=21)
    span = (group.end_date - datetime.timedelta(days=14) - first).days
    copy_of = {(copy.plan_id, copy.order): copy for copy in copies}
    results: Counter = Counter()
    rows = []
    for plan, request in zip(plans, requests, strict=True):
        how = EXCEEDED.get(request.participant.kind, EXCEEDED[ParticipantKind.STUDENT])
        for index, (section, task) in enumerate(template_tasks):
            status = rng.choices(list(weights), list(weights.values()))[0]
            achieved = status in {ResultStatus.FULL, ResultStatus.EXCEEDED}
            rows.append(
                PlanTask(
                    section=copy_of[plan.pk, section.order],
                    order=task.order,
                    task=task.task,
                    planned_result=task.planned_result,
                    deadline=first + datetime.timedelta(days=span * index // max(len(template_tasks) - 1, 1)),
                    result_status=status,
                    actual_result=(task.planned_result or "Выполнено вместе с наставником")
                    if achieved
                    else UNFINISHED[status],
                    exceeded_description=how if status == ResultStatus.EXCEEDED else "",
                    mentor_assessment="Работает старательно, результат виден"
                    if achieved
                    else "Нужна поддержка, продолжим в следующем году",
                )
            )
            results[status] += 1
    PlanTask.objects.bulk_create(rows)
    return len(plans), results


def _year_meetings(group: MentoringGroup, rng: random.Random) -> list[tuple[str, datetime.date]]:
    """Weekly at first (acquaintance, trial, planning), then every two or three weeks until the last
    month, and the final meeting in the pair's last fortnight: the order meeting_log enforces.
    Returns (kind, day) of each meeting."""
    people = group_members(group, on=group.start_date)
    mentor, mentees = people[0], people[1:]
    topics = WORKING_TOPICS.get(mentees[0].kind, WORKING_TOPICS[ParticipantKind.STUDENT])
    opening = [MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING]
    held = []
    day = group.start_date + datetime.timedelta(days=rng.randint(2, 4))
    while day <= group.end_date - datetime.timedelta(days=21):
        held.append((opening[len(held)] if len(held) < len(opening) else MeetingKind.WORKING, day))
        day += datetime.timedelta(days=7 if len(held) < len(opening) else rng.choice([14, 17, 21]))
    held.append((MeetingKind.FINAL, group.end_date - datetime.timedelta(days=rng.randint(5, 12))))
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                group=group,
                kind=kind,
                held_on=held_on,
                format=rng.choice(
                    [Meeting.Format.IN_PERSON, Meeting.Format.IN_PERSON, Meeting.Format.ONLINE]
                ),
                duration_minutes=rng.choice([40, 45, 60]),
                topic=FIXED_TOPICS.get(kind) or rng.choice(topics),
                notes="Обсудили задачи ИПР, договорились о следующем шаге.",
            )
            for kind, held_on in held
        ]
    )
    # One row per member, present or not, as meeting_log records attendance; the mentor always came.
    MeetingAttendance.objects.bulk_create(
        [
            MeetingAttendance(
                meeting=meeting, participant=person, present=person is mentor or rng.random() < 0.9
            )
            for meeting in meetings
            for person in people
        ]
    )
    return held


def _group_summary(meetings: int, results: Counter) -> str:
    achieved = results[ResultStatus.FULL] + results[ResultStatus.EXCEEDED]
    return (
        f"Встреч за год — {meetings}. Задачи ИПР: достигнуты в полной мере или превышены — {achieved} "
        f"из {results.total()}, не в полной мере — {results[ResultStatus.PARTIAL]}, не достигнуты — "
        f"{results[ResultStatus.NOT_ACHIEVED]}."
    )


def _marks(students: list[Participant], shifts: dict[int, float], rng: random.Random) -> None:
    grades = []
    for student in students:
        for subject in ("математика", "русский язык"):
            start = rng.uniform(2.8, 3.8)
            end = start + shifts.get(student.pk, 0) * 0.45 + rng.gauss(0, 0.15)
            # Entry: the year's marks before the pairs began (the seeds compare the mark before
            # mentoring with the mark after it); exit: the year of mentoring.
            for period, day, value in (
                (f"{school_year(on(2024, 11, 22))}, год", on(2025, 5, 31), start),
                (f"{school_year(on(2025, 11, 22))}, год", on(2026, 5, 31), end),
            ):
                grades.append(
                    Grade(
                        participant=student,
                        subject=subject,
                        period=period,
                        period_end=day,
                        value=Decimal(str(round(max(2.0, min(5.0, value)), 2))),
                    )
                )
    Grade.objects.bulk_create(grades)


def seed_current_entry(programme: Programme, rng: random.Random) -> None:
    """This year's entry survey for the student mentees: sent in September, about 70% answered."""
    survey = Survey.objects.filter(instrument_code="impact_student").first()
    if survey is None:
        return
    people = list(
        Participant.objects.filter(
            kind=ParticipantKind.STUDENT,
            mentee_requests__placements__group__programme=programme,
            mentee_requests__placements__left_on__isnull=True,
        ).distinct()
    )
    bases = {p.pk: rng.uniform(2.3, 3.4) for p in people}
    _wave(
        programme,
        survey,
        Distribution.Wave.ENTRY,
        (on(2026, 10, 5), on(2026, 12, 20)),
        people,
        {},
        bases,
        rng,
        answered_share=0.7,
    )
