"""The house rules of architecture.md, checked."""

import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ["tenants", "regional_center", "consultation_points", "school_programs", "analytics"]


def test_platform_folder_is_not_a_package():
    assert (ROOT / "platform" / "nastavnik" / "__init__.py").exists()
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_the_standard_platform_module_still_works_under_pytest():
    import platform

    assert platform.system() == "Linux"
    assert not hasattr(platform, "__path__"), "a package named platform shadows the standard library"


def test_the_standard_platform_module_still_works_under_manage_py():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "import platform; print(platform.system())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("Linux")


def test_the_standard_platform_module_still_works_under_celery():
    # `celery report` itself calls platform.system() and friends while printing the environment.
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "nastavnik", "report"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "platform -> system:Linux" in result.stdout


def test_every_app_declares_its_schema_and_is_installed_accordingly():
    for label in PROJECT_APPS:
        config = apps.get_app_config(label)
        assert config.schema in {"public", "tenant"}, label
        if config.schema == "public":
            assert label in settings.SHARED_APPS and label not in settings.TENANT_APPS, label
        else:
            assert label in settings.TENANT_APPS and label not in settings.SHARED_APPS, label


def test_public_models_never_point_into_a_school_schema():
    for label in PROJECT_APPS:
        config = apps.get_app_config(label)
        if config.schema != "public":
            continue
        for model in config.get_models():
            for field in model._meta.get_fields():
                related = getattr(field, "related_model", None)
                if related is None or not field.concrete:
                    continue
                related_config = apps.get_app_config(related._meta.app_label)
                assert getattr(related_config, "schema", "public") == "public", (
                    f"{model.__name__}.{field.name}"
                )


def test_no_template_or_page_loads_assets_from_a_cdn():
    offenders = []
    for path in ROOT.glob("*/**/*.html"):
        if ".venv" in path.parts or ".devdata" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(host in text for host in ("cdn.", "unpkg.com", "jsdelivr", "googleapis")):
            offenders.append(str(path))
    assert offenders == []
