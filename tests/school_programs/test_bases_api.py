"""API of the bases: CRUD, selection actions, supply/demand; 400s write nothing; roles and isolation."""

from django_tenants.utils import schema_context

from school_programs.models import Form, MenteeRequest, MentorEntry
from tests.support import school as make

API = "/api/v1/schools/school-a/"


def in_a(world):
    return schema_context(world.school_a.schema_name)


def test_mentee_requests_are_created_listed_filtered_edited_and_closed(client_of, world):
    with in_a(world):
        prog = make.programme()
        student = make.student("Петров", grade=8)
        make.mentee(prog, make.student("Сидоров", grade=8), topics=["физика"])
    client = client_of("curator_a")
    created = client.post(
        API + "mentee-requests/",
        {
            "participant": student.pk,
            "form": Form.TEACHER_STUDENT,
            "topic": "Подтянуть алгебру к ОГЭ",
            "topics": ["алгебра", "ОГЭ"],
            "subject": "математика",
            "priority": "high",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["participant"]["full_name"], body["status"], body["programme_id"]) == (
        "Петров Ученик",
        "new",
        prog.pk,
    )
    listed = client.get(API + "mentee-requests/", {"topic": "алгеб"}).json()
    assert [r["participant"]["short_name"] for r in listed] == ["Петров У."]
    patched = client.patch(
        API + f"mentee-requests/{body['id']}/",
        {"priority": "low", "status": "support"},
        content_type="application/json",
    )
    assert (patched.json()["priority"], patched.json()["status"]) == ("low", "support")
    closed = client.post(
        API + f"mentee-requests/{body['id']}/close/", {"note": "решено"}, content_type="application/json"
    )
    assert closed.json()["status"] == "closed"


def test_bad_requests_get_russian_400s_and_nothing_is_written(client_of, world):
    with in_a(world):
        prog = make.programme()
        no_consent = make.student("Безсогласия", consent=False)
        parent = make.parent("Родитель")
        student = make.student("Есть")
        make.mentee(prog, student)
    client = client_of("curator_a")

    def post(**data):
        payload = {"form": Form.STUDENT_STUDENT, "topic": "Запрос", **data}
        return client.post(API + "mentee-requests/", payload, content_type="application/json")

    response = post(participant=no_consent.pk)
    assert response.status_code == 400
    assert response.json()["participant"] == [
        "Безсогласия У.: нет действующего согласия на обработку персональных данных."
    ]
    assert "наставляемым может быть только" in post(participant=parent.pk).json()["participant"][0]
    assert "уже есть в базе наставляемых" in post(participant=student.pk).json()["participant"][0]
    assert post(participant=student.pk, topic="").status_code == 400
    assert post(participant=999999).status_code == 400
    with in_a(world):
        assert MenteeRequest.objects.count() == 1


def test_mentor_entries_go_through_selection_by_api(client_of, world):
    with in_a(world):
        make.programme()
        teacher = make.teacher("Учителева", subjects=["математика"])
    client = client_of("curator_a")
    created = client.post(
        API + "mentor-entries/",
        {"participant": teacher.pk, "forms": [Form.TEACHER_STUDENT], "capacity": 3, "topics": ["ОГЭ"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    entry = created.json()
    assert (entry["contour"], entry["selection"], entry["free"]) == ("internal", "candidate", 3)
    assert entry["labour_warnings"][0] == "нет письменного согласия — в пары не подбирается"
    url = API + f"mentor-entries/{entry['id']}/"

    refused = client.post(url + "select/")
    assert refused.status_code == 400
    assert "только после пройденного собеседования" in refused.json()["selection"][0]
    steps = [
        ("questionnaire/", {"questionnaire": "Хочу помогать девятиклассникам"}),
        ("interview/", {"interview_on": "2026-10-01", "passed": True, "note": "Готова"}),
        ("select/", {}),
        ("training/", {"completed_on": "2026-10-15", "training_programme": "Школа наставника"}),
        (
            "labour-terms/",
            {
                "written_consent_on": "2026-10-10",
                "addendum_number": "12",
                "addendum_date": "2026-10-12",
                "payment_terms": "доплата 10%",
            },
        ),
    ]
    for step, data in steps:
        response = client.post(url + step, data, content_type="application/json")
        assert response.status_code == 200, (step, response.content)
    final = client.get(url).json()
    assert (final["selection"], final["is_trained"], final["labour_warnings"]) == ("selected", True, [])
    bad = client.patch(url, {"capacity": 0}, content_type="application/json")
    assert bad.json()["capacity"] == ["Наставник может вести от 1 до 30 наставляемых одновременно."]
    assert (
        client.get(API + "mentor-entries/", {"selection": "selected", "trained": "yes"}).json()[0]["id"]
        == entry["id"]
    )


def test_supply_demand_by_api(client_of, world):
    with in_a(world):
        prog = make.programme()
        make.mentor(prog, make.student("Алгебраист", grade=10), topics=["алгебра"], capacity=2)
        make.mentee(prog, make.student("А", grade=6), topics=["алгебра"])
        make.mentee(prog, make.student("Б", grade=6), topics=["химия"])
    rows = client_of("curator_a").get(API + "supply-demand/").json()
    assert [(r["topic"], r["requests"], r["mentors"], r["free_places"], r["uncovered"]) for r in rows] == [
        ("химия", 1, 0, 0, True),
        ("алгебра", 1, 1, 2, False),
    ]


def test_a_mentor_gets_403_and_school_b_gets_404_and_sees_nothing(client_of, world):
    with in_a(world):
        prog = make.programme()
        line = make.mentee(prog, make.student("Тайнов", grade=6))
        entry = make.mentor(prog, make.student("Старший", grade=10))
    urls = [
        "mentee-requests/",
        f"mentee-requests/{line.pk}/",
        "mentor-entries/",
        f"mentor-entries/{entry.pk}/",
        "supply-demand/",
    ]
    for url in urls:
        assert client_of("mentor_a").get(API + url).status_code == 403, url
        assert client_of("curator_b").get(API + url).status_code == 404, url
    assert client_of("mentor_a").post(API + f"mentor-entries/{entry.pk}/select/").status_code == 403
    assert client_of("curator_b").post(API + f"mentee-requests/{line.pk}/close/").status_code == 404
    with schema_context(world.school_b.schema_name):
        make.programme()
    other = "/api/v1/schools/school-b/"
    assert client_of("curator_b").get(other + "mentee-requests/").json() == []
    assert client_of("curator_b").get(other + "mentor-entries/").json() == []
    assert client_of("curator_b").get(other + f"mentee-requests/{line.pk}/").status_code == 404
    with in_a(world):
        assert MentorEntry.objects.get().selection == MentorEntry.Selection.SELECTED
        assert MenteeRequest.objects.get().status == "new"
