"""Evaluation and tuning of FAQ retrieval (a tool: it lives outside the product package).

Each line: `{"q": ..., "expect": "<entry id>" | null, "also": ["<entry id>", ...]}` (`also`
optional; older rows also carry a `split` field, which is ignored). Real-post sets also carry
`"in_scope": true|false` and `"source": "real"|"written"`: an in-scope row without an `expect`
id yet is not labelled and is skipped (counted and reported). In-scope questions (an
expected id) count as right when the bot answers with `expect` or one of `also`; out-of-scope
ones (null) count as right when it abstains (a "my_score"/"latest_draw" hand-off is not an
abstention).

Tuning rows: `tests/data/faq_eval_a.jsonl`, `faq_eval_b.jsonl` and `faq_eval_sealed*.jsonl`
(the written sets of rounds 1-4; the sealed ones were each a held-out set once, measured once,
then turned into tuning data), plus any real-post file given with `--real`. Held-out sets live
outside the repository and are only ever run with `--set` (figures, never rows).

`--set FILE [FILE ...]` runs the given set(s) once with the shipped index and fit and prints
in-scope right / wrong / abstained (and suggested), out-of-scope declined, for all rows and for
each `source` separately: the command for a final held-out measurement (figures only).

`--real FILE` adds a real-post tuning file to the tuning rows of `--tune`, `--misses` and the
default figures. `--knowledge DIR` points the index at another knowledge folder.

`--lang fr` does all of this for the French knowledge base (`knowledge/fr/`, French text
analysis, hand-offs and out-of-scope subjects): its tuning rows are `FRENCH_TUNING_FILES`
(plus `--real`), no English row or probe, and `--tune --write` writes
`bot/faq/confidence_fit_fr.json`.

`--proxy FILE` fits the confidence calibrators on the other tuning files only and reports
FILE's figures (no misses): a rough stand-in for unseen questions while FILE's misses have not
been read yet.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.faq import confidence
from bot.faq.answer import answer
from bot.faq.confidence import FEATURES, Calibrator
from bot.faq.entries import KNOWLEDGE_DIR, load_entries
from bot.faq.index import TIE, FaqIndex, Params
from bot.faq.languages import LANGS, language
from bot.faq.ranking import params_for

EVAL_DIR = Path(__file__).parents[1] / "tests" / "data"
TUNING_FILES = (
    "faq_eval_a.jsonl",
    "faq_eval_b.jsonl",
    "faq_eval_sealed.jsonl",
    "faq_eval_sealed2.jsonl",
    "faq_eval_sealed3.jsonl",
    "faq_eval_sealed4.jsonl",
)
FRENCH_TUNING_FILES = ("faq_tuning_fr.jsonl",)  # helper evalfr's French tuning set
PROBE_FILE = Path(__file__).parents[1] / "tests" / "test_faq" / "oos_probe.txt"


@dataclass(frozen=True, slots=True)
class Case:
    question: str
    expect: str | None
    also: tuple[str, ...] = ()
    source: str = "written"

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
    suggested: tuple[str, ...] = ()  # the middle band's suggestions (an abstention)

    @property
    def right(self) -> bool:
        if self.case.expect is None:
            return not self.answered
        return self.answered and self.entry_id in self.case.accepted

    @property
    def suggestion_right(self) -> bool:
        """In the middle band, and an accepted entry is among the suggestions."""
        return bool(self.case.accepted & set(self.suggested))


@dataclass(frozen=True, slots=True)
class Figures:
    name: str
    in_scope: int
    top1_right: int
    out_of_scope: int
    abstained: int
    answered_wrong: int = 0  # in-scope rows answered with a wrong entry
    suggested: int = 0  # in-scope rows in the middle band
    suggested_right: int = 0  # ... with an accepted entry among the suggestions
    oos_suggested: int = 0  # out-of-scope rows in the middle band (counted as abstained)

    @property
    def top1_accuracy(self) -> float:
        return self.top1_right / self.in_scope if self.in_scope else 0.0

    @property
    def abstention_rate(self) -> float:
        return self.abstained / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.answered_wrong / self.in_scope if self.in_scope else 0.0

    @property
    def precision(self) -> float:
        """Right answers over all in-scope answers (entry answers, not hand-offs)."""
        answered = self.top1_right + self.answered_wrong
        return self.top1_right / answered if answered else 0.0

    @property
    def precision_with_oos(self) -> float:
        """Right answers over every answer, out-of-scope rows answered included."""
        answered = self.top1_right + self.answered_wrong + self.out_of_scope - self.abstained
        return self.top1_right / answered if answered else 0.0

    def line(self) -> str:
        return (
            f"{self.name}: in-scope top-1 {self.top1_right}/{self.in_scope}"
            f" = {self.top1_accuracy:.1%}; out-of-scope abstained"
            f" {self.abstained}/{self.out_of_scope} = {self.abstention_rate:.1%}"
        )

    def report(self) -> str:
        """`line()` plus precision, wrong answers and the middle band."""
        return (
            self.line()
            + f"\n    answered wrong {self.answered_wrong}/{self.in_scope} = {self.wrong_rate:.1%};"
            f" precision when answering {self.precision:.1%}"
            f" ({self.precision_with_oos:.1%} counting out-of-scope answers)"
            + f"\n    in scope not answered (abstained or suggested)"
            f" {self.in_scope - self.top1_right - self.answered_wrong}/{self.in_scope}"
            + f"\n    middle band: {self.suggested} in-scope rows, right entry among the"
            f" suggestions {self.suggested_right}/{self.suggested};"
            f" {self.oos_suggested} out-of-scope rows"
        )


def eval_files(folder: Path = EVAL_DIR, lang: str = "en") -> list[Path]:
    """The tuning files of `lang` (the sealed held-out file is never among them)."""
    names = FRENCH_TUNING_FILES if lang == "fr" else TUNING_FILES
    return [folder / name for name in names if (folder / name).exists()]


def probe_cases(path: Path = PROBE_FILE) -> list[Case]:
    """Unseen out-of-scope questions written during development (subjects absent from
    `out_of_scope.py`): extra out-of-scope rows for tuning the confidence floors."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Case(line.strip(), None) for line in lines if line.strip() and not line.startswith("#")]


