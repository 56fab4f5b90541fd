"""The curator's participant list with 1,500 participants: server time of the page, p50 and p95.

A school is created the way the product does it (tenants.services.provisioning.school_create) and
filled with a mix of students, teachers, parents, graduates and external mentors, with consents
(some withdrawn or expired), categories (special ones among them) and parents linked to children.
A logged-in curator then opens the list page through django.test.Client, so the time includes the
middleware (school routing, membership check), the queries and the template.

The stock way for the ratio: a ListView over the same table, paginated by 50 as well, whose rows
ask each participant for its consent state and categories (one query each: N+1).
"""

import datetime
import random
import statistics
import time

from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, path
from django.views.generic import ListView
from django_tenants.utils import schema_context

from regional_center.models import Municipality, Region
from school_programs.models import Consent, Guardianship, Participant, ParticipantCategory, ParticipantKind
from school_programs.models.choices import SPECIAL_CATEGORIES, STUDENT_CATEGORIES, TEACHER_CATEGORIES
from school_programs.selectors.consents import consent_problem
from tenants.models import Membership, Role, School, User
from tenants.routing import school_urlconf
from tenants.services.provisioning import SchoolData, school_create

SLUG = "bench-participants"
ALLOWED_CATEGORIES = {
    ParticipantKind.STUDENT: STUDENT_CATEGORIES,
    ParticipantKind.TEACHER: TEACHER_CATEGORIES,
}
KINDS = [
    (ParticipantKind.STUDENT, 1000),
    (ParticipantKind.TEACHER, 120),
    (ParticipantKind.PARENT, 330),
    (ParticipantKind.GRADUATE, 30),
    (ParticipantKind.EXTERNAL, 20),
]
LAST_NAMES = [
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
]
FIRST_NAMES = ["Александр", "Мария", "Дмитрий", "Анна", "Максим", "Софья", "Иван", "Алиса", "Артём", "Ева"]
NAIVE_TEMPLATE = """{% extends "base.html" %}
{% block content %}
<h1>Участники</h1>
<ul>{% for kind, count in counts %}<li>{{ kind }}: {{ count }}</li>{% endfor %}</ul>
<table>
{% for p in page_obj %}
<tr><td>{{ p.full_name }}</td><td>{{ p.get_kind_display }}</td><td>{{ p.description }}</td>
<td>{% for c in p.categories.all %}{{ c.get_category_display }} {% endfor %}</td>
<td>{{ p.consent_note }}</td></tr>
{% endfor %}
</table>
{% endblock %}
"""


