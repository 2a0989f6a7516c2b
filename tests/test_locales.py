"""Every locale says everything, and the domain says nothing.

- Every template and every catalogue key of one locale exists in every other
  (``bot/templates/<lang>/``, ``labels.toml``): a missing one would show English (or fail).
- Every command has its description in every catalogue (the menus and /help).
- The domain packages hold no user-visible sentence: they return codes and numbers, and the
  words live in the templates. A string constant of three or more words in a domain module
  fails the test unless it is a docstring, a log line, an exception's message, terminal output
  of a command-line tool, or in ``ALLOWED`` below with the reason it is not shown to users.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.catalogue import catalogue, languages
from bot.chat import build_router
from bot.render import TEMPLATES_DIR

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ("crs", "questionnaire", "draws", "alerts", "standing", "pipeline")

#: (module, the name the string sits under: its assignment, keyword or function) -> why it is
#: not text a user reads.
ALLOWED: dict[tuple[str, str], str] = {
    ("bot/draws/classify.py", "_NAMES"): "round names as the feed writes them: input to match",
    ("bot/draws/feed.py", "USER_AGENT"): "the HTTP User-Agent header",
    ("bot/crs/rules/language_equivalency.py", "note"): "a table's provenance note, not shown",
    ("bot/crs/rules/r2025_03_25.py", "summary"): "a ruleset's provenance note, not shown",
    ("bot/crs/language.py", "TESTS"): "test names in validation errors of the JSON profile",
    ("bot/crs/language.py", "describe"): "validation errors of the JSON profile (CLI, API)",
    ("bot/crs/language.py", "NO_TEST"): "validation errors of the JSON profile (CLI, API)",
    ("bot/crs/profile.py", "_describe"): "validation errors of the JSON profile (CLI, API)",
    ("bot/alerts/delivery.py", "reason"): "the outbox row's error column, for operators",
}

#: Calls whose string arguments are for operators, not users.
_QUIET_CALLS = frozenset(
    {"debug", "info", "warning", "error", "exception", "critical", "log", "warn"}
    | {"print", "add_argument", "add_parser", "ArgumentParser"}
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def _files(lang: str) -> set[str]:
    base = TEMPLATES_DIR / lang
    return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()}


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != "en"])
def test_every_template_and_label_exists_in_every_locale(lang: str) -> None:
    english, other = _files("en"), _files(lang)
    assert sorted(english - other) == [], f"templates missing in {lang}"
    assert sorted(other - english) == [], f"templates in {lang} that English lacks"
    assert sorted(set(catalogue("en")) - set(catalogue(lang))) == [], f"labels missing in {lang}"
    assert sorted(set(catalogue(lang)) - set(catalogue("en"))) == [], f"labels only in {lang}"
    empty = [k for k, v in catalogue(lang).items() if not v.strip()]
    assert empty == []


def test_every_command_has_a_description_in_every_locale() -> None:
    for lang in languages():
        missing = [c for c in build_router().commands if f"command.{c}" not in catalogue(lang)]
        assert missing == [], lang
        too_long = [k for k, v in catalogue(lang).items() if k.startswith("command.")]
        assert all(len(catalogue(lang)[k]) <= 256 for k in too_long)  # Bot API limit


def _quiet(tree: ast.AST) -> set[int]:
    """ids of the nodes that are docstrings, log lines, exception messages or CLI output."""
    quiet: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            quiet.add(id(node.value))  # docstrings and bare strings
        elif isinstance(node, ast.Raise) and node.exc is not None:
            quiet.update(id(n) for n in ast.walk(node.exc))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _QUIET_CALLS:
                quiet.update(id(n) for n in ast.walk(node))
    return quiet


def _owners(tree: ast.Module) -> dict[int, str]:
    """id of each node -> the name it sits under (its innermost function, assignment target
    or keyword argument)."""
    owner: dict[int, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = node.name
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if isinstance(targets[0], ast.Name):
                name = targets[0].id
        elif isinstance(node, ast.keyword) and node.arg:
            name = node.arg
        owner[id(node)] = name
        for child in ast.iter_child_nodes(node):
            visit(child, name)

    visit(tree, "")
    return owner


def prose(path: Path) -> list[str]:
    """The user-visible-looking sentences of one module, as "path:line: text"."""
    rel = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    quiet, owners = _quiet(tree), _owners(tree)
    # An f-string is one text: its pieces around the {values} are read together.
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            pieces = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            text = "".join(str(p) for p in pieces)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in parts:
                continue
            text = node.value
        else:
            continue
        if id(node) in quiet or text.startswith(("http://", "https://")):
            continue
        sentence = len(_WORD.findall(text)) >= 3 and " " in text.strip()
        if sentence and (rel, owners.get(id(node), "")) not in ALLOWED:
            found.append(f"{rel}:{node.lineno}: {text!r}")
    return found


def test_domain_packages_hold_no_user_visible_sentences() -> None:
    found = [
        line
        for package in DOMAIN
        for path in sorted((ROOT / "bot" / package).rglob("*.py"))
        for line in prose(path)
    ]
    assert found == [], "words belong in bot/templates/<lang>/:\n" + "\n".join(found)


def test_the_sentence_check_catches_a_sentence_and_spares_a_log_line(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "import logging\n"
        "log = logging.getLogger(__name__)\n"
        "def reply(n):\n"
        '    log.info("recorded %d new rounds today", n)\n'
        '    return f"{n} new rounds, " f"{n} alerts"\n',
        encoding="utf-8",
    )
    [found] = prose(module)  # the f-string's pieces are read together: 3 words
    assert found.startswith("probe.py:5:") and "new rounds" in found


def test_every_allowance_is_still_needed() -> None:
    used = set()
    for rel, name in ALLOWED:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        owners = _owners(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and owners.get(id(node)) == name:
                used.add((rel, name))
    assert sorted(set(ALLOWED) - used) == []
