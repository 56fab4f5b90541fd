"""Pages of the bases: who sees them, the forms, errors on the form, isolation between schools."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from school_programs.models import CompatibilityResult, Form, MenteeRequest, MentorEntry, Programme
from tenants.models import Membership, Role, User
from tests.support import school as make

URL = "/s/school-a/bases/"


def in_a(world):
    return schema_context(world.school_a.schema_name)


def test_the_curator_sees_request_map_mentor_base_and_uncovered_topics(client_of, world):
    with in_a(world):
        prog = make.programme()
        make.mentee(prog, make.student("Иванов", grade=6), topics=["химия"], priority="high")
        teacher = make.mentor(prog, make.teacher("Петрова"), forms=[Form.TEACHER_STUDENT])
    page = client_of("curator_a").get(URL).content.decode()
    assert "Иванов" in page and "химия" in page
    assert "Петрова" in page
    assert "нет письменного согласия — в пары не подбирается" in page  # art. 351.8 badge
    assert "нет наставника" in page
    assert f'href="/s/school-a/bases/mentors/{teacher.pk}/"' in page


def test_filters_narrow_the_request_map(client_of, world):
    with in_a(world):
        prog = make.programme()
        make.mentee(prog, make.student("Алгебров", grade=6), topics=["алгебра"])
        make.mentee(prog, make.student("Физиков", grade=6), topics=["физика"])
    page = client_of("curator_a").get(URL, {"topic": "физ"}).content.decode()
    table = page.split('data-testid="mentee-base"')[1].split("</table>")[0]
    assert "Физиков" in table and "Алгебров" not in table


def test_a_mentor_of_the_school_gets_403_and_curator_b_gets_404(client_of, world):
    with in_a(world):
        prog = make.programme()
        line = make.mentee(prog, make.student("Тайнов", grade=6))
        entry = make.mentor(prog, make.student("Старший", grade=10))
    for url in [
        URL,
        "/s/school-a/bases/requests/new/",
        f"/s/school-a/bases/requests/{line.pk}/",
        f"/s/school-a/bases/mentors/{entry.pk}/",
        "/s/school-a/bases/compatibility/",
        "/s/school-a/bases/preferences/",
    ]:
        assert client_of("mentor_a").get(url).status_code == 403, url
        response = client_of("curator_b").get(url)
        assert response.status_code == 404, url
        assert "Тайнов" not in response.content.decode()


def test_school_b_bases_show_nothing_of_school_a(client_of, world):
    with in_a(world):
        make.mentee(make.programme(), make.student("Тайнов", grade=6))
    with schema_context(world.school_b.schema_name):
        make.programme(title="Программа Б")
    page = client_of("curator_b").get("/s/school-b/bases/").content.decode()
    assert "Программа Б" in page
    assert "Тайнов" not in page


def test_the_curator_adds_a_request_and_errors_stay_on_the_form(client_of, world):
    with in_a(world):
        prog = make.programme()
        student = make.student("Новиков", grade=7)
        no_consent = make.student("Безсогласия", grade=7, consent=False)
    client = client_of("curator_a")
    data = {
        "participant": student.pk,
        "form": Form.STUDENT_STUDENT,
        "topic": "Подтянуть алгебру",
        "priority": "high",
    }
    response = client.post(
        f"/s/school-a/bases/requests/new/?programme={prog.pk}", {**data, "topics": "алгебра, ОГЭ"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/s/school-a/bases/requests/new/?programme={prog.pk}", {**data, "participant": no_consent.pk}
    )
    assert response.status_code == 200
    assert (
        "Безсогласия У.: нет действующего согласия на обработку персональных данных."
        in response.content.decode()
    )
    with in_a(world):
        assert list(MenteeRequest.objects.values_list("participant__last_name", "topics")) == [
            ("Новиков", ["алгебра", "ОГЭ"])
        ]


def psychologist_client(world) -> Client:
    user = User.objects.create(username="psychologist_a", last_name="Психологова", first_name="Тест")
    Membership.objects.create(user=user, role=Role.PSYCHOLOGIST, school=world.school_a)
    client = Client()
    client.force_login(user)
    return client


def test_the_director_keeps_the_bases_too(client_of, world):
    with in_a(world):
        prog = make.programme()
        student = make.student("Директоров", grade=7)
    response = client_of("director_a").post(
        f"/s/school-a/bases/requests/new/?programme={prog.pk}",
        {"participant": student.pk, "form": Form.STUDENT_STUDENT, "topic": "Запрос", "priority": "medium"},
    )
    assert response.status_code == 302


def test_mentor_selection_page_walks_interview_selection_training_and_labour_terms(client_of, world):
    with in_a(world):
        prog = make.programme()
        teacher = make.teacher("Учителева")
    client = client_of("curator_a")
    response = client.post(
        f"/s/school-a/bases/mentors/new/?programme={prog.pk}",
        {"participant": teacher.pk, "forms": [Form.TEACHER_STUDENT], "capacity": 2, "topics": "ОГЭ"},
    )
    with in_a(world):
        entry = MentorEntry.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/bases/mentors/{entry.pk}/")
    base = f"/s/school-a/bases/mentors/{entry.pk}/"

    refused = client.post(base + "select/", follow=True)
    assert "только после пройденного собеседования" in refused.content.decode()
    client.post(
        base + "interview/", {"interview-interview_on": "2026-10-01", "interview-interview_passed": "yes"}
    )
    client.post(base + "select/")
    client.post(
        base + "training/",
        {"training-training_completed_on": "2026-10-15", "training-training_programme": "Школа наставника"},
    )
    bad = client.post(
        base + "labour/",
        {
            "labour-written_consent_on": "2026-10-10",
            "labour-addendum_number": "7",
            "labour-addendum_date": "2026-10-01",
        },
    )
    assert bad.status_code == 400
    assert (
        "Дополнительное соглашение не может быть раньше письменного согласия педагога."
        in bad.content.decode()
    )
    client.post(base + "labour/", {"labour-written_consent_on": "2026-10-10"})
    page = client.get(base).content.decode()
    assert "нет доп. соглашения к трудовому договору" in page
    with in_a(world):
        entry.refresh_from_db()
        assert entry.is_selected and entry.is_trained
        assert entry.written_consent_on == datetime.date(2026, 10, 10)
        assert entry.addendum_number == ""


def test_the_psychologist_reads_the_bases_records_compatibility_and_edits_nothing_else(client_of, world):
    with in_a(world):
        prog = make.programme()
        entry = make.mentor(prog, make.student("Старший", grade=10))
        line = make.mentee(prog, make.student("Младший", grade=6))
    psychologist = psychologist_client(world)
    assert "Младший" in psychologist.get(URL).content.decode()
    assert psychologist.get("/s/school-a/bases/requests/new/").status_code == 403
    data = {"mentor": entry.pk, "mentee": line.pk, "score": 82, "tested_on": "2026-11-20", "method": "Тест"}
    assert client_of("mentor_a").post("/s/school-a/bases/compatibility/", data).status_code == 403
    bad = psychologist.post("/s/school-a/bases/compatibility/", {**data, "score": 150})
    assert bad.status_code == 400
    assert psychologist.post("/s/school-a/bases/compatibility/", data).status_code == 302
    with in_a(world):
        assert list(CompatibilityResult.objects.values_list("score", flat=True)) == [82]
    page = client_of("curator_a").get("/s/school-a/bases/compatibility/").content.decode()
    assert "82/100" in page


def test_speed_meeting_choices_are_entered_and_checked(client_of, world):
    with in_a(world):
        prog = make.programme()
        entry = make.mentor(prog, make.student("Старший", grade=10))
        line = make.mentee(prog, make.student("Младший", grade=6))
        other = make.mentee(prog, make.student("Другой", grade=6))
    client = client_of("curator_a")
    ok = client.post(
        "/s/school-a/bases/preferences/",
        {"chooser": line.participant_id, "chosen": entry.participant_id, "rank": 1},
    )
    assert ok.status_code == 302
    bad = client.post(
        "/s/school-a/bases/preferences/",
        {"chooser": line.participant_id, "chosen": other.participant_id, "rank": 1},
    )
    assert bad.status_code == 400
    assert "наставник выбирает наставляемых" in bad.content.decode()


def _queries_for_bases_page(client, world, extra: int) -> int:
    with in_a(world):
        prog = Programme.objects.first() or make.programme()
        for i in range(extra):
            make.mentee(prog, make.student(f"Ученик{i}", grade=6), topics=["алгебра", f"тема{i}"])
            entry = make.mentor(
                prog, make.teacher(f"Учитель{i}"), forms=[Form.TEACHER_STUDENT], topics=["алгебра"]
            )
            make.group(
                prog,
                entry,
                [make.mentee(prog, make.student(f"Вгруппе{i}", grade=6), form=Form.TEACHER_STUDENT)],
            )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_bases_page_costs_the_same_queries_for_few_and_many_lines(client_of, world):
    client = client_of("curator_a")
    few = _queries_for_bases_page(client, world, 3)
    many = _queries_for_bases_page(client, world, 25)
    assert many == few
