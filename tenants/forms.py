from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services.login import login_check


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Логин или e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Пароль"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        self.locked_out = False
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.user = login_check(
                request=self.request, username=cleaned["username"], password=cleaned["password"]
            )
        except ValidationError as error:
            self.locked_out = error.code == "locked_out"
            raise ValidationError(error.messages) from error
        return cleaned
