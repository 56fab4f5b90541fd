from . import access
from .navigation import places


def navigation(request):
    """The places a user can switch between, and the school being viewed with the user's roles in it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    school = getattr(request, "school", None)
    return {
        "nav_places": [place for place, _ in places(user)],
        "current_school": school,
        "current_school_roles": sorted(r.label for r in access.school_roles(user, school)) if school else [],
    }
