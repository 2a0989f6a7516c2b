"""The shape of the code: checks a newcomer can rely on.

- no import cycle between the packages of `bot` (a package-level graph built from the imports
  of every module, function-level imports included);
- the environment is read in one place, `bot/config.py`;
- no module in `bot/` is longer than 400 lines.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

BOT = Path(__file__).parents[1] / "bot"
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def _unit(module: str) -> str:
    """The package-level unit of a dotted module name: `bot.crs.rules.table` -> `bot.crs`;
    top-level modules (`bot.config`, `bot.render`) are units of their own."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _module_name(path: Path) -> str:
    rel = path.relative_to(BOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from bot import config` imports the module bot.config
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in found if m == "bot" or m.startswith("bot.")}


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    units = {_unit(_module_name(p)) for p in _modules()}
    for path in _modules():
        source = _unit(_module_name(path))
        for target in _imports(path):
            unit = _unit(target)
            if unit in units and unit != source and unit != "bot":
                graph[source].add(unit)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle's strongly connected component (Tarjan), as sorted names."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_bot_packages() -> None:
    cycles = find_cycles(package_graph())
    assert cycles == [], f"import cycles between packages: {cycles}"


def test_the_environment_is_read_only_in_config() -> None:
    readers = []
    for path in _modules():
        if path == BOT / "config.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"environ", "getenv", "putenv", "unsetenv"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(a.name in {"environ", "getenv"} for a in node.names)
            ):
                readers.append(f"{path.relative_to(BOT.parent)}:{node.lineno}")
    assert readers == [], f"os.environ outside bot/config.py: {readers}"


def test_no_module_over_400_lines() -> None:
    long = {
        str(p.relative_to(BOT.parent)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"modules over {MAX_LINES} lines: {long}"
