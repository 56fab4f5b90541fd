"""Uploaded documents of the regional centre (agreements' scans, events' materials): a declared set of
types, recognised by content, and a size limit.

Why by content: the name and the browser's Content-Type are the uploader's say-so; a renamed .exe
must not become «скан.pdf» in the centre's records. Schema: PUBLIC (no tables).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

# Scans are usually one to a few pages; 10 MB leaves room for a colour scan of a long agreement.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class DocumentType:
    label: str
    content_type: str
    extension: str


PDF = DocumentType("PDF", "application/pdf", ".pdf")
DOCX = DocumentType(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)
JPEG = DocumentType("JPEG", "image/jpeg", ".jpg")
PNG = DocumentType("PNG", "image/png", ".png")
DECLARED_TYPES = (PDF, DOCX, JPEG, PNG)
ACCEPT = ",".join(t.extension for t in DECLARED_TYPES) + ",.jpeg"


def max_bytes() -> int:
    return int(getattr(settings, "CENTRE_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(upload) -> DocumentType | None:
    """The declared type the file's content is (first bytes; for DOCX the archive's parts), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        # Every Office file is a ZIP; a Word document is the one with word/document.xml inside.
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def document_check(*, upload, field: str = "document", label: str = "Скан соглашения") -> DocumentType:
    """The upload's type, or a ValidationError naming the field: too large, empty, or not a PDF, DOCX,
    JPEG or PNG by its content."""
    limit = max_bytes()
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError({field: f"{label}: файл пуст."})
    if size > limit:
        raise ValidationError(
            {
                field: f"{label}: файл больше {limit // (1024 * 1024)} МБ "
                f"({size / (1024 * 1024):.1f} МБ). Уменьшите разрешение скана или разделите документ."
            }
        )
    kind = sniff(upload)
    if kind is None:
        allowed = ", ".join(t.label for t in DECLARED_TYPES)
        raise ValidationError(
            {field: f"{label}: допустимы только файлы {allowed}; этот файл — не один из них."}
        )
    return kind
