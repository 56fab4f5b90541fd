"""Small builders for the centre's tests (CENTRE, issue 9 §§1, 2, 7)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regional_center.models import PartnerOrganisation
from regional_center.services.partners import partner_create

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def university(world, name: str = "Тестовый университет") -> PartnerOrganisation:
    return partner_create(
        region=world.region, name=name, kind=PartnerOrganisation.Kind.UNIVERSITY, subjects=["maths"]
    )


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder; the test can list what was written."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
