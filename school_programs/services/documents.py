"""Printable documents of the programme, generated on request (nothing is stored). Schema: TENANT.

- the director's order (приказ): school header, «ПРИКАЗ», date and number, title, text, the appendix
  table where the order lists pairs or mentors, the director's signature, «С приказом ознакомлены»;
- the agreement between mentor and mentee (соглашение о сотрудничестве, typical regulation of seed
  003; rights and duties worded after seed 001 §2 and the Р-145 typical regulation);
- the individual development plan (ИПР) as in the templates of seed 001.

Each comes as DOCX (python-docx) and, where LibreOffice is installed, as PDF converted from that DOCX.
"""

from __future__ import annotations

from django.db.models import Prefetch

from tenants.models import School

from ..documents import word
from ..documents.pdf import docx_to_pdf
from ..documents.response import CONTENT_TYPES, GeneratedDocument, safe_filename
from ..documents.russian import BLANK_DATE, initials, long_date, quoted, short_date
from ..models import (
    Consent,
    DevelopmentPlan,
    GroupMentee,
    Guardianship,
    MentoringGroup,
    Order,
    Participant,
    ParticipantKind,
    PlanSection,
)
from ..selectors.orders import director_name, order_acquaintances, order_appendix
from .orders import ORDER_WORD

SIGNATURE = "______________"


