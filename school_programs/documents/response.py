"""Download responses for generated documents (pages and API alike)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
CONTENT_TYPES = {"docx": DOCX, "pdf": PDF}
# Characters Windows, macOS or a browser refuse in a saved file's name.
_UNSAFE = str.maketrans(dict.fromkeys('/\\:*?"<>|\n\r\t', "-"))


@dataclass(frozen=True)
class GeneratedDocument:
    content: bytes
    filename: str  # Russian, shown to the person saving the file
    fallback_filename: str  # ASCII, for clients that do not read RFC 5987
    content_type: str


def safe_filename(name: str) -> str:
    return " ".join(name.translate(_UNSAFE).split())


def content_disposition(filename: str, fallback: str) -> str:
    """`filename*` (RFC 5987/6266) carries the Russian name; `filename` is the ASCII fallback."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def document_response(document: GeneratedDocument) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.filename, document.fallback_filename)
    # Generated on request from personal data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
