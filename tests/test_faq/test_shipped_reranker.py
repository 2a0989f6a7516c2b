"""The re-ranker shipped as dual weights (`bot/faq/dual.py`): start-up rebuilds the trained model
instead of training it, the shipped files match the knowledge base, and a stale or unreadable
file only means training as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from bot.faq import dual, example_terms, sentences
from bot.faq.entries import load_entries
from bot.faq.examples import Example, load_examples
from bot.faq.index import get_index
from bot.faq.languages import LANGS, language
from bot.faq.ranking import load_out_of_scope
from bot.faq.rerank import RerankConfig, Reranker, fit_one_vs_rest

QUESTIONS = (
    "my work permit expired last week but i applied to extend, can i keep working",
    "how long is a police certificate valid for express entry",
    "what is the weather in toronto",
)


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_reranker_fits_the_knowledge_base(lang: str) -> None:
    index = get_index(lang)
    assert index.reranker is not None
    assert not index.reranker.trained, (
        f"bot/faq/reranker_{lang}.npz is stale (the knowledge base, out-of-scope subjects or "
        "shipped examples changed): run `.venv/bin/python bench/faq_reranker.py`"
    )


def test_rebuilt_weights_rank_like_the_trained_model(kb_root: Path, tmp_path: Path) -> None:
    entries, subjects = load_entries(kb_root), load_out_of_scope("en")
    trained = Reranker(entries, subjects)
    assert trained.trained
    path = tmp_path / "reranker.npz"
    dual.save(trained.dual, path)
    shipped = Reranker(entries, subjects, shipped=dual.load(path))
    assert not shipped.trained
    assert shipped.sentence_coef is not None
    vectors = sentences.get_encoder().encode(QUESTIONS)
    for question, vector in zip(QUESTIONS, vectors, strict=True):
        ws = question.split()
        np.testing.assert_allclose(
            shipped.decision(ws, vector), trained.decision(ws, vector), atol=1e-5
        )


def test_the_dual_weights_give_back_the_svm_they_came_from() -> None:
    """w = sum of a * y * x over the rows, from the optimum's conditions: the same decisions as
    liblinear's own weights, to its stopping tolerance."""
    rng = np.random.default_rng(1)
    features = sp.csr_matrix(rng.random((80, 15)) * (rng.random((80, 15)) > 0.5))
    labels = [f"class-{k % 5}" for k in range(80)]
    weights = np.where(np.arange(80) % 3 == 0, 0.5, 1.0)
    config = RerankConfig(tol=1e-6)
    classes, coef, intercept = fit_one_vs_rest(features, labels, weights, config)
    weights_of = dual.from_primal(
        "k", features, labels, weights, classes, coef, intercept, config.c
    )
    assert 0 < len(weights_of.values) < features.shape[0] * len(classes)
    coef_t, rebuilt_intercept = dual.to_primal(weights_of, features)
    queries = sp.csr_matrix(rng.random((20, 15)))
    rebuilt = (queries @ coef_t).toarray() + rebuilt_intercept
    direct = queries @ coef.T + intercept
    np.testing.assert_allclose(rebuilt, direct, atol=0.01)
    assert (rebuilt.argmax(axis=1) == direct.argmax(axis=1)).all()


def test_a_file_for_other_rows_is_ignored(kb_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    entries, subjects = load_entries(kb_root), load_out_of_scope("en")
    other = Reranker(entries[:-1], subjects)
    with caplog.at_level("INFO", logger="bot.faq.rerank"):
        reranker = Reranker(entries, subjects, shipped=other.dual)
    assert reranker.trained
    assert reranker.dual.key != other.dual.key
    assert "shipped re-ranker is for other rows" in caplog.text


def test_an_unreadable_file_means_training(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "reranker_en.npz"
    broken.write_bytes(b"not a zip file")
    assert dual.load(broken) is None
    assert "not readable" in caplog.text
    assert dual.load(tmp_path / "absent.npz") is None


def test_the_sentence_vector_is_a_feature_of_the_classifier(kb_root: Path) -> None:
    """With `sentence_weight` the question's sentence vector moves the decisions (and a file
    shipped without it is not used for a model with it); at 0 the classifier reads words only."""
    entries, subjects = load_entries(kb_root), load_out_of_scope("en")
    question = "can i keep working while my new permit is processed"
    vector = sentences.get_encoder().encode([question])[0]
    words_only = Reranker(entries, subjects, RerankConfig(sentence_weight=0.0))
    assert words_only.sentence_coef is None
    np.testing.assert_array_equal(
        words_only.decision(question.split(), vector), words_only.decision(question.split())
    )
    with_vectors = Reranker(entries, subjects, shipped=words_only.dual)
    assert with_vectors.trained and with_vectors.sentence_coef is not None
    moved = with_vectors.decision(question.split(), vector) - with_vectors.decision(
        question.split()
    )
    assert np.abs(moved).max() > 0.05


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_example_terms_are_a_fresh_analysis(lang: str) -> None:
    """Every shipped question's word text is what analysing it now gives (`example_terms.py`):
    otherwise run `.venv/bin/python bench/faq_reranker.py`."""
    text = language(lang).text
    questions = [e.text for e in load_examples(lang)]
    shipped = example_terms.lookup(questions, lang)
    fresh = [
        example_terms.word_text(ws, text) if (ws := text.words(q)) else None for q in questions
    ]
    assert shipped == fresh


def test_shipped_example_terms_train_the_same_classifier(
    kb_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that reads the examples' word texts from the file trains on the same rows as one
    that analyses them (same training key, so the same shipped weights fit); a file of another
    analysis is ignored, and a file that says otherwise is read, not re-analysed."""
    entries, subjects = load_entries(kb_root), load_out_of_scope("en")
    examples = [
        Example("my permit ran out while i waited, can i still work?", entries[0].id),
        Example("how long does the police certificate stay valid", entries[1].id),
        Example("best pizza in montreal?", None),
    ]
    path = tmp_path / "example_terms_en.npz"
    monkeypatch.setattr(example_terms, "terms_file", lambda lang: path)
    analysed = Reranker(entries, subjects, examples=examples)  # no file: analysed
    assert analysed.trained
    texts = [e.text for e in examples]
    example_terms.write(texts, "en", language("en").text)
    assert None not in example_terms.lookup(texts, "en")
    from_file = Reranker(entries, subjects, examples=examples, shipped=analysed.dual)
    assert not from_file.trained  # the same rows: the weights trained without the file fit

    monkeypatch.setattr(example_terms, "analysis_key", lambda lang: "another analysis")
    assert example_terms.lookup(texts, "en") == [None, None, None]
    assert not Reranker(entries, subjects, examples=examples, shipped=analysed.dual).trained
    monkeypatch.undo()

    monkeypatch.setattr(example_terms, "terms_file", lambda lang: path)
    other = language("en").text
    example_terms.write(texts, "en", other, words=lambda t: other.words(t.replace("valid", "ok")))
    assert not example_terms.lookup(texts, "en")[1].endswith("valid")
    assert Reranker(entries, subjects, examples=examples, shipped=analysed.dual).trained
