"""Evaluation of retrieval on the question sets in `tests/data/`.

Each line: `{"q": ..., "expect": "<entry id>" | null, "also": ["<entry id>", ...]}` (`also`
optional; older rows also carry a `split` field, which is ignored). In-scope questions (an
expected id) count as right when the bot answers with `expect` or one of `also`; out-of-scope
ones (null) count as right when it abstains (a "my_score"/"latest_draw" hand-off is not an
abstention).

Two sets:

- tuning: `faq_eval_a.jsonl`, `faq_eval_b.jsonl` and `faq_eval_sealed.jsonl`, all rows.
  Weights, thresholds, the re-ranker's hyper-parameters and the knowledge base's phrasing were
  developed against these, so they are not held out. (`faq_eval_sealed.jsonl` was the round-1
  held-out set: measured once, then turned into tuning data.)
- held out: `faq_eval_sealed2.jsonl`, written by someone else and never looked at during
  development; `--final` reports its figures (never its misses). Nothing else reads it.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.faq.answer import answer
from bot.faq.entries import KNOWLEDGE_DIR, load_entries
from bot.faq.index import TIE, FaqIndex, Params
from bot.faq.intents import detect

EVAL_DIR = Path(__file__).parents[2] / "tests" / "data"
TUNING_FILES = ("faq_eval_a.jsonl", "faq_eval_b.jsonl", "faq_eval_sealed.jsonl")
# The held-out set (round 2). Round 1 (`faq_eval_sealed.jsonl`) is tuning data now.
SEALED_FILE = "faq_eval_sealed2.jsonl"
PROBE_FILE = Path(__file__).parents[2] / "tests" / "test_faq" / "oos_probe.txt"


@dataclass(frozen=True, slots=True)
class Case:
    question: str
    expect: str | None
    also: tuple[str, ...] = ()

    @property
    def accepted(self) -> frozenset[str]:
        return frozenset((self.expect, *self.also)) if self.expect else frozenset()


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
        return self.answered and self.entry_id in self.case.accepted


@dataclass(frozen=True, slots=True)
class Figures:
    name: str
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
            f"{self.name}: in-scope top-1 {self.top1_right}/{self.in_scope}"
            f" = {self.top1_accuracy:.1%}; out-of-scope abstained"
            f" {self.abstained}/{self.out_of_scope} = {self.abstention_rate:.1%}"
        )


def eval_files(folder: Path = EVAL_DIR) -> list[Path]:
    """The tuning files (the sealed held-out file is never among them)."""
    return [folder / name for name in TUNING_FILES if (folder / name).exists()]


def probe_cases(path: Path = PROBE_FILE) -> list[Case]:
    """Unseen out-of-scope questions written during development (subjects absent from
    `out_of_scope.py`): extra out-of-scope rows for tuning the confidence floors."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Case(line.strip(), None) for line in lines if line.strip() and not line.startswith("#")]


def sealed_file(folder: Path = EVAL_DIR) -> Path | None:
    """The held-out file, or None while it has not been written."""
    path = folder / SEALED_FILE
    return path if path.exists() else None


def load_cases(files: Iterable[Path]) -> list[Case]:
    cases = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            expect, also = row.get("expect"), row.get("also", [])
            if (
                not isinstance(row.get("q"), str)
                or not (expect is None or isinstance(expect, str))
                or not isinstance(also, list)
                or not all(isinstance(a, str) for a in also)
            ):
                raise ValueError(f"{path.name}:{n}: needs a string q, expect id|null, also [ids]")
            cases.append(Case(row["q"], expect, tuple(also)))
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


def figures(outcomes: Sequence[Outcome], name: str) -> Figures:
    in_scope = [o for o in outcomes if o.case.expect is not None]
    out_scope = [o for o in outcomes if o.case.expect is None]
    return Figures(
        name=name,
        in_scope=len(in_scope),
        top1_right=sum(o.right for o in in_scope),
        out_of_scope=len(out_scope),
        abstained=sum(o.right for o in out_scope),
    )


