"""Questionnaires that ship with the product (seed 001 §10, two-stage monitoring), in Russian.

Stage 1 (качество процесса) asks mentees, mentors and the curator about the programme: open questions
(strengths, weaknesses, SWOT, expectations), closed questions (how often pairs met, in what format)
and rating scales. Stage 2 (влияние) is asked twice, at entry and at exit, with Likert matrices whose
every row states the construct it measures and its direction (1: higher is better; −1: anxiety and
professional deficits, where going down is growth). The satisfaction questionnaire closes the year.

Loaded by the data migration 0004_instruments into the school template, so every school starts with
its own editable copies (`Survey.instrument_code` keeps the code below). Plain data: the migration
reads it with historical models, the survey service with the real ones.
"""

from __future__ import annotations

from .models.choices import Form
from .models.surveys import Construct

AGREEMENT = "1 — совсем не согласен(на), 2 — скорее не согласен(на), 3 — трудно сказать, 4 — скорее согласен(на), 5 — полностью согласен(на)"  # noqa: E501
DIFFICULTY = "1 — совсем не испытываю затруднений, 3 — иногда испытываю, 5 — испытываю постоянно"
TEN_POINTS = "1 — совсем нет, 10 — в полной мере"

YES_NO = ["да", "нет"]
YES_NO_UNSURE = ["да", "нет", "пока не знаю"]
GLAD = ["да", "скорее да", "скорее нет", "нет"]
EXPECTATIONS_MET = ["полностью", "в основном", "частично", "не оправдались"]
MEETING_FREQUENCY = [
    "несколько раз в неделю",
    "раз в неделю",
    "раз в две недели",
    "раз в месяц",
    "реже раза в месяц",
]
MEETING_LENGTH = ["до 20 минут", "20–45 минут", "45–90 минут", "больше 90 минут"]
MEETING_FORMATS = [
    "очно, один на один",
    "очно, в группе",
    "онлайн (видеосвязь)",
    "переписка в мессенджере или по почте",
]


def open_question(text: str, *, required: bool = False) -> dict:
    return {"kind": "open", "text": text, "required": required}


def single(text: str, choices: list[str], *, required: bool = True) -> dict:
    return {"kind": "single", "text": text, "required": required, "choices": list(choices)}


def multiple(text: str, choices: list[str], *, required: bool = False) -> dict:
    return {"kind": "multiple", "text": text, "required": required, "choices": list(choices)}


def scale10(text: str, construct: str = Construct.SATISFACTION, *, required: bool = True) -> dict:
    return {
        "kind": "scale10",
        "text": text,
        "required": required,
        "construct": str(construct),
        "direction": 1,
    }


def matrix(text: str, construct: str, statements: list[str], *, direction: int = 1) -> dict:
    """A Likert matrix whose rows all measure one construct in one direction."""
    rows = [{"text": line, "construct": str(construct), "direction": direction} for line in statements]
    return {"kind": "matrix", "text": text, "required": True, "rows": rows}


def _agree(construct: str, statements: list[str], *, direction: int = 1) -> dict:
    return matrix(
        f"Насколько вы согласны с утверждениями? ({AGREEMENT})", construct, statements, direction=direction
    )


# --- Stage 1: quality of the programme process ------------------------------------------------------