UNLABELLED: list[str] = []  # in-scope rows skipped because they carry no `expect` id yet


def load_cases(files: Iterable[Path]) -> list[Case]:
    cases = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            expect, also = row.get("expect"), row.get("also") or []
            if row.get("in_scope") is True and not expect:
                UNLABELLED.append(f"{path.name}:{n}")
                continue
            if row.get("in_scope") is False and expect:
                raise ValueError(f"{path.name}:{n}: out of scope but expects {expect}")
            if (
                not isinstance(row.get("q"), str)
                or not (expect is None or isinstance(expect, str))
                or not isinstance(also, list)
                or not all(isinstance(a, str) for a in also)
            ):
                raise ValueError(f"{path.name}:{n}: needs a string q, expect id|null, also [ids]")
            source = str(row.get("source") or "written")
            cases.append(Case(row["q"], expect, tuple(also), source))
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
                suggested=tuple(e.id for e in result.suggestions),
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
        answered_wrong=sum(o.answered and o.entry_id is not None and not o.right for o in in_scope),
        suggested=sum(bool(o.suggested) for o in in_scope),
        suggested_right=sum(o.suggestion_right for o in in_scope),
        oos_suggested=sum(bool(o.suggested) for o in out_scope),
    )


@dataclass(frozen=True, slots=True)
class _Table:
    """How every case ranked (numpy columns): the confidence features and what was right."""

    x: npt.NDArray[np.float64]  # rows x `confidence.FEATURES`
    top: npt.NDArray[np.float64]  # best entry's score
    margin: npt.NDArray[np.float64]  # over the runner-up
    oos_gap: npt.NDArray[np.float64]  # best entry's score minus the out-of-scope score
    oos_wins: npt.NDArray[np.bool_]
    siblings: npt.NDArray[np.bool_]
    expect: npt.NDArray[np.bool_]  # an in-scope row
    right: npt.NDArray[np.bool_]  # in scope and the best entry is an accepted one
    right3: npt.NDArray[np.bool_]  # in scope and an accepted entry is among the suggestions
    handed_off: npt.NDArray[np.bool_]  # "my_score" / "latest_draw" (an answer, not an entry)
    real: npt.NDArray[np.bool_]  # a real post (`"source": "real"`)


