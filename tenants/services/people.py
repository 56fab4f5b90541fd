"""People of the platform: created one by one or from a staff spreadsheet, invited, deactivated.

A person is created together with their first role (tenants.services.grants): the role is what
makes them visible to the owner of its scope, and the owner is who may create them. Only the
regional administrator may create a person without a role. An e-mail that is already someone's
gives that person the role instead of a second account. People are never deleted (school records
point at them): deactivation refuses their log-in, ends their sessions and revokes their API tokens
and open invitations.

Schema: PUBLIC.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from knox.models import AuthToken

from consultation_points.models import ConsultationPoint
from nastavnik.tables import RowError, TableFileError, table_read
from regional_center.models import Municipality, Region

from .. import access
from ..models import SCOPE_FIELDS, SCOPE_OF_ROLE, Invitation, Membership, Role, School, Scope, User
from ..selectors import is_regional_admin
from . import grants, invitations, sessions


@dataclass(frozen=True)
class PersonData:
    last_name: str
    first_name: str
    email: str
    middle_name: str = ""
    phone: str = ""
    position: str = ""
    username: str = ""


@dataclass
class PersonResult:
    user: User
    created: bool
    membership: Membership | None = None
    invitation: Invitation | None = None


def person_by_email(email: str) -> User | None:
    email = (email or "").strip()
    return User.objects.filter(email__iexact=email).first() if email else None


def _new_user(data: PersonData) -> User:
    email = data.email.strip().lower()
    user = User(
        username=(data.username or email).strip(),
        last_name=data.last_name.strip(),
        first_name=data.first_name.strip(),
        middle_name=data.middle_name.strip(),
        email=email,
        phone=data.phone.strip(),
        position=data.position.strip(),
    )
    # No password until the person sets one through their invitation.
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def person_create(
    *,
    by,
    data: PersonData,
    role: Role | str | None = None,
    scope=None,
    invite: bool = True,
    base_url: str = "",
) -> PersonResult:
    """Create a person with their first role in `scope` and e-mail them an invitation.

    When the e-mail is already someone's, that person gets the role (no second account) and an
    invitation only if they have never set a password."""
    if not (data.email or "").strip():
        raise ValidationError({"email": "Укажите e-mail: на него придёт приглашение."})
    if role is None and not is_regional_admin(by):
        raise ValidationError({"role": "Укажите роль и место работы человека."})
    if role is not None and scope is None:
        raise ValidationError({"scope": "Укажите место работы для роли."})
    if role is not None and not grants.may_grant(by=by, role=role, scope=scope):
        try:
            label = Role(role).label
        except ValueError:
            raise ValidationError({"role": "Неизвестная роль."}) from None
        raise ValidationError({"role": f"Вы не можете назначить роль «{label}» в этом месте."})
    existing = person_by_email(data.email)
    if existing is not None and role is None:
        raise ValidationError({"email": "Человек с таким e-mail уже есть."})
    user = existing or _new_user(data)
    result = PersonResult(user=user, created=existing is None)
    if role is not None:
        result.membership = grants.role_grant(by=by, user=user, role=role, scope=scope)
    if invite and not user.has_usable_password():
        result.invitation, _ = invitations.invitation_send(by=by, user=user, base_url=base_url)
    return result


PERSON_FIELDS = ("last_name", "first_name", "middle_name", "email", "phone", "position")


@transaction.atomic
def person_update(*, by, person: User, **changes) -> User:
    """Change a person's name and contacts (the caller reached them through access_person)."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    if not may_manage(by=by, person=person):
        raise ValidationError("Изменить этого человека может тот, кто назначал ему роли.")
    for name, value in changes.items():
        setattr(person, name, (value or "").strip())
    if "email" in changes:
        person.email = person.email.lower()
    person.full_clean()
    person.save(update_fields=list(changes))
    return person


def may_manage(*, by, person: User) -> bool:
    """Whether `by` may change, deactivate or invite `person`: the regional administrator always;
    anyone else when every role the person holds is one they could take back themself (a director
    cannot switch off a colleague who is also a regional analyst)."""
    if person.pk == by.pk:
        return False
    if is_regional_admin(by):
        return True
    held = list(Membership.objects.filter(user=person, is_active=True).select_related(
        "region", "municipality", "consultation_point__municipality", "school__municipality"
    ))  # fmt: skip
    if not held:
        return False
    return all(grants.may_grant(by=by, role=m.role, scope=m.scope_object) for m in held)


