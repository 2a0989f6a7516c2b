"""`draws` -> `alerts` one way: the pipeline sits above both; `draws` imports neither
`alerts` nor the pipeline, and `alerts` does not import the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"


def imported(package: str) -> set[str]:
    """Every `bot.*` module that a module of the package imports (lazy imports included)."""
    found: set[str] = set()
    for path in (BOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("bot.")}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("draws", ("bot.alerts", "bot.pipeline")), ("alerts", ("bot.pipeline",))],
)
def test_the_pipeline_is_above_draws_and_alerts(package: str, forbidden: tuple[str, ...]) -> None:
    bad = sorted(m for m in imported(package) if m.startswith(forbidden))
    assert bad == []


def test_sql_lives_in_the_store() -> None:
    """Outside `bot/store/` no module builds a statement of its own."""
    builders = {"select", "insert", "update", "delete", "text"}
    offenders = []
    for path in BOT.rglob("*.py"):
        if BOT / "store" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                ("sqlalchemy", "sqlmodel")
            ):
                names = {alias.name for alias in node.names} & builders
                if names:
                    offenders.append(f"{path.relative_to(BOT)}: {sorted(names)}")
    assert offenders == []
