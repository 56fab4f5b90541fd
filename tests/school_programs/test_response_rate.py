"""One definition of the response rate: answered of invited, over the chosen programme's mailings,
whole percent rounded half up — the same figure on the survey list, the mailing page, the monitoring
list of sendings and in the API."""

import re
from types import SimpleNamespace

from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import Distribution, Invitation
from school_programs.selectors.surveys import RATE_DEFINITION, Rate, rate_percent
from tests.support import school as make
from tests.support import surveys as make_survey

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"


def invite(distribution: Distribution, people: int, answered: int, surname: str) -> None:
    for n in range(people):
        Invitation.objects.create(
            distribution=distribution,
            participant=make.teacher(f"{surname}{n}"),
            used_at=timezone.now() if n < answered else None,
        )


def sent_in_two_programmes(world) -> SimpleNamespace:
    """One survey: 11 of 13 answered in this year's programme, 4 of 4 in another programme."""
    with schema_context(world.school_a.schema_name):
        this_year = make.programme(title="Программа отклика")
        other = make.programme(title="Другая программа отклика")
        version = make_survey.survey("Анкета отклика")
        mailing = make_survey.distribution(this_year, version, Distribution.Wave.ONCE)
        elsewhere = make_survey.distribution(other, version, Distribution.Wave.ONCE)
        invite(mailing, 13, 11, "Откликова")
        invite(elsewhere, 4, 4, "Другова")
    return SimpleNamespace(programme=this_year, other=other, survey=version.survey, mailing=mailing)


def survey_row(page: str, survey_id: int) -> str:
    table = page.split('id="surveys"')[1].split("</table>")[0]
    return next(row for row in re.findall(r"<tr>.*?</tr>", table, re.S) if f"/surveys/{survey_id}/" in row)


def test_the_survey_list_of_a_programme_counts_only_its_mailings_as_the_mailing_page_does(world, client_of):
    """Repro: the list said 73/71 (97 %) over every programme where the only mailing said 13/11 (85 %)."""
    data = sent_in_two_programmes(world)
    curator = client_of("curator_a")

    listed = curator.get(f"{A}/surveys/?programme={data.programme.pk}").content.decode()
    mailing = curator.get(f"{A}/surveys/distributions/{data.mailing.pk}/").content.decode()
    monitoring = curator.get(f"{A}/monitoring/surveys/?programme={data.programme.pk}").content.decode()

    assert "11 из 13 (85%)" in survey_row(listed, data.survey.pk)
    totals = mailing.split('id="response-rate"')[1].split("</table>")[0].split("<tfoot>")[1]
    assert re.findall(r"<th>(.*?)</th>", totals) == ["всего", "13", "11", "85%"]
    assert "11 из 13 (85%)" in monitoring.split('id="distributions"')[1].split("</table>")[0]
    for page in (listed, mailing, monitoring):
        assert RATE_DEFINITION in page
    other = curator.get(f"{A}/surveys/?programme={data.other.pk}").content.decode()
    assert "4 из 4 (100%)" in survey_row(other, data.survey.pk)


def test_the_api_gives_the_same_rate_in_the_survey_list_the_mailing_and_monitoring(world, client_of):
    data = sent_in_two_programmes(world)
    curator = client_of("curator_a")

    surveys = curator.get(f"{API_A}/surveys/?programme={data.programme.pk}").json()
    mailings = curator.get(f"{API_A}/surveys/distributions/?programme={data.programme.pk}").json()
    detail = curator.get(f"{API_A}/surveys/distributions/{data.mailing.pk}/").json()
    sendings = curator.get(f"{API_A}/monitoring/surveys/?programme={data.programme.pk}").json()

    listed = next(s for s in surveys if s["id"] == data.survey.pk)
    assert (listed["invited"], listed["answered"], listed["percent"]) == (13, 11, 85)
    assert [(m["invited"], m["answered"], m["percent"]) for m in mailings] == [(13, 11, 85)]
    assert detail["response_rate"]["total"] == {
        "label": "всего",
        "invited": 13,
        "answered": 11,
        "percent": 85,
    }
    assert [(s["invited"], s["answered"], s["rate"]) for s in sendings] == [(13, 11, 85)]


def test_a_percent_is_whole_and_rounded_half_up_and_absent_when_nobody_was_invited():
    assert rate_percent(11, 13) == 85
    assert rate_percent(71, 73) == 97
    assert rate_percent(1, 8) == 13  # 12,5 → 13 (Python's round() and widthratio gave 12)
    assert rate_percent(0, 0) is None
    assert Rate("всего", 0, 0).percent_text == "—"
    assert Rate("всего", 8, 1).text == "1 из 8 (13%)"
