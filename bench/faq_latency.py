"""Benchmark: FAQ index build time at start-up and answer latency.

Run: .venv/bin/python bench/faq_latency.py [--repeat N] [--real FILE] [--knowledge DIR] [--lang fr]
(`--lang fr`: the French index over `knowledge/fr/`, timed on the French tuning questions)

Prints:
- the start-up cost in a fresh process, as the app pays it: importing the FAQ modules, reading
  the entry files and `get_index()`-style building (BM25, characters, the re-ranker's training,
  loading the embeddings and embedding every entry), median of 3 processes;
- the same with the index kept on disk by an earlier start (`bot/faq/cache.py`: imports, the
  key's hash of the files, loading the kept index), median of 3 processes after one that builds;
- the build time alone in this process (median of 5 builds);
- p50 / p95 / max latency of `answer(question)` over every tuning question
  (`tests/data/faq_eval_*.jsonl`, plus the real-post tuning file given with `--real`: those are
  long posts), repeated N times. The held-out sets are never read here.
The machine is shared: figures vary with its load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bench.faq_eval import eval_files, load_cases
from bot.faq.answer import answer
from bot.faq.entries import load_entries
from bot.faq.index import FaqIndex
from bot.faq.languages import LANGS, language

ROOT = Path(__file__).parents[1]


def _forget_analysis() -> None:
    """Empty the text analysis's caches (stems, expansions), which a process fills once."""
    from bot.faq import sentences, text, text_fr

    for analyser in (text.ENGLISH, text_fr.FRENCH):
        for function in (analyser.expand, analyser.stem):
            clear = getattr(function, "cache_clear", None)  # expansions: cached since 5cf7c07
            if clear is not None:
                clear()
    sentences.text_key.cache_clear()  # the shipped files' keys of each text, cached per process


COLD_START = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from bot.faq.entries import load_entries
from bot.faq.index import FaqIndex
FaqIndex.build(load_entries(Path(sys.argv[1])), lang=sys.argv[2])
print(time.perf_counter() - t)
"""

WARM_START = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from bot.faq import cache
from bot.faq.index import get_index
cache.use_directory(Path(sys.argv[1]))
get_index(sys.argv[2])
print(time.perf_counter() - t)
"""


def fresh_process(script: str, *args: str) -> float:
    """Milliseconds `script` prints after running in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(done.stdout.strip()) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--real", type=Path, action="append", default=[])
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--lang", choices=LANGS, default="en")
    args = parser.parse_args()
    lang = args.lang
    args.knowledge = args.knowledge or language(lang).knowledge
    cold = [fresh_process(COLD_START, str(args.knowledge), lang) for _ in range(3)]
    warm: list[float] = []
    if args.knowledge == language(lang).knowledge:  # the cache keys the shipped knowledge
        with tempfile.TemporaryDirectory() as folder:
            kept = str(Path(folder) / "cache")
            fresh_process(WARM_START, kept, lang)  # builds and keeps it
            warm = [fresh_process(WARM_START, kept, lang) for _ in range(3)]
    started = time.perf_counter()
    entries = load_entries(args.knowledge)
    load_ms = (time.perf_counter() - started) * 1000
    builds = []
    for _ in range(5):
        _forget_analysis()  # each build analyses its texts afresh, as at start-up
        builds.append(FaqIndex.build(entries, lang=lang).build_seconds * 1000)
    index = FaqIndex.build(entries, lang=lang)
    questions = [c.question for c in load_cases(eval_files(lang=lang))]
    for path in args.real:  # every post, labelled or not
        rows = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        questions += [row["q"] for row in rows]
    answer(questions[0], index)  # warm caches once, as a running bot would be
    times = []
    for _ in range(args.repeat):
        for question in questions:
            t0 = time.perf_counter()
            answer(question, index)
            times.append((time.perf_counter() - t0) * 1000)
    print(f"entries: {len(entries)}; loading the files: {load_ms:.1f} ms")
    print(
        f"start-up in a fresh process (imports + files + build): median {statistics.median(cold):.0f} ms of 3"
    )
    if warm:
        print(
            "start-up in a fresh process with the index kept on disk (imports + key + load):"
            f" median {statistics.median(warm):.0f} ms of 3"
        )
    print(f"index build in process: median {statistics.median(builds):.1f} ms of 5 builds")
    print(
        f"answer latency over {len(questions)} questions x {args.repeat}:"
        f" p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms,"
        f" max {max(times):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