def _table(cases: Sequence[Case], index: FaqIndex) -> _Table:
    hand_off = language(index.lang).hand_off
    rankings = [index.rank(c.question) for c in cases]
    pairs = list(zip(cases, rankings, strict=True))
    return _Table(
        x=np.asarray([r.features() for r in rankings], dtype=np.float64),
        top=np.asarray([r.top_score for r in rankings]),
        margin=np.asarray([r.margin for r in rankings]),
        oos_gap=np.asarray([r.top_score - r.out_of_scope_score for r in rankings]),
        oos_wins=np.asarray([r.out_of_scope_wins for r in rankings]),
        siblings=np.asarray([r.siblings for r in rankings]),
        expect=np.asarray([c.expect is not None for c in cases]),
        right=np.asarray([r.top is not None and r.top.entry.id in c.accepted for c, r in pairs]),
        right3=np.asarray(
            [bool(c.accepted & {s.entry.id for s in r.suggestions}) for c, r in pairs]
        ),
        handed_off=np.asarray([hand_off(c.question) is not None for c in cases]),
        real=np.asarray([c.source == "real" for c in cases]),
    )


def _gate(t: _Table, p: Params) -> npt.NDArray[np.bool_]:
    """The rule part of `FaqIndex.confident` (without the calibrated probability), vectorised."""
    sibling_ok = t.siblings & (t.top >= p.sibling_min_score) & (t.margin >= p.sibling_min_margin)
    ok = (t.top >= p.min_score) & (t.oos_gap >= p.oos_margin) & (t.margin > TIE)
    ok &= (t.margin >= p.min_margin) | sibling_ok
    if p.oos_veto:
        ok &= ~t.oos_wins
    return ok & ~t.handed_off


# A wrong entry is worse than "I'm not sure". The answer threshold is the lowest one at which,
# on the rows it is chosen on -- all of them, and the real posts on their own when there are
# any -- at most WRONG_TARGET of the in-scope rows get a wrong entry and at least
# ABSTENTION_TARGET of the out-of-scope rows (probe included) are not answered (the acceptance
# bar, 3% and 90%, with a small margin on the second); the suggestion threshold the lowest one at
# which a right entry is among the suggestions in SUGGEST_TARGET of the middle-band rows.
# (Rounds 3-4 used a precision target of 90% instead; on real posts that allowed ~10% wrong.)
WRONG_TARGET = 0.03  # in-scope rows answered with a wrong entry, at most (acceptance: 3%)
# French: ~100 in-scope tuning rows, so a threshold chosen at 3% in-sample let 5.8% wrong
# answers through out of fold; the French fit is chosen at 1% (docs/benchmarks.md, French).
WRONG_TARGETS = {"en": WRONG_TARGET, "fr": 0.01}
ABSTENTION_TARGET = 0.92
SUGGEST_TARGET = 0.7
THRESHOLD_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
FOLDS = 5
# Real posts are few next to the written rows; each weighs this much in the calibrators' fit.
REAL_WEIGHT = 5.0
# The targets must also hold on the real posts alone (True), or only on all rows pooled.
SEPARATE_REAL = True
CALIBRATOR_C = 100.0  # inverse regularisation of the calibrators (chosen by cross-validation)


