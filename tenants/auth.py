"""Login by user name or e-mail, case-insensitively."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not login or password is None:
            return None
        condition = Q(username__iexact=login)
        if "@" in login:
            condition |= Q(email__iexact=login)
        user = User.objects.filter(condition).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check so response times do not reveal which logins exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
