"""The deploy paths hold together without a container runtime: the image installs the lock
file, runs as a non-root user and carries every folder the bot reads at run time; compose
migrates before the bot starts; the Procfile platform finds its lock file and Python
version. (What a Docker daemon would show is listed as not verified in docs/operations.md.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from bot.faq.entries import KNOWLEDGE_DIR
from bot.store.migrate import PROJECT_ROOT

ROOT = Path(__file__).resolve().parents[1]


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_image_installs_the_lock_file_and_runs_as_a_non_root_user() -> None:
    text = dockerfile()
    assert "-r /tmp/requirements.txt" in text and "COPY requirements.txt" in text
    final = text.rsplit("\nFROM ", 1)[1]  # the runtime stage
    users = re.findall(r"^USER (\S+)", final, re.M)
    assert users and users[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["python", "-m", "bot"]' in final


def test_image_carries_what_the_bot_reads_at_run_time() -> None:
    copied = set(re.findall(r"^COPY (?!--from)(\S+)", dockerfile().rsplit("\nFROM ", 1)[1], re.M))
    needed = {
        KNOWLEDGE_DIR.relative_to(ROOT).as_posix(),  # the FAQ knowledge base
        (PROJECT_ROOT / "migrations").relative_to(ROOT).as_posix(),
        "pyproject.toml",  # Alembic's settings
        "bot",
    }
    assert needed <= copied, needed - copied
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not needed & set(ignored)
    assert ".env" in ignored and ".git" in ignored


def test_compose_migrates_before_the_bot_starts_on_postgresql() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    bot = services["bot"]
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("migrate", "bot"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url


def test_procfile_platform_has_its_lock_file_and_python_version() -> None:
    procfile = (ROOT / "Procfile").read_text()
    assert "release: python -m bot db upgrade" in procfile
    # A platform's router reaches the process from outside: the web process binds all
    # interfaces (the setting's own default is loopback).
    assert re.search(
        r"^web: WEBHOOK_LISTEN=\$\{WEBHOOK_LISTEN:-0\.0\.0\.0\} python", procfile, re.M
    )
    assert (ROOT / "requirements.txt").is_file()
    version = (ROOT / ".python-version").read_text().strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    # The platform, the image and CI run the same Python (CI's `python3` reads
    # .python-version), one that the project's range admits.
    assert requires == ">=3.11" and tuple(map(int, version.split("."))) >= (3, 11)
    assert re.findall(r"^FROM python:([\d.]+)-slim", (ROOT / "Dockerfile").read_text(), re.M) == [
        version,
        version,
    ]
