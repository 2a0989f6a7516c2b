"""Benchmark: N random CRS profiles through ``python -m bot.crs --batch`` in one process.

Usage: .venv/bin/python bench/crs_batch.py [N] [--runs R]
Prints the wall time of each run (process start to exit, JSON in and out) and the best.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.crs.language import ABILITIES, TESTS  # noqa: E402

EDUCATION = [
    "less_than_secondary",
    "secondary",
    "one_year",
    "two_year",
    "bachelors",
    "two_or_more",
    "masters",
    "doctoral",
]
MARITAL = ["single", "married", "common_law", "divorced", "separated", "widowed"]


def _score_value(rng: random.Random, test: str, ability: str) -> float | int:
    r = TESTS[test][ability]
    steps = int((r.max - r.min) / r.step)
    value = r.min + rng.randint(0, steps) * r.step
    return int(value) if float(value).is_integer() else value


def _language(rng: random.Random, tests: list[str]) -> dict[str, Any]:
    test = rng.choice(tests)
    return {"test": test, **{a: _score_value(rng, test, a) for a in ABILITIES}}


def random_profile(rng: random.Random) -> dict[str, Any]:
    english = [c for c, s in TESTS.items() if s.language == "english"]
    french = [c for c, s in TESTS.items() if s.language == "french"]
    first_pool, second_pool = (english, french) if rng.random() < 0.8 else (french, english)
    return {
        "age": rng.randint(16, 50),
        "marital_status": rng.choice(MARITAL),
        "spouse_canadian": rng.random() < 0.2,
        "spouse_accompanying": rng.random() < 0.8,
        "education": rng.choice(EDUCATION),
        "canadian_education": rng.choice(["none", "one_or_two_year", "three_year_plus"]),
        "first_language": _language(rng, first_pool),
        "second_language": _language(rng, second_pool) if rng.random() < 0.3 else None,
        "canadian_work_years": rng.randint(0, 6),
        "foreign_work_years": rng.randint(0, 5),
        "certificate_of_qualification": rng.random() < 0.1,
        "provincial_nomination": rng.random() < 0.1,
        "sibling_in_canada": rng.random() < 0.1,
        "spouse_education": rng.choice(EDUCATION),
        "spouse_canadian_work_years": rng.randint(0, 3),
        "spouse_language": _language(rng, english + french) if rng.random() < 0.5 else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20250325)
    payload = "".join(json.dumps(random_profile(rng)) + "\n" for _ in range(args.n))
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "bot.crs", "--batch"],
            input=payload,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        times.append(time.perf_counter() - start)
        lines = proc.stdout.splitlines()
        if len(lines) != args.n:
            print(f"expected {args.n} result lines, got {len(lines)}", file=sys.stderr)
            return 1
        errors = sum('"error"' in line for line in lines)
        if errors:
            print(f"{errors} profiles were rejected", file=sys.stderr)
            return 1
    totals = [json.loads(line)["total"] for line in lines]
    print(f"profiles: {args.n}  runs: {args.runs}")
    print("wall seconds per run: " + ", ".join(f"{t:.3f}" for t in times))
    print(f"best: {min(times):.3f} s  ({args.n / min(times):,.0f} profiles/s incl. startup)")
    print(f"mean total: {sum(totals) / len(totals):.1f}  max total: {max(totals)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