@transaction.atomic
def person_deactivate(*, by, person: User) -> User:
    """Switch an account off, never delete it: no log-in, sessions ended, API tokens and open
    invitations revoked. Its roles stay (so switching it back on restores them)."""
    if person.pk == by.pk:
        raise ValidationError("Свою учётную запись отключить нельзя.")
    if not may_manage(by=by, person=person):
        raise ValidationError("Отключить эту учётную запись может тот, кто назначал все её роли.")
    if not person.is_active:
        raise ValidationError("Учётная запись уже отключена.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    AuthToken.objects.filter(user=person).delete()
    sessions.sessions_end_all(user=person)
    invitations.invitations_revoke(user=person)
    access.forget_memberships(person)
    return person


@transaction.atomic
def person_reactivate(*, by, person: User) -> User:
    if person.is_active:
        raise ValidationError("Учётная запись и так действует.")
    if not may_manage(by=by, person=person):
        raise ValidationError("Включить эту учётную запись может тот, кто назначал все её роли.")
    person.is_active = True
    person.save(update_fields=["is_active"])
    return person


# --- Staff spreadsheet ------------------------------------------------------------------------------

IMPORT_COLUMNS = {
    "fio": ("фио", "ф.и.о.", "фамилия имя отчество"),
    "email": ("e-mail", "email", "эл. почта", "электронная почта", "почта"),
    "phone": ("телефон",),
    "position": ("должность",),
    "role": ("роль",),
    "place": ("место", "место работы", "организация", "школа"),
}
COLUMN_TITLES = {
    "fio": "ФИО",
    "email": "e-mail",
    "phone": "телефон",
    "position": "должность",
    "role": "роль",
    "place": "место",
}
REQUIRED_COLUMNS = ("fio", "email", "role")
ROLE_ALIASES = {
    "администратор": Role.REGIONAL_ADMIN,
    "аналитик": Role.REGIONAL_ANALYST,
    "координатор": Role.MUNICIPAL_COORDINATOR,
    "психолог": Role.PSYCHOLOGIST,
    "педагог-психолог": Role.PSYCHOLOGIST,
}
IMPORT_TEMPLATE = [
    ["ФИО", "e-mail", "телефон", "должность", "роль", "место"],
    [
        "Иванова Мария Петровна",
        "ivanova@school.example",
        "+7 900 000-00-00",
        "директор",
        "директор",
        "yo-sosh-7",
    ],
]


@dataclass
class ImportResult:
    created: list[User] = field(default_factory=list)
    granted: int = 0
    unchanged: int = 0
    invited: int = 0


@dataclass
class _Row:
    number: int
    data: PersonData
    role: Role
    scope: object


def _role(value: str) -> Role | None:
    value = value.strip().lower()
    if value in ROLE_ALIASES:
        return ROLE_ALIASES[value]
    for role in Role:
        if value in {role.value, role.label.lower()}:
            return role
    return None


def _scope(*, by, role: Role, value: str):
    """The place named in the row for a role's kind of scope, or None."""
    value = value.strip()
    kind = SCOPE_OF_ROLE[role]
    if kind == Scope.REGION:
        region_ids = [m.region_id for m in access.memberships(by) if m.region_id]
        regions = Region.objects.filter(pk__in=region_ids)
        return regions.filter(name__iexact=value).first() if value else regions.first()
    if not value:
        return None
    if kind == Scope.MUNICIPALITY:
        return Municipality.objects.filter(name__iexact=value).first()
    if kind == Scope.CONSULTATION_POINT:
        return ConsultationPoint.objects.filter(name__iexact=value).select_related("municipality").first()
    school = School.objects.filter(slug=value.lower()).select_related("municipality").first()
    return school or School.objects.filter(short_name__iexact=value).select_related("municipality").first()


def _columns(frame: pd.DataFrame) -> tuple[dict[str, str], list[RowError]]:
    found, errors = {}, []
    for column in frame.columns:
        key = next((k for k, names in IMPORT_COLUMNS.items() if column.strip().lower() in names), None)
        if key is None:
            if column.startswith("Unnamed:"):
                continue
            allowed = ", ".join(COLUMN_TITLES.values())
            errors.append(RowError(1, column, f"неизвестный столбец; допустимы: {allowed}"))
        elif key in found:
            errors.append(RowError(1, column, "столбец повторяется"))
        else:
            found[key] = column
    missing = [COLUMN_TITLES[key] for key in REQUIRED_COLUMNS if key not in found]
    if missing:
        errors.append(RowError(1, "", "нет обязательных столбцов: " + ", ".join(missing)))
    return found, errors


def _parse(*, by, frame: pd.DataFrame) -> list[_Row]:
    columns, errors = _columns(frame)
    if errors:
        raise TableFileError(errors)
    rows: list[_Row] = []
    names_by_email: dict[str, tuple[str, int]] = {}
    seen: dict[tuple, int] = {}
    for index, record in frame.iterrows():
        number = int(index) + 2
        cell = {key: record[column] for key, column in columns.items()}
        if not any(cell.values()):
            continue
        row_errors = []
        parts = cell["fio"].split()
        if len(parts) < 2:
            row_errors.append(RowError(number, "ФИО", "нужны хотя бы фамилия и имя"))
        email = cell["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            row_errors.append(RowError(number, "e-mail", f"«{cell['email']}» — не адрес электронной почты"))
        role = _role(cell["role"])
        scope = None
        if role is None:
            row_errors.append(RowError(number, "роль", f"неизвестная роль «{cell['role']}»"))
        else:
            scope = _scope(by=by, role=role, value=cell.get("place", ""))
            kind = SCOPE_OF_ROLE[role].label
            if scope is None:
                place = cell.get("place", "")
                what = f"«{place}» не найдено" if place else "не заполнено"
                row_errors.append(
                    RowError(number, "место", f"{what}: для этой роли нужно место вида «{kind}»")
                )
            elif not grants.may_grant(by=by, role=role, scope=scope):
                row_errors.append(
                    RowError(number, "роль", f"вы не можете назначить роль «{role.label}» в месте «{scope}»")
                )
        if email and " ".join(parts):
            earlier = names_by_email.setdefault(email, (" ".join(parts), number))
            if earlier[0].lower() != " ".join(parts).lower():
                row_errors.append(
                    RowError(number, "e-mail", f"этот e-mail в строке {earlier[1]} записан за другим ФИО")
                )
        if role is not None and scope is not None:
            key = (email, role, type(scope).__name__, scope.pk)
            if key in seen:
                row_errors.append(RowError(number, "", f"повторяет строку {seen[key]}"))
            seen.setdefault(key, number)
        existing = person_by_email(email) if email else None
        if existing is not None and not existing.is_active:
            row_errors.append(RowError(number, "e-mail", "учётная запись с этим e-mail отключена"))
        if row_errors:
            errors.extend(row_errors)
            continue
        data = PersonData(
            last_name=parts[0],
            first_name=parts[1],
            middle_name=" ".join(parts[2:]),
            email=email,
            phone=cell.get("phone", ""),
            position=cell.get("position", ""),
        )
        if existing is None:
            try:
                User(
                    username=email, last_name=data.last_name, first_name=data.first_name,
                    middle_name=data.middle_name, email=email, phone=data.phone, position=data.position,
                ).full_clean(exclude=["password"])  # fmt: skip
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    column = {"username": "e-mail", "email": "e-mail"}.get(
                        field_name, COLUMN_TITLES.get(field_name, "")
                    )
                    errors.extend(RowError(number, column, message) for message in messages)
                continue
        rows.append(_Row(number, data, role, scope))
    if not rows and not errors:
        errors.append(RowError(2, "", "в файле нет ни одного человека"))
    if errors:
        raise TableFileError(errors)
    return rows


def people_import(*, by, name: str, content: bytes, base_url: str) -> ImportResult:
    """People and their roles from a staff spreadsheet (ФИО, e-mail, телефон, должность, роль, место):
    all rows or none. Every error is reported by row and column (TableFileError); the file is read
    outside the transaction, the writes are one transaction."""
    frame = table_read(name=name, content=content, max_rows=5000)
    rows = _parse(by=by, frame=frame)
    return _people_write(by=by, rows=rows, base_url=base_url)


@transaction.atomic
def _people_write(*, by, rows: list[_Row], base_url: str) -> ImportResult:
    result = ImportResult()
    invited: set[int] = set()
    for row in rows:
        user = person_by_email(row.data.email)
        created = user is None
        if created:
            user = _new_user(row.data)
            result.created.append(user)
        scope_field = SCOPE_FIELDS[SCOPE_OF_ROLE[row.role]]
        if Membership.objects.filter(
            user=user, role=row.role, is_active=True, **{scope_field: row.scope}
        ).exists():
            result.unchanged += 1
        else:
            grants.role_grant(by=by, user=user, role=row.role, scope=row.scope)
            result.granted += 1
        # A person in two rows gets one invitation.
        if not user.has_usable_password() and user.pk not in invited:
            invitations.invitation_send(by=by, user=user, base_url=base_url)
            invited.add(user.pk)
            result.invited += 1
    return result
