"""The hybrid index: BM25 (bm25s) per field and character n-gram TF-IDF, fused, four more
signals, out-of-scope subjects and a confidence verdict.

Lexical part. Fields of an entry: its title, its questions (all together, and each one on its
own), its tags and its body; one BM25 index per field over stemmed, abbreviation-expanded terms.
An entry's BM25 score is the weighted sum of its field scores divided by the most the question
could score (typed words the entries never use count at a fixed weight), so a question with
words the knowledge base knows nothing about scores low. Character part: the best cosine of
character 3-5-grams between the question and the entry's title or any of its questions (typos,
word forms). Fused score = (1 - char_weight) * BM25 + char_weight * character score.

Semantic parts: WordLlama static embeddings (`semantic.py`) and the multilingual sentence model
(`sentences.py`), each an entry's soft maximum of cosines over its title, questions, first body
paragraph and labelled examples. The classifier (`rerank.py`): a linear model trained on the
entries, the shipped labelled questions (`examples.py`) and an "out of scope" class. Every
signal is computed for the whole post and for its question sentences (`focus.py`), the sentence
model's part on a thread of its own (`signals.py`).

The learned ranker and confidence of `learned.py` (`Params.learned`, both languages) order the
entries from those signals and decide: answer, "did you mean" (the best three), or abstain.
Without a fit, the mix and calibrated rule of `confidence.py` do (`FaqIndex.confident`: a score
floor, a margin over the runner-up, the out-of-scope gap and veto, `answer_threshold`). A built
index is kept on disk between starts when `cache.use_directory` names a folder. See docs/faq.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.faq import cache, confidence, learned, sentences
from bot.faq import signals as signals_of
from bot.faq.entries import Entry, load_entries
from bot.faq.examples import Example, entry_texts, load_examples
from bot.faq.languages import DEFAULT, Lang, language, pick
from bot.faq.markup import to_plain
from bot.faq.ranking import (
    DEFAULT_PARAMS,
    FIELDS,
    TIE,
    Match,
    OutOfScope,
    Params,
    Ranking,
    Scored,
    Signals,
    are_siblings,
    load_out_of_scope,
    params_for,
)
from bot.faq.spelling import Speller

if TYPE_CHECKING:  # the heavy modules are imported when an index is built, not on import
    from bot.faq.lexical import FieldIndex
    from bot.faq.rerank import Reranker
    from bot.faq.semantic import Embedder

LONG_POST_WORDS = 60  # content words at which a post counts as fully "long" (a feature)

__all__ = [
    "DEFAULT_PARAMS",
    "FIELDS",
    "TIE",
    "FaqIndex",
    "Match",
    "OutOfScope",
    "Params",
    "Ranking",
    "Scored",
    "are_siblings",
    "get_index",
    "load_out_of_scope",
]


class FaqIndex:
    """Search over a fixed list of entries. Build once (`build`), query many times."""

    def __init__(
        self,
        entries: Sequence[Entry],
        params: Params,
        build_seconds: float = 0.0,
        out_of_scope: Sequence[OutOfScope] = (),
        lang: Lang = DEFAULT,
        examples: Sequence[Example] = (),
    ):
        from threadpoolctl import threadpool_limits

        from bot.faq import dual
        from bot.faq.rerank import RerankConfig, Reranker, can_train
        from bot.faq.semantic import GroupMax, embed_in_background, get_embedder

        # A query's products are small: BLAS threads only contend for the CPUs (on a busy 2-CPU
        # machine one vector-matrix product took 1-6 ms with them, 0.05 ms without).
        threadpool_limits(limits=1, user_api="blas")
        # The multilingual sentence model loads on another thread meanwhile (`sentences.py`).
        if params.sentences:
            sentences.preload()

        self.lang, self.language = lang, language(lang)
        self.text, self.calibrators = self.language.text, confidence.load_fit(lang)
        self.learned = learned.load(lang) if params.learned else None
        self.entries = tuple(entries)
        self.out_of_scope = tuple(out_of_scope)
        self.params = params
        self.by_id = {e.id: e for e in self.entries}
        self.build_seconds = build_seconds
        n = len(self.entries) + len(self.out_of_scope)
        texts: dict[str, list[tuple[int, str]]] = {f: [] for f in FIELDS}
        semantic: list[tuple[int, str]] = []
        for i, e in enumerate(self.entries):
            body = to_plain(e.body, with_urls=False)
            texts["title"].append((i, e.title))
            texts["questions"].append((i, "\n".join(e.questions)))
            texts["question"].extend((i, q) for q in e.questions)
            texts["tags"].append((i, " ; ".join(e.tags)))
            texts["body"].append((i, body))
            semantic.extend((i, t) for t in (e.title, *e.questions, body.split("\n")[0]))
        if params.example_texts:  # labelled user questions (`examples.py`) as entry texts
            semantic.extend(entry_texts(examples, self.entries, bool(self.out_of_scope)))
        for j, subject in enumerate(self.out_of_scope, len(self.entries)):
            texts["title"].append((j, subject.title))
            texts["questions"].append((j, "\n".join(subject.phrases)))
            texts["question"].extend((j, q) for q in subject.phrases)
            texts["tags"].append((j, ""))
            texts["body"].append((j, ""))
            semantic.extend((j, t) for t in (subject.title, *subject.phrases))
        embedding = None
        if params.semantic_weight > 0:
            embedding = embed_in_background([t for _, t in semantic])
        self._build_indexes(texts, semantic, n, params)
        # (`sentence_texts`: what `bench/faq_sentences.py` ships vectors for)
        self.sentence_texts = tuple(t for _, t in semantic) if params.sentences else ()
        with sentences.held():  # the shipped vectors, read once for both
            self._sentences = sentences.group_index(semantic, n, lang) if params.sentences else None
            # One thread: the classifier used to be rebuilt on a second one, but both halves are
            # mostly Python holding the GIL, and on a 2-CPU Xeon the build took 0.6 s longer that
            # way (3.6 s against 3.0 s; docs/benchmarks.md).
            self.reranker: Reranker | None = None
            if params.rerank_weight > 0 and can_train(self.entries, self.out_of_scope):
                shipped = dual.load(dual.dual_file(lang))  # the trained weights, if they fit
                # Without the sentence model, the classifier does without its vectors too.
                config = None if params.sentences else RerankConfig(sentence_weight=0.0)
                self.reranker = Reranker(
                    self.entries, self.out_of_scope, config, self.text, examples, shipped, lang
                )
        self.embedder: Embedder | None = None
        if embedding is not None:
            self.embedder = get_embedder()
            self._semantic = GroupMax(embedding.result().T, [i for i, _ in semantic], n)

    def _build_indexes(
        self,
        texts: dict[str, list[tuple[int, str]]],
        semantic: list[tuple[int, str]],
        n: int,
        params: Params,
    ) -> None:
        """BM25 per field, character n-grams and the speller."""
        from bot.faq.lexical import CharIndex, FieldIndex, char_text

        t = self.text
        words, expand, terms_of_words = t.words, t.expand, t.terms_of_words
        surface: list[str] = []
        self._fields: dict[str, FieldIndex] = {}
        for name in FIELDS:
            docs = []
            for _, text in texts[name]:
                ws = words(text)
                if name != "body" or text:
                    surface.extend(ws)
                    surface.extend(words(expand(" ".join(ws))))
                docs.append(terms_of_words(ws))
            groups = [i for i, _ in texts[name]]
            self._fields[name] = FieldIndex(docs, groups, n, params.k1, params.b)
        short = texts["title"] + texts["question"]
        self._to_chars = char_text  # a module function: the index stays picklable (cache.py)
        self._chars = CharIndex(
            [char_text(words(text), t) for _, text in short], [i for i, _ in short], n
        )
        self.speller = Speller(surface, self.text.keep)

    @classmethod
    def build(
        cls,
        entries: Sequence[Entry],
        params: Params | None = None,
        out_of_scope: Sequence[OutOfScope] | None = None,
        lang: Lang = DEFAULT,
        examples: Sequence[Example] | None = None,
    ) -> FaqIndex:
        """Index `entries` in `lang` (by default with its parameters, out-of-scope subjects and
        labelled user questions: `examples.py`)."""
        started = time.perf_counter()
        subjects = load_out_of_scope(lang) if out_of_scope is None else out_of_scope
        index = cls(
            entries,
            params or params_for(lang),
            out_of_scope=subjects,
            lang=lang,
            examples=load_examples(lang) if examples is None else examples,
        )
        index.build_seconds = time.perf_counter() - started
        return index

    def query_terms(self, question: str) -> tuple[list[str], set[str]]:
        """The distinct index terms of a question (typo-corrected, expanded) and, of those,
        the ones the user typed (only those count against the question when unknown)."""
        t = self.text
        corrected = self.speller.correct_all(t.content_words(t.words(question)))
        return list(dict.fromkeys(t.terms_of_words(corrected))), set(t.typed_terms(corrected))

    def _signals(self, text: str) -> Signals | None:
        """Every signal for `text`, or None when it has no content word (`signals.py`)."""
        return signals_of.of(self, text)

    def rank(self, question: str, *, limit: int = 5) -> Ranking:
        """Score every entry for `question`; best first, with the confidence verdict."""
        import numpy as np

        p = self.params
        asked = self.language.focus(question) if p.focus_weight > 0 else None
        signals, focused = signals_of.both(self, question, asked)
        if signals is None or not self.entries:
            return Ranking((), (), False)
        whole = signals
        n = len(self.entries)
        w = p.rerank_weight if signals.probs is not None else 0.0
        s = p.semantic_weight if self.embedder is not None else 0.0
        focus_best = -1
        if focused is not None:
            alone = (1.0 - w - s) * focused.fused[:n] + s * focused.semantic[:n]
            if focused.probs is not None:
                alone += w * focused.probs
            focus_best = int(np.argmax(alone))
            signals = signals.blend(focused, p.focus_weight)
        lexical, semantic = signals.fused[:n], signals.semantic[:n]
        lexical_best = int(np.argmax(lexical))
        scores = (1.0 - w - s) * lexical + s * semantic
        oos = (1.0 - w - s) * signals.fused[n:] + s * signals.semantic[n:]
        k = int(np.argmax(oos)) if len(oos) else -1
        subject = self.out_of_scope[k] if k >= 0 else None
        subject_score = float(oos[k]) if k >= 0 else 0.0
        oos_wins = False
        probs = signals.probs
        if probs is not None and w > 0:
            oos_wins = bool(signals.oos_prob > np.max(probs))
            # Only the lexical and semantic candidates get the classifier's vote: an entry
            # sharing nothing with the question is not pulled up by the classifier alone.
            candidates = np.union1d(
                np.argsort(-lexical, kind="stable")[: p.candidates],
                np.argsort(-semantic, kind="stable")[: p.candidates],
            )
            scores[candidates] += w * probs[candidates]
            if subject is not None:
                subject_score += w * signals.oos_prob
        order = np.argsort(-scores, kind="stable")[: max(limit, confidence.SUGGESTIONS)]
        ranked = tuple(Scored(self.entries[i], float(scores[i])) for i in order if scores[i] > 0)
        siblings = len(ranked) > 1 and are_siblings(ranked[0].entry, ranked[1].entry)
        best = int(order[0])
        ranking = Ranking(
            tuple(dict.fromkeys(self.text.terms_of_words(signals.words))),
            ranked,
            False,
            subject,
            subject_score,
            siblings,
            oos_wins,
            classifier_prob=float(probs[best]) if probs is not None else 0.0,
            classifier_agrees=probs is not None and int(np.argmax(probs)) == best,
            lexical_agrees=lexical_best == best,
            lexical_top=float(lexical[lexical_best]),
            semantic_top=float(semantic[best]),
            semantic_agrees=int(np.argmax(semantic)) == best,
            length=min(1.0, len(signals.words) / LONG_POST_WORDS),
            focus_agrees=focus_best in (-1, best),
        )
        features = ranking.features()
        ranking = replace(
            ranking,
            answer_probability=self.calibrators.answer.probability(features),
            suggest_probability=self.calibrators.suggest.probability(features),
        )
        if self.learned is not None:  # English: the ranker and confidence of `learned.py`
            return learned.rerank(self.learned, ranking, whole, focused, self.entries, limit)
        confident = self.confident(ranking)
        return replace(ranking, confident=confident, suggest=self.suggests(ranking, confident))

    def suggests(self, ranking: Ranking, confident: bool, params: Params | None = None) -> bool:
        """The middle band: not confident, but the best entries are plausible enough to offer."""
        p = params or self.params
        return (
            not confident
            and ranking.top is not None
            and ranking.top_score >= p.suggest_min_score
            and ranking.suggest_probability >= p.suggest_threshold
        )

    def confident(self, ranking: Ranking, params: Params | None = None) -> bool:
        """The confidence rule (see the module docstring) applied to a ranking."""
        p = params or self.params
        top = ranking.top
        if top is None or top.score < p.min_score:
            return False
        if ranking.answer_probability < p.answer_threshold:
            return False
        if top.score < ranking.out_of_scope_score + p.oos_margin:
            return False
        if p.oos_veto and ranking.out_of_scope_wins:
            return False
        if ranking.margin >= p.min_margin:
            return True
        return (
            ranking.siblings
            and top.score >= p.sibling_min_score
            and ranking.margin >= p.sibling_min_margin
            and ranking.margin > TIE  # a tie is never confident
        )

    def search(self, question: str) -> Match | None:
        """The confident best entry for `question`, or None (abstain)."""
        ranking = self.rank(question)
        top, second = ranking.top, ranking.runner_up
        if not ranking.confident or top is None:
            return None
        runner_up = (second.entry, second.score) if second else (None, 0.0)
        return Match(top.entry, top.score, *runner_up)


_built: dict[Lang, FaqIndex] = {}
_building = threading.Lock()


def get_index(lang: str | None = DEFAULT) -> FaqIndex:
    """The index of `lang`'s knowledge folder, built once per process and language. Safe from
    any thread: a caller that comes during a build (the bot's start-up thread) waits for it."""
    code = pick(lang)
    if code not in _built:
        with _building:
            if code not in _built:
                index = cache.load_or_build(code, lambda: _build_for(code))
                if index._sentences is not None:  # an index loaded from disk: the model next
                    sentences.preload()
                _built[code] = index
    return _built[code]


def _build_for(code: Lang) -> FaqIndex:
    return FaqIndex.build(load_entries(language(code).knowledge), lang=code)


def index_ready(lang: str | None = DEFAULT) -> bool:
    return pick(lang) in _built
