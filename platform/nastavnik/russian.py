"""Russian grammar the whole platform prints with: numbers with nouns, words that agree with a person.

One place, so that «21 школа», «4 школы», «5 школ» and «11 школ» come out right in a page, a message,
an e-mail and a document alike. Templates use the same functions through the `russian_tags` library
(`{% load russian_tags %}`, `{{ n|counted:"школа,школы,школ" }}`).
"""

from __future__ import annotations

FEMALE = "f"
MALE = "m"


def plural(number: int, one: str, few: str, many: str) -> str:
    """The noun form that agrees with the number: 1, 21, 101 → one; 2–4, 22–24 → few; the rest → many.

    11–14 take «many» (одиннадцать школ), whatever their last digit. Fractions are not counted here:
    callers print a number of things.
    """
    number = abs(int(number))
    if number % 100 in (11, 12, 13, 14):
        return many
    if number % 10 == 1:
        return one
    if number % 10 in (2, 3, 4):
        return few
    return many


def counted(number: int, one: str, few: str, many: str) -> str:
    """«21 школа», «4 школы», «5 школ»."""
    return f"{number} {plural(number, one, few, many)}"


def split_forms(forms: str) -> tuple[str, str, str]:
    """«школа,школы,школ» → the three forms (the template filter's argument)."""
    parts = [part.strip() for part in forms.split(",")]
    if len(parts) != 3:
        raise ValueError(f"нужны три формы через запятую (одна, две, пять), получено: {forms!r}")
    return parts[0], parts[1], parts[2]


# Patronymics say a person's gender reliably; without one, the surname's ending usually does.
_FEMALE_PATRONYMIC = ("вна", "чна", "кызы", "гызы")
_MALE_PATRONYMIC = ("вич", "ич", "оглы", "улы", "уулу")
_FEMALE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")
_MALE_SURNAME = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой", "ый", "ий")


def gender_of(*, last_name: str = "", middle_name: str = "") -> str | None:
    """FEMALE, MALE or None (unknown) from a Russian patronymic, else from the surname's ending."""
    patronymic = middle_name.strip().lower()
    if patronymic.endswith(_FEMALE_PATRONYMIC):
        return FEMALE
    if patronymic.endswith(_MALE_PATRONYMIC):
        return MALE
    surname = last_name.strip().lower()
    if surname.endswith(_FEMALE_SURNAME):
        return FEMALE
    if surname.endswith(_MALE_SURNAME):
        return MALE
    return None


def agreed(gender: str | None, masculine: str, feminine: str) -> str:
    """The word that agrees with the person: «несовершеннолетний» / «несовершеннолетняя».

    When the gender is unknown both forms are shown («отобран(а)»): a wrong form reads as a mistake
    about the person, a double form only as a formality.
    """
    if gender == FEMALE:
        return feminine
    if gender == MALE:
        return masculine
    if feminine.startswith(masculine):
        return f"{masculine}({feminine[len(masculine) :]})"  # «отобран(а)»
    return f"{masculine} / {feminine}"