PROCESS_MENTEE_STUDENT = {
    "code": "process_mentee_student",
    "title": "Анкета наставляемого (обучающегося): качество программы наставничества",
    "purpose": "process",
    "audience": "mentee_student",
    "form": "",
    "description": (
        "Этап 1 мониторинга. Ответьте, пожалуйста, честно: анкета нужна, чтобы сделать программу "
        "наставничества в школе лучше. Правильных и неправильных ответов нет."
    ),
    "sections": [
        ("Участие в программе", [
            single("Участвовали ли вы раньше в программе наставничества?", YES_NO),
            open_question("Если да, то где и когда?"),
            single("Как часто вы встречались с наставником?", MEETING_FREQUENCY),
            multiple("В каком формате проходили встречи?", MEETING_FORMATS, required=True),
            single("Сколько обычно длилась встреча?", MEETING_LENGTH),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько полезной для вас оказалась программа наставничества?"),
            scale10("Насколько комфортно вам было общаться с наставником?"),
            scale10("Насколько полезными и интересными были ваши встречи с наставником?"),
            scale10("Насколько полезными были групповые занятия и мероприятия программы?", required=False),
            scale10("Насколько понятно вам было, что нужно делать и зачем?"),
            scale10("Насколько наставник помогал, когда у вас что-то не получалось?"),
            scale10("Насколько вы довольны тем, как программа была организована в школе?"),
        ]),
        ("Ожидания и результаты", [
            open_question("Что вы ожидали от участия в программе?", required=True),
            single("Оправдались ли ваши ожидания?", EXPECTATIONS_MET),
            multiple("Что у вас изменилось благодаря программе?", [
                "стал(а) лучше понимать предмет",
                "научился(-лась) планировать своё время",
                "стало легче общаться с одноклассниками и учителями",
                "появилась уверенность в себе",
                "определился(-лась) с будущей профессией",
                "начал(а) участвовать в конкурсах, олимпиадах, проектах",
                "ничего не изменилось",
            ]),
            open_question("Что было для вас самым ценным в программе?"),
            open_question("Чего вам не хватило или что хотелось бы изменить?"),
        ]),
        ("Дальнейшее участие", [
            single("Рады ли вы, что участвовали в программе?", GLAD),
            single("Хотели бы вы продолжить работу с наставником?", YES_NO_UNSURE),
            single("Хотели бы вы сами стать наставником для других ребят?", YES_NO_UNSURE),
        ]),
    ],
}  # fmt: skip

PROCESS_MENTEE_TEACHER = {
    "code": "process_mentee_teacher",
    "title": "Анкета наставляемого педагога: качество программы наставничества",
    "purpose": "process",
    "audience": "mentee_teacher",
    "form": Form.TEACHER_TEACHER.value,
    "description": (
        "Этап 1 мониторинга (форма «учитель – учитель»). Ваши ответы помогут куратору оценить, "
        "насколько программа помогает в профессиональном становлении, и скорректировать её."
    ),
    "sections": [
        ("Участие в программе", [
            single("Участвовали ли вы раньше в программе наставничества?", YES_NO),
            single("Как часто вы встречались с наставником?", MEETING_FREQUENCY),
            single("Сколько уроков наставника вы посетили?", ["ни одного", "1–2", "3–5", "больше 5"]),
            single("Сколько ваших уроков посетил наставник?", ["ни одного", "1–2", "3–5", "больше 5"]),
            multiple("В каком формате проходила работа?", [
                "индивидуальные консультации",
                "взаимопосещение уроков",
                "совместная разработка уроков и материалов",
                "онлайн-консультации",
                "участие в мероприятиях методического объединения",
            ], required=True),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько эффективной для вас оказалась программа наставничества?"),
            scale10("Насколько комфортно вам было работать с наставником?"),
            scale10("Насколько полезными были консультации наставника?"),
            scale10("Насколько наставник помог вам в решении профессиональных затруднений?"),
            scale10("Насколько программа помогла вам освоиться в коллективе школы?"),
            scale10("Насколько удобно была организована работа (время, место, формат)?"),
        ]),
        ("Ожидания и результаты", [
            open_question("Что вы ожидали от программы и от работы с наставником?", required=True),
            single("Оправдались ли ваши ожидания?", EXPECTATIONS_MET),
            open_question("Какие профессиональные затруднения удалось преодолеть?"),
            open_question("Какие затруднения остались?"),
            open_question("Что было для вас самым ценным в программе?"),
            open_question("Что бы вы изменили в программе?"),
        ]),
        ("Дальнейшее участие", [
            single("Рады ли вы, что участвовали в программе?", GLAD),
            single("Хотели бы вы продолжить работу в программе?", YES_NO_UNSURE),
            single("Хотели бы вы в будущем стать наставником?", YES_NO_UNSURE),
        ]),
    ],
}  # fmt: skip

