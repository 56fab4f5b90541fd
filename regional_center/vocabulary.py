"""The regional layer's shared vocabularies: subjects, kinds of methodological support, categories of
teachers, deficit areas, formats. Events, organisation–organisation mentoring, teachers' routes and the
consultation points all speak them, so they are defined once here (codes stable English, labels
Russian, from seed 002 and the regional diagnostics).

Schema: PUBLIC (plain choices; no tables).
"""

from django.db import models


class SupportKind(models.TextChoices):
    """The three kinds of methodological support of the regional project (seed 002)."""

    INFORMATIONAL = "informational", "информационно-методическое сопровождение"
    CONSULTATIVE = "consultative", "консультативно-методическое сопровождение"
    EDUCATIONAL = "educational", "учебно-методическое сопровождение"


class TeacherCategory(models.TextChoices):
    """Categories of teachers the support is planned for (seed 002)."""

    PRIMARY = "primary", "учителя начальных классов"
    SUBJECT = "subject", "педагоги-предметники"
    CLASS_TEACHER = "class_teacher", "классные руководители"
    ADMINISTRATION = "administration", "администрация школы"


class DeficitArea(models.TextChoices):
    """Professional deficits a request is about (the areas of the regional diagnostics)."""

    LESSON_DESIGN = "lesson_design", "проектирование современного урока"
    ASSESSMENT = "assessment", "оценивание, работа с результатами ВПР и ГИА"
    FUNCTIONAL_LITERACY = "functional_literacy", "формирование функциональной грамотности"
    LOW_MOTIVATION = "low_motivation", "работа с низкомотивированными обучающимися"
    INCLUSION = "inclusion", "инклюзивное образование, обучающиеся с ОВЗ"
    UPBRINGING = "upbringing", "воспитательная работа и классное руководство"
    DIGITAL = "digital", "цифровые образовательные ресурсы"
    MANAGEMENT = "management", "управление школой и внутришкольный контроль"


class Subject(models.TextChoices):
    PRIMARY = "primary", "начальное общее образование"
    RUSSIAN = "russian", "русский язык и литература"
    MATHS = "maths", "математика"
    PHYSICS = "physics", "физика"
    CHEMISTRY = "chemistry", "химия"
    BIOLOGY = "biology", "биология"
    HISTORY = "history", "история и обществознание"
    GEOGRAPHY = "geography", "география"
    ENGLISH = "english", "иностранный язык"
    INFORMATICS = "informatics", "информатика"
    NATIVE = "native", "родной язык и литература"
    ARTS = "arts", "искусство, технология, физкультура"
    GENERAL = "general", "без предмета (общие вопросы)"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "очно"
    ONLINE = "online", "онлайн"


class MentoringForm(models.TextChoices):
    """Forms of mentoring as the practice library names them (CENTRE, issue 9 §7). The codes are those
    of the schools' own programmes (school_programs Form), so a school's published practice and a
    partner's share one filter; the organisation–organisation form (seed 003) is the region's."""

    STUDENT_STUDENT = "student_student", "ученик – ученик"
    TEACHER_STUDENT = "teacher_student", "учитель – ученик"
    TEACHER_TEACHER = "teacher_teacher", "учитель – учитель"
    UNIVERSITY_STUDENT = "university_student", "студент – ученик"
    EMPLOYER_STUDENT = "employer_student", "работодатель – ученик"
    EMPLOYER_UNIVERSITY = "employer_university", "работодатель – студент"
    ORGANISATION_ORGANISATION = (
        "organisation_organisation",
        "образовательная организация – образовательная организация",
    )
