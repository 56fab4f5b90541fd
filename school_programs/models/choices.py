"""Enumerations of the target model of mentoring (codes are stable English, labels Russian)."""

from django.db import models


class Form(models.TextChoices):
    """Формы наставничества (distribution Р-145; seeds 000–004)."""

    STUDENT_STUDENT = "student_student", "ученик – ученик"
    TEACHER_STUDENT = "teacher_student", "учитель – ученик"
    TEACHER_TEACHER = "teacher_teacher", "учитель – учитель"
    UNIVERSITY_STUDENT_STUDENT = "university_student", "студент – ученик"
    EMPLOYER_STUDENT = "employer_student", "работодатель – ученик"
    EMPLOYER_UNIVERSITY_STUDENT = "employer_university", "работодатель – студент"


# Who may be the mentor and who the mentee in each form. Parents active in parent councils are in the
# mentor base of seeds 000 and 001, whose forms are «ученик – ученик», «учитель – ученик» and «учитель –
# учитель»: a parent mentors students as the adult of «учитель – ученик» (and in «работодатель –
# ученик»), never their own child (services.groups.pair_problem).
FORM_SIDES = {
    Form.STUDENT_STUDENT: ({"student"}, {"student"}),
    Form.TEACHER_STUDENT: ({"teacher", "parent"}, {"student"}),
    Form.TEACHER_TEACHER: ({"teacher"}, {"teacher"}),
    Form.UNIVERSITY_STUDENT_STUDENT: ({"external", "graduate"}, {"student"}),
    Form.EMPLOYER_STUDENT: ({"external", "parent", "graduate"}, {"student"}),
    Form.EMPLOYER_UNIVERSITY_STUDENT: ({"external"}, {"external", "graduate"}),
}


class ParticipantKind(models.TextChoices):
    STUDENT = "student", "обучающийся"
    TEACHER = "teacher", "педагог"
    PARENT = "parent", "родитель (законный представитель)"
    GRADUATE = "graduate", "выпускник"
    EXTERNAL = "external", "внешний наставник"


class ExternalKind(models.TextChoices):
    EMPLOYER = "employer", "представитель работодателя"
    UNIVERSITY_STUDENT = "university_student", "студент вуза / колледжа"
    PROFESSIONAL = "professional", "специалист-профессионал"


class QualificationCategory(models.TextChoices):
    NONE = "none", "без категории"
    POSITION = "position", "соответствие занимаемой должности"
    FIRST = "first", "первая"
    HIGHEST = "highest", "высшая"


class Category(models.TextChoices):
    """Categories of the mentee base. Health, registers and difficult life situation are special
    categories of personal data (152-ФЗ): written consent, restricted visibility, access log."""

    GIFTED = "gifted", "проявляющие выдающиеся способности"
    UNDERACHIEVING = "underachieving", "демонстрирующие неудовлетворительные образовательные результаты"
    DISABILITY = "disability", "обучающиеся с ОВЗ"
    DIFFICULT_SITUATION = "difficult_situation", "в трудной жизненной ситуации"
    BEHAVIOUR = "behaviour", "имеющие проблемы с поведением"
    DISENGAGED = "disengaged", "не включённые в школьную жизнь"
    CAREER_GUIDANCE = "career_guidance", "нуждающиеся в профориентационном сопровождении"
    PREVENTIVE_REGISTER = "preventive_register", "состоящие на профилактическом учёте (ВШК, ПДН)"
    YOUNG_SPECIALIST = "young_specialist", "молодой специалист"
    BURNOUT = "burnout", "эмоциональное выгорание, хроническая усталость"
    NEW_AT_WORKPLACE = "new_at_workplace", "адаптация на новом месте работы"
    DIGITAL_SKILLS = "digital_skills", "желает овладеть цифровыми навыками, ИКТ"


SPECIAL_CATEGORIES = frozenset(
    {Category.DISABILITY, Category.DIFFICULT_SITUATION, Category.PREVENTIVE_REGISTER}
)
STUDENT_CATEGORIES = frozenset(
    {
        Category.GIFTED,
        Category.UNDERACHIEVING,
        Category.DISABILITY,
        Category.DIFFICULT_SITUATION,
        Category.BEHAVIOUR,
        Category.DISENGAGED,
        Category.CAREER_GUIDANCE,
        Category.PREVENTIVE_REGISTER,
    }
)
TEACHER_CATEGORIES = frozenset(
    {Category.YOUNG_SPECIALIST, Category.BURNOUT, Category.NEW_AT_WORKPLACE, Category.DIGITAL_SKILLS}
)


class Stage(models.TextChoices):
    """The seven stages of the road map (seed 001 §6, §9)."""

    PREPARATION = "preparation", "1. Подготовка условий для запуска программы"
    MENTEE_BASE = "mentee_base", "2. Формирование базы наставляемых"
    MENTOR_BASE = "mentor_base", "3. Формирование базы наставников"
    SELECTION = "selection", "4. Отбор и обучение наставников"
    PAIRING = "pairing", "5. Формирование наставнических пар / групп"
    WORK = "work", "6. Организация работы наставнических пар / групп"
    COMPLETION = "completion", "7. Завершение наставничества"


class RequestStatus(models.TextChoices):
    NEW = "new", "новый"
    MATCHED = "matched", "наставник назначен"
    SUPPORT = "support", "без пары: психологическая поддержка, поиск продолжается"
    CLOSED = "closed", "закрыт"


class Priority(models.TextChoices):
    HIGH = "high", "высокий"
    MEDIUM = "medium", "средний"
    LOW = "low", "низкий"


class GroupStatus(models.TextChoices):
    ACTIVE = "active", "работает"
    COMPLETED = "completed", "завершена"
    TERMINATED = "terminated", "прекращена досрочно"


class MeetingKind(models.TextChoices):
    ACQUAINTANCE = "acquaintance", "встреча-знакомство"
    TRIAL = "trial", "пробная рабочая встреча"
    PLANNING = "planning", "встреча-планирование"
    WORKING = "working", "рабочая встреча"
    FINAL = "final", "итоговая встреча"


class ResultStatus(models.TextChoices):
    """Actual result of a plan task (seed 001, footnote 2 of the plan templates)."""

    FULL = "full", "достигнут в полной мере"
    PARTIAL = "partial", "достигнут не в полной мере"
    NOT_ACHIEVED = "not_achieved", "не достигнут"
    EXCEEDED = "exceeded", "превышен"