PROCESS_MENTOR_STUDENT = {
    "code": "process_mentor_student",
    "title": "Анкета наставника-обучающегося («ученик – ученик»): качество программы",
    "purpose": "process",
    "audience": "mentor",
    "form": Form.STUDENT_STUDENT.value,
    "description": (
        "Этап 1 мониторинга для обучающихся, которые были наставниками других ребят. Расскажите, "
        "как прошла ваша работа, — это поможет куратору поддержать наставников."
    ),
    "sections": [
        ("Работа с наставляемым", [
            single("Как часто вы встречались с наставляемым?", MEETING_FREQUENCY),
            multiple("Чем вы занимались на встречах?", [
                "разбирали трудные темы по предмету",
                "готовились к контрольным и проверочным",
                "делали домашние задания вместе",
                "готовили проект или выступление",
                "просто общались, обсуждали школьную жизнь",
            ], required=True),
            single("Удавалось ли вам договориться о времени встреч?", [
                "всегда", "чаще да", "чаще нет", "никогда",
            ]),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько вам понравилось быть наставником?"),
            scale10("Насколько комфортно вам было общаться с наставляемым?"),
            scale10("Насколько, по-вашему, вы помогли наставляемому?"),
            scale10("Насколько вам помогал куратор, когда было трудно?"),
            scale10("Насколько полезным было обучение наставников перед началом работы?"),
        ]),
        ("Ожидания и результаты", [
            open_question("Что вы ожидали, когда соглашались стать наставником?", required=True),
            single("Оправдались ли ваши ожидания?", EXPECTATIONS_MET),
            open_question("Что получилось лучше всего?"),
            open_question("Что было трудным?"),
            open_question("Что нужно изменить в программе?"),
        ]),
        ("Дальнейшее участие", [
            single("Хотели бы вы быть наставником в следующем году?", YES_NO_UNSURE),
        ]),
    ],
}  # fmt: skip

PROCESS_MENTOR = {
    "code": "process_mentor",
    "title": "Анкета наставника обучающихся: качество программы наставничества",
    "purpose": "process",
    "audience": "mentor",
    "form": "",
    "description": (
        "Этап 1 мониторинга для наставников обучающихся: педагогов («учитель – ученик»), студентов, "
        "представителей работодателей и выпускников."
    ),
    "sections": [
        ("Организация работы", [
            single("Как часто вы встречались с наставляемым (группой)?", MEETING_FREQUENCY),
            multiple("В каком формате проходили встречи?", MEETING_FORMATS, required=True),
            single("Удалось ли выполнить индивидуальный план развития наставляемого?", [
                "полностью", "в основном", "частично", "план не составлялся",
            ]),
            single("Прошли ли вы обучение наставников?", YES_NO),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько эффективной, на ваш взгляд, была программа наставничества?"),
            scale10("Насколько комфортно вам было работать с наставляемым?"),
            scale10("Насколько удалось спланировать работу с наставляемым?"),
            scale10("Насколько удалось реализовать намеченный план?"),
            scale10("Насколько наставляемый был вовлечён в совместную работу?"),
            scale10("Насколько полезной была поддержка куратора?"),
            scale10("Насколько полезным было обучение наставников?", required=False),
        ]),
        ("Ожидания и результаты", [
            open_question("Что вы ожидали от участия в программе в роли наставника?", required=True),
            single("Оправдались ли ваши ожидания?", EXPECTATIONS_MET),
            open_question("Какие изменения вы видите у наставляемого?"),
            open_question("С какими трудностями вы столкнулись?"),
            open_question("Что бы вы изменили в организации программы?"),
        ]),
        ("Дальнейшее участие", [
            single("Рады ли вы, что участвовали в программе?", GLAD),
            single("Хотели бы вы продолжить работу наставником?", YES_NO_UNSURE),
        ]),
    ],
}  # fmt: skip

