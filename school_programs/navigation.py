"""The school's menu: which sections each school role sees (the rules themselves are in access.py)."""

from tenants.models import Role

from .access import READERS, STAFF

EVERYONE = READERS | {Role.MENTOR, Role.MENTEE}

# (title, URL name in the "school" namespace, roles that see it)
SECTIONS = [
    ("Программа", "school:programme", READERS),
    ("Участники", "school:participants", READERS),
    ("Базы и карта запросов", "school:bases", READERS),
    ("Подбор пар", "school:matching", STAFF | {Role.PSYCHOLOGIST}),
    ("Пары и группы", "school:groups", EVERYONE),
    ("Приказы", "school:orders", STAFF),
    ("Мониторинг", "school:surveys", READERS),
    ("Результаты", "school:monitoring", READERS),
    ("Итоги", "school:completion", READERS),
    ("Мои анкеты", "school:my-surveys", EVERYONE),
]
