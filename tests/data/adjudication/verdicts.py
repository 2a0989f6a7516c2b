"""The working copies of an adjudication batch: the knowledge dump the adjudicator reads, the
private items and the adjudicator's answers."""

import glob
import json
from pathlib import Path

WORK = Path("/work/adjudicate")


def write_kb(out: Path, lang: str) -> None:
    """`out/kb.md`: every entry of `lang` (id, title, body), what the adjudicator reads."""
    from bot.faq.entries import load_entries
    from bot.faq.languages import language

    with (out / "kb.md").open("w", encoding="utf-8") as f:
        for e in load_entries(language(lang).knowledge):
            f.write(f"## {e.id}\n{e.title}\n\n{e.body.strip()}\n\n")


def _jsonl(path: str | Path) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load(lang: str, by: str = "key") -> tuple[dict[str, dict], dict[str, dict]]:
    """(items keyed by `by`, verdicts keyed by item key) of `/work/adjudicate/<lang>/`."""
    items = {r[by]: r for r in _jsonl(WORK / lang / "private.jsonl")}
    out = {}
    for fn in sorted(glob.glob(str(WORK / lang / "out*.jsonl"))):
        out.update({o["key"]: o for o in _jsonl(fn)})
    return items, out