PROCESS_MENTOR_TEACHER = {
    "code": "process_mentor_teacher",
    "title": "Анкета наставника педагога («учитель – учитель»): качество программы",
    "purpose": "process",
    "audience": "mentor",
    "form": Form.TEACHER_TEACHER.value,
    "description": "Этап 1 мониторинга для наставников молодых и испытывающих затруднения педагогов.",
    "sections": [
        ("Организация работы", [
            single("Как часто вы встречались с наставляемым педагогом?", MEETING_FREQUENCY),
            single("Сколько уроков наставляемого вы посетили?", ["ни одного", "1–2", "3–5", "больше 5"]),
            multiple("Какие формы работы вы использовали?", [
                "индивидуальные консультации",
                "взаимопосещение уроков",
                "совместная разработка уроков и материалов",
                "разбор проблемных ситуаций",
                "подготовка к конкурсу профессионального мастерства",
            ], required=True),
            single("Удалось ли выполнить индивидуальный план развития наставляемого?", [
                "полностью", "в основном", "частично", "план не составлялся",
            ]),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько эффективной, на ваш взгляд, была программа наставничества?"),
            scale10("Насколько комфортно вам было работать с наставляемым?"),
            scale10("Насколько наставляемый продвинулся в преодолении профессиональных затруднений?"),
            scale10("Насколько вам хватало времени на наставническую работу?"),
            scale10("Насколько вас устраивают условия наставничества (нагрузка, доплата, признание)?"),
            scale10("Насколько полезной была поддержка куратора и администрации?"),
        ]),
        ("Ожидания и результаты", [
            open_question("Что вы ожидали от участия в программе?", required=True),
            single("Оправдались ли ваши ожидания?", EXPECTATIONS_MET),
            open_question("Какие профессиональные дефициты наставляемого удалось преодолеть?"),
            open_question("Что помешало работе пары?"),
            open_question("Ваши предложения по программе"),
        ]),
        ("Дальнейшее участие", [
            single("Хотели бы вы продолжить работу наставником?", YES_NO_UNSURE),
        ]),
    ],
}  # fmt: skip

PROCESS_CURATOR = {
    "code": "process_curator",
    "title": "Анкета куратора: анализ реализации программы наставничества (SWOT)",
    "purpose": "process",
    "audience": "curator",
    "form": "",
    "description": (
        "Этап 1 мониторинга: самоанализ куратора. Сильные и слабые стороны, возможности и угрозы "
        "программы, расхождения между ожиданиями и результатами — для итогового педсовета и ВСОКО."
    ),
    "sections": [
        ("Организация программы", [
            multiple("Какие формы наставничества реализованы в этом году?", [
                str(label) for _, label in Form.choices
            ], required=True),
            single("Какая доля пар и групп провела итоговую встречу?", [
                "все", "больше половины", "меньше половины", "ни одна",
            ]),
            single("Как часто собиралась обратная связь от участников?", [
                "ежемесячно", "раз в четверть", "раз в полугодие", "только в конце программы",
            ]),
            single("Прошли ли все наставники обучение до начала работы?", [
                "да, все", "большинство", "меньшинство", "нет",
            ]),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько удалось сформировать базы наставников и наставляемых?"),
            scale10("Насколько удачно сформированы пары и группы?"),
            scale10("Насколько регулярно работали пары и группы?"),
            scale10("Насколько полно выполнены индивидуальные планы развития?"),
            scale10("Насколько программа отвечает запросам наставляемых?"),
            scale10("Насколько администрация школы поддерживала программу?"),
            scale10("Насколько вы удовлетворены результатами программы в целом?"),
        ]),
        ("SWOT-анализ программы", [
            open_question("Сильные стороны программы (S)", required=True),
            open_question("Слабые стороны программы (W)", required=True),
            open_question("Возможности развития (O)", required=True),
            open_question("Угрозы и риски (T)", required=True),
        ]),
        ("Ожидания и реальность", [
            open_question("Каких результатов вы ожидали в начале программы?", required=True),
            open_question("Каких результатов удалось достичь?", required=True),
            open_question("Чем объясняются расхождения между ожиданиями и результатами?"),
            open_question("Что нужно изменить в стратегии формирования пар и групп?"),
        ]),
    ],
}  # fmt: skip

# --- Stage 2: impact on participants, entry and exit ------------------------------------------------

