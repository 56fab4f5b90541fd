"""API of matching: runs, decisions, compatibility, preferences, groups by hand; 400s; roles; isolation."""

from django_tenants.utils import schema_context

from school_programs.models import (
    CompatibilityResult,
    Form,
    MatchingRun,
    MatchSuggestion,
    MentoringGroup,
    SpeedMeetingPreference,
)
from tests.support import school as make

API = "/api/v1/schools/school-a/"
SS = Form.STUDENT_STUDENT


def in_a(world):
    return schema_context(world.school_a.schema_name)


def pool(world):
    with in_a(world):
        prog = make.programme()
        first = make.mentor(prog, make.student("Алгебраист", grade=10), topics=["алгебра"])
        second = make.mentor(prog, make.student("Геометр", grade=11), topics=["геометрия"])
        algebra = make.mentee(prog, make.student("Семиклассник", grade=7), topics=["алгебра"])
        geometry = make.mentee(prog, make.student("Восьмиклассник", grade=8), topics=["геометрия"])
    return prog, first, second, algebra, geometry


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_a_run_is_created_and_read_with_suggestions_and_unmatched(client_of, world):
    prog, first, _, algebra, _ = pool(world)
    with in_a(world):
        make.mentee(prog, make.student("Химиков", grade=8), topics=["химия"])
    client = client_of("curator_a")
    created = post(client, "matching-runs/", {"form": SS})
    assert created.status_code == 201, created.content
    run = created.json()
    assert run["form_display"] == "ученик – ученик"
    pairs = {(s["mentor_id"], s["mentee_id"]) for s in run["suggestions"]}
    assert (first.pk, algebra.pk) in pairs
    [unmatched] = run["unmatched"]
    assert unmatched["mentee"]["short_name"] == "Химиков У."
    assert "нет нужных тем или предмета: химия" in unmatched["reason"]
    assert client.get(API + f"matching-runs/{run['id']}/").json()["total_score"] == run["total_score"]
    assert [r["id"] for r in client.get(API + "matching-runs/").json()] == [run["id"]]


def test_accept_reject_change_and_accept_all(client_of, world):
    _, first, _, algebra, geometry = pool(world)
    client = client_of("curator_a")
    run = post(client, "matching-runs/", {"form": SS}).json()
    by_mentee = {s["mentee_id"]: s for s in run["suggestions"]}
    accepted = post(client, f"suggestions/{by_mentee[algebra.pk]['id']}/accept/", {"as_group": False})
    assert accepted.status_code == 201, accepted.content
    assert (accepted.json()["mentor_id"], accepted.json()["mentee_request_ids"]) == (first.pk, [algebra.pk])
    again = post(client, f"suggestions/{by_mentee[algebra.pk]['id']}/accept/")
    assert again.status_code == 400
    assert again.json()["suggestion"] == ["Решение по этой паре уже принято: принято."]

    geometry_id = by_mentee[geometry.pk]["id"]
    refused = post(client, f"suggestions/{geometry_id}/change-mentor/", {"mentor": first.pk})
    assert refused.status_code == 400
    assert refused.json()["mentor"] == [
        "У наставника Алгебраист У. свободных мест: 0 из 1 (ведёт 1), а наставляемых — 1."
    ]
    assert post(client, f"suggestions/{geometry_id}/reject/").json()["decision"] == "rejected"

    second_run = post(client, "matching-runs/", {"form": SS}).json()
    assert [s["mentee_id"] for s in second_run["suggestions"]] == [geometry.pk]
    done = post(
        client,
        f"matching-runs/{second_run['id']}/accept-all/",
        {"as_group": True, "start_date": "2026-11-23"},
    )
    assert done.status_code == 200
    assert [s["decision"] for s in done.json()["suggestions"]] == ["accepted"]
    with in_a(world):
        assert MentoringGroup.objects.count() == 2


