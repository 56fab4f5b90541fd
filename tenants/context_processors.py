from . import access
from .navigation import places, public_menu


def navigation(request):
    """The shell's menus: the places a user can switch between (the current one marked), the public
    pages their roles open, and the school being viewed with the user's roles in it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    school = getattr(request, "school", None)
    path = request.path
    nav_places = [
        {"title": place.title, "url": place.url, "active": path.startswith(place.url)}
        for place, _ in places(user)
    ]
    return {
        "nav_places": nav_places,
        "public_menu": public_menu(user, path),
        "current_school": school,
        "current_school_roles": sorted(r.label for r in access.school_roles(user, school)) if school else [],
    }
