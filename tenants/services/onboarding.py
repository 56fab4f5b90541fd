"""Bulk onboarding of schools from a CSV or XLSX file prepared by the regional centre.

Schema: PUBLIC. The whole file is validated first and nothing is created unless every row is valid;
then each school is created in a transaction of its own (row and schema together), because one
transaction over hundreds of new schemas would hold more locks than PostgreSQL allows.

Used by `manage.py provision_schools` and by the regional administrator's upload page and API
(`schools_onboard_start`): a file of up to INLINE_LIMIT schools is provisioned during the request;
a larger one is checked during the request (so a wrong row is reported at once and nothing is
queued) and then provisioned by a Celery task (regional_center.tasks) that stores its progress in
the cache under a job id, as the participants' import of the school app does; the page polls it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from celery import current_app
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from nastavnik.celery import TRANSIENT_ERRORS
from nastavnik.tables import RowError, TableFileError, table_read
from regional_center.models import Municipality, Region

from ..models import School
from .provisioning import SchoolData, school_create, school_validate

# Column name in the file (Russian or English, case-insensitive) → field.
COLUMNS = {
    "код": "slug",
    "slug": "slug",
    "полное наименование": "full_name",
    "full_name": "full_name",
    "краткое наименование": "short_name",
    "short_name": "short_name",
    "муниципалитет": "municipality",
    "municipality": "municipality",
    "тип": "kind",
    "kind": "kind",
    "адрес": "address",
    "address": "address",
    "инн": "inn",
    "inn": "inn",
    "шнор": "low_results",
    "low_results": "low_results",
    "школа-партнёр": "partner_school",
    "партнёр": "partner_school",
    "partner_school": "partner_school",
}
REQUIRED = ["slug", "full_name", "short_name", "municipality"]
FIELD_TITLES = {
    "slug": "код",
    "full_name": "полное наименование",
    "short_name": "краткое наименование",
    "municipality": "муниципалитет",
    "kind": "тип",
    "address": "адрес",
    "inn": "ИНН",
    "low_results": "ШНОР",
    "partner_school": "школа-партнёр",
    "schema_name": "код",
}
INLINE_LIMIT = 5  # schools provisioned during the request; each takes a fraction of a second to seconds
MAX_ROWS = 3000  # a region has up to about 2,000 organisations
JOB_TTL = 6 * 3600  # seconds the outcome of a queued onboarding stays visible
TASK_NAME = "regional_center.schools_onboard"
TRUE_WORDS = {"да", "1", "true", "yes", "+", "истина"}
FALSE_WORDS = {"нет", "0", "false", "no", "-", "", "ложь"}
TEMPLATE_HEADER = [
    "код",
    "полное наименование",
    "краткое наименование",
    "муниципалитет",
    "тип",
    "адрес",
    "ИНН",
    "ШНОР",
    "школа-партнёр",
]


class OnboardingFileError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def read_table(path: Path) -> pd.DataFrame:
    """A CSV or XLSX file of schools, every cell as text (see nastavnik.tables)."""
    return read_upload(name=path.name, content=path.read_bytes())


def read_upload(*, name: str, content: bytes) -> pd.DataFrame:
    """The same for an uploaded file (the page and the API)."""
    try:
        return table_read(name=name, content=content, max_rows=MAX_ROWS)
    except TableFileError as error:
        raise OnboardingFileError(error.row_errors) from error


# Short names people write in spreadsheets, besides the codes and the full labels.
KIND_ALIASES = {
    "": School.Kind.SCHOOL,
    "школа": School.Kind.SCHOOL,
    "сош": School.Kind.SCHOOL,
    "оош": School.Kind.SCHOOL,
    "нош": School.Kind.SCHOOL,
    "колледж": School.Kind.COLLEGE,
    "спо": School.Kind.COLLEGE,
    "техникум": School.Kind.COLLEGE,
    "до": School.Kind.ADDITIONAL,
    "удо": School.Kind.ADDITIONAL,
}


def _kind(value: str) -> str | None:
    value = value.strip().lower()
    if value in KIND_ALIASES:
        return KIND_ALIASES[value]
    for code, label in School.Kind.choices:
        if value in {code, label.lower()}:
            return code
    return None


def _flag(value: str) -> bool | None:
    value = value.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    return None


def parse_schools(frame: pd.DataFrame, region: Region, *, created: Collection[str] = ()) -> list[SchoolData]:
    """Turn the rows into SchoolData, collecting every problem of every row before failing.

    `created`: codes this same upload already created (a retried job); their rows are still checked
    for row errors but not against the database, where they now exist, and are not returned."""
    errors: list[RowError] = []
    rename = {}
    for column in frame.columns:
        field = COLUMNS.get(column.lower())
        if field is None:
            errors.append(
                RowError(1, column, "неизвестный столбец; допустимы: " + ", ".join(TEMPLATE_HEADER))
            )
        else:
            rename[column] = field
    missing = [FIELD_TITLES[f] for f in REQUIRED if f not in rename.values()]
    if missing:
        errors.append(RowError(1, "", "нет обязательных столбцов: " + ", ".join(missing)))
    if errors:
        raise OnboardingFileError(errors)
    if frame.empty:
        raise OnboardingFileError([RowError(2, "", "в файле нет ни одной школы")])
    frame = frame.rename(columns=rename)
    municipalities = {m.name.lower(): m for m in Municipality.objects.filter(region=region)}
    seen_slugs: dict[str, int] = {}
    result = []
    for index, raw in enumerate(frame.to_dict("records")):
        row_number = index + 2
        row = {key: str(value).strip() for key, value in raw.items()}
        row_errors = []
        for field in REQUIRED:
            if not row.get(field):
                row_errors.append(RowError(row_number, FIELD_TITLES[field], "обязательное поле не заполнено"))
        municipality = municipalities.get(row.get("municipality", "").lower())
        if row.get("municipality") and municipality is None:
            row_errors.append(
                RowError(
                    row_number, "муниципалитет", f"муниципалитет «{row['municipality']}» не найден в регионе"
                )
            )
        kind = _kind(row.get("kind", ""))
        if kind is None:
            allowed = ", ".join(label for _, label in School.Kind.choices)
            row_errors.append(
                RowError(row_number, "тип", f"неизвестный тип «{row['kind']}»; допустимы: {allowed}")
            )
        flags = {}
        for field in ("low_results", "partner_school"):
            flags[field] = _flag(row.get(field, ""))
            if flags[field] is None:
                row_errors.append(
                    RowError(
                        row_number, FIELD_TITLES[field], f"ожидается «да» или «нет», получено «{row[field]}»"
                    )
                )
        slug = row.get("slug", "").lower()
        if slug in seen_slugs:
            row_errors.append(
                RowError(row_number, "код", f"код «{slug}» уже встречается в строке {seen_slugs[slug]}")
            )
        seen_slugs.setdefault(slug, row_number)
        if row_errors:
            errors.extend(row_errors)
            continue
        if slug in created:
            continue
        data = SchoolData(
            slug=slug,
            full_name=row["full_name"],
            short_name=row["short_name"],
            municipality=municipality,
            kind=kind,
            address=row.get("address", ""),
            inn=row.get("inn", ""),
            **flags,
        )
        try:
            school_validate(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                title = FIELD_TITLES.get(field, field)
                errors.extend(RowError(row_number, title, message) for message in messages)
            continue
        result.append(data)
    if errors:
        raise OnboardingFileError(errors)
    return result


def schools_provision(
    *, rows: list[SchoolData], progress: Callable[[], None] | None = None, by=None
) -> list[School]:
    """Create each validated school with its schema, one transaction per school."""
    created = []
    for data in rows:
        created.append(school_create(data=data, by=by))
        if progress:
            progress()
    return created


# --- The upload page and API: small files now, large ones through Celery --------------------------


@dataclass
class OnboardingStart:
    schools: list[School] | None = None
    job_id: str | None = None


def _job_key(job_id: str) -> str:
    return f"schools-onboarding:{job_id}"


def onboarding_job(job_id: str) -> dict | None:
    """A queued onboarding: state (queued / running / done / failed), schools done of total, the
    created schools' slugs or the row errors, and the region it is for (the view checks it)."""
    return cache.get(_job_key(job_id))