@dataclass(frozen=True, slots=True)
class _Table:
    """How every case ranked under one setting of the ranking parameters (numpy columns)."""

    top: npt.NDArray[np.float64]  # best entry's score
    margin: npt.NDArray[np.float64]  # over the runner-up
    oos_gap: npt.NDArray[np.float64]  # best entry's score minus the out-of-scope score
    oos_wins: npt.NDArray[np.bool_]
    siblings: npt.NDArray[np.bool_]
    right: npt.NDArray[np.bool_]  # the best entry is an accepted one
    handed_off: npt.NDArray[np.bool_]  # "my_score" / "latest_draw" (an answer, not an entry)


def _table(cases: Sequence[Case], index: FaqIndex) -> _Table:
    rankings = [index.rank(c.question) for c in cases]
    return _Table(
        top=np.asarray([r.top_score for r in rankings]),
        margin=np.asarray([r.margin for r in rankings]),
        oos_gap=np.asarray([r.top_score - r.out_of_scope_score for r in rankings]),
        oos_wins=np.asarray([r.out_of_scope_wins for r in rankings]),
        siblings=np.asarray([r.siblings for r in rankings]),
        right=np.asarray(
            [
                r.top is not None and r.top.entry.id in c.accepted
                for c, r in zip(cases, rankings, strict=True)
            ]
        ),
        handed_off=np.asarray([detect(c.question) is not None for c in cases]),
    )


def _confident(t: _Table, p: Params) -> npt.NDArray[np.bool_]:
    """`FaqIndex.confident`, vectorised over a table."""
    sibling_ok = t.siblings & (t.top >= p.sibling_min_score) & (t.margin >= p.sibling_min_margin)
    ok = (t.top >= p.min_score) & (t.oos_gap >= p.oos_margin) & (t.margin > TIE)
    ok &= (t.margin >= p.min_margin) | sibling_ok
    if p.oos_veto:
        ok &= ~t.oos_wins
    return ok


# Ranking parameters (each needs the questions re-ranked) and confidence thresholds (cheap).
RERANK_WEIGHT_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
TEMPERATURE_GRID = (1.0, 2.0, 3.0, 5.0)
CANDIDATES_GRID = (10, 30)
SCORE_GRID = tuple(round(0.05 + 0.025 * i, 3) for i in range(19))
MARGIN_GRID = (0.0, 0.01, 0.02, 0.03, 0.05, 0.08)
SIBLING_SCORE_GRID = (0.2, 0.3, 0.4, 1.1)  # 1.1: no sibling exception
OOS_MARGIN_GRID = (-0.05, 0.0, 0.05, 0.1, 0.15)
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Tuned:
    params: Params
    tuning: Figures  # with `params`, fitted on all tuning rows (optimistic)
    cross_validated: Figures  # each fold scored with the params chosen on the other folds
    fold_params: tuple[Params, ...]