class NaiveParticipantList(ListView):
    """What a first version would do: the model's queryset, counts one by one, per-row lookups."""

    model = Participant
    paginate_by = 50

    def get_template_names(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = [
            (label, Participant.objects.filter(kind=code).count()) for code, label in ParticipantKind.choices
        ]
        for participant in context["page_obj"]:
            participant.consent_note = consent_problem(participant) or "действует"
        return context

    def render_to_response(self, context, **kwargs):
        template = engines["django"].from_string(NAIVE_TEMPLATE)
        return HttpResponse(template.render(context, self.request))


def _school_and_curator() -> tuple[School, User]:
    school = School.objects.filter(slug=SLUG).first()
    if school is None:
        region, _ = Region.objects.get_or_create(name="Регион для замеров")
        municipality, _ = Municipality.objects.get_or_create(region=region, name="Муниципалитет для замеров")
        school = school_create(
            data=SchoolData(
                slug=SLUG, full_name="Школа для замеров", short_name="Школа", municipality=municipality
            )
        )
    curator, created = User.objects.get_or_create(
        username="bench-curator", defaults={"last_name": "Куратор", "first_name": "Замер"}
    )
    if created:
        Membership.objects.create(user=curator, role=Role.CURATOR, school=school)
    return school, curator


def _fill(school: School) -> None:
    """1,500 participants with consents, categories and parents, written in bulk."""
    rng = random.Random(20261122)
    today = datetime.date.today()
    with schema_context(school.schema_name):
        if Participant.objects.exists():
            return
        people = []
        for kind, count in KINDS:
            for n in range(count):
                person = Participant(
                    kind=kind,
                    last_name=f"{rng.choice(LAST_NAMES)}{'а' if n % 2 else ''}",
                    first_name=rng.choice(FIRST_NAMES),
                    middle_name="Сергеевич" if n % 3 else "",
                    external_id=f"{kind[:1]}{n}",
                )
                if kind == ParticipantKind.STUDENT:
                    person.grade = 1 + n % 11
                    person.class_letter = "АБВ"[n % 3]
                    person.birth_date = datetime.date(today.year - 7 - person.grade, 1 + n % 12, 1 + n % 28)
                elif kind == ParticipantKind.TEACHER:
                    person.position = "учитель"
                    person.subjects = ["математика"]
                    person.qualification = "first"
                    person.birth_date = datetime.date(1980 + n % 20, 5, 5)
                elif kind == ParticipantKind.GRADUATE:
                    person.graduation_year = 2015 + n % 10
                elif kind == ParticipantKind.EXTERNAL:
                    person.external_kind = "employer"
                    person.organisation = "АО «Завод»"
                people.append(person)
        people = Participant.objects.bulk_create(people)
        students = [p for p in people if p.kind == ParticipantKind.STUDENT]
        parents = [p for p in people if p.kind == ParticipantKind.PARENT]
        Guardianship.objects.bulk_create(
            Guardianship(parent=parent, child=students[(3 * i) % len(students)])
            for i, parent in enumerate(parents)
        )
        consents, categories = [], []
        signed = today - datetime.timedelta(days=60)
        for i, person in enumerate(people):
            if i % 10 == 0:
                continue  # one in ten has no consent yet
            consent = Consent(
                participant=person,
                given_by="representative" if person.kind == ParticipantKind.STUDENT else "self",
                representative_name="Законный Представитель"
                if person.kind == ParticipantKind.STUDENT
                else "",
                signed_on=signed,
            )
            if i % 17 == 0:
                consent.withdrawn_on, consent.withdrawal_reason = (
                    today - datetime.timedelta(days=5),
                    "заявление",
                )
            elif i % 23 == 0:
                consent.valid_until = today - datetime.timedelta(days=1)
            consents.append(consent)
            allowed = sorted(ALLOWED_CATEGORIES.get(person.kind, ()))
            if allowed and i % 3 == 0:
                chosen = set(rng.sample(allowed, 2))
                if chosen & SPECIAL_CATEGORIES:
                    consents.append(
                        Consent(
                            participant=person,
                            scope="special",
                            given_by=consent.given_by,
                            representative_name=consent.representative_name,
                            signed_on=signed,
                        )
                    )
                categories += [ParticipantCategory(participant=person, category=code) for code in chosen]
        Consent.objects.bulk_create(consents)
        ParticipantCategory.objects.bulk_create(categories)
        # Fresh statistics, as autovacuum would have gathered them for a school in use.
        tables = ", ".join(model._meta.db_table for model in (Participant, Consent, ParticipantCategory))
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


def _measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    """p50 and p95 server time in ms, and the queries of one request."""
    for _ in range(3):  # warm-up: template loading, URL resolver, connection
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], len(queries)


def run(args) -> None:
    school, curator = _school_and_curator()
    _fill(school)
    with schema_context(school.schema_name):
        total = Participant.objects.count()
    # The stock page is mounted next to the real one for this process only, behind the same middleware.
    urlconf = school_urlconf(SLUG)
    urlconf.urlpatterns.insert(0, path(f"s/{SLUG}/bench-naive-participants/", NaiveParticipantList.as_view()))
    clear_url_caches()
    client = Client(HTTP_HOST="localhost")  # a host in the default ALLOWED_HOSTS
    client.force_login(curator)
    runs = max(50, args.repeat * 20)
    rows = [
        (
            "stock ListView, per-row consent and categories (N+1)",
            _measure(client, f"/s/{SLUG}/bench-naive-participants/", runs),
        ),
        ("Nastavnik list page", _measure(client, f"/s/{SLUG}/participants/", runs)),
        (
            "Nastavnik list page, filtered (7th grade, no valid consent, name search)",
            _measure(client, f"/s/{SLUG}/participants/?class_name=7&consent=missing&search=ов", runs),
        ),
        ("Nastavnik list page, page 20", _measure(client, f"/s/{SLUG}/participants/?page=20", runs)),
    ]
    base_p95 = rows[0][1][1]
    print(f"\n## Curator's participant list, {total} participants, 50 a page ({runs} requests each)\n")
    print("| way | p50, ms | p95, ms | queries | p95 speed-up vs the first row |")
    print("|---|---:|---:|---:|---:|")
    for label, (p50, p95, queries) in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {queries} | {base_p95 / p95:.1f}× |")
    target = rows[1][1][1]
    print(f"\nTarget: p95 under 100 ms — {'met' if target < 100 else 'NOT met'} ({target:.1f} ms).")
