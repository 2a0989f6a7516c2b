"""The install is reproducible: lock files pin every direct dependency inside pyproject.toml's
ranges, above the versions with published advisories, and the README's commands (which CI
runs) install from them. (.ci/run also recompiles them and fails on any difference.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)(?:\s*;\s*(.+))?$")


def pins(lock: str) -> dict[str, list[tuple[Version, str | None]]]:
    found: dict[str, list[tuple[Version, str | None]]] = {}
    for line in (ROOT / lock).read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            name, version, marker = match.groups()
            found.setdefault(canonicalize_name(name), []).append((Version(version), marker))
    return found


def project() -> dict[str, list[str]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {"main": data["dependencies"], "dev": data["optional-dependencies"]["dev"]}


@pytest.mark.parametrize(
    ("lock", "groups"), [("requirements.txt", ["main"]), ("requirements-dev.txt", ["main", "dev"])]
)
def test_every_direct_dependency_is_pinned_inside_its_range(lock: str, groups: list[str]) -> None:
    locked = pins(lock)
    for group in groups:
        for spec in project()[group]:
            req = Requirement(spec)
            versions = locked.get(canonicalize_name(req.name))
            assert versions, f"{req.name} is not pinned in {lock}"
            for version, _marker in versions:
                assert version in req.specifier, f"{lock}: {req.name}=={version} not in {spec}"


def test_pins_are_above_known_advisories() -> None:
    locked = pins("requirements.txt")
    # jinja2 < 3.1.6: sandbox breakout (GHSA-cpwx-vrp4-4pq7); aiohttp < 3.12.14: request
    # smuggling (GHSA-9548-qrrj-x5pj), and < 3.10.11 before it.
    for name, floor in (("jinja2", "3.1.6"), ("aiohttp", "3.12.14")):
        assert all(v >= Version(floor) for v, _ in locked[name]), (name, locked[name])
    # The ranges themselves exclude the vulnerable versions (a fresh resolve cannot pick them).
    below = {"jinja2": "3.1.5", "aiohttp": "3.12.13"}
    for spec in project()["main"]:
        req = Requirement(spec)
        if req.name in below:
            assert not req.specifier.contains(below[req.name]), spec


def test_readme_commands_install_from_the_lock_files() -> None:
    readme = (ROOT / "README.md").read_text()
    run = readme.split("<!-- run-command -->", 1)[1].split("```")[1]
    test = readme.split("<!-- test-command -->", 1)[1].split("```")[1]
    assert "-r requirements.txt" in run
    assert "-r requirements-dev.txt" in test
    assert "requirements-dev.txt" in (ROOT / ".ci" / "run").read_text()