IMPACT_STUDENT = {
    "code": "impact_student",
    "title": "Входная и итоговая диагностика обучающегося (этап 2)",
    "purpose": "impact",
    "audience": "mentee_student",
    "form": "",
    "description": (
        "Анкету заполняют дважды — в начале участия в программе наставничества и по её итогам. "
        "Отвечайте о себе так, как есть сейчас: по разнице ответов школа видит, что изменилось."
    ),
    "sections": [
        ("Мотивация и личностный рост", [
            _agree(Construct.MOTIVATION, [
                "Мне интересно узнавать новое",
                "Я понимаю, зачем мне знания, которые я получаю в школе",
                "Я ставлю перед собой цели и добиваюсь их",
                "Я стремлюсь стать лучше, чем был(а) раньше",
            ]),
        ]),
        ("Знания и умения по предметам", [
            _agree(Construct.COMPETENCIES, [
                "Я хорошо понимаю материал по предмету, с которым мне помогает наставник",
                "Я справляюсь с домашними заданиями самостоятельно",
                "Я могу объяснить решение задачи другому",
                "Я уверенно пишу контрольные и проверочные работы",
            ]),
        ]),
        ("Метапредметные навыки", [
            _agree(Construct.METASUBJECT, [
                "Я умею планировать свою работу и укладываться в срок",
                "Я умею находить нужную информацию и проверять её",
                "Я могу работать в команде над общим делом",
                "Я умею выступать перед другими и отстаивать своё мнение",
            ]),
        ]),
        ("Вовлечённость", [
            _agree(Construct.ENGAGEMENT, [
                "Мне нравится ходить в школу",
                "На уроках я внимательно слушаю и участвую в работе",
                "Я чувствую себя частью класса и школы",
                "Мне есть чем заняться в школе после уроков",
            ]),
        ]),
        ("Активность", [
            _agree(Construct.ACTIVITY, [
                "Я участвую в школьных мероприятиях, конкурсах, олимпиадах",
                "Я занимаюсь в кружке, секции или клубе",
                "Я сам(а) предлагаю идеи и берусь за новые дела",
                "Я участвую в проектах, волонтёрской или общественной работе",
            ]),
        ]),
        ("Самооценка", [
            _agree(Construct.SELF_ESTEEM, [
                "Я уверен(а) в своих силах",
                "В целом я доволен(довольна) собой",
                "У меня многое получается",
                "Я не боюсь браться за трудные задачи",
            ]),
        ]),
        ("Тревожность", [
            _agree(Construct.ANXIETY, [
                "Я сильно волнуюсь, когда меня вызывают к доске",
                "Я боюсь получить плохую отметку",
                "Перед контрольной работой мне трудно успокоиться",
                "Я переживаю, что другие подумают обо мне плохо",
            ], direction=-1),
        ]),
        ("Навыки самообразования", [
            _agree(Construct.SELF_EDUCATION, [
                "Я умею учиться самостоятельно, без подсказки взрослых",
                "Если я чего-то не понимаю, я знаю, где найти объяснение",
                "Я сам(а) нахожу дополнительные материалы: книги, видео, онлайн-курсы",
                "Я слежу за своими успехами и понимаю, что нужно подтянуть",
            ]),
        ]),
    ],
}  # fmt: skip

# Professional deficits of a teacher (direction −1: a deficit going down is growth).
DEFICITS = [
    (Construct.DEFICIT_SUBJECT, "Знание содержания преподаваемого предмета"),
    (Construct.DEFICIT_SUBJECT, "Решение олимпиадных и сложных задач по предмету"),
    (Construct.DEFICIT_SUBJECT, "Подготовка обучающихся к ВПР, ОГЭ и ЕГЭ"),
    (Construct.DEFICIT_METHODICAL, "Планирование урока, выбор методов и приёмов"),
    (Construct.DEFICIT_METHODICAL, "Применение современных, в том числе цифровых, технологий"),
    (Construct.DEFICIT_METHODICAL, "Разработка оценочных материалов и оценивание результатов"),
    (Construct.DEFICIT_PSYCHOLOGICAL, "Учёт возрастных и индивидуальных особенностей обучающихся"),
    (Construct.DEFICIT_PSYCHOLOGICAL, "Работа с обучающимися с ОВЗ и с трудностями в обучении"),
    (Construct.DEFICIT_PSYCHOLOGICAL, "Поддержание дисциплины и мотивации на уроке"),
    (Construct.DEFICIT_COMMUNICATIVE, "Общение с родителями (законными представителями)"),
    (Construct.DEFICIT_COMMUNICATIVE, "Взаимодействие с коллегами и администрацией"),
    (Construct.DEFICIT_COMMUNICATIVE, "Разрешение конфликтных ситуаций"),
]

