"""A link or button appears only when its user may follow it: templates ask the role table (the `may`
filter) as the views do. Checked on the known cases and by following every link of the main pages of
each persona (one level deep): none may answer 403."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.template import Context, Template
from django.test import Client
from django_tenants.utils import schema_context

from school_programs import roles as school_roles
from school_programs.navigation import SECTIONS, sections_for
from tenants.models import SCHOOL_ROLES, Role
from tenants.routing import school_reverse
from tests.support import shell

A = "/s/school-a"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _hrefs(html: str) -> list[str]:
    class Links(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                href = dict(attrs).get("href")
                if href:
                    self.found.append(href)

    parser = Links()
    parser.found = []
    parser.feed(html)
    return parser.found


# --- The two reproductions of the issue ----------------------------------------------------------


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_the_order_of_a_pair_is_not_a_link_for_its_mentor_and_mentee(world, who):
    data = shell.build(world)
    client = _client(world.users["mentor_a"] if who == "mentor" else data.mentee_user)
    order_url = f"{A}/orders/{data.order.pk}/"
    assert client.get(order_url).status_code == 403  # the page they would have landed on
    html = client.get(f"{A}/groups/{data.group.pk}/").content.decode()
    assert "О закреплении наставнических пар" in html  # the order is named, as text
    assert order_url not in html


def test_staff_still_get_the_order_as_a_link(world, client_of):
    data = shell.build(world)
    html = client_of("curator_a").get(f"{A}/groups/{data.group.pk}/").content.decode()
    assert f'href="{A}/orders/{data.order.pk}/"' in html


def test_a_mentee_on_a_group_mates_plan_gets_no_docx_link_they_could_not_open(world):
    data = shell.build(world)
    mentee = _client(data.mentee_user)
    docx = f"{A}/documents/plans/{data.mate_plan.pk}/docx/"
    assert mentee.get(f"{A}/plans/{data.mate_plan.pk}/").status_code == 200
    assert mentee.get(docx).status_code == 403
    assert docx not in mentee.get(f"{A}/plans/{data.mate_plan.pk}/").content.decode()
    group_page = mentee.get(f"{A}/groups/{data.group.pk}/").content.decode()
    assert "/docx/" not in group_page  # neither the plans' nor the agreement's


def test_the_mentor_of_the_group_keeps_the_docx_links(world, client_of):
    data = shell.build(world)
    mentor = client_of("mentor_a")
    assert (
        f"{A}/documents/plans/{data.mate_plan.pk}/docx/"
        in mentor.get(f"{A}/plans/{data.mate_plan.pk}/").content.decode()
    )
    group_page = mentor.get(f"{A}/groups/{data.group.pk}/").content.decode()
    assert f"{A}/documents/groups/{data.group.pk}/agreement/docx/" in group_page


# --- The `may` filter ------------------------------------------------------------------------------

MAY = Template("{% load school_nav %}{% if request|may:rule %}yes{% else %}no{% endif %}")


class _Request:
    def __init__(self, user, school=None):
        self.user, self.school = user, school


def _may(user, rule, school=None) -> str:
    return MAY.render(Context({"request": _Request(user, school), "rule": rule}))


def test_may_asks_the_school_role_table_inside_a_school(world):
    with schema_context(world.school_a.schema_name):
        assert _may(world.users["curator_a"], "orders.read", world.school_a) == "yes"
        assert _may(world.users["director_a"], "orders.sign", world.school_a) == "yes"
        assert _may(world.users["curator_a"], "orders.sign", world.school_a) == "no"
        assert _may(world.users["mentor_a"], "orders.read", world.school_a) == "no"
        assert _may(world.users["mentor_a"], "documents.read", world.school_a) == "yes"
        # A curator of another school has no role in this one.
        assert _may(world.users["curator_b"], "orders.read", world.school_a) == "no"


def test_may_asks_the_public_role_table_outside_a_school(world):
    assert _may(world.users["regional_admin"], "organisations.write") == "yes"
    assert _may(world.users["curator_a"], "organisations.write") == "no"


def test_may_refuses_the_anonymous_and_fails_loudly_on_an_unknown_rule(world):
    from django.contrib.auth.models import AnonymousUser

    assert _may(AnonymousUser(), "orders.read") == "no"
    with pytest.raises(LookupError):
        _may(world.users["curator_a"], "no.such.rule")


# --- Menus ---------------------------------------------------------------------------------------


def test_nobody_is_offered_a_menu_section_whose_page_refuses_them():
    for section in SECTIONS:
        refused = section.roles - school_roles.allowed_roles(section.rule)
        assert not refused, f"«{section.title}» is offered to {sorted(refused)} but its page refuses them"


def test_each_role_gets_the_menu_of_its_work():
    def titles(*roles):
        return [s.title for s in sections_for(frozenset(roles))]

    assert titles(Role.MENTOR) == ["Мои пары", "Мои анкеты"]
    assert titles(Role.MENTEE) == ["Мои пары", "Мои анкеты"]
    director = titles(Role.DIRECTOR)
    assert "Приказы" in director and "Результаты мониторинга" in director
    assert len(director) < len(titles(Role.CURATOR))
    for back_office in ("Подбор пар", "Анкеты и рассылки", "Базы наставников и наставляемых"):
        assert back_office not in director
    # «Мониторинг» used to open the surveys and «Результаты» the report: each is named like its page.
    assert "Мониторинг" not in titles(*SCHOOL_ROLES) and "Результаты" not in titles(*SCHOOL_ROLES)
    # A curator who also mentors: each page once.
    both = titles(Role.CURATOR, Role.MENTOR)
    assert both.count("Пары и группы") == 1 and "Мои пары" not in both


@pytest.mark.parametrize("persona", ["curator_a", "director_a", "mentor_a"])
def test_each_menu_item_opens_a_page_titled_like_it(world, client_of, persona):
    shell.build(world)
    client = client_of(persona)
    home = client.get(f"{A}/").content.decode()
    with schema_context(world.school_a.schema_name):
        from school_programs import access

        sections = sections_for(access.roles(world.users[persona]))
    assert sections
    for section in sections:
        url = school_reverse("school-a", section.url_name)
        assert f'href="{url}"' in home, section.title
        page = client.get(url)
        assert page.status_code == 200, url
        title = page.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]
        assert title.startswith(section.title), (section.title, title)


# --- Every link of the main pages answers (no 403) -----------------------------------------------


def _followable(href: str, base: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(("/static/", "/logout/", "/api/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize(
    "persona", ["curator_a", "director_a", "mentor_a", "mentee_a", "psychologist_a", "regional_admin"]
)
def test_no_link_on_a_personas_main_pages_answers_403(world, persona):
    data = shell.build(world)
    users = {**world.users, "mentee_a": data.mentee_user, "psychologist_a": data.psychologist}
    client = _client(users[persona])
    start = client.get("/", follow=True)
    home = start.redirect_chain[-1][0] if start.redirect_chain else "/"
    main_pages = {home: start.content.decode()}
    if home.startswith(f"{A}/"):
        with schema_context(world.school_a.schema_name):
            from school_programs import access

            roles = access.roles(users[persona])
        for section in sections_for(roles):
            url = school_reverse("school-a", section.url_name)
            main_pages[url] = client.get(url).content.decode()
        # The pages a mentor and a mentee live on: their pair and a plan.
        for url in (f"{A}/groups/{data.group.pk}/", f"{A}/plans/{data.mate_plan.pk}/"):
            page = client.get(url)
            if page.status_code == 200:
                main_pages[url] = page.content.decode()
    checked, refused = set(), []
    for page_url, html in main_pages.items():
        for href in _hrefs(html):
            url = _followable(href, f"http://testserver{page_url}")
            if url is None or url in checked:
                continue
            checked.add(url)
            status = client.get(url).status_code
            if status == 403 or status >= 500:
                refused.append((page_url, url, status))
    assert checked, "no links were found: the crawl checked nothing"
    assert not refused, refused
