from django.shortcuts import render

from ..selectors.programmes import programme_list


def home(request):
    """The school's start page. Membership is checked by tenants.middleware.SchoolAccessMiddleware."""
    return render(request, "school_programs/home.html", {"programmes": programme_list()})