def test_compatibility_and_preferences_by_api(client_of, world):
    _, first, _, algebra, _ = pool(world)
    client = client_of("curator_a")
    data = {
        "mentor": first.pk,
        "mentee": algebra.pk,
        "score": 82,
        "tested_on": "2026-11-20",
        "method": "Тест",
    }
    assert post(client, "compatibility/", {**data, "score": 101}).json()["score"] == [
        "Совместимость — число от 0 до 100."
    ]
    assert post(client, "compatibility/", data).status_code == 201
    assert client.get(API + "compatibility/").json()[0]["score"] == 82
    choice = {"chooser": algebra.participant_id, "chosen": first.participant_id, "rank": 1}
    assert post(client, "preferences/", {**choice, "chosen": algebra.participant_id}).json()["chosen"] == [
        "Нельзя выбрать самого себя."
    ]
    created = post(client, "preferences/", choice)
    assert created.status_code == 201
    assert client.get(API + "preferences/").json()[0]["chooser"]["short_name"] == "Семиклассник У."
    assert client.delete(API + f"preferences/{created.json()['id']}/").status_code == 204
    with in_a(world):
        assert CompatibilityResult.objects.count() == 1
        assert not SpeedMeetingPreference.objects.exists()


def test_a_group_by_hand_and_its_400s_write_nothing(client_of, world):
    with in_a(world):
        prog = make.programme()
        child = make.student("Котов", grade=8)
        father = make.mentor(
            prog,
            make.parent("Котов", of=[child], first_name="Иван"),
            forms=[Form.EMPLOYER_STUDENT],
            capacity=3,
        )
        own = make.mentee(prog, child, form=Form.EMPLOYER_STUDENT)
        others = [
            make.mentee(prog, make.student(f"Чужой{i}", grade=8), form=Form.EMPLOYER_STUDENT) for i in (1, 2)
        ]
    client = client_of("curator_a")
    data = {
        "form": Form.EMPLOYER_STUDENT,
        "mentor": father.pk,
        "start_date": "2026-11-23",
        "end_date": "2027-05-31",
    }
    bad = post(client, "matching/groups/", {**data, "requests": [others[0].pk, own.pk]})
    assert bad.status_code == 400
    assert bad.json()["mentor"] == [
        "Родитель не может быть наставником своего ребёнка: Котов И. — родитель Котов У."
    ]
    late = post(client, "matching/groups/", {**data, "requests": [others[0].pk], "end_date": "2027-08-31"})
    assert late.json()["end_date"] == [
        "Окончание работы пары должно быть в пределах программы: 01.09.2026 — 31.05.2027."
    ]
    with in_a(world):
        assert not MentoringGroup.objects.exists()
    created = post(client, "matching/groups/", {**data, "requests": [r.pk for r in others]})
    assert created.status_code == 201, created.content
    assert created.json()["is_group"] is True
    duplicate = post(client, "matching/groups/", {**data, "requests": [others[0].pk]})
    assert duplicate.json()["requests"] == [
        "Чужой1 У. уже в паре или группе этой формы: один запрос — одна пара."
    ]


def test_a_mentor_gets_403_and_school_b_404_and_nothing_leaks(client_of, world):
    pool(world)
    run = post(client_of("curator_a"), "matching-runs/", {"form": SS}).json()
    suggestion_id = run["suggestions"][0]["id"]
    mentor, stranger = client_of("mentor_a"), client_of("curator_b")
    for url in ["matching-runs/", f"matching-runs/{run['id']}/", "compatibility/", "preferences/"]:
        assert mentor.get(API + url).status_code == 403, url
        assert stranger.get(API + url).status_code == 404, url
    for url in [f"suggestions/{suggestion_id}/accept/", "matching-runs/", "matching/groups/"]:
        assert post(mentor, url, {"form": SS}).status_code == 403, url
        assert post(stranger, url, {"form": SS}).status_code == 404, url
    with schema_context(world.school_b.schema_name):
        make.programme()
    assert client_of("curator_b").get("/api/v1/schools/school-b/matching-runs/").json() == []
    assert (
        client_of("curator_b").get(f"/api/v1/schools/school-b/matching-runs/{run['id']}/").status_code == 404
    )
    with in_a(world):
        assert MatchingRun.objects.count() == 1
        assert set(MatchSuggestion.objects.values_list("decision", flat=True)) == {"proposed"}


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = set(schema["paths"])
    for expected in [
        "mentee-requests/",
        "mentor-entries/{entry_id}/labour-terms/",
        "supply-demand/",
        "matching-runs/",
        "suggestions/{suggestion_id}/change-mentor/",
        "matching/groups/",
        "compatibility/",
        "preferences/",
    ]:
        assert any(p.endswith(expected) for p in paths), expected
