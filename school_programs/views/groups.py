"""Pages: pairs and groups. Mounted under /s/<school>/ by school_programs/urls.py.

Staff and the psychologist see every pair and group of the programme; a mentor or a mentee sees only
their own (access.visible_groups); someone else's group is a 404. Those who form pairs (the role
table's `matching.write`, as for the API's PATCH) correct a pair's dates on its page until an order
fixes it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..forms_groups import (
    GroupCompleteForm,
    GroupFilterForm,
    GroupPeriodForm,
    ReleaseForm,
    add_service_errors,
    select_options,
)
from ..models import GroupStatus, MentoringGroup
from ..selectors.groups import GroupFilters, group_detail, group_list, mentor_choices
from ..selectors.meetings import school_settings
from ..selectors.programmes import programme_list
from ..services.groups import group_period_update

PAGE_SIZE = 100


def optional_url(name: str, *args) -> str | None:
    """The URL of a page another area provides (documents, orders), or None until it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@access.rule_required("groups.read")
def groups_view(request):
    """«Пары и группы» for staff (whole programme, filters), «Мои пары» for a mentor or mentee."""
    today = timezone.localdate()
    readers = access.has_role(request.user, access.READERS)
    gap_weeks = school_settings().meeting_gap_weeks
    context = {"readers": readers, "gap_weeks": gap_weeks, "today": today}
    if readers:
        programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
        mentors = mentor_choices(programme)
        form = GroupFilterForm(request.GET or None, mentors=mentors)
        filters = GroupFilters(**form.cleaned_data) if form.is_valid() else GroupFilters()
        context.update(
            programme=programme,
            programmes=programme_list(),
            form=form,
            mentor_options=select_options(mentors, filters.mentor),
        )
    else:
        programme, filters = None, GroupFilters(flag=request.GET.get("flag", ""))
    groups = group_list(
        access.visible_groups(request.user),
        programme=programme,
        today=today,
        filters=filters,
        gap_weeks=gap_weeks,
    )
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(groups=page.object_list, page=page, query=query.urlencode())
    return render(request, "school_programs/groups/list.html", context)


@access.rule_required("groups.read")
def group_view(request, group_id: int):
    return render_group(request, group_id)


def _period_form(request, group: MentoringGroup) -> GroupPeriodForm | None:
    """The dates form, offered while group_period_update would accept it (no order fixes the pair, it
    works); the service decides a POST, this only keeps a form that would be refused off the page."""
    if not access.may(request.user, "matching.write"):
        return None
    if group.fixing_order_id is not None or group.status != GroupStatus.ACTIVE:
        return None
    return GroupPeriodForm(initial={"start_date": group.start_date, "end_date": group.end_date})


def render_group(
    request,
    group_id: int,
    *,
    status: int = 200,
    complete_form=None,
    release_form=None,
    period_form=None,
):
    """The group page; the completion and dates views pass their bound forms back with the errors."""
    group = group_detail(access.access_group(request.user, group_id))
    can_manage = access.can_manage_group(request.user, group)
    staff = access.has_role(request.user, access.STAFF)
    plans_by_request = {plan.mentee_id: plan for plan in group.plans.all()}
    for plan in plans_by_request.values():
        plan.docx_url = optional_url("school:plan-docx", plan.pk)
    mentees = [
        {"placement": placement, "plan": plans_by_request.get(placement.request_id)}
        for placement in group.mentees.all()
    ]
    releases = list(group.releases.all())
    for release in releases:
        release.order_url = (
            optional_url("school:order-detail", release.order_id) if release.order_id else None
        )
    today = timezone.localdate()
    context = {
        "group": group,
        "mentees": mentees,
        "meetings": group.meetings.all(),
        "releases": releases,
        "can_manage": can_manage,
        "staff": staff,
        "is_open": group.status == GroupStatus.ACTIVE,
        "agreement_url": optional_url("school:group-agreement-docx", group.pk),
        "fixing_order_url": (
            optional_url("school:order-detail", group.fixing_order_id) if group.fixing_order_id else None
        ),
        "complete_form": complete_form
        or (GroupCompleteForm(initial={"completed_on": today}) if staff else None),
        "release_form": release_form or (ReleaseForm(initial={"released_on": today}) if staff else None),
        "period_form": period_form or _period_form(request, group),
    }
    return render(request, "school_programs/groups/detail.html", context, status=status)


@require_POST
@access.rule_required("matching.write")
def group_period(request, group_id: int):
    """Correct a pair's dates: the service refuses once an order fixes the pair (in Russian, under the
    field). With htmx the dates block answers in place, the whole page after a change (the mentees'
    dates move with the start); without it, a redirect or the page with the errors."""
    group = access.access_group(request.user, group_id)
    form = GroupPeriodForm(request.POST)
    if form.is_valid():
        try:
            group_period_update(group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Даты работы пары / группы изменены.")
            url = reverse("school:group", args=[group.pk])
            if request.htmx:
                response = HttpResponse()
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    if request.htmx:  # htmx swaps only 2xx answers: the block shows the errors
        context = {"group": group, "period_form": form}
        return render(request, "school_programs/groups/_period.html", context)
    return render_group(request, group_id, status=400, period_form=form)


urlpatterns = [
    path("groups/", groups_view, name="groups"),
    path("groups/<int:group_id>/", group_view, name="group"),
    path("groups/<int:group_id>/period/", group_period, name="group-period"),
]
