from django.shortcuts import render

from tenants.models import Role

from .. import access
from ..selectors.orders import orders_to_sign
from ..selectors.programmes import current_programme, programme_summary
from ..selectors.roadmap import overdue_items


@access.rule_required("home.read")
def home(request):
    """The school's start page for every role. Membership is checked by SchoolAccessMiddleware;
    what is shown depends on the roles in access.py (staff see the programme, a mentor their pairs)."""
    programme = current_programme()
    context = {
        "programme": programme,
        "is_reader": access.has_role(request.user, access.READERS),
        "is_director": access.has_role(request.user, {Role.DIRECTOR}),
        "person": access.me(request.user),
    }
    if context["is_director"]:
        context["orders_to_sign"] = list(orders_to_sign())
    if programme and context["is_reader"]:
        context["summary"] = programme_summary(programme)
        context["overdue"] = list(overdue_items(programme)[:10])
    return render(request, "school_programs/home.html", context)
