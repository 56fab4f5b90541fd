"""The demo region: municipalities, consultation points, schools and one login per role.

Idempotent: everything is looked up by its natural key first, so a second run changes nothing
(passwords included: they are set only when a user is created).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, Region

from .demo_people import seed_people
from .models import Membership, Role, School, User
from .services.provisioning import SchoolData, school_create

DEMO_PASSWORD = "nastavnik-demo"

REGION = {
    "name": "Республика Марий Эл",
    "code": "12",
    "centre_name": "Региональный центр наставничества ГБУ ДПО «Марийский институт образования»",
}

URBAN, DISTRICT, OKRUG = (
    Municipality.Kind.URBAN_DISTRICT,
    Municipality.Kind.MUNICIPAL_DISTRICT,
    Municipality.Kind.MUNICIPAL_OKRUG,
)
MUNICIPALITIES = [
    ("Городской округ «Город Йошкар-Ола»", URBAN, "Управление образования администрации городского округа «Город Йошкар-Ола»"),
    ("Городской округ «Город Волжск»", URBAN, "Отдел образования администрации городского округа «Город Волжск»"),
    ("Городской округ «Город Козьмодемьянск»", URBAN, "Отдел образования администрации городского округа «Город Козьмодемьянск»"),
    ("Медведевский муниципальный район", DISTRICT, "Отдел образования администрации Медведевского района"),
    ("Звениговский муниципальный район", DISTRICT, "Отдел образования администрации Звениговского района"),
    ("Моркинский муниципальный район", DISTRICT, "Отдел образования администрации Моркинского района"),
    ("Сернурский муниципальный район", DISTRICT, "Отдел образования администрации Сернурского района"),
    ("Советский муниципальный район", DISTRICT, "Отдел образования администрации Советского района"),
    ("Оршанский муниципальный район", DISTRICT, "Отдел образования администрации Оршанского района"),
    ("Параньгинский муниципальный район", DISTRICT, "Отдел образования администрации Параньгинского района"),
    ("Горномарийский муниципальный округ", OKRUG, "Отдел образования администрации Горномарийского округа"),
    ("Новоторъяльский муниципальный район", DISTRICT, "Отдел образования администрации Новоторъяльского района"),
]  # fmt: skip

# (slug, full name, short name, municipality index, kind, low results, partner)
SCHOOLS = [
    ("yo-gimnazia-4", "МБОУ «Гимназия № 4 им. А. С. Пушкина г. Йошкар-Олы»", "Гимназия № 4 (Йошкар-Ола)", 0, "gymnasium", False, True),
    ("yo-lyceum-11", "МБОУ «Лицей № 11 им. Т. И. Александровой г. Йошкар-Олы»", "Лицей № 11 (Йошкар-Ола)", 0, "lyceum", False, True),
    ("yo-sosh-7", "МБОУ «Средняя общеобразовательная школа № 7 г. Йошкар-Олы»", "СОШ № 7 (Йошкар-Ола)", 0, "school", False, False),
    ("yo-sosh-18", "МБОУ «Средняя общеобразовательная школа № 18 г. Йошкар-Олы»", "СОШ № 18 (Йошкар-Ола)", 0, "school", True, False),
    ("yo-sosh-29", "МБОУ «Средняя общеобразовательная школа № 29 г. Йошкар-Олы»", "СОШ № 29 (Йошкар-Ола)", 0, "school", False, False),
    ("yo-college-ped", "ГБПОУ РМЭ «Йошкар-Олинский педагогический колледж»", "Педколледж (Йошкар-Ола)", 0, "college", False, True),
    ("yo-ddt", "МБУ ДО «Дворец творчества детей и молодёжи г. Йошкар-Олы»", "Дворец творчества (Йошкар-Ола)", 0, "additional", False, False),
    ("volzhsk-sosh-1", "МОУ «Средняя общеобразовательная школа № 1 г. Волжска»", "СОШ № 1 (Волжск)", 1, "school", False, True),
    ("volzhsk-sosh-6", "МОУ «Средняя общеобразовательная школа № 6 г. Волжска»", "СОШ № 6 (Волжск)", 1, "school", True, False),
    ("volzhsk-lyceum", "МОУ «Лицей г. Волжска»", "Лицей (Волжск)", 1, "lyceum", False, False),
    ("kozm-gimnazia-1", "МБОУ «Гимназия № 1 г. Козьмодемьянска»", "Гимназия № 1 (Козьмодемьянск)", 2, "gymnasium", False, True),
    ("kozm-sosh-2", "МБОУ «Средняя общеобразовательная школа № 2 г. Козьмодемьянска»", "СОШ № 2 (Козьмодемьянск)", 2, "school", True, False),
    ("medv-sosh-1", "МОУ «Медведевская средняя общеобразовательная школа № 1»", "Медведевская СОШ № 1", 3, "school", False, True),
    ("medv-krasnooktyabr", "МОУ «Краснооктябрьская средняя общеобразовательная школа»", "Краснооктябрьская СОШ", 3, "school", True, False),
    ("medv-kuzhener", "МОУ «Кузнецовская основная общеобразовательная школа»", "Кузнецовская ООШ", 3, "school", True, False),
    ("zven-sosh-1", "МОУ «Звениговская средняя общеобразовательная школа № 1»", "Звениговская СОШ № 1", 4, "school", False, False),
    ("zven-krasnogorsk", "МОУ «Красногорская средняя общеобразовательная школа»", "Красногорская СОШ", 4, "school", True, False),
    ("morki-sosh-1", "МОУ «Моркинская средняя общеобразовательная школа № 1»", "Моркинская СОШ № 1", 5, "school", False, True),
    ("morki-shinsha", "МОУ «Шиньшинская средняя общеобразовательная школа»", "Шиньшинская СОШ", 5, "school", True, False),
    ("sernur-sosh-1", "МОУ «Сернурская средняя общеобразовательная школа № 1»", "Сернурская СОШ № 1", 6, "school", False, False),
    ("sernur-kazanskoe", "МОУ «Казанская основная общеобразовательная школа»", "Казанская ООШ", 6, "school", True, False),
    ("sovetsky-sosh-1", "МОУ «Советская средняя общеобразовательная школа № 1»", "Советская СОШ № 1", 7, "school", False, True),
    ("sovetsky-kuzhmara", "МОУ «Кужмаринская основная общеобразовательная школа»", "Кужмаринская ООШ", 7, "school", True, False),
    ("orsha-sosh", "МОУ «Оршанская средняя общеобразовательная школа»", "Оршанская СОШ", 8, "school", False, False),
    ("orsha-markovo", "МОУ «Марковская основная общеобразовательная школа»", "Марковская ООШ", 8, "school", True, False),
    ("paranga-sosh", "МОУ «Параньгинская средняя общеобразовательная школа»", "Параньгинская СОШ", 9, "school", False, False),
    ("paranga-ilet", "МОУ «Илетская основная общеобразовательная школа»", "Илетская ООШ", 9, "school", True, False),
    ("gornomari-yelasy", "МОУ «Еласовская средняя общеобразовательная школа»", "Еласовская СОШ", 10, "school", False, False),
    ("gornomari-kuznetsovo", "МОУ «Кузнецовская средняя общеобразовательная школа»", "Кузнецовская СОШ", 10, "school", True, False),
    ("novotor-sosh", "МОУ «Новоторъяльская средняя общеобразовательная школа»", "Новоторъяльская СОШ", 11, "school", False, False),
    ("novotor-pektubaevo", "МОУ «Пектубаевская средняя общеобразовательная школа»", "Пектубаевская СОШ", 11, "school", True, False),
    ("volzhsk-ddt", "МУ ДО «Дом детского творчества г. Волжска»", "ДДТ (Волжск)", 1, "additional", False, False),
]  # fmt: skip

SCHOOL_A = "yo-sosh-7"
SCHOOL_B = "volzhsk-sosh-6"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    last_name: str
    first_name: str
    middle_name: str
    role: Role
    where: str  # "region", a municipality index, "point:<index>" or a school slug

    def describe(self) -> str:
        return Role(self.role).label


DEMO_LOGINS = [
    DemoLogin("region.admin", "Иванова", "Елена", "Петровна", Role.REGIONAL_ADMIN, "region"),
    DemoLogin("region.analyst", "Смирнов", "Алексей", "Викторович", Role.REGIONAL_ANALYST, "region"),
    DemoLogin("municipal", "Кузнецова", "Ольга", "Николаевна", Role.MUNICIPAL_COORDINATOR, "0"),
    DemoLogin("consultant", "Попов", "Дмитрий", "Сергеевич", Role.CONSULTANT, "point:0"),
    DemoLogin("director", "Васильева", "Татьяна", "Ивановна", Role.DIRECTOR, SCHOOL_A),
    DemoLogin("curator", "Петрова", "Марина", "Александровна", Role.CURATOR, SCHOOL_A),
    DemoLogin("mentor", "Соколов", "Игорь", "Владимирович", Role.MENTOR, SCHOOL_A),
    DemoLogin("psychologist", "Михайлова", "Анна", "Юрьевна", Role.PSYCHOLOGIST, SCHOOL_A),
    DemoLogin("mentee", "Новикова", "Дарья", "Андреевна", Role.MENTEE, SCHOOL_A),
    DemoLogin("curator.b", "Фёдоров", "Сергей", "Павлович", Role.CURATOR, SCHOOL_B),
]


def _region() -> Region:
    region, _ = Region.objects.get_or_create(name=REGION["name"], defaults=REGION)
    return region


def _municipalities(region: Region) -> list[Municipality]:
    result = []
    for name, kind, department in MUNICIPALITIES:
        municipality, _ = Municipality.objects.get_or_create(
            region=region, name=name, defaults={"kind": kind, "education_department": department}
        )
        result.append(municipality)
    return result


def _consultation_points(municipalities: list[Municipality]) -> list[ConsultationPoint]:
    points = []
    for municipality in municipalities:
        point, _ = ConsultationPoint.objects.get_or_create(
            municipality=municipality,
            name=f"Консультационный пункт — {municipality.name}",
            defaults={"address": "", "email": ""},
        )
        points.append(point)
    return points


def _schools(municipalities: list[Municipality], progress=None) -> dict[str, School]:
    existing = {school.slug: school for school in School.objects.filter(slug__in=[s[0] for s in SCHOOLS])}
    for slug, full_name, short_name, index, kind, low_results, partner in SCHOOLS:
        if slug not in existing:
            existing[slug] = school_create(data=SchoolData(
                slug=slug, full_name=full_name, short_name=short_name, municipality=municipalities[index],
                kind=kind, low_results=low_results, partner_school=partner,
            ))  # fmt: skip
        if progress:
            progress()
    return existing


@transaction.atomic
def _logins(region, municipalities, points, schools) -> None:
    for login in DEMO_LOGINS:
        user = User.objects.filter(username__iexact=login.username).first()
        if user is None:
            user = User(
                username=login.username,
                last_name=login.last_name,
                first_name=login.first_name,
                middle_name=login.middle_name,
                email=f"{login.username}@demo.nastavnik.local",
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        scope: dict = {}
        if login.where == "region":
            scope["region"] = region
        elif login.where.startswith("point:"):
            scope["consultation_point"] = points[int(login.where.split(":")[1])]
        elif login.where.isdigit():
            scope["municipality"] = municipalities[int(login.where)]
        else:
            scope["school"] = schools[login.where]
        Membership.objects.get_or_create(user=user, role=login.role, **scope)


def seed_region(progress=None) -> Region:
    region = _region()
    municipalities = _municipalities(region)
    points = _consultation_points(municipalities)
    schools = _schools(municipalities, progress=progress)
    _logins(region, municipalities, points, schools)
    seed_people(schools=schools)  # issue 8 §2: grant log history, pending invitations
    return region


def login_table() -> list[tuple[str, str, str]]:
    """(login, role, where) for printing by `make demo` and the README."""
    rows = []
    for login in DEMO_LOGINS:
        if login.where == "region":
            where = REGION["name"]
        elif login.where.startswith("point:"):
            where = "Консультационный пункт — " + MUNICIPALITIES[int(login.where.split(":")[1])][0]
        elif login.where.isdigit():
            where = MUNICIPALITIES[int(login.where)][0]
        else:
            where = next(s[2] for s in SCHOOLS if s[0] == login.where)
        rows.append((login.username, login.describe(), where))
    return rows
