"""Runtime and development dependencies are locked apart; production installs the runtime only."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)$", line.strip())
        if match:
            found[canonical(match[1])] = match[2]
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return canonical(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0])


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_runtime_lock_pins_every_runtime_dependency_and_no_dev_tool():
    runtime = pins("requirements.lock")
    for requirement in project()["dependencies"]:
        assert requirement_name(requirement) in runtime, requirement
    for requirement in project()["optional-dependencies"]["dev"]:
        assert requirement_name(requirement) not in runtime, requirement


def test_the_dev_lock_adds_the_dev_tools_to_the_runtime_lock():
    text = (ROOT / "requirements-dev.lock").read_text()
    assert "-r requirements.lock" in text.splitlines()
    dev = pins("requirements-dev.lock")
    for requirement in project()["optional-dependencies"]["dev"]:
        assert requirement_name(requirement) in dev, requirement
    assert not set(dev) & set(pins("requirements.lock")), "pinned twice"


def test_the_production_image_installs_the_runtime_lock_only():
    containerfile = (ROOT / "deploy" / "Containerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.lock" in containerfile
    assert "requirements-dev.lock" not in containerfile
    assert "[dev]" not in containerfile