@dataclass(frozen=True, slots=True)
class Fit:
    """Calibrators and thresholds fitted on some rows."""

    answer: Calibrator
    suggest: Calibrator
    answer_threshold: float
    suggest_threshold: float


def _calibrator(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.bool_], real: npt.NDArray[np.bool_]
) -> Calibrator:
    if y.all() or not y.any():
        return Calibrator(tuple(0.0 for _ in FEATURES), 10.0 if y.all() else -10.0)
    weight = np.where(real, REAL_WEIGHT, 1.0)
    model = LogisticRegression(C=CALIBRATOR_C, max_iter=5000).fit(x, y, sample_weight=weight)
    weights = tuple(round(float(w), 4) for w in model.coef_[0])
    return Calibrator(weights, round(float(model.intercept_[0]), 4))


def _probabilities(c: Calibrator, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    z = np.clip(x @ np.asarray(c.weights) + c.bias, -30, 30)
    return 1.0 / (1.0 + np.exp(-z))


def _decide(
    t: _Table, f: Fit, p: Params, rows: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(answered with an entry, in the middle band) for every row."""
    gate = _gate(t, p) & rows
    answered = gate & (_probabilities(f.answer, t.x) >= f.answer_threshold)
    band = ~answered & ~t.handed_off & rows & (t.top >= p.suggest_min_score)
    band &= _probabilities(f.suggest, t.x) >= f.suggest_threshold
    return answered, band


def _fit(
    t: _Table, p: Params, rows: npt.NDArray[np.bool_], wrong_target: float = WRONG_TARGET
) -> Fit:
    """Fit both calibrators and choose both thresholds on `rows` only."""
    usable = rows & ~t.handed_off
    answer = _calibrator(t.x[usable], t.right[usable], t.real[usable])
    suggest = _calibrator(t.x[usable], t.right3[usable], t.real[usable])
    gate = _gate(t, p) & rows
    p1, p3 = _probabilities(answer, t.x), _probabilities(suggest, t.x)
    outside = usable & ~t.expect
    # The targets hold on all rows and, on their own, on the real posts (when there are any).
    groups = [usable] + ([usable & t.real] if SEPARATE_REAL and (usable & t.real).any() else [])
    answer_threshold = THRESHOLD_GRID[-1]
    for threshold in THRESHOLD_GRID:
        answered = gate & (p1 >= threshold)
        if answered.any() and all(
            (g & t.expect & answered & ~t.right).sum() <= wrong_target * (g & t.expect).sum()
            and (g & outside & ~answered).sum() >= ABSTENTION_TARGET * (g & outside).sum()
            for g in groups
        ):
            answer_threshold = threshold
            break
    rest = usable & ~(gate & (p1 >= answer_threshold)) & (t.top >= p.suggest_min_score)
    suggest_threshold = THRESHOLD_GRID[-1]
    for threshold in THRESHOLD_GRID:
        band = rest & (p3 >= threshold)
        if band.any() and (t.right3 & band).sum() / band.sum() >= SUGGEST_TARGET:
            suggest_threshold = threshold
            break
    return Fit(answer, suggest, answer_threshold, suggest_threshold)


def _figures(t: _Table, f: Fit, p: Params, rows: npt.NDArray[np.bool_], name: str) -> Figures:
    answered, band = _decide(t, f, p, rows)
    inside, outside = rows & t.expect, rows & ~t.expect
    return Figures(
        name=name,
        in_scope=int(inside.sum()),
        top1_right=int((inside & answered & t.right).sum()),
        out_of_scope=int(outside.sum()),
        abstained=int((outside & ~answered & ~t.handed_off).sum()),
        answered_wrong=int((inside & answered & ~t.right).sum()),
        suggested=int((inside & band).sum()),
        suggested_right=int((inside & band & t.right3).sum()),
        oos_suggested=int((outside & band).sum()),
    )


def _add(a: Figures, b: Figures, name: str) -> Figures:
    return Figures(
        name,
        *(getattr(a, k) + getattr(b, k) for k in Figures.__dataclass_fields__ if k != "name"),
    )


@dataclass(frozen=True, slots=True)
class Tuned:
    fit: Fit
    tuning: Figures  # fitted on all tuning rows (optimistic)
    cross_validated: Figures  # each fold scored with the fit chosen on the other folds
    fold_fits: tuple[Fit, ...]
    cross_by_source: tuple[Figures, ...] = ()  # the cross-validated figures of each source


def tune(
    cases: Sequence[Case],
    root: Path = KNOWLEDGE_DIR,
    params: Params | None = None,
    lang: str = "en",
) -> Tuned:
    """Fit the confidence calibrators and choose their thresholds on the tuning rows, with
    `FOLDS`-fold cross-validation: each fold is scored with calibrators and thresholds fitted
    on the other folds only. (The ranking itself -- BM25, characters, the classifier -- is
    built from the knowledge base, never from these rows.)"""
    index = FaqIndex.build(load_entries(root), params or Params(), lang=lang)
    p = index.params
    table = _table(cases, index)
    n = len(cases)
    fold = np.random.default_rng(0).permutation(n) % FOLDS
    everything = np.ones(n, dtype=bool)
    fits = []
    cross: Figures | None = None
    sources = np.asarray([c.source for c in cases])
    per_source: dict[str, Figures] = {}
    for k in range(FOLDS):
        f = _fit(table, p, fold != k, WRONG_TARGETS[lang])
        fits.append(f)
        part = _figures(table, f, p, fold == k, "")
        cross = part if cross is None else _add(cross, part, "")
        for source in sorted(set(sources)):
            name = f"  {FOLDS}-fold cross-validated, source={source}"
            part = _figures(table, f, p, (fold == k) & (sources == source), name)
            per_source[source] = _add(per_source[source], part, name) if k else part
    assert cross is not None
    chosen = _fit(table, p, everything, WRONG_TARGETS[lang])
    return Tuned(
        chosen,
        _figures(table, chosen, p, everything, "tuning, fitted on all rows (in-sample)"),
        replace(cross, name=f"tuning, {FOLDS}-fold cross-validated"),
        tuple(fits),
        tuple(per_source.values()),
    )


def proxy(
    rest: Sequence[Case], held: Sequence[Case], name: str, root: Path = KNOWLEDGE_DIR
) -> tuple[Figures, Figures]:
    """Fit the calibrators and thresholds on `rest` only and score `held` with them (and with
    the fit currently in `confidence.py`, for comparison). Figures only, never the rows."""
    index = FaqIndex.build(load_entries(root))
    p = index.params
    table = _table([*rest, *held], index)
    held_rows = np.arange(len(rest) + len(held)) >= len(rest)
    fit = _fit(table, p, ~held_rows)
    current = Fit(
        confidence.ANSWER,
        confidence.SUGGEST,
        confidence.ANSWER_THRESHOLD,
        confidence.SUGGEST_THRESHOLD,
    )
    return (
        _figures(table, fit, p, held_rows, f"{name}, calibrated on the other tuning rows"),
        _figures(table, current, p, held_rows, f"{name}, with the fit in confidence.py"),
    )


def write_fit(fit: Fit, path: Path = confidence.FIT_FILE) -> None:  # French: fit_file("fr")
    """Write `fit` to the data file `bot/faq/confidence.py` reads."""
    data = {
        "features": list(FEATURES),
        "answer": {"weights": list(fit.answer.weights), "bias": fit.answer.bias},
        "suggest": {"weights": list(fit.suggest.weights), "bias": fit.suggest.bias},
        "answer_threshold": fit.answer_threshold,
        "suggest_threshold": fit.suggest_threshold,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def by_source(outcomes: Sequence[Outcome], name: str) -> list[Figures]:
    """Figures of all rows, then of each `source` (real, written, ...) on its own."""
    sources = sorted({o.case.source for o in outcomes})
    parts = [figures(outcomes, f"{name}: all rows")]
    if len(sources) > 1:
        for source in sources:
            rows = [o for o in outcomes if o.case.source == source]
            parts.append(figures(rows, f"{name}: source={source}"))
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/faq_eval.py", description=__doc__)
    parser.add_argument("--tune", action="store_true", help="grid-search on the tuning set")
    parser.add_argument(
        "--write", action="store_true", help="with --tune: write the fit into confidence.py"
    )
    parser.add_argument("--misses", action="store_true", help="list the tuning set's misses")
    parser.add_argument(
        "--proxy",
        metavar="FILE",
        help="figures (no misses) of one tuning file, calibrated on the other tuning files",
    )
    parser.add_argument(
        "--set", nargs="+", type=Path, metavar="FILE", help="run these sets once (figures only)"
    )
    parser.add_argument("--real", type=Path, action="append", default=[], help="tuning file")
    parser.add_argument("--knowledge", type=Path, default=None, help="entries folder")
    parser.add_argument("--lang", choices=LANGS, default="en", help="knowledge base language")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="try a Params value"
    )
    args = parser.parse_args(argv)
    lang = args.lang
    args.knowledge = args.knowledge or language(lang).knowledge
    params = params_for(lang)  # the language's thresholds, unless --param sets them
    for item in args.param:
        name, value = item.split("=", 1)
        params = replace(params, **{name: type(getattr(params, name))(value)})
    if args.set:
        index = FaqIndex.build(load_entries(args.knowledge), lang=lang)
        print(f"{len(index.entries)} entries from {args.knowledge}")
        held = load_cases(args.set)
        for figs in by_source(run(held, index), ", ".join(p.name for p in args.set)):
            print(figs.report())
        if UNLABELLED:
            print(f"skipped {len(UNLABELLED)} in-scope rows without an expect id")
        return 0
    cases = load_cases([*eval_files(lang=lang), *args.real])
    probe = probe_cases() if lang == "en" else []
    if args.proxy:
        others = [f for f in eval_files() if f.name != args.proxy]
        if len(others) == len(eval_files()):
            parser.error(f"{args.proxy} is not a tuning file")
        held = load_cases([EVAL_DIR / args.proxy])
        for figs in proxy([*load_cases(others), *probe], held, args.proxy):
            print(figs.report())
        return 0
    if args.tune:
        tuned = tune([*cases, *probe], args.knowledge, params, lang)
        for k, f in enumerate(tuned.fold_fits):
            print(
                f"  fold {k}: answer threshold {f.answer_threshold}"
                f" suggest threshold {f.suggest_threshold}"
            )
        print(f"chosen on all rows: {tuned.fit}")
        print(f"(out of scope includes the {len(probe)}-question probe)")
        print(tuned.tuning.report())
        print(tuned.cross_validated.report())
        for figs in tuned.cross_by_source:
            print(figs.report())
        if args.write:
            write_fit(tuned.fit, confidence.fit_file(lang))
            print(f"written to {confidence.fit_file(lang)}")
        return 0
    index = FaqIndex.build(load_entries(args.knowledge), params, lang=lang)
    print(f"{len(index.entries)} entries, index built in {index.build_seconds * 1000:.1f} ms")
    outcomes = run(cases, index)
    for figs in by_source(outcomes, "tuning (old sets + --real)"):
        print(figs.report())
    if probe:
        print(figures(run(probe, index), "unseen out-of-scope probe").line())
    if args.misses:
        for o in outcomes:
            if not o.right:
                handed = language(lang).hand_off(o.case.question)
                hint = f" intent={handed}" if handed else ""
                print(
                    f"{o.case.question!r} expect={o.case.expect}"
                    f" got={o.entry_id if o.answered else 'ABSTAIN'}"
                    f" score={o.score:.3f} margin={o.margin:.3f}{hint}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