IMPACT_TEACHER = {
    "code": "impact_teacher",
    "title": "Входная и итоговая диагностика педагога (этап 2)",
    "purpose": "impact",
    "audience": "mentee_teacher",
    "form": Form.TEACHER_TEACHER.value,
    "description": (
        "Анкету заполняют дважды — при входе в программу наставничества и по её итогам. Последний "
        "раздел — профессиональные дефициты: их снижение к концу программы и есть рост."
    ),
    "sections": [
        ("Мотивация и профессиональный рост", [
            _agree(Construct.MOTIVATION, [
                "Мне нравится моя работа",
                "Я вижу перспективы своего профессионального роста",
                "Я ставлю перед собой профессиональные цели и достигаю их",
                "Я планирую и дальше работать в школе",
            ]),
        ]),
        ("Профессиональные компетенции", [
            _agree(Construct.COMPETENCIES, [
                "Я уверенно планирую уроки и подбираю к ним материалы",
                "Я умею оценивать результаты обучающихся и использовать их в работе",
                "Я владею современными образовательными технологиями, в том числе цифровыми",
                "Я умею работать с разными обучающимися: одарёнными, неуспевающими, с ОВЗ",
            ]),
        ]),
        ("Вовлечённость", [
            _agree(Construct.ENGAGEMENT, [
                "Я участвую в работе методического объединения",
                "Я чувствую себя частью педагогического коллектива",
                "Мне интересно то, что происходит в школе",
            ]),
        ]),
        ("Активность", [
            _agree(Construct.ACTIVITY, [
                "Я участвую в профессиональных конкурсах",
                "Я делюсь своим опытом с коллегами: открытые уроки, выступления, публикации",
                "Я участвую в проектах и мероприятиях школы",
            ]),
        ]),
        ("Самооценка", [
            _agree(Construct.SELF_ESTEEM, [
                "Я уверен(а) в своих профессиональных силах",
                "Я доволен(довольна) результатами своей работы",
                "Коллеги ценят мою работу",
            ]),
        ]),
        ("Тревожность", [
            _agree(Construct.ANXIETY, [
                "Я испытываю напряжение перед уроками",
                "Я опасаюсь конфликтов с обучающимися и родителями",
                "После рабочего дня я чувствую усталость и опустошённость",
                "Я боюсь не справиться с требованиями администрации",
            ], direction=-1),
        ]),
        ("Навыки самообразования", [
            _agree(Construct.SELF_EDUCATION, [
                "Я регулярно изучаю профессиональную литературу и источники",
                "Я прохожу курсы повышения квалификации по собственной инициативе",
                "Я анализирую свои уроки и ищу, что улучшить",
            ]),
        ]),
        ("Профессиональные дефициты", [
            {
                "kind": "matrix",
                "text": f"Насколько вы испытываете затруднения в следующем? ({DIFFICULTY})",
                "required": True,
                "rows": [{"text": text, "construct": str(area), "direction": -1} for area, text in DEFICITS],
            },
        ]),
    ],
}  # fmt: skip

# --- Completion: satisfaction with participation ----------------------------------------------------

SATISFACTION = {
    "code": "satisfaction_participation",
    "title": "Удовлетворённость участием в программе наставничества",
    "purpose": "satisfaction",
    "audience": "any",
    "form": "",
    "description": "Анкета для всех участников при завершении программы: наставников и наставляемых.",
    "sections": [
        ("Ваша роль", [
            single("В какой роли вы участвовали в программе?", ["наставник", "наставляемый"]),
        ]),
        (f"Оцените по шкале от 1 до 10 ({TEN_POINTS})", [
            scale10("Насколько вы в целом удовлетворены участием в программе?"),
            scale10("Насколько программа оправдала ваши ожидания?"),
            scale10("Насколько вы удовлетворены работой в паре / группе?"),
            scale10("Насколько полезными были встречи?"),
            scale10("Насколько вы удовлетворены организацией программы в школе?"),
        ]),
        ("Итоги", [
            single("Порекомендовали бы вы участие в программе другим?", GLAD),
            single("Хотели бы вы участвовать в программе в следующем году?", [
                "да, в роли наставника", "да, в роли наставляемого", "нет", "пока не знаю",
            ]),
            open_question("Что было самым ценным?"),
            open_question("Что бы вы изменили в программе?"),
        ]),
    ],
}  # fmt: skip

