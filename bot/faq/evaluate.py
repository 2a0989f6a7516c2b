"""Evaluation of retrieval on the question sets in `tests/data/faq_eval_*.jsonl`.

Each line: `{"q": ..., "expect": "<entry id>" | null, "split": "tune" | "heldout"}`.
In-scope questions (an expected id) count as right when the bot answers with that entry;
out-of-scope ones (null) count as right when it abstains. Thresholds and weights are tuned
on the "tune" split only (`python -m bot.faq.evaluate --tune`); the held-out split is only
ever reported.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.faq.answer import answer
from bot.faq.entries import KNOWLEDGE_DIR, load_entries
from bot.faq.index import DEFAULT_PARAMS, FaqIndex, Params
from bot.faq.intents import detect

EVAL_DIR = Path(__file__).parents[2] / "tests" / "data"
SPLITS = ("tune", "heldout")


@dataclass(frozen=True, slots=True)
class Case:
    question: str
    expect: str | None
    split: str


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    answered: bool
    entry_id: str | None
    score: float
    margin: float

    @property
    def right(self) -> bool:
        if self.case.expect is None:
            return not self.answered
        return self.answered and self.entry_id == self.case.expect


@dataclass(frozen=True, slots=True)
class Figures:
    split: str
    in_scope: int
    top1_right: int
    out_of_scope: int
    abstained: int

    @property
    def top1_accuracy(self) -> float:
        return self.top1_right / self.in_scope if self.in_scope else 0.0

    @property
    def abstention_rate(self) -> float:
        return self.abstained / self.out_of_scope if self.out_of_scope else 0.0

    def line(self) -> str:
        return (
            f"{self.split}: in-scope top-1 {self.top1_right}/{self.in_scope}"
            f" = {self.top1_accuracy:.1%}; out-of-scope abstained"
            f" {self.abstained}/{self.out_of_scope} = {self.abstention_rate:.1%}"
        )


def eval_files(folder: Path = EVAL_DIR) -> list[Path]:
    return sorted(folder.glob("faq_eval_*.jsonl"))


def load_cases(files: Iterable[Path]) -> list[Case]:
    cases = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("split") not in SPLITS or not isinstance(row.get("q"), str):
                raise ValueError(f"{path.name}:{n}: needs a string q and split tune|heldout")
            cases.append(Case(row["q"], row.get("expect"), row["split"]))
    return cases


def run(cases: Sequence[Case], index: FaqIndex) -> list[Outcome]:
    outcomes = []
    for case in cases:
        result = answer(case.question, index)
        outcomes.append(
            Outcome(
                case=case,
                answered=result.answered,
                entry_id=result.entry.id if result.entry else None,
                score=result.score,
                margin=result.score - result.runner_up_score,
            )
        )
    return outcomes


def figures(outcomes: Sequence[Outcome], split: str) -> Figures:
    chosen = [o for o in outcomes if o.case.split == split]
    in_scope = [o for o in chosen if o.case.expect is not None]
    out_scope = [o for o in chosen if o.case.expect is None]
    return Figures(
        split=split,
        in_scope=len(in_scope),
        top1_right=sum(o.right for o in in_scope),
        out_of_scope=len(out_scope),
        abstained=sum(o.right for o in out_scope),
    )


def _verdicts(
    cases: Sequence[Case], index: FaqIndex
) -> list[tuple[Case, str | None, str | None, float, float]]:
    """(case, hand-off intent, top entry id, score, margin) of each case; thresholds aside."""
    rows: list[tuple[Case, str | None, str | None, float, float]] = []
    for case in cases:
        intent = detect(case.question)
        ranking = index.rank(case.question)
        top = ranking.top
        rows.append(
            (case, intent, top.entry.id if top else None, ranking.top_score, ranking.margin)
        )
    return rows


def _accuracy(
    rows: Sequence[tuple[Case, str | None, str | None, float, float]],
    min_score: float,
    min_margin: float,
) -> tuple[float, float]:
    right_in = total_in = right_out = total_out = 0
    for case, intent, top_id, score, margin in rows:
        confident = top_id is not None and score >= min_score and margin >= min_margin
        answered = intent is not None or confident
        if case.expect is None:
            total_out += 1
            right_out += not answered
        else:
            total_in += 1
            right_in += intent is None and confident and top_id == case.expect
    return (right_in / max(total_in, 1), right_out / max(total_out, 1))


WEIGHT_GRID = {
    "title": (0.5, 1.0, 2.0),
    "questions": (1.0, 2.0),
    "question": (1.0, 2.0),
    "tags": (0.5, 1.0),
    "body": (0.5, 1.0),
}
SCORE_GRID = tuple(round(0.1 + 0.02 * i, 2) for i in range(21))
MARGIN_GRID = tuple(round(0.01 * i, 2) for i in range(13))


def tune(cases: Sequence[Case], root: Path = KNOWLEDGE_DIR) -> tuple[Params, Figures]:
    """Grid-search BM25 constants, field weights and thresholds on the tune split only.

    The objective is in-scope top-1 accuracy plus out-of-scope abstention, ties broken by
    the weaker of the two, then by the larger thresholds (the safer side)."""
    tune_cases = [c for c in cases if c.split == "tune"]
    entries = load_entries(root)
    best: tuple[tuple[float, float, float, float], Params] | None = None
    for k1, b in itertools.product((1.2, 1.6), (0.6, 0.9)):
        for values in itertools.product(*WEIGHT_GRID.values()):
            weights = dict(zip(WEIGHT_GRID, values, strict=True))
            base = replace(DEFAULT_PARAMS, k1=k1, b=b, weights=weights)
            rows = _verdicts(tune_cases, FaqIndex.build(entries, base))
            for min_score, min_margin in itertools.product(SCORE_GRID, MARGIN_GRID):
                acc, abst = _accuracy(rows, min_score, min_margin)
                key = (acc + abst, min(acc, abst), min_score, min_margin)
                if best is None or key > best[0]:
                    best = (key, replace(base, min_score=min_score, min_margin=min_margin))
    assert best is not None
    final = FaqIndex.build(entries, best[1])
    return best[1], figures(run(tune_cases, final), "tune")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.faq.evaluate", description=__doc__)
    parser.add_argument("--tune", action="store_true", help="grid-search on the tune split")
    parser.add_argument("--misses", action="store_true", help="list the wrong answers")
    args = parser.parse_args(argv)
    cases = load_cases(eval_files())
    if args.tune:
        params, tuned = tune(cases)
        print(params)
        print(tuned.line())
        return 0
    index = FaqIndex.build(load_entries())
    print(f"{len(index.entries)} entries, index built in {index.build_seconds * 1000:.1f} ms")
    outcomes = run(cases, index)
    for split in SPLITS:
        print(figures(outcomes, split).line())
    if args.misses:
        for o in outcomes:
            if not o.right:
                hint = f" intent={detect(o.case.question)}" if detect(o.case.question) else ""
                print(
                    f"[{o.case.split}] {o.case.question!r} expect={o.case.expect}"
                    f" got={o.entry_id if o.answered else 'ABSTAIN'}"
                    f" score={o.score:.3f} margin={o.margin:.3f}{hint}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
