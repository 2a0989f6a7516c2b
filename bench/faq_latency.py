"""Benchmark: FAQ index build time at start-up and answer latency over every evaluation question.

Run: .venv/bin/python bench/faq_latency.py [--repeat N]
Prints the entry count, build time (median of 5 builds), and p50 / p95 / max latency of
`answer(question)` over every tuning question (tests/data/faq_eval_a.jsonl, faq_eval_b.jsonl and
faq_eval_sealed.jsonl and faq_eval_sealed2.jsonl; the held-out faq_eval_sealed3.jsonl is never
read here), repeated N times.
The build includes training the re-ranker.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.faq.answer import answer
from bot.faq.entries import load_entries
from bot.faq.evaluate import eval_files, load_cases
from bot.faq.index import FaqIndex


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    entries = load_entries()
    load_ms = (time.perf_counter() - started) * 1000
    builds = [FaqIndex.build(entries).build_seconds * 1000 for _ in range(5)]
    index = FaqIndex.build(entries)
    questions = [c.question for c in load_cases(eval_files())]
    answer(questions[0], index)  # warm caches once, as a running bot would be
    times = []
    for _ in range(args.repeat):
        for question in questions:
            t0 = time.perf_counter()
            answer(question, index)
            times.append((time.perf_counter() - t0) * 1000)
    print(f"entries: {len(entries)}; loading the files: {load_ms:.1f} ms")
    print(f"index build: median {statistics.median(builds):.1f} ms of 5 builds")
    print(
        f"answer latency over {len(questions)} questions x {args.repeat}:"
        f" p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms,"
        f" max {max(times):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