def tune(cases: Sequence[Case], root: Path = KNOWLEDGE_DIR) -> Tuned:
    """Grid-search the re-ranker mix and the confidence thresholds on the tuning set, with
    `FOLDS`-fold cross-validation over the tuning rows.

    The objective is in-scope top-1 accuracy plus out-of-scope abstention, ties broken by
    the weaker of the two, then by the stricter thresholds (the safer side). The
    cross-validated figures say how well choosing the thresholds this way generalises: each
    fold is scored with the parameters chosen on the other folds. (The classifier itself is
    trained on the knowledge base, never on these rows.)"""
    index = FaqIndex.build(load_entries(root))
    base = index.params
    expect = np.asarray([c.expect is not None for c in cases])
    fold = np.random.default_rng(0).permutation(len(cases)) % FOLDS
    settings: list[Params] = []
    counts: list[npt.NDArray[np.int64]] = []  # per setting: fold x (right in, right out)
    for w, temp, k in itertools.product(RERANK_WEIGHT_GRID, TEMPERATURE_GRID, CANDIDATES_GRID):
        if w == 0.0 and (temp, k) != (TEMPERATURE_GRID[0], CANDIDATES_GRID[0]):
            continue
        ranking_params = replace(base, rerank_weight=w, temperature=temp, candidates=k)
        index.params = ranking_params
        table = _table(cases, index)
        for s, m, ss, om, veto in itertools.product(
            SCORE_GRID, MARGIN_GRID, SIBLING_SCORE_GRID, OOS_MARGIN_GRID, (False, True)
        ):
            p = replace(
                ranking_params,
                min_score=s,
                min_margin=m,
                sibling_min_score=max(ss, s),
                sibling_min_margin=0.0,
                oos_margin=om,
                oos_veto=veto and w > 0,
            )
            ok = _confident(table, p)
            right_in = expect & ok & ~table.handed_off & table.right
            right_out = ~expect & ~ok & ~table.handed_off
            settings.append(p)
            counts.append(
                np.stack(
                    [
                        np.bincount(fold[right_in], minlength=FOLDS),
                        np.bincount(fold[right_out], minlength=FOLDS),
                    ],
                    axis=1,
                )
            )
    table_counts = np.stack(counts)  # settings x folds x 2
    n_in = np.bincount(fold[expect], minlength=FOLDS)
    n_out = np.bincount(fold[~expect], minlength=FOLDS)

    def pick(folds: npt.NDArray[np.bool_]) -> int:
        acc = table_counts[:, folds, 0].sum(axis=1) / max(int(n_in[folds].sum()), 1)
        abst = table_counts[:, folds, 1].sum(axis=1) / max(int(n_out[folds].sum()), 1)
        strict = np.asarray([(p.min_score, p.min_margin, p.oos_margin) for p in settings])
        keys = (strict[:, 2], strict[:, 1], strict[:, 0], np.minimum(acc, abst), acc + abst)
        return int(np.lexsort(np.round(np.stack(keys), 9))[-1])

    chosen = settings[pick(np.ones(FOLDS, dtype=bool))]
    fold_params = []
    cv_in = cv_out = 0
    for f in range(FOLDS):
        mask = np.arange(FOLDS) != f
        best = pick(mask)
        fold_params.append(settings[best])
        cv_in += int(table_counts[best, f, 0])
        cv_out += int(table_counts[best, f, 1])
    n_in_all, n_out_all = int(expect.sum()), int((~expect).sum())
    cross = Figures("tuning, 5-fold cross-validated", n_in_all, cv_in, n_out_all, cv_out)
    final = FaqIndex.build(load_entries(root), chosen)
    return Tuned(chosen, figures(run(cases, final), "tuning"), cross, tuple(fold_params))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.faq.evaluate", description=__doc__)
    parser.add_argument("--tune", action="store_true", help="grid-search on the tuning set")
    parser.add_argument("--misses", action="store_true", help="list the tuning set's misses")
    parser.add_argument(
        "--final",
        action="store_true",
        help=f"also report the held-out figures on tests/data/{SEALED_FILE} (no misses)",
    )
    args = parser.parse_args(argv)
    cases = load_cases(eval_files())
    probe = probe_cases()
    if args.tune:
        tuned = tune([*cases, *probe])
        print(tuned.params)
        for f, p in enumerate(tuned.fold_params):
            print(
                f"  fold {f}: weight {p.rerank_weight} temperature {p.temperature}"
                f" candidates {p.candidates} min_score {p.min_score} min_margin {p.min_margin}"
                f" sibling_min_score {p.sibling_min_score} oos_margin {p.oos_margin}"
                f" oos_veto {p.oos_veto}"
            )
        print(tuned.tuning.line() + f" (out of scope includes the {len(probe)}-question probe)")
        print(tuned.cross_validated.line())
        return 0
    index = FaqIndex.build(load_entries())
    print(f"{len(index.entries)} entries, index built in {index.build_seconds * 1000:.1f} ms")
    outcomes = run(cases, index)
    print(figures(outcomes, "tuning (faq_eval_a + b + sealed, all rows)").line())
    if probe:
        print(figures(run(probe, index), "unseen out-of-scope probe").line())
    if args.misses:
        for o in outcomes:
            if not o.right:
                hint = f" intent={detect(o.case.question)}" if detect(o.case.question) else ""
                print(
                    f"{o.case.question!r} expect={o.case.expect}"
                    f" got={o.entry_id if o.answered else 'ABSTAIN'}"
                    f" score={o.score:.3f} margin={o.margin:.3f}{hint}"
                )
    if args.final:
        sealed = sealed_file()
        if sealed is None:
            print(f"held out: tests/data/{SEALED_FILE} does not exist yet")
            return 1
        print(figures(run(load_cases([sealed]), index), f"held out ({SEALED_FILE})").line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