INSTRUMENTS = [
    PROCESS_MENTEE_STUDENT,
    PROCESS_MENTEE_TEACHER,
    PROCESS_MENTOR_STUDENT,
    PROCESS_MENTOR,
    PROCESS_MENTOR_TEACHER,
    PROCESS_CURATOR,
    IMPACT_STUDENT,
    IMPACT_TEACHER,
    SATISFACTION,
]

# What "grew" means by default (GrowthRule rows); the school changes them, every report states them.
GROWTH_NOTE = (
    "Рост — если среднее по утверждениям «{label}» (шкала 1–5) на выходе отличается от входа "
    "в лучшую сторону не менее чем на {threshold} балла"
)
GROWTH_NOTE_LOWER = " (здесь лучше — ниже: рост означает снижение)"
GROWTH_RULES = [
    *[
        (construct, "0.50")
        for construct in Construct
        if construct not in {Construct.ACADEMIC, Construct.SATISFACTION}
    ],
    (Construct.SATISFACTION, "1.00"),
    (Construct.ACADEMIC, "0.30"),
]
LOWER_IS_BETTER = frozenset(
    {
        Construct.ANXIETY,
        Construct.DEFICIT_SUBJECT,
        Construct.DEFICIT_METHODICAL,
        Construct.DEFICIT_PSYCHOLOGICAL,
        Construct.DEFICIT_COMMUNICATIVE,
    }
)


def growth_note(construct: Construct, threshold: str) -> str:
    shown = threshold.rstrip("0").rstrip(".").replace(".", ",")
    if construct == Construct.ACADEMIC:
        return (
            f"Рост — если средняя отметка по предметам за период после программы выше, чем за период до "
            f"неё, не менее чем на {shown} балла"
        )
    if construct == Construct.SATISFACTION:
        return (
            "Рост — если удовлетворённость (шкала 1–10) на выходе выше, чем на входе, "
            f"не менее чем на {shown} балла"
        )
    note = GROWTH_NOTE.format(label=construct.label, threshold=shown)
    return note + (GROWTH_NOTE_LOWER if construct in LOWER_IS_BETTER else "")


def load_instruments(apps) -> None:
    """Used by the data migration with historical models; safe to run again (looks up by code)."""
    Survey = apps.get_model("school_programs", "Survey")
    SurveyVersion = apps.get_model("school_programs", "SurveyVersion")
    SurveySection = apps.get_model("school_programs", "SurveySection")
    Question = apps.get_model("school_programs", "Question")
    GrowthRule = apps.get_model("school_programs", "GrowthRule")
    for instrument in INSTRUMENTS:
        if Survey.objects.filter(instrument_code=instrument["code"]).exists():
            continue
        survey = Survey.objects.create(
            title=instrument["title"],
            purpose=instrument["purpose"],
            audience=instrument["audience"],
            form=instrument["form"],
            description=instrument["description"],
            instrument_code=instrument["code"],
        )
        version = SurveyVersion.objects.create(survey=survey, number=1)
        for section_order, (section_title, questions) in enumerate(instrument["sections"], start=1):
            section = SurveySection.objects.create(version=version, order=section_order, title=section_title)
            Question.objects.bulk_create(
                [
                    Question(
                        section=section,
                        order=order,
                        kind=question["kind"],
                        text=question["text"],
                        required=question["required"],
                        choices=question.get("choices", []),
                        rows=question.get("rows", []),
                        construct=question.get("construct", ""),
                        direction=question.get("direction", 1),
                    )
                    for order, question in enumerate(questions, start=1)
                ]
            )
    for construct, threshold in GROWTH_RULES:
        GrowthRule.objects.get_or_create(
            construct=str(construct),
            defaults={"threshold": threshold, "note": growth_note(construct, threshold)},
        )
