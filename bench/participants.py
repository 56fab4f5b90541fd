"""The curator's participant list with 1,500 participants: server time of the page, p50 and p95.

A school is created the way the product does it (tenants.services.provisioning.school_create) and
filled with a mix of students, teachers, parents, graduates and external mentors, with consents
(some withdrawn or expired), categories (special ones among them) and parents linked to children.
A logged-in curator then opens the list page through django.test.Client, so the time includes the
middleware (school routing, membership check), the queries and the template.

The stock ways are two ListViews mounted beside the real page, behind the same middleware and access
rule, rendering the page's own template, 50 a page: the first version a newcomer writes, which asks
each row for its consents and categories (N+1), and the fair one, which prefetches them. The ratio
column compares with the fair one. Before timing, every way's page is checked to show the same
counts, rows, categories and consent states as the product's.
"""

import datetime
import random
import statistics
import time

from django.db import connection
from django.db.models import Count, Prefetch
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, path, reverse
from django.utils import timezone
from django.views.generic import ListView
from django_tenants.utils import schema_context

from bench import settle
from regional_center.models import Municipality, Region
from school_programs import access
from school_programs.forms_participants import KIND_PLURALS, ParticipantFilterForm
from school_programs.models import Consent, Guardianship, Participant, ParticipantCategory, ParticipantKind
from school_programs.models.choices import SPECIAL_CATEGORIES, STUDENT_CATEGORIES, TEACHER_CATEGORIES
from school_programs.selectors.participants import RANK_STATES, STATE_RANKS, ConsentState, consent_status
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
PAGE_TEMPLATE = "school_programs/participants/list.html"
ORDER = ("last_name", "first_name", "middle_name", "pk")


def _consent_state(participant: Participant, consents, day: datetime.date) -> str:
    """The list's consent state from a participant's personal-data consents, in Python: the best of
    them, a valid one counting fully when a representative gave it or the person is an adult."""
    ranks = [0]
    for consent in consents:
        status = consent_status(consent, day)
        if status == ConsentState.VALID:
            full = consent.given_by == Consent.GivenBy.REPRESENTATIVE or not participant.is_minor_on(day)
            ranks.append(STATE_RANKS[ConsentState.VALID if full else ConsentState.NEEDS_REPRESENTATIVE])
        elif status in (ConsentState.WITHDRAWN, ConsentState.EXPIRED):
            ranks.append(STATE_RANKS[status])
    return RANK_STATES[max(ranks)]


class NaiveParticipantList(ListView):
    """The first version a newcomer writes: the page's own template, pagination and access rule, the
    model's queryset, then per row of the page its consents and its categories (two queries a row,
    N+1) and the counts one query per kind."""

    template_name = PAGE_TEMPLATE
    paginate_by = 50

    def get_queryset(self):
        return Participant.objects.filter(is_active=True).order_by(*ORDER)

    def consents_of(self, participant: Participant) -> list[Consent]:
        return list(participant.consents.filter(scope=Consent.Scope.PERSONAL_DATA))

    def categories_of(self, participant: Participant) -> list[ParticipantCategory]:
        return list(participant.categories.exclude(category__in=SPECIAL_CATEGORIES).order_by("category"))

    def counts(self) -> dict[str, int]:
        counts = {
            code: Participant.objects.filter(is_active=True, kind=code).count()
            for code in ParticipantKind.values
        }
        counts["total"] = sum(counts.values())
        return counts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = timezone.localdate()
        for participant in context["page_obj"]:
            participant.open_categories = self.categories_of(participant)
            participant.consent_state = _consent_state(participant, self.consents_of(participant), day)
            participant.consent_label = ConsentState.LABELS[participant.consent_state]
        counts = self.counts()
        user = self.request.user
        context.update(
            form=ParticipantFilterForm(self.request.GET or None, with_special=access.can_see_special(user)),
            page=context["page_obj"],
            counts=counts,
            kind_counts=[(code, KIND_PLURALS[code], counts[code]) for code in ParticipantKind.values],
            kinds=list(ParticipantKind.choices),
            can_edit=access.has_role(user, access.STAFF),
            list_url=reverse("school:participants"),
        )
        return context


