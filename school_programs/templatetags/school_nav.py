"""The shell's menus and the `may` filter: a link is shown only to those the view would let in.

`{% if request|may:"orders.read" %}<a href="…">…</a>{% endif %}` asks the same role table the view's
`rule_required` asks: inside a school school_programs/roles.py (through access.may, so the roles are
those of the school being viewed), elsewhere tenants/roles.py. An unknown rule is a programming error
and fails loudly, as in the views. Object rules (a mentor manages only their own group) come on top
of it, from the view's context (`can_manage`), exactly as the views check them after the role table.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from tenants import roles as public_roles

from .. import access
from .. import roles as school_roles
from ..navigation import sections_for

register = template.Library()


@register.filter
def may(request, rule: str) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if getattr(request, "school", None) is not None and rule in school_roles.RULES:
        return access.may(user, rule)
    return public_roles.has_rule(user, rule)


@register.inclusion_tag("school_programs/_nav.html", takes_context=True)
def school_nav(context):
    request = context["request"]
    links = []
    for section in sections_for(access.roles(request.user)):
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:  # a section whose pages are not mounted yet
            continue
        links.append({"title": section.title, "url": url})
    # The longest matching URL is the current section («Программа» is not active on every page).
    current = max((link for link in links if request.path.startswith(link["url"])),
                  key=lambda link: len(link["url"]), default=None)  # fmt: skip
    for link in links:
        link["active"] = link is current
    return {"links": links}


# --- Forms (school_programs/_form.html) ------------------------------------------------------------

WIDE_WIDGETS = frozenset({"textarea", "checkboxselectmultiple", "radioselect", "clearablefile", "file"})


@register.filter
def is_wide(bound_field) -> bool:
    """Long texts and lists of choices take the form's whole row instead of one narrow cell."""
    return bound_field.widget_type in WIDE_WIDGETS


@register.filter
def has_required(form) -> bool:
    return any(field.field.required for field in form.visible_fields())