def _job_save(job_id: str, job: dict) -> None:
    cache.set(_job_key(job_id), job, JOB_TTL)


def schools_onboard_start(*, region: Region, name: str, content: bytes, by=None) -> OnboardingStart:
    """Check the whole file now (OnboardingFileError names every wrong row; nothing is created);
    provision a small file now, queue a large one for the worker."""
    rows = parse_schools(read_upload(name=name, content=content), region)
    if len(rows) <= INLINE_LIMIT:
        return OnboardingStart(schools=schools_provision(rows=rows, by=by))
    job_id = uuid.uuid4().hex
    cache.set(_job_key(job_id) + ":file", {"name": name, "content": content}, JOB_TTL)
    _job_save(
        job_id,
        {
            "state": "queued",
            "file": name,
            "done": 0,
            "total": len(rows),
            "region_id": region.pk,
            "user_id": getattr(by, "pk", None),
            "schools": [],
            "errors": [],
        },
    )
    # By name: the task module imports this one. The job id is the Celery task id as well.
    transaction.on_commit(lambda: current_app.send_task(TASK_NAME, args=[job_id], task_id=job_id))
    return OnboardingStart(job_id=job_id)


def onboarding_job_run(*, job_id: str, last_attempt: bool = True) -> dict:
    """The Celery task's body, in PUBLIC. The file is checked again (a school with the same code may
    have been created since the upload), so a wrong row still creates nothing. Running it again
    after it finished does nothing.

    A transient error (nastavnik.celery.TRANSIENT_ERRORS) rolls back only the school being created;
    it is raised for the task to retry, and the job stays queued unless this was the `last_attempt`.
    The retry skips the schools the job already lists as created."""
    from ..models import User

    job = onboarding_job(job_id)
    if job is None:
        return {"state": "missing"}
    if job["state"] in {"done", "failed"}:
        return job
    upload = cache.get(_job_key(job_id) + ":file")
    region = Region.objects.filter(pk=job["region_id"]).first()
    if upload is None or region is None:
        job.update(
            state="failed", errors=[RowError(1, "", "файл больше не доступен: загрузите его снова").as_dict()]
        )
        _job_save(job_id, job)
        return job
    job["state"] = "running"
    _job_save(job_id, job)
    by = User.objects.filter(pk=job["user_id"]).first() if job["user_id"] else None
    job.setdefault("schools", [])
    try:
        rows = parse_schools(
            read_upload(name=upload["name"], content=upload["content"]), region, created=job["schools"]
        )
        job["total"] = len(job["schools"]) + len(rows)
        for data in rows:  # a transaction per school; each recorded at once, for a retry to skip
            job["schools"].append(school_create(data=data, by=by).slug)
            job["done"] = len(job["schools"])
            _job_save(job_id, job)
    except OnboardingFileError as error:
        job.update(state="failed", errors=[e.as_dict() for e in error.errors])
    except ValidationError as error:
        # Only a race can bring this here (a school created between the check and its turn); the
        # schools before it are created, the rest are not.
        row = RowError(job["done"] + 2, "", "; ".join(error.messages) + f" Подключено школ: {job['done']}.")
        job.update(state="failed", errors=[row.as_dict()])
    except TRANSIENT_ERRORS:
        if last_attempt:
            text = f"база данных недоступна; подключено школ: {job['done']}, загрузите файл позже"
            job.update(state="failed", errors=[RowError(job["done"] + 2, "", text).as_dict()])
        else:
            job.update(state="queued")
        _job_save(job_id, job)
        raise
    except Exception:
        job.update(
            state="failed",
            errors=[
                RowError(job["done"] + 2, "", f"внутренняя ошибка; подключено школ: {job['done']}").as_dict()
            ],
        )
        _job_save(job_id, job)
        raise
    else:
        job.update(state="done", done=len(job["schools"]))
    cache.delete(_job_key(job_id) + ":file")
    _job_save(job_id, job)
    return job


def onboarding_template() -> bytes:
    """An empty XLSX with the columns of the onboarding file and an example row."""
    from openpyxl import Workbook

    from nastavnik.tables import workbook_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = "Школы"
    sheet.append(TEMPLATE_HEADER)
    sheet.append(
        ["sosh-1", "МБОУ «Средняя общеобразовательная школа № 1»", "СОШ № 1", "(муниципалитет региона)",
         "школа", "", "", "нет", "нет"]
    )  # fmt: skip
    return workbook_bytes(book)
