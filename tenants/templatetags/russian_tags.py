"""Template side of `nastavnik.russian`: `{{ n|counted:"школа,школы,школ" }}`,
`{{ p|agreed:"выбыл,выбыла" }}`.

Lives in the public shell app (tenants) because template libraries are found through apps and every
layer prints Russian: the school app, the regional apps and the shell load the same library.
"""

from django import template

from nastavnik.russian import agreed as _agreed
from nastavnik.russian import counted as _counted
from nastavnik.russian import plural as _plural
from nastavnik.russian import split_forms

register = template.Library()


@register.filter
def plural(number, forms: str) -> str:
    """Only the noun: `{{ n }} {{ n|plural:"строка,строки,строк" }}`."""
    return _plural(number or 0, *split_forms(forms))


@register.filter
def counted(number, forms: str) -> str:
    """Number and noun: «21 школа»."""
    return _counted(number or 0, *split_forms(forms))


@register.filter
def agreed(person, forms: str) -> str:
    """A word in the person's gender: `{{ participant|agreed:"выбыл,выбыла" }}` (anything with `.gender`)."""
    masculine, feminine = (part.strip() for part in forms.split(",", 1))
    return _agreed(getattr(person, "gender", None), masculine, feminine)
