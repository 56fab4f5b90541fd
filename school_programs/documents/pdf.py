"""DOCX → PDF through LibreOffice, when the server has it (Debian: libreoffice-writer-nogui).

No PDF library renders Word files offline faithfully; LibreOffice does. Where it is not installed the
platform offers DOCX only: pages hide the PDF links and the API answers 404 with PDF_UNAVAILABLE.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PDF_UNAVAILABLE = "PDF недоступен на этом сервере: установите LibreOffice."
CONVERSION_FAILED = "Не удалось преобразовать документ в PDF. Скачайте DOCX и повторите попытку позже."
# A first start of LibreOffice with a fresh profile takes a few seconds; a hung one must not hold a
# web worker for ever.
DEFAULT_TIMEOUT_SECONDS = 60


class PdfUnavailable(Exception):
    """LibreOffice is not installed on this server."""


class PdfConversionFailed(Exception):
    """LibreOffice is installed but did not produce a PDF (crash, timeout, broken input)."""


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return converter() is not None


def docx_to_pdf(content: bytes, *, timeout: int = DEFAULT_TIMEOUT_SECONDS) -> bytes:
    """Convert in a temporary folder with a profile of its own.

    Each conversion gets its own `-env:UserInstallation`: two LibreOffice processes sharing a profile
    (parallel requests, several web workers) lock each other out and one silently produces nothing.
    """
    binary = converter()
    if binary is None:
        raise PdfUnavailable(PDF_UNAVAILABLE)
    with tempfile.TemporaryDirectory(prefix="nastavnik-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(content)
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True, cwd=work)
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError, OSError) as error:
            raise PdfConversionFailed(CONVERSION_FAILED) from error
        result = work / "document.pdf"
        if not result.exists():
            raise PdfConversionFailed(CONVERSION_FAILED)
        return result.read_bytes()
