from django import template
from django.urls import NoReverseMatch, reverse

from .. import access
from ..navigation import SECTIONS

register = template.Library()


@register.inclusion_tag("school_programs/_nav.html", takes_context=True)
def school_nav(context):
    request = context["request"]
    held = access.roles(request.user)
    links = []
    for title, name, allowed in SECTIONS:
        if not held & allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a section whose pages are not mounted yet
            continue
        links.append({"title": title, "url": url, "active": request.path.startswith(url)})
    return {"links": links}