class PrefetchParticipantList(NaiveParticipantList):
    """The fair stock way: the same ListView with the rows' consents and categories prefetched (one
    query each for the page) and the counts in one GROUP BY, as the Django documentation teaches.
    Participant has no foreign key the page shows, so there is nothing for select_related."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "consents",
                    queryset=Consent.objects.filter(scope=Consent.Scope.PERSONAL_DATA),
                    to_attr="personal_consents",
                ),
                Prefetch(
                    "categories",
                    queryset=ParticipantCategory.objects.exclude(category__in=SPECIAL_CATEGORIES).order_by(
                        "category"
                    ),
                    to_attr="shown_categories",
                ),
            )
        )

    def consents_of(self, participant: Participant) -> list[Consent]:
        return participant.personal_consents

    def categories_of(self, participant: Participant) -> list[ParticipantCategory]:
        return participant.shown_categories

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ParticipantKind.values, 0)
        counts.update(
            Participant.objects.filter(is_active=True)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("kind", "n")
        )
        counts["total"] = sum(counts.values())
        return counts


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
    """p50 and p95 server time in ms, and the queries of one request (without search-path settings)."""
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
    # django-tenants sets the schema's search path on every cursor: not a query of the page.
    counted = sum(not query["sql"].startswith("SET search_path") for query in queries)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], counted


def _main(html: bytes) -> str:
    """The page's <main>: what the list shows, without the header's CSRF token and active link."""
    text = html.decode()
    return text[text.index('<main class="content">') : text.index("</main>")]


def run(args) -> None:
    school, curator = _school_and_curator()
    _fill(school)
    with schema_context(school.schema_name):
        total = Participant.objects.count()
    settle()
    # The stock pages are mounted next to the real one for this process only, behind the same middleware.
    urlconf = school_urlconf(SLUG)
    rule = access.rule_required("participants.read")
    urlconf.urlpatterns[:0] = [
        path(f"s/{SLUG}/bench-naive-participants/", rule(NaiveParticipantList.as_view())),
        path(f"s/{SLUG}/bench-prefetch-participants/", rule(PrefetchParticipantList.as_view())),
    ]
    clear_url_caches()
    client = Client(HTTP_HOST="localhost")  # a host in the default ALLOWED_HOSTS
    client.force_login(curator)
    naive, prefetch, product = (
        f"/s/{SLUG}/bench-naive-participants/",
        f"/s/{SLUG}/bench-prefetch-participants/",
        f"/s/{SLUG}/participants/",
    )
    for query in ("", "?page=20"):
        shown = _main(client.get(product + query).content)
        assert "Участников по этим условиям нет" not in shown
        for stock in (naive, prefetch):
            assert _main(client.get(stock + query).content) == shown, f"{stock}{query} differs from the page"
    runs = max(50, args.repeat * 20)
    rows = [
        (
            "stock ListView, first version: per-row consents and categories (N+1)",
            _measure(client, naive, runs),
        ),
        ("stock ListView with prefetch_related (fair stock way)", _measure(client, prefetch, runs)),
        ("stock ListView with prefetch_related, page 20", _measure(client, prefetch + "?page=20", runs)),
        ("Nastavnik list page", _measure(client, product, runs)),
        (
            "Nastavnik list page, filtered (7th grade, no valid consent, name search)",
            _measure(client, f"{product}?class_name=7&consent=missing&search=ов", runs),
        ),
        ("Nastavnik list page, page 20", _measure(client, product + "?page=20", runs)),
    ]
    base_p95 = rows[1][1][1]
    print(f"\n## Curator's participant list, {total} participants, 50 a page ({runs} requests each)\n")
    print("| way | p50, ms | p95, ms | queries | p95 speed-up vs the fair stock ListView |")
    print("|---|---:|---:|---:|---:|")
    for label, (p50, p95, queries) in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {queries} | {base_p95 / p95:.1f}× |")
    target = rows[3][1][1]
    print(f"\nTarget: p95 under 100 ms — {'met' if target < 100 else 'NOT met'} ({target:.1f} ms).")
