"""Materials of an event: uploaded files of a declared type and size, or links (schema: PUBLIC).

A file's type is decided by its content (the first bytes and, for DOCX, the archive's parts), never by
its name or the browser's Content-Type: both are the uploader's to choose.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Event, EventMaterial
from . import documents

# Declared types: what methodological materials are (texts, slides saved as PDF, photographs of boards);
# recognised by the centre's one document sniffer.
PDF, DOCX, JPEG, PNG = (
    t.content_type for t in (documents.PDF, documents.DOCX, documents.JPEG, documents.PNG)
)
EXTENSIONS = {t.content_type: t.extension.lstrip(".") for t in documents.DECLARED_TYPES}
ALLOWED_LABEL = "PDF, DOCX, JPEG или PNG"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "EVENT_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff_type(upload) -> str | None:
    """The declared content type the file's content is, or None."""
    kind = documents.sniff(upload)
    return kind.content_type if kind else None


def upload_check(upload, *, field: str = "file") -> str:
    """The file's type, or a Russian ValidationError naming the field: too large or not a declared type."""
    limit = max_bytes()
    if upload.size > limit:
        size, allowed = upload.size / 1048576, limit / 1048576
        raise ValidationError({field: f"Файл слишком большой: {size:.1f} МБ, можно до {allowed:.0f} МБ."})
    if upload.size == 0:
        raise ValidationError({field: "Файл пустой."})
    kind = sniff_type(upload)
    if kind is None:
        raise ValidationError({field: f"Недопустимый тип файла: можно загрузить {ALLOWED_LABEL}."})
    return kind


@transaction.atomic
def material_add_file(*, event: Event, title: str, upload, by=None) -> EventMaterial:
    """Attach a checked file. The row and the stored file go together: if the row cannot be written,
    the file saved for it is removed (nothing half-written)."""
    kind = upload_check(upload)
    material = EventMaterial(
        event=event,
        title=title.strip(),
        content_type=kind,
        size=upload.size,
        added_by=by,
        stored_name=f"{uuid.uuid4().hex}.{EXTENSIONS[kind]}",
    )
    material.file.save(material.stored_name, upload, save=False)
    try:
        material.full_clean()
        material.save()
    except Exception:
        material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def material_add_link(*, event: Event, title: str, url: str, by=None) -> EventMaterial:
    material = EventMaterial(event=event, title=title.strip(), url=url.strip(), added_by=by)
    if not material.url:
        raise ValidationError({"url": "Укажите ссылку на материал."})
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def material_delete(*, material: EventMaterial) -> None:
    stored = material.file.name if material.file else ""
    storage = material.file.storage if material.file else None
    material.delete()
    if stored:
        # Remove the file only once the row is gone for good.
        transaction.on_commit(lambda: storage.delete(stored))
