"""Issue 3, «Done when», through the API only: a curator takes school A through the seven stages of
the road map — programme, import, consents, bases with selection and training, matching, the order
and the plan as DOCX, meetings, completion — the director signs, and school B sees none of it.

Every step goes through /api/v1/schools/school-a/… with the personas' logged-in clients; nothing is
written with the ORM, so the test proves the API alone is enough to run a school's programme.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from school_programs.models import Form

API = "/api/v1/schools/school-a/"
API_B = "/api/v1/schools/school-b/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SS = Form.STUDENT_STUDENT
TS = Form.TEACHER_STUDENT

STUDENTS_CSV = """Код;Фамилия;Имя;Отчество;Дата рождения;Класс
E2E-1;Орлов;Кирилл;Андреевич;12.04.2010;10А
E2E-2;Белкина;Алиса;Сергеевна;03.02.2013;7Б
E2E-3;Зуев;Матвей;Ильич;20.06.2015;5А
"""
TEACHERS_CSV = """Код;Фамилия;Имя;Отчество;Должность;Предметы;Стаж;Категория;Педагог-наставник
E2E-T1;Громова;Светлана;Петровна;учитель математики;алгебра, геометрия;18;высшая;да
E2E-T2;Ланской;Павел;Олегович;учитель истории;история;2;;нет
"""
PARENTS_CSV = """Фамилия;Имя;Отчество;ФИО ребёнка;Класс ребёнка
Белкина;Ирина;Викторовна;Белкина Алиса Сергеевна;7Б
"""


def post(client, url, data=None, api=API):
    return client.post(api + url, data or {}, content_type="application/json")


def patch(client, url, data, api=API):
    return client.patch(api + url, data, content_type="application/json")


def upload(client, kind: str, name: str, text: str):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(API + "participants/import/", {"kind": kind, "file": file})


def ok(response, code=200):
    assert response.status_code == code, response.content.decode()
    return response.json()


def person(client, search: str) -> dict:
    [found] = ok(client.get(API + "participants/", {"search": search}))["results"]
    return found


def test_a_school_goes_through_the_seven_stages_through_the_api(client_of):
    today = timezone.localdate()
    curator, director, curator_b = client_of("curator_a"), client_of("director_a"), client_of("curator_b")

    # 1. Preparation: the programme with its road map of seven stages.
    programme = ok(
        post(
            curator,
            "programmes/",
            {
                "title": "Программа наставничества (сквозная проверка API)",
                "start_date": (today - datetime.timedelta(days=60)).isoformat(),
                "end_date": (today + datetime.timedelta(days=180)).isoformat(),
                "forms": [SS, TS],
            },
        ),
        201,
    )
    roadmap = ok(curator.get(API + f"programmes/{programme['id']}/roadmap/"))
    assert len({item["stage"] for item in roadmap}) == 7

    # Participants from the register's CSV: a broken file writes nothing, then the real files.
    broken = upload(curator, "student", "broken.csv", STUDENTS_CSV.replace("12.04.2010", "31.02.2010"))
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["text"].startswith("Строка 2, столбец «Дата рождения»: «31.02.2010»")
    assert ok(curator.get(API + "participants/"))["count"] == 0
    assert ok(upload(curator, "student", "students.csv", STUDENTS_CSV))["created"] == 3
    assert ok(upload(curator, "teacher", "teachers.csv", TEACHERS_CSV))["created"] == 2
    parents = ok(upload(curator, "parent", "parents.csv", PARENTS_CSV))
    assert (parents["created"], parents["linked"]) == (1, 1)
    mentor_student, mentee, junior = (
        person(curator, "Орлов"),
        person(curator, "Алиса"),
        person(curator, "Зуев"),
    )
    teacher, mother = person(curator, "Громова"), person(curator, "Ирина")
    assert (mentor_student["class_name"], mentee["class_name"], teacher["qualification"]) == (
        "10А",
        "7Б",
        "highest",
    )

    # 2. Mentee base: nobody goes in without a consent; a minor's consent comes from the parent.
    refused = post(curator, "mentee-requests/", {"participant": mentee["id"], "form": SS, "topic": "Алгебра"})
    assert refused.status_code == 400
    assert "согласи" in refused.json()["participant"][0]
    by_self = post(curator, f"participants/{mentee['id']}/consents/", {"signed_on": today.isoformat()})
    assert by_self.status_code == 400
    assert "Белкина А.С. — несовершеннолетняя на дату согласия" in by_self.json()["given_by"][0]
    consent = ok(
        post(
            curator,
            f"participants/{mentee['id']}/consents/",
            {"signed_on": today.isoformat(), "representative": mother["id"], "document_number": "17"},
        ),
        201,
    )
    assert (consent["given_by"], consent["representative"], consent["status"]) == (
        "representative",
        mother["id"],
        "valid",
    )
    for minor in (mentor_student, junior):
        ok(
            post(
                curator,
                f"participants/{minor['id']}/consents/",
                {"signed_on": today.isoformat(), "representative_name": "Законный Представитель Иванович"},
            ),
            201,
        )
    ok(post(curator, f"participants/{teacher['id']}/consents/", {"signed_on": today.isoformat()}), 201)
    assert ok(curator.get(API + f"participants/{mentee['id']}/"))["consent_problem"] is None

    request = ok(
        post(
            curator,
            "mentee-requests/",
            {
                "participant": mentee["id"],
                "form": SS,
                "topic": "Подтянуть алгебру к контрольной",
                "topics": ["алгебра", "уравнения"],
                "subject": "математика",
                "priority": "high",
            },
        ),
        201,
    )
    assert (request["status"], request["mentor"]) == ("new", None)
    other = ok(
        post(
            curator, "mentee-requests/", {"participant": junior["id"], "form": SS, "topic": "Читать больше"}
        ),
        201,
    )

    # 3–4. Mentor base, selection and training; the teacher's written consent (ТК РФ, ст. 351.8).
    entry = ok(
        post(
            curator,
            "mentor-entries/",
            {
                "participant": mentor_student["id"],
                "forms": [SS],
                "topics": ["алгебра"],
                "subjects": ["математика"],
                "capacity": 1,
            },
        ),
        201,
    )
    too_early = post(curator, f"mentor-entries/{entry['id']}/select/")
    assert too_early.status_code == 400
    assert "собеседования" in too_early.json()["selection"][0]
    ok(
        post(
            curator,
            f"mentor-entries/{entry['id']}/interview/",
            {"interview_on": today.isoformat(), "passed": True},
        )
    )
    ok(
        post(
            curator,
            f"mentor-entries/{entry['id']}/training/",
            {"completed_on": today.isoformat(), "training_programme": "Школа наставника, 16 ч"},
        )
    )
    entry = ok(post(curator, f"mentor-entries/{entry['id']}/select/"))
    assert (entry["selection"], entry["is_trained"]) == ("selected", True)

    teacher_entry = ok(
        post(
            curator, "mentor-entries/", {"participant": teacher["id"], "forms": [TS], "topics": ["олимпиада"]}
        ),
        201,
    )
    assert "нет письменного согласия — в пары не подбирается" in teacher_entry["labour_warnings"]
    teacher_entry = ok(
        post(
            curator,
            f"mentor-entries/{teacher_entry['id']}/labour-terms/",
            {
                "written_consent_on": today.isoformat(),
                "addendum_number": "ДС-7",
                "addendum_date": today.isoformat(),
                "payment_terms": "доплата 15% к ставке",
            },
        )
    )
    assert (teacher_entry["written_consent_on"], teacher_entry["labour_warnings"]) == (today.isoformat(), [])

    # 5. Matching over the whole base of the form; the curator accepts the suggestion.
    run = ok(post(curator, "matching-runs/", {"programme": programme["id"], "form": SS}), 201)
    [suggestion] = run["suggestions"]
    assert (suggestion["mentor_id"], suggestion["mentee_id"]) == (entry["id"], request["id"])
    assert suggestion["score"] > 0
    assert "совпадают темы: алгебра" in suggestion["explanation"]
    assert "предмет: математика" in suggestion["explanation"]
    [unmatched] = run["unmatched"]
    assert unmatched["mentee_id"] == other["id"]
    assert unmatched["reason"]
    group = ok(post(curator, f"suggestions/{suggestion['id']}/accept/", {"as_group": False}), 201)
    assert (group["mentor_id"], group["mentee_request_ids"], group["start_date"]) == (
        entry["id"],
        [request["id"]],
        today.isoformat(),
    )
    listed = ok(curator.get(API + "groups/", {"programme": programme["id"]}))["results"]
    assert [g["id"] for g in listed] == [group["id"]]
    assert ok(curator.get(API + f"mentee-requests/{request['id']}/"))["status"] == "matched"

    # 6. The order fixing the pair: drafted by the curator, signed by the director only; its DOCX.
    order = ok(
        post(
            curator,
            "orders/fix-groups/",
            {"programme": programme["id"], "groups": [group["id"]], "date": today.isoformat()},
        ),
        201,
    )
    assert (order["kind"], order["status"]) == ("fix_groups", "draft")
    assert "Орлов" in " ".join(" ".join(row) for row in order["appendix"]["rows"])
    signing = {"number": "E2E-1-о", "signed_on": today.isoformat()}
    assert post(curator, f"orders/{order['id']}/sign/", signing).status_code == 403
    order_file = curator.get(API + f"orders/{order['id']}/docx/")
    assert order_file.status_code == 200
    assert order_file["Content-Type"] == DOCX
    assert order_file.content[:2] == b"PK"
    signed = ok(post(director, f"orders/{order['id']}/sign/", signing))
    assert (signed["status"], signed["number"], signed["signed_on"]) == (
        "signed",
        "E2E-1-о",
        today.isoformat(),
    )
    assert ok(curator.get(API + f"groups/{group['id']}/"))["fixing_order_id"] == order["id"]

    # 6. The individual development plan from the seeds' template of the form, printed as DOCX.
    [template] = [t for t in ok(curator.get(API + "plan-templates/")) if t["form"] == SS]
    plan = ok(
        post(
            curator,
            f"groups/{group['id']}/plans/",
            {
                "mentee": request["id"],
                "template": template["id"],
                "start_date": group["start_date"],
                "end_date": group["end_date"],
            },
        ),
        201,
    )
    tasks = [task for section in plan["sections"] for task in section["tasks"]]
    assert plan["status"] == "draft"
    assert tasks and plan["progress"]["total"] == len(tasks)
    plan_file = curator.get(API + f"documents/plans/{plan['id']}/docx/")
    assert (plan_file.status_code, plan_file["Content-Type"], plan_file.content[:2]) == (200, DOCX, b"PK")
    for side in ("mentor", "mentee"):
        ok(post(curator, f"plans/{plan['id']}/sign/", {"side": side, "signed_on": today.isoformat()}))
    assert ok(post(curator, f"plans/{plan['id']}/activate/"))["status"] == "active"

    # 6. Meetings: the acquaintance opens the series, the final one closes it.
    members = [mentor_student["id"], mentee["id"]]
    meeting = {"held_on": today.isoformat(), "attendance": members, "topic": "Знакомство"}
    out_of_order = post(curator, f"groups/{group['id']}/meetings/", {**meeting, "kind": "working"})
    assert out_of_order.status_code == 400
    assert "встречи-знакомства" in out_of_order.json()["kind"][0]
    for kind in ("acquaintance", "working", "final"):
        ok(post(curator, f"groups/{group['id']}/meetings/", {**meeting, "kind": kind}), 201)
    meetings = ok(curator.get(API + f"groups/{group['id']}/meetings/"))
    assert [m["kind"] for m in meetings] == ["acquaintance", "working", "final"]
    assert all(a["present"] for a in meetings[0]["attendance"])

    # 7. Completion: every task has its result, the plan and then the pair are completed.
    for task in tasks:
        ok(
            patch(
                curator,
                f"plans/{plan['id']}/tasks/{task['id']}/",
                {"actual_result": "Сделано вместе с наставником", "result_status": "full"},
            )
        )
    assert ok(post(curator, f"plans/{plan['id']}/complete/"))["status"] == "completed"
    done = ok(
        post(
            curator,
            f"groups/{group['id']}/complete/",
            {"completed_on": today.isoformat(), "result_summary": "Контрольная по алгебре написана на «4»."},
        )
    )
    assert (done["status"], done["warnings"]) == ("completed", [])
    assert ok(curator.get(API + f"mentee-requests/{request['id']}/"))["status"] == "closed"
    total = ok(curator.get(API + f"programmes/{programme['id']}/report/"))["total"]
    assert (total["completed"], total["meetings"], total["tasks_full"]) == (1, 3, len(tasks))

    # School B sees nothing of it: every object's URL is a 404, and its own lists stay without it.
    for url in (
        f"programmes/{programme['id']}/",
        f"participants/{mentee['id']}/",
        f"mentee-requests/{request['id']}/",
        f"mentor-entries/{entry['id']}/",
        f"matching-runs/{run['id']}/",
        f"groups/{group['id']}/",
        f"orders/{order['id']}/",
        f"orders/{order['id']}/docx/",
        f"plans/{plan['id']}/",
        f"documents/plans/{plan['id']}/docx/",
        f"groups/{group['id']}/meetings/",
    ):
        assert curator_b.get(API + url).status_code == 404, url
    assert post(curator_b, f"groups/{group['id']}/complete/").status_code == 404
    titles_b = [p["title"] for p in ok(curator_b.get(API_B + "programmes/"))]
    assert programme["title"] not in titles_b
    assert ok(curator_b.get(API_B + "participants/", {"search": "Орлов"}))["count"] == 0
