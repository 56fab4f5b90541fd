"""The school's start page: what each of the user's roles has to do today (selectors/home.py)."""

from django.shortcuts import render
from django.utils import timezone

from tenants.models import Role

from .. import access
from ..selectors import home as today_selectors
from ..selectors.meetings import school_settings
from ..selectors.programmes import current_programme, programme_summary
from ..selectors.roadmap import overdue_items


@access.rule_required("home.read")
def home(request):
    """One block per role the user holds here (a director who also mentors sees both). Membership
    is checked by SchoolAccessMiddleware; every block reads only what that role may see."""
    roles = access.roles(request.user)
    today = timezone.localdate()
    gap_weeks = school_settings().meeting_gap_weeks
    programme = current_programme()
    person = access.me(request.user)
    context = {
        "programme": programme,
        "person": person,
        "today": today,
        "gap_weeks": gap_weeks,
        "is_director": Role.DIRECTOR in roles,
        # The curator's and the psychologist's programme overview (the director has a block of their own).
        "is_reader": bool(roles & {Role.CURATOR, Role.PSYCHOLOGIST}),
        "is_mentor": Role.MENTOR in roles,
        "is_mentee": Role.MENTEE in roles,
    }
    context["unlinked"] = (context["is_mentor"] or context["is_mentee"]) and person is None
    if context["is_director"]:
        context["director"] = today_selectors.director_today(programme, today=today, gap_weeks=gap_weeks)
    if context["is_reader"] and programme:
        context["summary"] = programme_summary(programme)
        context["overdue"] = list(overdue_items(programme, today)[:10])
    if context["is_mentor"]:
        context["mentor"] = today_selectors.mentor_today(person, today=today, gap_weeks=gap_weeks)
    if context["is_mentee"]:
        context["mentee"] = today_selectors.mentee_today(person, today=today)
    return render(request, "school_programs/home.html", context)