def _finish(content: bytes, *, name: str, fallback: str, fmt: str) -> GeneratedDocument:
    if fmt == "pdf":
        content = docx_to_pdf(content)
    return GeneratedDocument(
        content=content,
        filename=f"{safe_filename(name).rstrip('. ')}.{fmt}",
        fallback_filename=f"{fallback}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def _school_header(document, school: School) -> None:
    word.paragraph(document, school.full_name, bold=True, align=word.CENTER)
    if school.municipality_id:
        word.paragraph(document, school.municipality.name, align=word.CENTER, size=12)


# --- Orders --------------------------------------------------------------------------------------


def _body(document, text: str) -> None:
    """The order's text, one paragraph per line: «ПРИКАЗЫВАЮ:» stands alone, points are justified."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line == ORDER_WORD:
            word.paragraph(document, line, bold=True, space_before=6, space_after=6)
        else:
            word.paragraph(document, line, align=word.JUSTIFY, indent=True)


def order_docx(*, order: Order, school: School) -> bytes:
    document = word.new_document()
    if order.status == Order.Status.DRAFT:
        word.paragraph(document, "ПРОЕКТ", bold=True, align=word.RIGHT, size=12)
    _school_header(document, school)
    word.heading(document, "ПРИКАЗ", space_before=12, space_after=12, size=16)
    number = order.number if order.status == Order.Status.SIGNED else "______"
    word.spread(document, long_date(order.date), f"№ {number}", space_after=12)
    word.heading(document, order.title, space_after=12)
    _body(document, order.body)

    director = director_name(school)
    document.add_paragraph()
    word.spread(document, "Директор", f"{SIGNATURE} /{director or SIGNATURE}/")

    people = order_acquaintances(order)
    if people:
        word.paragraph(
            document, "С приказом ознакомлены:", space_before=18, space_after=6, keep_with_next=True
        )
        for person in people:
            word.spread(document, person.short_name, f"{SIGNATURE}  {BLANK_DATE}", space_after=6)

    appendix = order_appendix(order)
    if appendix is not None:
        word.page_break(document)
        word.paragraph(document, "Приложение", align=word.RIGHT)
        word.paragraph(
            document, f"к приказу от {short_date(order.date)} № {number}", align=word.RIGHT, space_after=12
        )
        word.heading(document, appendix.title)
        widths = {6: [0.05, 0.21, 0.23, 0.14, 0.22, 0.15], 5: [0.05, 0.27, 0.25, 0.18, 0.25]}
        word.table(document, appendix.headers, appendix.rows, widths=widths.get(len(appendix.headers)))
    return word.to_bytes(document)


def order_document(*, order: Order, school: School, fmt: str = "docx") -> GeneratedDocument:
    number = f"№ {order.number} " if order.status == Order.Status.SIGNED else "(проект) "
    return _finish(
        order_docx(order=order, school=school),
        name=f"Приказ {number}от {short_date(order.date)}",
        fallback=f"order-{order.pk}",
        fmt=fmt,
    )


# --- The mentor–mentee agreement -----------------------------------------------------------------

MENTOR_RIGHTS = [
    "выдавать наставляемому задания в соответствии с его уровнем подготовки и индивидуальным планом "
    "развития, контролировать качество их выполнения;",
    "принимать участие в обсуждении вопросов, связанных с обучением и воспитанием наставляемого, вносить "
    "предложения куратору и директору образовательной организации о поощрении наставляемого;",
    "принимать участие в оценке компетенций наставляемого, освоенных им во взаимодействии с наставником;",
    "обращаться к куратору программы наставничества и педагогу-психологу за консультативной помощью.",
]
MENTOR_DUTIES = [
    "разработать совместно с наставляемым индивидуальный план развития и реализовать его в установленные "
    "сроки;",
    "проводить встречи с наставляемым (встреча-знакомство, пробная рабочая встреча, встреча-планирование, "
    "комплекс последовательных встреч, итоговая встреча) в различных формах и контролировать работу, "
    "выполняемую наставляемым самостоятельно;",
    "ознакомить наставляемого с правилами внутреннего распорядка образовательной организации и правилами "
    "безопасности;",
    "оказывать наставляемому поддержку, не допуская в отношении него действий, унижающих его достоинство;",
    "сообщать куратору программы наставничества о трудностях во взаимодействии с наставляемым и "
    "участвовать в мониторинге эффективности программы наставничества.",
]
MENTEE_RIGHTS = [
    "пользоваться имеющимися в образовательной организации ресурсами для реализации индивидуального плана "
    "развития;",
    "в индивидуальном порядке обращаться к наставнику за советом, помощью по волнующим вопросам;",
    "при невозможности установления личного контакта с наставником выходить с ходатайством к куратору "
    "программы наставничества о замене наставника.",
]
MENTEE_DUTIES = [
    "выполнять индивидуальный план развития и задания наставника в установленные сроки;",
    "участвовать во встречах с наставником и в мероприятиях программы наставничества;",
    "соблюдать правила внутреннего распорядка образовательной организации;",
    "участвовать в мониторинге программы наставничества (анкетирование на входе и на выходе).",
]
EARLY_TERMINATION = [
    "по письменному заявлению наставника;",
    "в связи с невыполнением (ненадлежащим выполнением) наставником возложенных на него обязанностей;",
    "по письменному мотивированному ходатайству обучающихся;",
    "по ходатайству наставляемого о замене наставника при невозможности установления личного контакта.",
]


def _representative(person: Participant) -> str:
    """The legal representative of a minor: a parent in the school's records, else the one who signed
    the consent; empty when nobody is known (a blank line is printed to fill in by hand)."""
    for link in person.parent_links.all():
        return link.parent.full_name
    for consent in person.consents.all():
        if consent.given_by != Consent.GivenBy.REPRESENTATIVE:
            continue
        if consent.representative_id:
            return consent.representative.full_name
        if consent.representative_name:
            return consent.representative_name
    return ""


def _agreement_group(group: MentoringGroup) -> MentoringGroup:
    """The group with everything the agreement prints, in a fixed number of queries."""
    placements = GroupMentee.objects.select_related("request__participant").prefetch_related(
        Prefetch(
            "request__participant__parent_links",
            queryset=Guardianship.objects.select_related("parent").order_by("pk"),
        ),
        Prefetch(
            "request__participant__consents",
            queryset=Consent.objects.select_related("representative").order_by("-signed_on", "-pk"),
        ),
    )
    return (
        MentoringGroup.objects.select_related("mentor__participant", "role_model", "programme")
        .prefetch_related(
            Prefetch("mentees", queryset=placements.order_by("request__participant__last_name"))
        )
        .get(pk=group.pk)
    )


def _signature(document, role: str, full_name: str, short_name: str) -> None:
    """Role on its own line, then the name at the left and the signature with its transcript at the right."""
    word.paragraph(document, f"{role}:", space_before=6, keep_with_next=True)
    word.spread(document, full_name, f"{SIGNATURE} /{short_name}/", space_after=6)


def _current(group: MentoringGroup) -> list[GroupMentee]:
    return [placement for placement in group.mentees.all() if placement.left_on is None]


def _numbered(document, number: str, items: list[str]) -> None:
    for index, item in enumerate(items, start=1):
        word.paragraph(document, f"{number}.{index}. {item}", align=word.JUSTIFY, indent=True)


def agreement_docx(*, group: MentoringGroup, school: School) -> bytes:
    return _agreement_docx(_agreement_group(group), school)


def _agreement_docx(group: MentoringGroup, school: School) -> bytes:
    mentor = group.mentor.participant
    placements = _current(group)
    mentees = [placement.request.participant for placement in placements]

    document = word.new_document()
    _school_header(document, school)
    word.heading(document, "СОГЛАШЕНИЕ", space_before=12, space_after=0)
    word.heading(document, "о сотрудничестве между наставником и наставляемым", space_after=12)
    word.spread(
        document, school.municipality.name if school.municipality_id else "", long_date(group.start_date)
    )

    word.paragraph(document, "Стороны соглашения:", space_before=12, bold=True, keep_with_next=True)
    word.paragraph(document, f"Наставник — {mentor.full_name}, {mentor.description};", indent=True)
    for person in mentees:
        line = f"Наставляемый — {person.full_name}, {person.description}"
        if person.is_minor_on(group.start_date):
            representative = _representative(person) or SIGNATURE * 2
            line += f" (законный представитель — {representative})"
        word.paragraph(document, line + ";", indent=True)
    word.paragraph(
        document,
        f"вместе именуемые «Стороны», в рамках программы наставничества {quoted(group.programme.title)} "
        f"образовательной организации {school.full_name} заключили настоящее соглашение о нижеследующем.",
        align=word.JUSTIFY,
        indent=True,
    )

    word.heading(document, "1. Предмет соглашения", space_before=12)
    subject = [
        "Наставник оказывает наставляемому помощь и поддержку в решении задач, определённых индивидуальным "
        "планом развития, а наставляемый выполняет индивидуальный план развития под руководством наставника.",
        f"Форма наставничества: {quoted(group.get_form_display())}. Ролевая модель: "
        f"{quoted(group.role_model.name) if group.role_model else 'не определена'}. Взаимодействие: "
        f"{group.get_presence_display()}, {group.get_openness_display()}.",
    ]
    for placement in placements:
        subject.append(
            f"Запрос наставляемого ({placement.request.participant.short_name}): {placement.request.topic}."
        )
    _numbered(document, "1", subject)

    word.heading(document, "2. Права и обязанности наставника", space_before=12)
    word.paragraph(document, "2.1. Наставник имеет право:", indent=True, keep_with_next=True)
    for item in MENTOR_RIGHTS:
        word.paragraph(document, f"— {item}", align=word.JUSTIFY, indent=True)
    word.paragraph(document, "2.2. Наставник обязан:", indent=True, keep_with_next=True)
    for item in MENTOR_DUTIES:
        word.paragraph(document, f"— {item}", align=word.JUSTIFY, indent=True)

    word.heading(document, "3. Права и обязанности наставляемого", space_before=12)
    word.paragraph(document, "3.1. Наставляемый имеет право:", indent=True, keep_with_next=True)
    for item in MENTEE_RIGHTS:
        word.paragraph(document, f"— {item}", align=word.JUSTIFY, indent=True)
    word.paragraph(document, "3.2. Наставляемый обязан:", indent=True, keep_with_next=True)
    for item in MENTEE_DUTIES:
        word.paragraph(document, f"— {item}", align=word.JUSTIFY, indent=True)

    word.heading(document, "4. Срок действия соглашения", space_before=12)
    word.paragraph(
        document,
        f"4.1. Соглашение действует с {long_date(group.start_date)} по {long_date(group.end_date)} — "
        "на период работы наставнической пары / группы.",
        align=word.JUSTIFY,
        indent=True,
    )
    word.paragraph(
        document,
        "4.2. Соглашение прекращается досрочно приказом директора образовательной организации:",
        align=word.JUSTIFY,
        indent=True,
        keep_with_next=True,
    )
    for item in EARLY_TERMINATION:
        word.paragraph(document, f"— {item}", align=word.JUSTIFY, indent=True)

    word.heading(document, "5. Заключительные положения", space_before=12)
    copies = "двух" if len(mentees) == 1 else str(len(mentees) + 1)
    word.paragraph(
        document,
        f"5.1. Соглашение составлено в {copies} экземплярах, имеющих равную силу, по одному для каждой "
        "из Сторон.",
        align=word.JUSTIFY,
        indent=True,
    )
    word.paragraph(
        document,
        "5.2. Вопросы, не урегулированные Сторонами, решает куратор программы наставничества.",
        align=word.JUSTIFY,
        indent=True,
    )

    word.heading(document, "6. Подписи Сторон", space_before=12, space_after=6)
    _signature(document, "Наставник", mentor.full_name, mentor.short_name)
    for person in mentees:
        _signature(document, "Наставляемый", person.full_name, person.short_name)
        if person.is_minor_on(group.start_date):
            representative = _representative(person)
            _signature(
                document,
                f"Законный представитель наставляемого {person.short_name}",
                representative or f"{SIGNATURE * 2} (фамилия, имя, отчество)",
                initials(representative) if representative else SIGNATURE,
            )
    word.paragraph(document, BLANK_DATE, space_before=6)
    return word.to_bytes(document)


def agreement_document(*, group: MentoringGroup, school: School, fmt: str = "docx") -> GeneratedDocument:
    group = _agreement_group(group)
    mentees = ", ".join(placement.request.participant.short_name for placement in _current(group))
    return _finish(
        _agreement_docx(group, school),
        name=f"Соглашение {group.mentor.participant.short_name} — {mentees}",
        fallback=f"agreement-{group.pk}",
        fmt=fmt,
    )


# --- The individual development plan -------------------------------------------------------------

PLAN_HEADERS = [
    "№",
    "Проект, задание",
    "Срок",
    "Планируемый результат",
    "Фактический результат",
    "Оценка наставника",
]
PLAN_WIDTHS = [0.07, 0.27, 0.1, 0.2, 0.2, 0.16]


def _actual_result(task) -> str:
    """Fact and its status as the seed's footnote asks: «превышен» always says how."""
    parts = []
    if task.result_status:
        status = f"результат {task.get_result_status_display()}"
        if task.result_status == "exceeded" and task.exceeded_description:
            status += f": {task.exceeded_description}"
        parts.append(status)
    if task.actual_result:
        parts.append(task.actual_result)
    return "\n".join(parts)


def plan_docx(*, plan: DevelopmentPlan, school: School) -> bytes:
    plan = (
        DevelopmentPlan.objects.select_related(
            "group__mentor__participant", "group__role_model", "mentee__participant"
        )
        .prefetch_related(Prefetch("sections", queryset=PlanSection.objects.prefetch_related("tasks")))
        .get(pk=plan.pk)
    )
    group = plan.group
    mentor = plan.group.mentor.participant
    mentee = plan.mentee.participant
    is_staff = mentee.kind == ParticipantKind.TEACHER

    document = word.new_document(landscape=True)
    _school_header(document, school)
    word.heading(document, "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ ПОД РУКОВОДСТВОМ НАСТАВНИКА", space_before=12)
    model = quoted(group.role_model.name) if group.role_model else "не определена"
    word.paragraph(
        document, f"Форма наставничества: {quoted(group.get_form_display())}. Ролевая модель: {model}."
    )
    mentee_label = (
        "Ф.И.О. и должность наставляемого сотрудника" if is_staff else "Ф.И.О., класс/группа наставляемого"
    )
    word.paragraph(document, f"{mentee_label}: {mentee.full_name}, {mentee.description}")
    word.paragraph(document, f"Ф.И.О. и должность наставника: {mentor.full_name}, {mentor.description}")
    word.paragraph(
        document,
        f"Срок осуществления плана: с {long_date(plan.start_date)} по {long_date(plan.end_date)}",
        space_after=12,
    )

    for section in plan.sections.all():
        word.paragraph(
            document,
            f"Раздел {section.order}. {section.title}",
            bold=True,
            space_before=6,
            space_after=4,
            keep_with_next=True,
        )
        rows = [
            [
                f"{section.order}.{task.order}.",
                task.task,
                short_date(task.deadline) if task.deadline else "",
                task.planned_result,
                _actual_result(task),
                task.mentor_assessment,
            ]
            for task in section.tasks.all()
        ]
        word.table(document, PLAN_HEADERS, rows, widths=PLAN_WIDTHS)

    mentee_sign = "Подпись наставляемого сотрудника" if is_staff else "Подпись наставляемого"
    word.paragraph(document, "", space_before=12)
    word.spread(
        document,
        f"Подпись наставника {SIGNATURE} /{mentor.short_name}/",
        long_date(plan.mentor_signed_on),
        space_after=12,
    )
    word.spread(
        document, f"{mentee_sign} {SIGNATURE} /{mentee.short_name}/", long_date(plan.mentee_signed_on)
    )
    return word.to_bytes(document)


def plan_document(*, plan: DevelopmentPlan, school: School, fmt: str = "docx") -> GeneratedDocument:
    return _finish(
        plan_docx(plan=plan, school=school),
        name=f"ИПР {plan.mentee.participant.short_name}",
        fallback=f"plan-{plan.pk}",
        fmt=fmt,
    )
