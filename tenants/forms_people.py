"""Forms of the people pages: a person, a role in a place, a staff file, an invitation's password.

The place of a role is chosen from the places where the caller grants something (`place_choices`),
so an id outside them is refused by the form itself, without saying whether it exists.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, Region

from . import access
from .models import Role, School, User
from .roles import GRANTS
from .selectors import manageable_schools

PLACE_MODELS = {
    "region": Region,
    "municipality": Municipality,
    "consultation_point": ConsultationPoint,
    "school": School,
}


def place_choices(user) -> list[tuple[str, str]]:
    """(value, label) of every place where `user` grants some role, widest first."""
    choices: list[tuple[str, str]] = []
    admin_regions = [
        m.region for m in access.memberships(user) if m.role == Role.REGIONAL_ADMIN and m.region_id
    ]
    for region in admin_regions:
        choices.append((f"region:{region.pk}", f"Регион: {region.name}"))
        for municipality in Municipality.objects.filter(region=region).order_by("name"):
            choices.append((f"municipality:{municipality.pk}", f"Муниципалитет: {municipality.name}"))
        for point in ConsultationPoint.objects.filter(municipality__region=region).order_by("name"):
            choices.append((f"consultation_point:{point.pk}", f"Консультационный пункт: {point.name}"))
    for school in manageable_schools(user).order_by("short_name"):
        choices.append((f"school:{school.pk}", f"Школа: {school.short_name}"))
    return choices


def place_from_value(value: str):
    kind, _, pk = (value or "").partition(":")
    model = PLACE_MODELS.get(kind)
    if model is None or not pk.isdigit():
        return None
    queryset = model.objects.all()
    if model is School or model is ConsultationPoint:
        queryset = queryset.select_related("municipality")
    return queryset.filter(pk=int(pk)).first()


def role_choices(user) -> list[tuple[str, str]]:
    granted = set()
    for role in access.roles(user):
        granted |= GRANTS.get(role, frozenset())
    return [(role.value, role.label) for role in Role if role in granted]


class RoleInPlaceMixin(forms.Form):
    role = forms.ChoiceField(label="Роль")
    place = forms.ChoiceField(
        label="Место работы", help_text="Где действует роль: регион, муниципалитет, пункт или школа."
    )

    def setup_places(self, user, *, required: bool = True) -> None:
        empty = [] if required else [("", "— без роли —")]
        self.fields["role"].choices = empty + role_choices(user)
        self.fields["place"].choices = empty + place_choices(user)
        self.fields["role"].required = self.fields["place"].required = required

    def clean(self):
        cleaned = super().clean()
        role, place = cleaned.get("role"), cleaned.get("place")
        if bool(role) != bool(place) and not self.errors:
            raise forms.ValidationError("Роль и место указываются вместе.")
        cleaned["scope"] = place_from_value(place) if place else None
        return cleaned


class PersonForm(RoleInPlaceMixin):
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    middle_name = forms.CharField(label="Отчество", max_length=150, required=False)
    email = forms.EmailField(
        label="E-mail", help_text="На него придёт приглашение; по нему же можно входить."
    )
    phone = forms.CharField(label="Телефон", max_length=40, required=False)
    position = forms.CharField(label="Должность", max_length=200, required=False)
    invite = forms.BooleanField(label="Отправить приглашение по e-mail", required=False, initial=True)

    field_order = [
        "last_name",
        "first_name",
        "middle_name",
        "email",
        "phone",
        "position",
        "role",
        "place",
        "invite",
    ]

    def __init__(self, *args, user, role_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places(user, required=role_required)


class PersonEditForm(forms.Form):
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    middle_name = forms.CharField(label="Отчество", max_length=150, required=False)
    email = forms.EmailField(label="E-mail")
    phone = forms.CharField(label="Телефон", max_length=40, required=False)
    position = forms.CharField(label="Должность", max_length=200, required=False)


class GrantForm(RoleInPlaceMixin):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places(user)


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label="Файл XLSX или CSV", help_text="Столбцы: ФИО, e-mail, телефон, должность, роль, место."
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Новый пароль",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Пароль ещё раз",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", "Пароли не совпадают.")
        return cleaned


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, also for an invited person who never set a password (their invitation
    expired): the link goes to their own e-mail all the same. Deactivated accounts get nothing."""

    def get_users(self, email):
        email = (email or "").strip()
        return (user for user in User.objects.filter(email__iexact=email, is_active=True) if user.email)
